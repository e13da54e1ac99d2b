"""The learn pages' trials table reads the trial criteria sets: one query however many, and no table without sets."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.criteria.selectors import listed_trials

pytestmark = pytest.mark.django_db


def test_the_listed_trials_are_the_trial_sets_taking_new_patients_first(django_assert_num_queries):
    with django_assert_num_queries(1):
        trials = listed_trials(date(2026, 11, 24))

    assert [trial.name.split()[0] for trial in trials] == ["BEAT-MS", "StarMS", "RAM-MS"]
    assert [trial.registry_number for trial in trials] == ["NCT04047628", "ISRCTN88667898", "NCT03477500"]
    assert trials[0].status.stale and not trials[1].status.stale
    assert [trial.status.taking_patients for trial in trials] == [True, False, False]


def test_an_unlisted_or_guideline_set_is_not_in_the_trials_table():
    CriteriaSet.objects.filter(identifier="starms").update(listed=False)
    page = Client().get("/learn/where-and-trials/").content.decode()

    table = page[page.index('id="trial-table-caption"') : page.index("</table>")]
    assert "ISRCTN88667898" not in table and "RAM-MS" in table
    assert "US National MS Society recommendations" not in table


def test_the_trials_page_makes_the_same_number_of_queries_however_many_trials_are_listed():
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/learn/where-and-trials/").status_code == 200
        return len(captured)

    few = queries()
    source = CriteriaSet.objects.get(identifier="ram-ms")
    for number in range(10):
        CriteriaSet.objects.create(
            identifier=f"trial-{number}",
            name=f"Trial {number}",
            kind=CriteriaSet.Kind.TRIAL,
            recruitment_status=CriteriaSet.RecruitmentStatus.RECRUITING,
            status_checked_on=source.status_checked_on,
            registry_url=f"https://clinicaltrials.gov/study/NCT0000000{number}",
            source_citation="A registry record",
            listed=True,
        )

    assert queries() == few
    assert "NCT00000009" in Client().get("/learn/where-and-trials/").content.decode()


def test_a_page_without_the_trials_table_reads_no_trials(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert Client().get("/learn/risks/").status_code == 200


def test_with_no_listed_trials_the_page_says_so_instead_of_an_empty_table():
    CriteriaSet.objects.filter(kind=CriteriaSet.Kind.TRIAL).update(listed=False)
    page = Client().get("/learn/where-and-trials/").content.decode()

    assert "No trials are listed at the moment" in page
    assert 'id="trial-table-caption"' not in page
