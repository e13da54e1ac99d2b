"""The overview: submissions per ISO week and the outcome mix, as an SVG chart and the same figures in tables."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hsct_screen.questionnaire.models import Outcome, Submission
from hsct_screen.staff.charts import nice_ceiling
from hsct_screen.staff.selectors import weekly_outcomes
from tests.factories import SubmissionFactory

OVERVIEW = reverse("staff:overview")


def _at(day, hour=12, **fields):
    submission = SubmissionFactory(**fields)
    moment = timezone.make_aware(datetime(day.year, day.month, day.day, hour))
    Submission.objects.filter(pk=submission.pk).update(created_at=moment)
    return submission


@pytest.fixture
def three_weeks(db):
    # 2026-03-02 is a Monday.
    _at(date(2026, 3, 2), outcome=Outcome.POSSIBLE_CANDIDATE)
    _at(date(2026, 3, 8), hour=23, outcome=Outcome.UNLIKELY_CANDIDATE)  # Sunday: still the first week
    _at(date(2026, 3, 9), hour=0, outcome=Outcome.UNLIKELY_CANDIDATE)  # Monday: the second week
    _at(date(2026, 3, 20), outcome=Outcome.MORE_INFORMATION_NEEDED)
    _at(date(2026, 4, 30), outcome=Outcome.POSSIBLE_CANDIDATE)  # outside the period


def test_weekly_outcomes_counts_per_iso_week_and_outcome_with_empty_weeks(three_weeks):
    weeks = weekly_outcomes(date(2026, 3, 2), date(2026, 3, 28))

    assert [week.week_start for week in weeks] == [
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
        date(2026, 3, 23),
    ]
    assert [week.total for week in weeks] == [2, 1, 1, 0]
    assert weeks[0].counts == {"possible_candidate": 1, "unlikely_candidate": 1, "more_information_needed": 0}


def test_overview_shows_the_chart_and_the_same_figures_in_tables(staff_client, three_weeks):
    response = staff_client.get(OVERVIEW, {"start": "2026-03-02", "end": "2026-03-28"})
    html = response.content.decode()

    assert response.status_code == 200
    assert '<svg class="chart"' in html
    assert 'role="img"' in html
    assert 'aria-labelledby="weekly-chart-title weekly-chart-desc"' in html
    assert '<title id="weekly-chart-title">' in html
    assert "style=" not in html
    assert response.context["total"] == 4
    assert [(item["label"], item["count"], item["share"]) for item in response.context["mix"]] == [
        ("Possible candidate", 1, 25),
        ("Unlikely candidate", 2, 50),
        ("More information needed", 1, 25),
    ]
    rows = response.context["week_rows"]
    assert [(row["start"], row["counts"], row["total"]) for row in rows][:2] == [
        (date(2026, 3, 2), [1, 1, 0], 2),
        (date(2026, 3, 9), [0, 1, 0], 1),
    ]
    assert html.count("<caption>") == 2


def test_overview_defaults_to_the_last_12_weeks(staff_client, db):
    response = staff_client.get(OVERVIEW)

    today = timezone.localdate()
    assert response.context["end"] == today
    assert len(response.context["weeks"]) == 12
    assert response.context["start"] == today - timedelta(days=today.weekday()) - timedelta(weeks=11)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2026-03-10", "end": "2026-03-01"}, "end", "or later"),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "start", "two years or less"),
        ({"start": "31/02/2026"}, "start", "Enter a real date"),
    ],
)
def test_overview_refuses_bad_periods_with_a_message(staff_client, db, params, field, message):
    response = staff_client.get(OVERVIEW, params)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "<svg" not in response.content.decode()


def test_chart_text_is_escaped(db):
    from hsct_screen.staff.charts import Series, horizontal_bars

    svg = horizontal_bars([(Series("x", "<script>alert(1)</script>"), 3)], chart_id="c", title="<t>", description="d")

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


@pytest.mark.parametrize(("value", "top"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (20, 20), (130, 200)])
def test_axis_top_is_a_round_number_at_or_above_the_largest_bar(value, top):
    assert nice_ceiling(value) == top


def test_overview_with_only_an_end_date_shows_the_12_weeks_up_to_it(staff_client, db):
    response = staff_client.get(OVERVIEW, {"end": "2026-03-31"})

    # 2026-03-31 is a Tuesday: its week starts on Monday 30 March, eleven weeks after Monday 12 January.
    assert response.context["start"] == date(2026, 1, 12)
    assert len(response.context["weeks"]) == 12
