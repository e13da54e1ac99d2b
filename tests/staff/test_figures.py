"""The queue's counts and the overview's figures are cached, and exact again right after any change."""

import pytest
from django.urls import reverse

from hsct_screen.staff import selectors, services
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def new_count(client) -> int:
    return client.get(reverse("staff:queue")).context["counts"]["statuses"]["new"]


def test_the_queue_counts_follow_a_new_submission_and_a_status_change(staff_client, clinic_staff):
    first = SubmissionFactory()
    assert new_count(staff_client) == 1
    SubmissionFactory()
    assert new_count(staff_client) == 2
    services.review_status_change(submission=first, user=clinic_staff, status="contacted")
    assert new_count(staff_client) == 1


def test_the_weekly_overview_counts_a_submission_made_after_it_was_cached(today):
    before = sum(week.total for week in selectors.weekly_outcomes(today, today))
    SubmissionFactory()
    assert sum(week.total for week in selectors.weekly_outcomes(today, today)) == before + 1
