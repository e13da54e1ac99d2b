"""`{% queue_rows %}` writes the queue's table rows byte for byte as the template loop it replaced did, in English
and in Spanish, for every kind of row: each review status, assigned or not, with or without a contact request."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce
from django.template import Context, Template
from django.utils import timezone, translation

from hsct_screen.questionnaire.models import ContactRequest, Outcome, Submission
from hsct_screen.staff import selectors
from hsct_screen.staff.models import Review, ReviewStatus
from hsct_screen.staff.views import _statuses
from tests.factories import ContactRequestFactory, SubmissionFactory

# The loop of templates/staff/queue.html before the tag, as it was: the reference the tag must match.
TEMPLATE_LOOP = Template(
    """{% load i18n %}{% for submission in page.object_list %}
    <tr>
      <td class="staff-table__select">
        <input type="checkbox" class="form-check-input" name="submissions" value="{{ submission.reference_code }}" id="select-{{ submission.reference_code }}">
        <label class="visually-hidden" for="select-{{ submission.reference_code }}">{% blocktranslate with code=submission.reference_code %}Select {{ code }}{% endblocktranslate %}</label>
      </td>
      <th scope="row"><a href="{% url 'staff:detail' submission.reference_code %}">{{ submission.reference_code }}</a></th>
      <td><time datetime="{{ submission.created_at|date:'c' }}">{{ submission.created_at|date:"SHORT_DATETIME_FORMAT" }}</time></td>
      <td>{% if submission.review_status == "closed" %}<span aria-hidden="true">–</span><span class="visually-hidden">{% translate "Not waiting: closed" %}</span>{% else %}{{ submission.created_at|timesince:now }}{% endif %}</td>
      <td><span class="status-tag staff-outcome staff-outcome--{{ submission.outcome }}">{{ submission.get_outcome_display }}</span></td>
      <td>{% for value, label in statuses %}{% if value == submission.review_status %}{{ label }}{% endif %}{% endfor %}</td>
      <td>{{ submission.review.assignee.get_username|default:"–" }}</td>
      <td>{% if submission.wants_contact %}{% translate "Yes" %}{% else %}{% translate "No" %}{% endif %}</td>
    </tr>
    {% endfor %}"""
)
TAG = Template("{% load queue_rows %}{% queue_rows page.object_list now %}")
NOW = datetime(2026, 11, 24, 21, 5, 30, tzinfo=UTC)

# Ages that exercise every part of the waiting time and the date: minutes, hours, days, months, a year and more.
AGES = [
    timedelta(seconds=20),
    timedelta(minutes=7),
    timedelta(hours=5, minutes=3),
    timedelta(days=3, hours=2),
    timedelta(days=40),
    timedelta(days=200, hours=9),
    timedelta(days=400),
    timedelta(days=800, minutes=1),
]
# Local times (Europe/London) around the clock changes, midnight and noon; and a summer evening whose waiting time
# is "7 months, 3 weeks" counted from the stored (UTC) time but a week less from the local one: the template
# counted from the stored time.
MOMENTS = [
    timezone.make_aware(datetime(2026, 3, 29, 0, 30)),
    timezone.make_aware(datetime(2026, 10, 25, 1, 30)),
    timezone.make_aware(datetime(2026, 6, 1, 12)),
    timezone.make_aware(datetime(2026, 1, 1)),
    datetime(2026, 4, 3, 20, 30, tzinfo=UTC),
]


@pytest.fixture
def rows(clinic_staff):
    """One submission of each kind, at many different times, as the queue selects them."""
    kinds = itertools.product([None, *ReviewStatus.values], (None, clinic_staff), (False, True), Outcome.values)
    times = itertools.cycle([NOW - age for age in AGES] + MOMENTS)
    for status, assignee, contact, outcome in kinds:
        submission = (
            ContactRequestFactory(submission__outcome=outcome).submission
            if contact
            else SubmissionFactory(outcome=outcome)
        )
        if status is not None:
            Review.objects.create(submission=submission, status=status, assignee=assignee)
        Submission.objects.filter(pk=submission.pk).update(created_at=next(times))
    return list(selectors.queue(selectors.QueueFilters()))


def _as_the_loop_had_them(rows):
    """The same submissions as the loop was given them: objects with their review and assignee, annotated as
    the queue annotated them then."""
    submissions = Submission.objects.select_related("review__assignee").annotate(
        review_status=Coalesce("review__status", Value(ReviewStatus.NEW)),
        wants_contact=Exists(ContactRequest.objects.filter(submission=OuterRef("pk"))),
    )
    by_code = {submission.reference_code: submission for submission in submissions}
    return [by_code[row.reference_code] for row in rows]


def _both(rows, submissions=None):
    """What the template loop wrote for these submissions and what the tag writes for the queue's rows."""
    submissions = _as_the_loop_had_them(rows) if submissions is None else submissions
    loop = TEMPLATE_LOOP.render(Context({"page": {"object_list": submissions}, "now": NOW, "statuses": _statuses()}))
    tag = TAG.render(Context({"page": {"object_list": rows}, "now": NOW}))
    return loop, tag


@pytest.mark.parametrize("language", ["en", "es"])
def test_rows_are_the_same_html_as_the_template_loop_wrote(rows, language):
    with translation.override(language):
        loop, tag = _both(rows)

    assert tag == loop
    assert tag.count("<tr>") == len(rows) == (1 + len(ReviewStatus.values)) * 2 * 2 * len(Outcome.values)


@pytest.mark.parametrize("language", ["en", "es"])
def test_rows_filtered_on_contact_requests_are_the_same_html_too(rows, language):
    for wants_contact in (True, False):
        submissions = list(selectors.queue(selectors.QueueFilters(wants_contact=wants_contact)))
        with translation.override(language):
            loop, tag = _both(submissions)
        assert tag == loop


def test_codes_and_outcomes_the_app_never_makes_are_written_as_the_template_wrote_them(rows):
    odd = [
        ("reference_code", "AB CD é<&>"),  # quoted in the link, escaped in the text
        ("outcome", "retired_outcome"),  # no label: the value itself, as get_outcome_display() gives it
        ("outcome", '"><script>'),
    ]
    submissions = _as_the_loop_had_them(rows[:3])
    for submission, (field, value) in zip(submissions, odd, strict=True):
        setattr(submission, field, value)
    changed = [row._replace(**{field: value}) for row, (field, value) in zip(rows[:3], odd, strict=True)]

    loop, tag = _both(changed, submissions)

    assert tag == loop
    assert "AB%20CD%20%C3%A9%3C&amp;%3E" in tag and "&lt;script&gt;" in tag


def test_no_submissions_write_nothing(db):
    assert _both([], []) == ("", "")
