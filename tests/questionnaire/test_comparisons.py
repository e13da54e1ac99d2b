"""Comparisons with the other listed guidelines and trials: API, command, stored result and the result page."""

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.criteria.services import criteria_set_copy
from hsct_screen.questionnaire.models import Submission
from tests.factories import answers
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db

LISTED = [
    "ectrims-ebmt-2025",
    "ebmt-2020",
    "nmss-2021",
    "london-ms-ahsct-2016",
    "beat-ms",
    "starms",
    "ram-ms",
]
# Thirteen years after diagnosis, walking with two aids: unlikely by default, possible for the London group.
LONDON_ONLY = {
    "walking": "two_aids",
    "relapses_12m": "one",
    "mri_activity_12m": "yes",
    "dmt_failures": "one",
    "high_efficacy_dmt_failed": "yes",
    "age": 45,
}


def london_only_answers(on):
    return answers(on=on, diagnosis_year=on.year - 13, **LONDON_ONLY)


def api_result(data):
    response = Client().post(reverse("api:evaluate"), json.dumps(data), content_type="application/json")
    assert response.status_code == 200
    return response.json()


def screen(data):
    out = io.StringIO()
    call_command("screen", "--date", "2026-11-24", stdin=io.StringIO(json.dumps(data)), stdout=out)
    return json.loads(out.getvalue())


def by_key(result):
    return {item["key"]: item["outcome"] for item in result["comparisons"]}


def test_the_api_lists_every_other_listed_set_in_admin_order():
    result = api_result(london_only_answers(timezone.localdate()))
    assert [item["key"] for item in result["comparisons"]] == LISTED
    assert result["outcome"] == "unlikely_candidate"
    assert by_key(result)["london-ms-ahsct-2016"] == "possible_candidate"


@pytest.mark.parametrize(
    ("overrides", "outcome"),
    [
        ({}, "possible_candidate"),
        ({"walking": "wheelchair"}, "unlikely_candidate"),
        ({"ms_type": "unsure"}, "more_information_needed"),
    ],
)
def test_the_command_returns_comparisons_for_every_outcome(overrides, outcome):
    result = screen(answers(on=date(2026, 11, 24), **overrides))
    assert result["outcome"] == outcome
    assert [item["key"] for item in result["comparisons"]] == LISTED
    trial = next(item for item in result["comparisons"] if item["key"] == "ram-ms")
    assert (trial["kind"], trial["status"], trial["status_checked_on"]) == (
        "trial",
        "active_not_recruiting",
        "2026-11-24",
    )


def test_the_command_shows_the_thirteen_year_two_aid_person_the_london_set_as_possible():
    result = screen(london_only_answers(date(2026, 11, 24)))
    assert result["outcome"] == "unlikely_candidate"
    assert by_key(result)["london-ms-ahsct-2016"] == "possible_candidate"


def test_an_unlisted_set_is_not_compared_and_none_listed_gives_an_empty_list():
    CriteriaSet.objects.filter(identifier="nmss-2021").update(listed=False)
    assert "nmss-2021" not in by_key(api_result(answers()))
    CriteriaSet.objects.update(listed=False)
    assert api_result(answers())["comparisons"] == []


def test_the_stored_result_keeps_its_comparisons_and_is_never_recomputed():
    client = Client()
    code = journey.finish(client, london_only_answers(timezone.localdate()))
    submission = Submission.objects.get(reference_code=code)
    assert by_key(submission.result)["london-ms-ahsct-2016"] == "possible_candidate"
    CriteriaSet.objects.filter(identifier="london-ms-ahsct-2016").update(listed=False, name="Renamed")
    page = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    assert "London MS-AHSCT group criteria (UK, 2016)" in page
    assert "Renamed" not in page


