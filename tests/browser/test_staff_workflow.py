"""A member of staff works the queue in Chromium: assigned to me, oldest first, finds a person by email, bulk
assigns 3 submissions and sees it on a timeline."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from hsct_screen.questionnaire.models import Submission
from hsct_screen.staff import services
from tests.browser import journey
from tests.factories import ContactRequestFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def team():
    group = Group.objects.get(name="Clinic staff")
    nurse = UserFactory(username="nurse", password=journey.PASSWORD)
    colleague = UserFactory(username="colleague", password=journey.PASSWORD)
    for user in (nurse, colleague):
        user.groups.add(group)
    return nurse, colleague


@pytest.fixture
def staff_page(make_page, url, team):
    page = make_page(viewport=journey.DESKTOP)
    journey.log_in(page, url, "nurse")
    return page


def _aged(submission, days):
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(days=days))
    return submission


def _codes_in_table(page):
    return page.locator("table.staff-table tbody th[scope=row]").all_inner_texts()


def test_staff_filter_mine_sort_oldest_find_by_email_and_bulk_assign_three(staff_page, url, team):
    nurse, _colleague = team
    old_mine = _aged(SubmissionFactory(), 9)
    new_mine = _aged(SubmissionFactory(), 1)
    for submission in (old_mine, new_mine):
        services.review_assign(submission=submission, user=nurse, assignee=nurse)
    ada = _aged(ContactRequestFactory(name="Ada Lovelace", email="ada@example.org").submission, 4)
    others = [_aged(SubmissionFactory(), days) for days in (2, 3, 5)]

    page = staff_page
    page.get_by_role("link", name="Assigned to me").click()
    assert _codes_in_table(page) == [new_mine.reference_code, old_mine.reference_code]
    page.get_by_label("Order").select_option("oldest")
    page.get_by_role("button", name="Apply filters").click()
    assert _codes_in_table(page) == [old_mine.reference_code, new_mine.reference_code]
    assert "oldest first" in page.locator("caption").first.inner_text()

    page.goto(url("/staff/"))
    page.get_by_label("Search").fill("ada@example.org")
    page.get_by_role("button", name="Apply filters").click()
    assert _codes_in_table(page) == [ada.reference_code]

    page.goto(url("/staff/"))
    for submission in others:
        page.get_by_label(f"Select {submission.reference_code}").check()
    page.get_by_label("Assign to").select_option(label="colleague")
    page.get_by_role("button", name="Review the change").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check the change"
    for submission in others:
        assert submission.reference_code in page.locator("main").inner_text()
    page.get_by_role("button", name="Change 3 submissions").click()
    assert "3 submissions changed" in page.locator("main").inner_text()

    page.get_by_role("link", name=others[0].reference_code).click()
    timeline = page.locator(".staff-timeline").inner_text()
    assert "Assigned to colleague." in timeline
    assert "nurse" in timeline
