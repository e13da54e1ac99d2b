"""The queue as a clinic works it: assigned to me, by assignee, oldest waiting first, waiting time, and search
by the name, email or phone of people who asked to be contacted (recorded in the audit log)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hsct_screen.questionnaire.models import Submission
from hsct_screen.staff import services
from hsct_screen.staff.forms import read_search
from hsct_screen.staff.models import AuditEvent
from tests.factories import ContactRequestFactory, SubmissionFactory

QUEUE = reverse("staff:queue")


def _codes(response):
    assert response.status_code == 200
    return [submission.reference_code for submission in response.context["page"].object_list]


def _backdate(submission, days):
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_assigned_to_me_shows_only_my_submissions(staff_client, clinic_staff, other_staff, db):
    mine, theirs, nobodys = SubmissionFactory(), SubmissionFactory(), SubmissionFactory()
    services.review_assign(submission=mine, user=clinic_staff, assignee=clinic_staff)
    services.review_assign(submission=theirs, user=clinic_staff, assignee=other_staff)

    assert _codes(staff_client.get(QUEUE, {"assignee": "me"})) == [mine.reference_code]
    assert _codes(staff_client.get(QUEUE, {"assignee": str(other_staff.pk)})) == [theirs.reference_code]
    assert _codes(staff_client.get(QUEUE, {"assignee": "none"})) == [nobodys.reference_code]


def test_assignee_filter_refuses_someone_who_cannot_review(staff_client, criteria_editor, db):
    response = staff_client.get(QUEUE, {"assignee": str(criteria_editor.pk)})

    assert "assignee" in response.context["form"].errors


def test_queue_sorts_oldest_first_on_request_and_by_default_for_contact_requests(staff_client, db):
    old, new = ContactRequestFactory().submission, ContactRequestFactory().submission
    _backdate(old, 5)

    assert _codes(staff_client.get(QUEUE)) == [new.reference_code, old.reference_code]
    assert _codes(staff_client.get(QUEUE, {"sort": "oldest"})) == [old.reference_code, new.reference_code]
    assert _codes(staff_client.get(QUEUE, {"wants_contact": "yes"})) == [old.reference_code, new.reference_code]
    newest = staff_client.get(QUEUE, {"wants_contact": "yes", "sort": "newest"})
    assert _codes(newest) == [new.reference_code, old.reference_code]
    assert "oldest first" in staff_client.get(QUEUE, {"sort": "oldest"}).content.decode()


def test_queue_shows_how_long_each_open_submission_has_waited(staff_client, db):
    _backdate(SubmissionFactory(), 3)

    text = staff_client.get(QUEUE).content.decode()

    assert "Waiting" in text
    assert "3\xa0days" in text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ada@example.org", {"contact_email": "ada@example.org"}),
        ("07700 900123", {"contact_phone": "07700900123"}),
        ("+44 (7700) 900-123", {"contact_phone": "447700900123"}),
        ("acde-f347", {"reference": "ACDEF347"}),
        ("acde", {"reference": "ACDE", "contact_name": "acde"}),
        ("Ada Lovelace", {"contact_name": "Ada Lovelace"}),
        ("  ", {}),
    ],
)
def test_search_text_is_read_as_what_it_looks_like(typed, expected):
    assert read_search(typed) == expected


@pytest.mark.parametrize(
    "typed", ["Lovelace", "lovelace@BYRON", "7700 900 123", "900123", "ada.lovelace", "byron.example"]
)
def test_queue_finds_people_who_asked_to_be_contacted_by_name_email_or_phone(staff_client, db, typed):
    wanted = ContactRequestFactory(
        name="Ada Lovelace", email="ada.lovelace@byron.example", phone="07700 900123"
    ).submission
    ContactRequestFactory(name="Grace Hopper", email="grace@example.org", phone="07700 900456")
    SubmissionFactory()

    assert _codes(staff_client.get(QUEUE, {"q": typed})) == [wanted.reference_code]


def test_a_contact_search_is_audited_without_what_was_typed(staff_client, clinic_staff, role_clients, db):
    ContactRequestFactory(name="Ada Lovelace", email="ada@example.org")

    staff_client.get(QUEUE, {"q": "ada@example.org"})

    event = AuditEvent.objects.get(action=AuditEvent.Action.CONTACT_SEARCHED)
    assert event.actor == clinic_staff
    assert event.row_count == 1
    assert "ada" not in str(event.details).lower()
    assert "contact_email" in event.details["filters"]
    audit_page = role_clients["superuser"].get(reverse("staff:audit")).content.decode()
    assert "Searched contact details" in audit_page
    assert "contact_email" in audit_page
    assert "ada@example.org" not in audit_page


def test_a_reference_search_is_not_audited(staff_client, db):
    SubmissionFactory(reference_code="ACDE-F347")

    staff_client.get(QUEUE, {"q": "ACDE-F347"})
    staff_client.get(QUEUE, {"assignee": "me", "sort": "oldest"})

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CONTACT_SEARCHED).exists()


def test_a_name_that_fits_the_code_alphabet_finds_the_person_and_matching_codes(staff_client, db):
    person = ContactRequestFactory(name="Ada Example").submission
    code = SubmissionFactory(reference_code="ADAX-3479")
    SubmissionFactory(reference_code="XYXY-9999")

    assert sorted(_codes(staff_client.get(QUEUE, {"q": "ada"}))) == sorted([person.reference_code, code.reference_code])
