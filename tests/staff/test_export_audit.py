"""Exports are recorded; the one with contact details asks for confirmation first and is a POST."""

import pytest
from django.urls import reverse

from hsct_screen.questionnaire.models import Outcome
from hsct_screen.staff.models import AuditEvent
from tests.factories import ContactRequestFactory, SubmissionFactory

EXPORT = reverse("staff:export")


@pytest.fixture
def three_submissions(db):
    ContactRequestFactory(submission=SubmissionFactory(outcome=Outcome.POSSIBLE_CANDIDATE))
    SubmissionFactory(outcome=Outcome.POSSIBLE_CANDIDATE)
    SubmissionFactory(outcome=Outcome.UNLIKELY_CANDIDATE)


def test_asking_for_the_identifiable_export_shows_a_confirmation_page_and_records_nothing(
    staff_client, three_submissions
):
    response = staff_client.get(EXPORT, {"outcome": "possible_candidate"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert html.count("<h1") == 1
    assert "It has 2 submissions" in html
    assert "1 of them includes the person's name and their email address or phone number." in html
    assert "recorded in the audit log" in html
    assert '<form method="post" action="/staff/export.csv">' in html
    assert '<input type="hidden" name="outcome" value="possible_candidate"' in html
    assert "Possible candidate" in html
    assert not AuditEvent.objects.exists()


def test_confirming_downloads_the_filtered_file_and_records_who_filters_rows_and_identifiable(
    staff_client, clinic_staff, three_submissions
):
    response = staff_client.post(EXPORT, {"outcome": "possible_candidate", "wants_contact": ""})

    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.actor_label) == ("exported", clinic_staff, "carla-staff")
    assert (event.identifiable, event.row_count) == (True, 2)
    assert event.details == {"filters": {"outcome": "possible_candidate"}}
    assert event.submission is None


def test_the_deidentified_export_downloads_at_once_and_is_recorded_as_such(staff_client, three_submissions):
    response = staff_client.get(EXPORT, {"deidentified": "1", "submitted_from": "2020-01-31"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get()
    assert (event.identifiable, event.row_count) == (False, 3)
    assert event.details == {"filters": {"submitted_from": "2020-01-31"}}


def test_the_identifiable_export_cannot_be_had_by_a_get(staff_client, three_submissions):
    response = staff_client.get(EXPORT, {"deidentified": "0"})

    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.exists()


def test_the_identifiable_export_needs_a_csrf_token(clinic_staff, three_submissions):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clinic_staff)

    assert client.post(EXPORT).status_code == 403
    assert not AuditEvent.objects.exists()


def test_bad_filters_in_the_confirmed_export_go_back_to_the_queue(staff_client, db):
    response = staff_client.post(EXPORT, {"submitted_from": "31/02/2026"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:queue"))
    assert not AuditEvent.objects.exists()


def test_the_queue_links_to_the_confirmation_and_the_deidentified_file(staff_client, three_submissions):
    html = staff_client.get(reverse("staff:queue"), {"outcome": "unlikely_candidate"}).content.decode()

    assert f'href="{EXPORT}?outcome=unlikely_candidate"' in html
    assert f'href="{EXPORT}?outcome=unlikely_candidate&amp;deidentified=1"' in html


def test_the_export_audit_keeps_a_no_filter_and_never_what_was_searched(staff_client, three_submissions):
    response = staff_client.get(EXPORT, {"deidentified": "1", "wants_contact": "no", "q": "ada@example.org"})
    b"".join(response.streaming_content)

    event = AuditEvent.objects.get(action="exported")
    assert event.details == {"filters": {"wants_contact": False, "contact_email": "…"}}
