"""Deleting one submission at the person's request: a confirmation page, a reason, and an audit row only."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hsct_screen.questionnaire.models import ContactRequest, Submission
from hsct_screen.staff import services
from hsct_screen.staff.models import AuditEvent, Review, ReviewEvent, ReviewNote
from tests.factories import ContactRequestFactory, UserFactory


@pytest.fixture
def eraser(db):
    user = UserFactory(username="erik-erase")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["erase_submission", "review_submission"]))
    return user


@pytest.fixture
def eraser_client(eraser):
    client = Client()
    client.force_login(eraser)
    return client


@pytest.fixture
def followed_up(clinic_staff, submission_with_contact):
    services.review_note_add(submission=submission_with_contact, user=clinic_staff, text="Called Ada on Monday.")
    services.review_status_change(submission=submission_with_contact, user=clinic_staff, status="contacted")
    return submission_with_contact


def _url(submission):
    return reverse("staff:erase", args=[submission.reference_code])


def test_the_confirmation_page_says_what_goes_and_asks_for_a_reason(eraser_client, followed_up):
    response = eraser_client.get(_url(followed_up))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "This cannot be undone" in html
    assert "keeps only the reference code, your name, the time and the reason" in html
    assert '<textarea name="reason"' in html
    assert f'action="{_url(followed_up)}"' in html
    assert Submission.objects.filter(pk=followed_up.pk).exists()


def test_deleting_removes_the_submission_and_all_its_records_and_keeps_code_and_reason(
    eraser_client, eraser, followed_up
):
    code = followed_up.reference_code

    response = eraser_client.post(_url(followed_up), {"reason": "  Asked by phone on 24 November.  "})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:queue")
    for model in (Submission, ContactRequest, Review, ReviewNote, ReviewEvent):
        assert not model.objects.exists(), model
    event = AuditEvent.objects.get(action="submission_deleted")
    assert (event.reference_code, event.reason, event.actor, event.actor_label) == (
        code,
        "Asked by phone on 24 November.",
        eraser,
        "erik-erase",
    )
    assert event.submission is None
    assert event.details == {}
    flat = repr(AuditEvent.objects.values_list()[:])
    assert "Ada" not in flat
    assert "ada@example.org" not in flat
    assert "Called Ada" not in flat


def test_a_missing_or_too_long_reason_deletes_nothing_and_names_the_field(eraser_client, followed_up):
    for reason in ("", "   ", "x" * 501):
        response = eraser_client.post(_url(followed_up), {"reason": reason})
        html = response.content.decode()
        assert response.status_code == 400
        assert "There is a problem" in html
        assert 'href="#id_reason"' in html
    assert Submission.objects.filter(pk=followed_up.pk).exists()
    assert not AuditEvent.objects.filter(action="submission_deleted").exists()


def test_the_service_refuses_an_empty_reason(eraser, submission):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.submission_erase(submission=submission, user=eraser, reason=" ")
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_the_detail_page_links_to_deletion_only_for_those_allowed(staff_client, eraser_client, submission):
    url = reverse("staff:detail", args=[submission.reference_code])

    assert _url(submission) not in staff_client.get(url).content.decode()
    assert _url(submission) in eraser_client.get(url).content.decode()


def test_clinic_staff_without_the_permission_cannot_delete(staff_client, submission):
    assert staff_client.post(_url(submission), {"reason": "x"}).status_code == 403
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_an_unknown_reference_code_is_404(eraser_client, db):
    assert eraser_client.get(reverse("staff:erase", args=["XXXX-XXXX"])).status_code == 404


def test_the_confirmation_page_query_count_does_not_grow_with_rows(eraser_client, clinic_staff, db):
    submission = ContactRequestFactory().submission

    def count():
        with CaptureQueriesContext(connection) as context:
            assert eraser_client.get(_url(submission)).status_code == 200
        return len(context)

    few = count()
    for index in range(30):
        services.review_note_add(submission=submission, user=clinic_staff, text=f"Note {index}")
        ContactRequestFactory()
    assert count() == few
