"""The staff workspace passes axe's WCAG 2.x A/AA rules, has one h1 and fits a 320 px screen, as a real login sees it."""

import pytest
from django.contrib.auth.models import Group

from tests.browser import journey
from tests.browser.test_accessibility import assert_page_is_accessible
from tests.factories import ContactRequestFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def staff_page(make_page, url):
    """A desktop page logged in through the real login form as a member of Clinic staff."""
    user = UserFactory(username="nurse", password=journey.PASSWORD)
    user.groups.add(Group.objects.get(name="Clinic staff"))
    page = make_page(viewport=journey.DESKTOP)
    journey.log_in(page, url, "nurse")
    return page


@pytest.fixture
def submission():
    return ContactRequestFactory(submission=SubmissionFactory(), name="Ada Example").submission


def test_login_page_is_accessible(make_page, url):
    page = make_page(viewport=journey.DESKTOP)
    page.goto(url("/staff/login/"))
    assert_page_is_accessible(page)


def test_queue_is_accessible(staff_page, url, submission):
    staff_page.goto(url("/staff/"))
    assert staff_page.get_by_role("link", name=submission.reference_code).count() == 1
    assert_page_is_accessible(staff_page)


def test_queue_with_a_filter_error_is_accessible(staff_page, url, submission):
    staff_page.goto(url("/staff/?submitted_from=2026-02-31"))
    assert_page_is_accessible(staff_page)


def test_detail_is_accessible(staff_page, url, submission):
    staff_page.goto(url(f"/staff/submissions/{submission.reference_code}/"))
    assert "Ada Example" in staff_page.locator("main").inner_text()
    assert_page_is_accessible(staff_page)


def test_overview_is_accessible(staff_page, url, submission):
    staff_page.goto(url("/staff/overview/"))
    assert staff_page.locator("svg").count() >= 1
    assert_page_is_accessible(staff_page)


def test_queue_worked_by_assignee_sort_and_contact_search_is_accessible(staff_page, url, submission):
    staff_page.goto(url("/staff/?assignee=me&sort=oldest"))
    assert_page_is_accessible(staff_page)
    staff_page.set_viewport_size(journey.DESKTOP)
    staff_page.goto(url("/staff/?q=Ada+Example&wants_contact=yes"))
    assert staff_page.get_by_role("link", name=submission.reference_code).count() == 1
    assert_page_is_accessible(staff_page)


def test_queue_with_bulk_controls_and_bulk_confirmation_are_accessible(staff_page, url):
    submissions = [ContactRequestFactory(name="Ada Example").submission, SubmissionFactory()]
    page = staff_page
    page.goto(url("/staff/"))
    assert page.get_by_role("group", name="Change the ticked submissions").count() == 1
    assert_page_is_accessible(page)

    page.set_viewport_size(journey.DESKTOP)
    for submission in submissions:
        page.get_by_label(f"Select {submission.reference_code}").check()
    page.get_by_label("New review status").select_option("in_review")
    # axe must look at the confirmation page once it has loaded, not at the queue it replaces.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Review the change").click()
    assert "/staff/bulk/" in page.url
    assert_page_is_accessible(page)


def test_bulk_confirmation_with_an_error_is_accessible(staff_page, url):
    SubmissionFactory()
    page = staff_page
    page.goto(url("/staff/"))
    page.get_by_role("button", name="Review the change").click()
    assert "Tick at least one submission" in page.locator("main").inner_text()
    assert_page_is_accessible(page)


def test_export_confirmation_is_accessible(staff_page, url):
    ContactRequestFactory()
    staff_page.goto(url("/staff/export.csv"))
    assert "What each file holds" in staff_page.locator("main").inner_text()
    assert_page_is_accessible(staff_page)
