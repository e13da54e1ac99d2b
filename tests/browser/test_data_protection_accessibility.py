"""The data-protection staff pages (export confirmation, audit log, deletion, two-factor sign-in) pass axe,
have one h1 and fit a 320 px screen, reached as a real login reaches them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hsct_screen.staff import services
from tests.browser import journey
from tests.browser.test_accessibility import assert_page_is_accessible
from tests.factories import ContactRequestFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def privacy_lead():
    """Clinic staff who may also read the audit log and delete a submission on request."""
    user = UserFactory(username="lead", password=journey.PASSWORD)
    user.groups.add(Group.objects.get(name="Clinic staff"))
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_auditevent", "erase_submission"]))
    return user


@pytest.fixture
def lead_page(make_page, url, privacy_lead):
    page = make_page(viewport=journey.DESKTOP)
    journey.log_in(page, url, "lead")
    return page


@pytest.fixture
def submission(privacy_lead):
    submission = ContactRequestFactory(submission=SubmissionFactory(), name="Ada Example").submission
    services.audit_contact_viewed(submission=submission, user=privacy_lead)
    services.submission_erase(submission=SubmissionFactory(), user=privacy_lead, reason="Asked by phone.")
    return submission


def test_export_confirmation_is_accessible(lead_page, url, submission):
    lead_page.goto(url("/staff/"))
    lead_page.get_by_role("link", name="Export these with contact details (CSV)").click()
    assert "This file identifies people" in lead_page.locator("main").inner_text()
    assert_page_is_accessible(lead_page)


def test_audit_log_is_accessible(lead_page, url, submission):
    lead_page.goto(url("/staff/audit/"))
    assert "Asked by phone." in lead_page.locator("main").inner_text()
    assert_page_is_accessible(lead_page)


def test_delete_confirmation_and_its_error_are_accessible(lead_page, url, submission):
    lead_page.goto(url(f"/staff/submissions/{submission.reference_code}/delete/"))
    assert_page_is_accessible(lead_page)
    lead_page.set_viewport_size(journey.DESKTOP)
    lead_page.get_by_role("button", name="Delete this submission for good").click()
    assert "There is a problem" in lead_page.locator("main").inner_text()
    assert_page_is_accessible(lead_page)


def test_two_factor_enrolment_recovery_codes_and_verification_are_accessible(make_page, url, settings):
    settings.STAFF_REQUIRE_2FA = True
    user = UserFactory(username="nurse", password=journey.PASSWORD)
    user.groups.add(Group.objects.get(name="Clinic staff"))

    page = make_page(viewport=journey.DESKTOP)
    journey.log_in(page, url, "nurse", lands_on=None)
    page.wait_for_url(url("/staff/two-factor/setup/?next=%2Fstaff%2F"))
    assert page.locator("img.otp-qr").evaluate("img => img.naturalWidth") > 0
    assert_page_is_accessible(page)

    page.set_viewport_size(journey.DESKTOP)
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code from the app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert page.locator(".otp-codes li").count() == 10
    assert_page_is_accessible(page)

    again = make_page(viewport=journey.DESKTOP)
    journey.log_in(again, url, "nurse", lands_on="/staff/two-factor/?next=%2Fstaff%2F")
    assert_page_is_accessible(again)
