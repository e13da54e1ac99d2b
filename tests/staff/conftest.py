"""One named user (and client) per role, as every staff test sees them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.factories import ContactRequestFactory, SubmissionFactory, UserFactory

CLINIC_STAFF = "Clinic staff"
CRITERIA_EDITORS = "Criteria editors"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; these tests log in dozens of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def clinic_staff_group():
    """The group the staff migration creates; remade if a transactional test flushed it away."""
    group, created = Group.objects.get_or_create(name=CLINIC_STAFF)
    if created:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="staff", codename__in=["review_submission", "export_submissions"]
            )
        )
    return group


@pytest.fixture
def clinic_staff(db):
    user = UserFactory(username="carla-staff")
    user.groups.add(clinic_staff_group())
    return user


@pytest.fixture
def other_staff(db):
    user = UserFactory(username="omar-staff")
    user.groups.add(clinic_staff_group())
    return user


@pytest.fixture
def criteria_editor(db):
    user = UserFactory(username="erin-editor", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=CRITERIA_EDITORS)[0])
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="sam-super", is_staff=True, is_superuser=True)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(clinic_staff):
    return _client_for(clinic_staff)


@pytest.fixture
def patient_client(db, submission):
    """A patient with a draft and a finished screening of their own in the session, but nobody logged in."""
    from hsct_screen.questionnaire import drafts

    client = Client()
    session = client.session
    draft = drafts.draft_save_answers(session, drafts.draft_start(session), {"ms_type": "rrms"})
    drafts.draft_finish(session, drafts.draft_start(session), submission.reference_code)
    session.save()
    assert drafts.draft_get(session, draft.token) is not None
    assert drafts.owns_submission(session, submission.reference_code)
    return client


@pytest.fixture
def role_clients(db, clinic_staff, criteria_editor, superuser, patient_client):
    return {
        "anonymous": Client(),
        "patient": patient_client,
        "clinic_staff": _client_for(clinic_staff),
        "criteria_editor": _client_for(criteria_editor),
        "superuser": _client_for(superuser),
    }


@pytest.fixture
def submission(db):
    return SubmissionFactory()


@pytest.fixture
def submission_with_contact(db):
    return ContactRequestFactory(name="Ada Lovelace", email="ada@example.org", phone="07700 900123").submission
