"""`manage.py purge`: deletes what is past its retention period, --dry-run only counts, counts go to the audit."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

from hsct_screen.questionnaire.models import ContactRequest, DeletedSubmission, Submission
from hsct_screen.staff import services
from hsct_screen.staff.models import AuditEvent, ReviewNote
from tests.factories import ContactRequestFactory, SubmissionFactory

DAY = timedelta(days=1)


def _aged(submission, days):
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - days * DAY)
    return submission


def _contact(days, submission_days=None):
    contact = ContactRequestFactory(consent_given_at=timezone.now() - days * DAY)
    _aged(contact.submission, submission_days if submission_days is not None else days)
    return contact


def _axes(model, days, **fields):
    record = model.objects.create(user_agent="test", ip_address="127.0.0.1", username=f"someone-{days}", **fields)
    model.objects.filter(pk=record.pk).update(attempt_time=timezone.now() - days * DAY)


def _session(expired: bool):
    store = SessionStore()
    store["questionnaire"] = {"drafts": {}, "submissions": []}
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + (-DAY if expired else DAY)
    )


@pytest.fixture
def data_of_all_ages(db, clinic_staff):
    old_submission = _aged(SubmissionFactory(), 366)
    services.review_note_add(submission=old_submission, user=clinic_staff, text="Called.")
    services.audit_contact_viewed(submission=old_submission, user=clinic_staff)
    _aged(SubmissionFactory(), 364)
    _contact(181, submission_days=200)  # contact details go, the submission stays
    _contact(179)  # both stay
    _contact(400)  # goes with its submission, counted once as a submission
    for model, fields in ((AccessAttempt, {"failures_since_start": 1}), (AccessLog, {}), (AccessFailureLog, {})):
        _axes(model, 31, **fields)
        _axes(model, 29, **fields)
    _session(expired=True)
    _session(expired=True)
    _session(expired=False)
    _deleted_link(366)
    _deleted_link(364)


def _deleted_link(days_ago):
    tombstone = DeletedSubmission.objects.create(link_token_hash=f"{days_ago:064d}")
    DeletedSubmission.objects.filter(pk=tombstone.pk).update(deleted_at=timezone.now() - days_ago * DAY)


def _purge(*args):
    out = StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


def _remaining():
    return {
        "submissions": Submission.objects.count(),
        "contacts": ContactRequest.objects.count(),
        "axes": AccessAttempt.objects.count() + AccessLog.objects.count() + AccessFailureLog.objects.count(),
        "sessions": Session.objects.count(),
        "deleted_links": DeletedSubmission.objects.count(),
    }


def test_dry_run_prints_the_counts_and_deletes_nothing(data_of_all_ages):
    before = _remaining()

    output = _purge("--dry-run")

    assert "contact requests older than 180 days: 1" in output
    assert "submissions older than 365 days: 2" in output
    assert "deleted, older than 365 days: 1" in output
    assert "expired sessions: 2" in output
    assert "login records older than 30 days: 3" in output
    assert "Dry run: nothing was deleted." in output
    assert _remaining() == before
    assert not AuditEvent.objects.filter(action="purged").exists()


def test_purge_deletes_what_is_past_retention_and_keeps_the_rest(data_of_all_ages):
    output = _purge()

    assert output.startswith("Deleted:")
    assert _remaining() == {"submissions": 3, "contacts": 1, "axes": 3, "sessions": 1, "deleted_links": 1}
    assert not ReviewNote.objects.exists()
    assert Submission.objects.filter(contact_request__isnull=True).count() == 2


def test_purge_records_only_the_counts_in_the_audit(data_of_all_ages):
    _purge()

    event = AuditEvent.objects.get(action="purged")
    assert event.actor is None
    assert event.actor_label == "purge command"
    assert event.details == {
        "contact_requests": 1,
        "submissions": 2,
        "deleted_links": 1,
        "sessions": 2,
        "axes_records": 3,
    }
    assert event.row_count == 9
    # The earlier view of a purged submission stays in the audit, without its link.
    viewed = AuditEvent.objects.get(action="contact_viewed")
    assert viewed.submission is None
    assert viewed.reference_code


def test_a_second_purge_finds_nothing(data_of_all_ages):
    _purge()

    assert "submissions older than 365 days: 0" in _purge("--dry-run")


def test_retention_periods_come_from_settings(data_of_all_ages, settings):
    settings.SUBMISSION_RETENTION_DAYS = 10
    settings.CONTACT_RETENTION_DAYS = 1

    output = _purge("--dry-run")

    assert "submissions older than 10 days: 5" in output
    assert "contact requests older than 1 days: 0" in output


@pytest.mark.parametrize("value", [0, -5, "30"])
def test_a_bad_retention_setting_stops_with_a_message_naming_it(db, settings, value):
    settings.CONTACT_RETENTION_DAYS = value

    with pytest.raises(CommandError, match="CONTACT_RETENTION_DAYS") as error:
        _purge()
    assert error.value.returncode == 2


def test_with_sessions_in_the_cache_it_counts_none_and_still_runs(data_of_all_ages, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"

    output = _purge()

    assert "expired sessions: not counted" in output
    assert AuditEvent.objects.get(action="purged").details["sessions"] is None
