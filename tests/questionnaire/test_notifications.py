"""The clinic hears about contact requests: an email at once or in the daily digest, holding the reference code
and a staff link and never answers or contact details; a failed email is retried by `notify_digest`."""

import io
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from hsct_screen.learn.models import NotificationMode
from hsct_screen.questionnaire import services
from hsct_screen.questionnaire.models import ContactRequest
from tests.factories import ClinicInfoFactory, SubmissionFactory

CONTACT = {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "07700 900123"}


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://screen.clinic.example"


def _ask(submission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.contact_request_create(submission=submission, **CONTACT)


def _without_codes(text, *submissions):
    # Random codes may hold digits like an age ("…34…"); check the rest of the email.
    for submission in submissions:
        text = text.replace(submission.reference_code, "")
    return text


def _forbidden_texts(submission):
    """Contact details, answers and the outcome: none may be in an email."""
    texts = [*CONTACT.values(), "900123", submission.outcome, "Possible candidate", "rrms", "Relapsing"]
    texts += [str(value) for value in submission.answers.values() if isinstance(value, int)]
    return texts


def test_a_contact_request_emails_the_code_and_staff_link_and_no_answer_or_contact_detail(
    db, django_capture_on_commit_callbacks
):
    ClinicInfoFactory(notification_emails="team@clinic.example\nlead@clinic.example")
    submission = SubmissionFactory()

    contact = _ask(submission, django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert email.to == ["team@clinic.example", "lead@clinic.example"]
    text = _without_codes(f"{email.subject}\n{email.body}", submission)
    assert submission.reference_code in email.subject
    assert f"https://screen.clinic.example/staff/submissions/{submission.reference_code}/" in email.body
    for forbidden in _forbidden_texts(submission):
        assert forbidden not in text, forbidden
    contact.refresh_from_db()
    assert contact.notified_at is not None


def test_no_clinic_addresses_means_no_email_and_the_request_waits(db, django_capture_on_commit_callbacks):
    ClinicInfoFactory(notification_emails="")

    contact = _ask(SubmissionFactory(), django_capture_on_commit_callbacks)

    assert mail.outbox == []
    contact.refresh_from_db()
    assert contact.notified_at is None


def test_daily_digest_clinics_get_one_email_listing_every_waiting_code(db, django_capture_on_commit_callbacks):
    ClinicInfoFactory(notification_emails="team@clinic.example", notification_mode=NotificationMode.DAILY)
    first, second = SubmissionFactory(), SubmissionFactory()
    _ask(first, django_capture_on_commit_callbacks)
    _ask(second, django_capture_on_commit_callbacks)
    assert mail.outbox == []

    out = io.StringIO()
    call_command("notify_digest", stdout=out)

    (email,) = mail.outbox
    for submission in (first, second):
        assert submission.reference_code in email.body
        assert f"/staff/submissions/{submission.reference_code}/" in email.body
        for forbidden in _forbidden_texts(submission):
            assert forbidden not in _without_codes(f"{email.subject}\n{email.body}", first, second)
    assert "2" in out.getvalue()
    assert not ContactRequest.objects.filter(notified_at__isnull=True).exists()
    call_command("notify_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_a_failed_email_keeps_the_request_logs_no_personal_data_and_the_digest_sends_it(
    db, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    ClinicInfoFactory(notification_emails="team@clinic.example")
    submission = SubmissionFactory()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("hsct_screen.questionnaire.notifications.send_mail", broken)
    with caplog.at_level(logging.INFO):
        contact = _ask(submission, django_capture_on_commit_callbacks)

    assert ContactRequest.objects.filter(pk=contact.pk, notified_at__isnull=True).exists()
    assert "notification failed" in caplog.text
    for forbidden in [*CONTACT.values(), submission.reference_code]:
        assert forbidden not in caplog.text
    monkeypatch.undo()

    call_command("notify_digest", stdout=io.StringIO())

    (email,) = mail.outbox
    assert submission.reference_code in email.body
    assert ContactRequest.objects.get(pk=contact.pk).notified_at is not None


def test_clinic_notification_addresses_are_checked(db):
    from django.core.exceptions import ValidationError

    clinic = ClinicInfoFactory.build(notification_emails="team@clinic.example\nnot an address")

    with pytest.raises(ValidationError) as error:
        clinic.full_clean()

    assert "notification_emails" in error.value.message_dict
    assert "not an address" in str(error.value)


def test_replacing_contact_details_sends_no_second_email(db, django_capture_on_commit_callbacks):
    ClinicInfoFactory(notification_emails="team@clinic.example")
    submission = SubmissionFactory()

    _ask(submission, django_capture_on_commit_callbacks)
    _ask(submission, django_capture_on_commit_callbacks)
    call_command("notify_digest", stdout=io.StringIO())

    assert len(mail.outbox) == 1
    assert ContactRequest.objects.get(submission=submission).notified_at is not None


def test_staff_emails_are_in_the_sites_language_whatever_the_patients_language(
    db, django_capture_on_commit_callbacks, spanish_for, settings
):
    spanish_for({"HSCT Screen: contact request %(code)s": "HSCT Screen: solicitud de contacto %(code)s"})
    ClinicInfoFactory(notification_emails="team@clinic.example")
    submission = SubmissionFactory()

    with translation.override("es"):
        _ask(submission, django_capture_on_commit_callbacks)
    settings.LANGUAGE_CODE = "es"
    with translation.override("en"):
        _ask(SubmissionFactory(), django_capture_on_commit_callbacks)

    to_english_site, to_spanish_site = mail.outbox
    assert to_english_site.subject == f"HSCT Screen: contact request {submission.reference_code}"
    assert to_spanish_site.subject.startswith("HSCT Screen: solicitud de contacto ")
