"""The preview: example patients and recent screenings run through a draft before it is published."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hsct_screen.criteria import selectors
from hsct_screen.criteria.examples import EXAMPLES
from tests.criteria.conftest import criterion_of
from tests.factories import SubmissionFactory, answers

pytestmark = pytest.mark.django_db


def allow_two_aids(draft):
    walking = criterion_of(draft, "walking")
    walking.settings = {"accepted": ["no_limit", "unaided_short", "one_aid", "two_aids"]}
    walking.save()


def test_the_examples_reach_every_outcome_under_the_default_set(published):
    rows = selectors.preview_examples(published, published)
    assert len(rows) == len(EXAMPLES) >= 12
    assert {row.draft_outcome for row in rows} == {
        "possible_candidate",
        "unlikely_candidate",
        "more_information_needed",
    }


def test_an_unchanged_draft_changes_no_example(published, draft):
    assert not any(row.changed for row in selectors.preview_examples(draft, published))


def test_a_draft_allowing_two_aids_changes_the_example_who_needs_two_sticks(published, draft):
    allow_two_aids(draft)
    changed = [row for row in selectors.preview_examples(draft, published) if row.changed]
    assert [(row.name[:2], row.published_outcome, row.draft_outcome) for row in changed] == [
        ("E:", "unlikely_candidate", "possible_candidate")
    ]


def test_examples_without_a_published_set_show_only_the_draft(draft):
    rows = selectors.preview_examples(draft, None)
    assert all(row.published_outcome is None for row in rows)


def test_recent_submissions_are_counted_by_change_with_example_codes(published, draft):
    allow_two_aids(draft)
    moved = [SubmissionFactory(answers=answers(walking="two_aids"), outcome="unlikely_candidate") for _ in range(7)]
    SubmissionFactory.create_batch(3, answers=answers(), outcome="possible_candidate")
    SubmissionFactory(answers=answers(walking="wheelchair"), outcome="unlikely_candidate")
    preview = selectors.preview_submissions(draft)
    assert (preview.checked, preview.unchanged, preview.changed, preview.failed) == (11, 4, 7, 0)
    [change] = preview.changes
    assert (change.before, change.after, change.count) == ("unlikely_candidate", "possible_candidate", 7)
    assert len(change.reference_codes) == selectors.PREVIEW_EXAMPLE_CODES
    assert set(change.reference_codes) <= {s.reference_code for s in moved}


def test_recent_submissions_are_evaluated_on_their_own_date(published, draft):
    # Diagnosed in 2015 and screened in 2020: 5 years then, far more today.
    SubmissionFactory(
        answers=answers(diagnosis_year=2015), evaluated_on=datetime.date(2020, 6, 1), outcome="possible_candidate"
    )
    preview = selectors.preview_submissions(draft)
    assert (preview.unchanged, preview.changed) == (1, 0)


def test_only_the_newest_n_submissions_are_checked(published, draft):
    SubmissionFactory.create_batch(5)
    assert selectors.preview_submissions(draft, limit=3).checked == 3


def test_a_stored_answer_set_the_draft_cannot_read_is_counted_not_fatal(published, draft):
    SubmissionFactory(answers={"ms_type": "rrms"}, outcome="possible_candidate")
    preview = selectors.preview_submissions(draft)
    assert (preview.checked, preview.failed) == (1, 1)


def test_the_preview_page_shows_counts_and_a_publish_form(client, editor, published, draft):
    allow_two_aids(draft)
    moved = SubmissionFactory(answers=answers(walking="two_aids"), outcome="unlikely_candidate")
    client.force_login(editor)
    response = client.get(reverse("admin:criteria_criteriaset_preview", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 example patient would get a different outcome." in page
    assert "Checked the most recent screening: 1 would get a different outcome" in page
    assert moved.reference_code in page
    assert 'name="change_note"' in page
    assert reverse("admin:criteria_criteriaset_publish", args=[draft.pk]) in page


def test_the_preview_page_takes_the_number_of_screenings_from_n(client, editor, published, draft):
    SubmissionFactory.create_batch(4)
    client.force_login(editor)
    preview_url = reverse("admin:criteria_criteriaset_preview", args=[draft.pk])
    assert client.get(preview_url, {"n": "2"}).context["submissions"].checked == 2
    assert client.get(preview_url, {"n": "lots"}).context["limit"] == selectors.PREVIEW_DEFAULT_SUBMISSIONS
    assert client.get(preview_url, {"n": "-5"}).context["limit"] == 1


def test_the_preview_page_lists_what_stops_publishing(client, editor, published, draft):
    walking = criterion_of(draft, "walking")
    walking.learn_more = "who-may-be-a-candidate#gone"
    walking.save()
    client.force_login(editor)
    page = client.get(reverse("admin:criteria_criteriaset_preview", args=[draft.pk])).content.decode()
    assert "This draft cannot be published yet" in page
    assert "has no section" in page


def test_the_preview_query_count_does_not_grow_with_submissions(client, editor, published, draft):
    client.force_login(editor)
    preview_url = reverse("admin:criteria_criteriaset_preview", args=[draft.pk])
    SubmissionFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        client.get(preview_url)
    SubmissionFactory.create_batch(30, answers=answers(walking="two_aids"), outcome="unlikely_candidate")
    with CaptureQueriesContext(connection) as many:
        client.get(preview_url)
    assert len(many.captured_queries) <= len(few.captured_queries)
