"""The queue's selector against every mix of review, assignee and contact request: each filter keeps exactly the
submissions its meaning says, and each row carries its review status, who it is assigned to and whether the person
asked to be contacted."""

import itertools

import pytest

from hsct_screen.staff import selectors
from hsct_screen.staff.models import Review, ReviewStatus
from tests.factories import ContactRequestFactory, SubmissionFactory

# A submission without a review row, then one with a review in each status, with and without an assignee.
REVIEWS = [None, *itertools.product(ReviewStatus.values, (False, True))]


@pytest.fixture
def mixed(clinic_staff):
    """Every kind of review (or none) with and without a contact request; what each one is, by reference code."""
    kinds = {}
    for review, contact in itertools.product(REVIEWS, (False, True)):
        submission = ContactRequestFactory().submission if contact else SubmissionFactory()
        status, assignee = ReviewStatus.NEW, None
        if review is not None:
            status, assigned = review
            assignee = clinic_staff if assigned else None
            Review.objects.create(submission=submission, status=status, assignee=assignee)
        kinds[submission.reference_code] = {"status": status, "assignee": assignee, "contact": contact}
    return kinds


def _codes(filters):
    return sorted(submission.reference_code for submission in selectors.queue(filters))


def _expected(kinds, keep):
    return sorted(code for code, kind in kinds.items() if keep(kind))


@pytest.mark.parametrize("status", ["", *ReviewStatus.values])
@pytest.mark.parametrize("wants_contact", [None, True, False])
def test_status_and_contact_filters_keep_exactly_the_matching_submissions(mixed, status, wants_contact):
    filters = selectors.QueueFilters(status=status, wants_contact=wants_contact)

    expected = _expected(
        mixed,
        lambda kind: (
            (not status or kind["status"] == status) and (wants_contact is None or kind["contact"] == wants_contact)
        ),
    )

    assert _codes(filters) == expected
    assert selectors.queue_counts(filters)["total"] == len(expected)


@pytest.mark.parametrize("status", ["", ReviewStatus.NEW, ReviewStatus.CLOSED])
def test_unassigned_and_assigned_to_someone_keep_exactly_the_matching_submissions(mixed, clinic_staff, status):
    unassigned = selectors.QueueFilters(status=status, unassigned=True)
    mine = selectors.QueueFilters(status=status, assignee_id=clinic_staff.pk)

    def status_matches(kind):
        return not status or kind["status"] == status

    nobody = _expected(mixed, lambda kind: status_matches(kind) and kind["assignee"] is None)
    assigned = _expected(mixed, lambda kind: status_matches(kind) and kind["assignee"] == clinic_staff)

    assert _codes(unassigned) == nobody
    assert _codes(mine) == assigned
    assert selectors.queue_counts(unassigned)["total"] == len(nobody)
    assert selectors.queue_counts(mine)["total"] == len(assigned)


@pytest.mark.parametrize("wants_contact", [None, True, False])
def test_each_row_carries_its_review_status_assignee_and_whether_the_person_asked_to_be_contacted(mixed, wants_contact):
    rows = selectors.queue(selectors.QueueFilters(wants_contact=wants_contact))

    seen = {row.reference_code: (row.review_status, row.assignee_name, row.wants_contact) for row in rows}

    assert seen == {
        code: (kind["status"], kind["assignee"] and kind["assignee"].get_username(), kind["contact"])
        for code, kind in mixed.items()
        if wants_contact is None or kind["contact"] == wants_contact
    }


def test_a_contact_search_with_the_contact_filter_finds_the_person_once(mixed):
    person = ContactRequestFactory(name="Ada Lovelace")

    found = list(selectors.queue(selectors.QueueFilters(wants_contact=True, contact_name="lovelace")))

    assert [row.reference_code for row in found] == [person.submission.reference_code]
    assert found[0].wants_contact is True