def test_the_result_page_shows_the_table_with_statuses_links_and_closed_trials_last():
    client = Client()
    code = journey.finish(client, london_only_answers(timezone.localdate()))
    page = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    table = page[page.index('id="comparisons-heading"') :]
    table = table[: table.index("</section>")]
    assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table
    assert "may be worth asking" in table and "Only the criteria above decide your result." in table
    # Each row links to its source and, for trials, its registry page, named by its registry number.
    assert 'href="https://doi.org/10.1038/s41582-024-01050-x"' in table
    assert '<a href="https://clinicaltrials.gov/study/NCT03477500" rel="noopener">NCT03477500</a>' in table
    assert '<a href="https://www.isrctn.com/ISRCTN88667898" rel="noopener">ISRCTN88667898</a>' in table
    assert "Closed to new patients." in table and "Active, not recruiting: not taking new patients." in table
    # BEAT-MS (recruiting) comes before the closed StarMS and the not-recruiting RAM-MS.
    assert table.index("BEAT-MS trial") < table.index("StarMS trial") < table.index("RAM-MS trial")
    assert table.index("London MS-AHSCT") < table.index("StarMS trial")
    # BEAT-MS's status is from its registry record of January 2024: more than 120 days old.
    assert "Status not checked since 26 Jan 2024: check the registry." in table
    assert "Eligible" not in table and "eligible" not in table


def test_each_row_says_the_outcome_and_which_criteria_did_not_match():
    client = Client()
    code = journey.finish(client, london_only_answers(timezone.localdate()))
    page = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    rows = {
        re.search(r'<span class="comparisons__title">(.*?)</span>', row).group(1): row
        for row in re.findall(r'<tr class="comparisons__row.*?</tr>', page, re.S)
    }
    assert len(rows) == len(LISTED)
    london = rows["London MS-AHSCT group criteria (UK, 2016)"]
    assert "comparisons__outcome--possible_candidate" in london and ">Match<" in london
    assert "<dt>Matched</dt>" in london and "<dt>Not matched</dt>" not in london
    # Two aids for walking is past RAM-MS's EDSS 5.5: its row names the walking criterion it did not meet.
    ram = rows[next(title for title in rows if title.startswith("RAM-MS"))]
    assert ">No match<" in ram
    not_matched = re.search(r"<dt>Not matched</dt><dd>(.*?)</dd>", ram).group(1)
    assert "Walking" in not_matched
    # The disclosure is native: it opens without JavaScript.
    assert all("<details" in row and "<summary>" in row for row in rows.values())


def test_a_status_checked_recently_is_not_marked_stale():
    CriteriaSet.objects.update(status_checked_on=timezone.localdate() - timedelta(days=120))
    client = Client()
    code = journey.finish(client, answers())
    page = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    assert "not checked since" not in page.lower()


def test_an_old_guideline_asks_to_check_the_source_not_a_registry():
    CriteriaSet.objects.filter(identifier="nmss-2021").update(status_checked_on=date(2025, 1, 2))
    client = Client()
    code = journey.finish(client, answers())
    page = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    assert "Not checked since 2 Jan 2025: check the source for a newer version." in page


def test_previous_hsct_is_an_answer_and_an_advisory_in_every_listed_set():
    result = api_result(answers(health_conditions=["previous_hsct"]))
    assert [item["key"] for item in result["advisories"]] == ["health_conditions"]
    assert "stem cell transplant before" in result["advisories"][0]["message"]
    for comparison in result["comparisons"]:
        conditions = next(c for c in comparison["criteria"] if c["key"] == "health_conditions")
        assert conditions["status"] == "not_met" and not conditions["required"]


def test_queries_do_not_grow_with_the_number_of_listed_sets():
    def submit_and_view():
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            code = journey.finish(client, answers())
            client.get(reverse("questionnaire:result", args=[code]))
        return len(queries), len(Submission.objects.get(reference_code=code).result["comparisons"])

    few, listed_few = submit_and_view()
    source = CriteriaSet.objects.get(identifier="london-ms-ahsct-2016")
    for _ in range(12):
        copy = criteria_set_copy(source=source)
        CriteriaSet.objects.filter(pk=copy.pk).update(listed=True)
    many, listed_many = submit_and_view()
    assert listed_many == listed_few + 12
    assert many == few


def test_the_stale_command_names_old_statuses_and_exits_0():
    out = io.StringIO()
    call_command("criteria", "stale", "--date", "2026-11-24", stdout=out)
    assert "beat-ms" in out.getvalue() and "ram-ms" not in out.getvalue()
    out = io.StringIO()
    call_command("criteria", "stale", "--date", "2027-06-01", stdout=out)
    assert all(key in out.getvalue() for key in ("beat-ms", "ram-ms", "london-ms-ahsct-2016"))
