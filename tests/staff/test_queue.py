"""The queue: newest first, filters, reference search, pagination, counts and a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hsct_screen.questionnaire.models import Outcome, Submission
from hsct_screen.staff import services
from hsct_screen.staff.models import ReviewStatus
from tests.factories import ContactRequestFactory, SubmissionFactory

QUEUE = reverse("staff:queue")


def _codes(response):
    return [submission.reference_code for submission in response.context["page"].object_list]


def _backdate(submission, days):
    moment = timezone.now() - timedelta(days=days)
    Submission.objects.filter(pk=submission.pk).update(created_at=moment)
    return moment


def test_queue_lists_newest_first(staff_client, db):
    old, middle, new = SubmissionFactory(), SubmissionFactory(), SubmissionFactory()
    _backdate(old, 10)
    _backdate(middle, 5)

    response = staff_client.get(QUEUE)

    assert _codes(response) == [new.reference_code, middle.reference_code, old.reference_code]


def test_queue_filters_by_outcome(staff_client, db):
    possible = SubmissionFactory(outcome=Outcome.POSSIBLE_CANDIDATE)
    SubmissionFactory(outcome=Outcome.UNLIKELY_CANDIDATE)

    response = staff_client.get(QUEUE, {"outcome": "possible_candidate"})

    assert _codes(response) == [possible.reference_code]


def test_queue_filter_by_status_new_includes_submissions_nobody_touched(staff_client, clinic_staff, db):
    untouched = SubmissionFactory()
    set_back_to_new = SubmissionFactory()
    in_review = SubmissionFactory()
    services.review_status_change(submission=set_back_to_new, user=clinic_staff, status=ReviewStatus.IN_REVIEW)
    services.review_status_change(submission=set_back_to_new, user=clinic_staff, status=ReviewStatus.NEW)
    services.review_status_change(submission=in_review, user=clinic_staff, status=ReviewStatus.IN_REVIEW)

    new_codes = _codes(staff_client.get(QUEUE, {"status": "new"}))
    in_review_codes = _codes(staff_client.get(QUEUE, {"status": "in_review"}))

    assert sorted(new_codes) == sorted([untouched.reference_code, set_back_to_new.reference_code])
    assert in_review_codes == [in_review.reference_code]


def test_queue_filters_by_wants_contact(staff_client, db):
    wants = ContactRequestFactory().submission
    silent = SubmissionFactory()

    assert _codes(staff_client.get(QUEUE, {"wants_contact": "yes"})) == [wants.reference_code]
    assert _codes(staff_client.get(QUEUE, {"wants_contact": "no"})) == [silent.reference_code]


def test_queue_filters_by_date_range_including_both_days(staff_client, db):
    inside_first, inside_last, before, after = (SubmissionFactory() for _ in range(4))
    first = timezone.localtime(_backdate(inside_first, 20)).date()
    last = timezone.localtime(_backdate(inside_last, 10)).date()
    _backdate(before, 30)

    response = staff_client.get(QUEUE, {"submitted_from": first.isoformat(), "submitted_to": last.isoformat()})

    assert _codes(response) == [inside_last.reference_code, inside_first.reference_code]
    assert after.reference_code not in _codes(response)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{plain}", " {lower_plain} ", "{first_half}"])
def test_queue_search_by_reference_ignores_case_hyphen_and_spaces(staff_client, db, typed):
    wanted = SubmissionFactory(reference_code="ACDE-F347")
    SubmissionFactory(reference_code="XYXY-9999")
    query = typed.format(
        code="ACDE-F347", lower="acde-f347", plain="ACDEF347", lower_plain="acdef347", first_half="acde"
    )

    response = staff_client.get(QUEUE, {"q": query})

    assert _codes(response) == [wanted.reference_code]


def test_queue_search_with_characters_never_in_codes_searches_names_and_finds_nothing_not_a_500(staff_client, db):
    # Issue 11: text that cannot be a code is read as a name, no longer an error about the code alphabet.
    SubmissionFactory()

    response = staff_client.get(QUEUE, {"q": "=cmd|' /C calc'!A0"})

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert _codes(response) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"submitted_from": "2026-13-01"}, "submitted_from"),
        ({"submitted_to": "yesterday"}, "submitted_to"),
        ({"submitted_from": "2026-05-02", "submitted_to": "2026-05-01"}, "submitted_to"),
        ({"outcome": "eligible"}, "outcome"),
        ({"status": "deleted"}, "status"),
        ({"wants_contact": "maybe"}, "wants_contact"),
    ],
)
def test_queue_shows_bad_filters_as_errors_naming_the_field(staff_client, db, params, field):
    response = staff_client.get(QUEUE, params)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "There is a problem" in response.content.decode()


def test_queue_paginates_25_per_page_and_keeps_filters_in_page_links(staff_client, db):
    SubmissionFactory.create_batch(30, outcome=Outcome.UNLIKELY_CANDIDATE)

    first = staff_client.get(QUEUE, {"outcome": "unlikely_candidate"})
    second = staff_client.get(QUEUE, {"outcome": "unlikely_candidate", "page": 2})
    nonsense = staff_client.get(QUEUE, {"page": "lots"})

    assert len(_codes(first)) == 25
    assert len(_codes(second)) == 5
    assert set(_codes(first)).isdisjoint(_codes(second))
    assert "?outcome=unlikely_candidate&amp;page=2" in first.content.decode()
    assert nonsense.status_code == 200


def test_queue_counts_each_outcome_and_status_of_the_matching_submissions(staff_client, clinic_staff, db):
    SubmissionFactory.create_batch(3, outcome=Outcome.POSSIBLE_CANDIDATE)
    unlikely = SubmissionFactory.create_batch(2, outcome=Outcome.UNLIKELY_CANDIDATE)
    SubmissionFactory(outcome=Outcome.MORE_INFORMATION_NEEDED)
    services.review_status_change(submission=unlikely[0], user=clinic_staff, status=ReviewStatus.CLOSED)

    counts = staff_client.get(QUEUE).context["counts"]
    filtered = staff_client.get(QUEUE, {"outcome": "unlikely_candidate"}).context["counts"]

    assert counts["total"] == 6
    assert counts["outcomes"] == {"possible_candidate": 3, "unlikely_candidate": 2, "more_information_needed": 1}
    assert counts["statuses"] == {"new": 5, "in_review": 0, "contacted": 0, "closed": 1}
    assert filtered["statuses"] == {"new": 1, "in_review": 0, "contacted": 0, "closed": 1}


def test_queue_table_has_a_caption_and_scoped_headers(staff_client, submission):
    html = staff_client.get(QUEUE).content.decode()

    assert "<caption>" in html
    assert 'scope="col"' in html
    assert 'scope="row"' in html
    assert html.count("<h1") == 1


def test_queue_shows_no_contact_details(staff_client, submission_with_contact):
    html = staff_client.get(QUEUE).content.decode()

    assert submission_with_contact.reference_code in html
    assert "Ada Lovelace" not in html
    assert "ada@example.org" not in html


def _make_rows(count, user):
    for index in range(count):
        submission = SubmissionFactory()
        if index % 3 == 0:
            ContactRequestFactory(submission=submission)
        if index % 2 == 0:
            services.review_assign(submission=submission, user=user, assignee=user)


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "params", [{}, {"outcome": "possible_candidate", "status": "in_review", "wants_contact": "yes", "q": "A"}]
)
def test_queue_query_count_does_not_grow_with_rows(staff_client, clinic_staff, db, params):
    _make_rows(5, clinic_staff)
    few = _queries(staff_client, QUEUE, params)
    _make_rows(55, clinic_staff)

    many = _queries(staff_client, QUEUE, params)

    assert Submission.objects.count() == 60
    assert many == few
