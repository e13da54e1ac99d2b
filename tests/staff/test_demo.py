"""`manage.py demo`: demo users for each role and realistic, really evaluated submissions."""

import io
import random
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.questionnaire import result_texts
from hsct_screen.questionnaire.answers import validate_answers
from hsct_screen.questionnaire.models import Submission
from hsct_screen.staff.demo import demo_answers
from hsct_screen.staff.models import ReviewEvent

PASSWORD = "a long demo password"


def _run(*args):
    out = io.StringIO()
    call_command("demo", *args, "--force", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_creates_users_for_each_role_and_prints_how_to_log_in(db):
    output = _run("--submissions", "12", "--password", PASSWORD, "--seed", "7")

    staff = get_user_model().objects.get(username="demo-staff")
    editor = get_user_model().objects.get(username="demo-editor")
    assert staff.has_perm("staff.review_submission")
    assert staff.has_perm("staff.export_submissions")
    assert not staff.is_staff
    assert editor.is_staff
    assert not editor.has_perm("staff.review_submission")
    assert list(editor.groups.values_list("name", flat=True)) == ["Criteria editors"]
    for text in ("/staff/login/", "/admin/", "demo-staff", "demo-editor", PASSWORD):
        assert text in output


def test_demo_submissions_carry_real_evaluations_of_valid_answers(db):
    _run("--submissions", "25", "--password", PASSWORD, "--seed", "3")

    submissions = list(Submission.objects.select_related("criteria_set"))
    assert len(submissions) == 25
    for submission in submissions:
        assert validate_answers(submission.answers, today=submission.evaluated_on) == submission.answers
        result, _set = evaluate_answers(
            submission.answers, on=submission.evaluated_on, criteria_set=submission.criteria_set, language="en"
        )
        in_spanish, _set = evaluate_answers(
            submission.answers, on=submission.evaluated_on, criteria_set=submission.criteria_set, language="es"
        )
        stored = dict(submission.result)
        # As a real submission: the English result, and the Spanish words of the same evaluation beside it.
        assert stored.pop("translations") == {"es": result_texts.texts_of(in_spanish.as_dict())}
        assert stored == result.as_dict()
        assert submission.outcome == submission.result["outcome"]


def test_demo_twice_tops_up_to_the_number_asked_for_and_resets_passwords(db):
    _run("--submissions", "10", "--password", PASSWORD)
    output = _run("--submissions", "15")

    assert Submission.objects.count() == 15
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 2
    new_password = output.split("demo-staff / ")[1].split()[0]
    assert get_user_model().objects.get(username="demo-staff").check_password(new_password)


def test_demo_spreads_submissions_over_months_with_some_contacts_and_reviews(db):
    _run("--submissions", "120", "--password", PASSWORD, "--seed", "11")

    dates = sorted(Submission.objects.values_list("created_at", flat=True))
    assert (dates[-1] - dates[0]).days > 60
    assert Submission.objects.filter(contact_request__isnull=False).exists()
    assert ReviewEvent.objects.exists()
    assert len(set(Submission.objects.values_list("outcome", flat=True))) == 3


def test_demo_refuses_to_run_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo", "--submissions", "0", stdout=io.StringIO())


def test_demo_refuses_a_weak_password(db):
    with pytest.raises(CommandError, match="too weak"):
        _run("--submissions", "0", "--password", "demo")


def test_demo_runs_without_the_test_packages(db, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_test_packages(name, *args, **kwargs):
        if name == "factory" or name.startswith(("factory.", "tests", "faker")):
            raise ImportError(f"{name} is a development package")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_test_packages)
    _run("--submissions", "5", "--password", PASSWORD, "--seed", "1")

    assert Submission.objects.count() == 5


def test_demo_creates_clinic_details_the_demo_editor_may_change_and_keeps_existing_ones(db):
    from hsct_screen.learn.models import ClinicInfo
    from tests.factories import ClinicInfoFactory

    output = _run("--submissions", "0", "--password", PASSWORD)

    clinic = ClinicInfo.objects.get()
    assert clinic.name in output
    assert clinic.notification_addresses()
    editor = get_user_model().objects.get(username="demo-editor")
    assert editor.has_perm("learn.change_clinicinfo")
    assert editor.has_perm("learn.view_clinicinfo")

    ClinicInfo.objects.all().delete()
    ClinicInfoFactory(name="Real Clinic")
    _run("--submissions", "0", "--password", PASSWORD)
    assert list(ClinicInfo.objects.values_list("name", flat=True)) == ["Real Clinic"]


def test_demo_contact_requests_do_not_email_the_clinic(db, settings):
    from django.core import mail

    from hsct_screen.questionnaire.models import ContactRequest

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _run("--submissions", "40", "--password", PASSWORD, "--seed", "5")
    call_command("notify_digest", stdout=io.StringIO())

    assert ContactRequest.objects.exists()
    assert mail.outbox == []


def test_demo_answers_are_valid_for_every_seed_even_for_young_people():
    """Young ages and long disease durations together once gave a diagnosis before birth, and the demo crashed."""
    on = date(2026, 11, 24)
    for seed in range(2000):
        demo_answers(random.Random(seed), on)  # raises InvalidAnswers if any answer set is refused
