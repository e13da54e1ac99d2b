"""The engine remembers each criterion's finding per date and per answer it reads; never a different result."""

import pickle
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given, settings

from hsct_screen.rules import KINDS, engine, evaluate
from hsct_screen.rules import answers as a
from tests.rules.helpers import ON, answers, default_specs
from tests.rules.test_properties import answer_sets, any_criteria, criteria_lists


def fresh(criteria):
    """The same criteria as new objects, whose memos are empty: what a first evaluation works out."""
    return [replace(spec) for spec in criteria]


def run(given, criteria, on=ON):
    return evaluate(given, criteria, on=on, version="test")


# Shared by every example below, so their memos fill up with many different people's answers.
SHARED = default_specs()


@settings(deadline=None, max_examples=300)
@given(first=answer_sets(), second=answer_sets())
def test_remembered_findings_equal_freshly_worked_out_ones_for_random_answers(first, second):
    run(first, SHARED)
    assert run(second, SHARED) == run(second, fresh(SHARED))


@settings(deadline=None, max_examples=200)
@given(criteria=criteria_lists(), first=answer_sets(), second=answer_sets())
def test_remembered_findings_equal_fresh_ones_for_random_criteria_settings(criteria, first, second):
    run(first, criteria)
    assert run(second, criteria) == run(second, fresh(criteria))


@settings(deadline=None, max_examples=200)
@given(criteria=any_criteria, given_answers=answer_sets(), other=answer_sets())
def test_a_finding_depends_only_on_the_answers_its_kind_declares_it_reads(criteria, given_answers, other):
    for spec in criteria:
        reads = KINDS[spec.key].reads
        # Everything else taken from another person: the finding must not change.
        mixed = {**other, **{key: given_answers[key] for key in reads if key in given_answers}}
        for key in reads:
            if key not in given_answers:
                mixed.pop(key, None)
        (alone,) = run(given_answers, fresh([spec])).criteria
        (with_others,) = run(mixed, fresh([spec])).criteria
        assert alone == with_others, (spec.key, given_answers, mixed)


def test_every_kind_declares_the_answers_it_reads():
    for key, kind in KINDS.items():
        assert kind.reads, key
        assert set(kind.reads) <= set(a.ALL_KEYS), key


def test_the_same_answers_on_another_date_give_that_dates_findings():
    duration = [spec for spec in SHARED if spec.key == "disease_duration"]
    given_answers = answers(diagnosis_year=ON.year - 10)
    (today,) = run(given_answers, duration).criteria
    (two_years_on,) = run(given_answers, duration, on=ON + timedelta(days=2 * 366)).criteria
    assert (today.status, two_years_on.status) == ("met", "not_met")
    assert two_years_on == run(given_answers, fresh(duration), on=ON + timedelta(days=2 * 366)).criteria[0]


def test_numbers_of_another_type_are_remembered_apart():
    age = [replace(spec, texts={**spec.texts, "met": "You are {age}."}) for spec in SHARED if spec.key == "age"]
    assert run(answers(age=38), age).criteria[0].explanation == "You are 38."
    assert run(answers(age=38.0), age).criteria[0].explanation == "You are 38.0."


def test_an_unhashable_answer_is_worked_out_instead_of_remembered():
    walking = [spec for spec in fresh(SHARED) if spec.key == a.WALKING]
    result = run(answers(walking={"not": "a valid answer"}), walking)
    assert result.criteria[0].status == "not_met"
    assert walking[0].findings_memo == {}


def test_a_kind_that_does_not_declare_what_it_reads_is_never_remembered(monkeypatch):
    walking = fresh([spec for spec in SHARED if spec.key == a.WALKING])
    monkeypatch.setattr(KINDS[a.WALKING], "reads", None)
    assert run(answers(walking="wheelchair"), walking).criteria[0].status == "not_met"
    assert walking[0].findings_memo == {}


def test_the_memo_of_a_criterion_keeps_at_most_memo_size_findings(monkeypatch):
    monkeypatch.setattr(engine, "MEMO_SIZE", 5)
    age = fresh([spec for spec in SHARED if spec.key == a.AGE])
    for years in range(30, 38):
        run(answers(age=years), age)
    memo = age[0].findings_memo
    assert len(memo) == 5
    # The oldest went first: the last five ages are kept.
    assert sorted(key[1] for key in memo) == [((int, years), (int, years)) for years in range(33, 38)]


def test_a_new_day_drops_the_findings_of_the_day_before():
    walking = fresh([spec for spec in SHARED if spec.key == a.WALKING])
    run(answers(walking="one_aid"), walking)
    run(answers(walking="two_aids"), walking)
    run(answers(walking="one_aid"), walking, on=ON + timedelta(days=1))
    assert list(walking[0].findings_memo) == [(ON + timedelta(days=1), "one_aid")]


def test_a_new_spec_for_a_new_version_starts_with_an_empty_memo():
    walking = [spec for spec in fresh(SHARED) if spec.key == a.WALKING]
    run(answers(walking="two_aids"), walking)
    assert walking[0].findings_memo
    republished = [replace(walking[0], settings={"accepted": [*walking[0].settings["accepted"], "two_aids"]})]
    assert republished[0].findings_memo == {}
    assert run(answers(walking="two_aids"), republished).criteria[0].status == "met"


def test_a_pickled_spec_leaves_its_memo_behind():
    spec = fresh(SHARED)[0]
    run(answers(), [spec])
    copy = pickle.loads(pickle.dumps(spec))  # noqa: S301 (our own object)
    assert copy == spec
    assert copy.findings_memo == {}


@pytest.mark.parametrize("required", [True, False])
def test_remembered_advisories_come_back_with_their_finding(required):
    conditions = [replace(spec, required=required) for spec in SHARED if spec.key == a.HEALTH_CONDITIONS]
    first = run(answers(health_conditions=["heart", "cancer"]), conditions)
    again = run(answers(health_conditions=["heart", "cancer"]), conditions)
    assert again == first
    assert len(again.advisories) == (0 if required else 2)
