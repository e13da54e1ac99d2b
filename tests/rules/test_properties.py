"""Properties the contract promises, checked with random answers and random criteria settings."""

import json
from dataclasses import replace
from datetime import date
from itertools import product

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hsct_screen.rules import KINDS, CriterionSpec, Outcome, Status, evaluate
from hsct_screen.rules import answers as a
from tests.rules.helpers import ON, default_specs

UNSURE_KEYS = [key for key, values in a.CHOICES.items() if a.UNSURE in values]


# Answers that meet every default criterion; random answers lean towards them, or almost every
# example would already be unlikely and the properties about the other outcomes would go untested.
MEETS_DEFAULTS = {
    a.MS_TYPE: "rrms",
    a.WALKING: "no_limit",
    a.RELAPSES: "two_or_more",
    a.MRI_ACTIVITY: "yes",
    a.DMT_FAILURES: "one",
    a.HIGH_EFFICACY_FAILED: "yes",
}


def leaning(good, anything):
    return st.one_of(st.just(good), anything) if good is not None else anything


@st.composite
def answer_sets(draw, *, on: date = ON):
    given = {
        key: draw(leaning(MEETS_DEFAULTS[key], st.sampled_from(a.CHOICES[key])))
        for key in a.CHOICES
        if key != a.HIGH_EFFICACY_FAILED
    }
    if draw(st.booleans()):
        given[a.HIGH_EFFICACY_FAILED] = draw(st.sampled_from(a.CHOICES[a.HIGH_EFFICACY_FAILED]))
    given[a.DIAGNOSIS_YEAR] = draw(st.one_of(st.integers(max(on.year - 10, 1940), on.year), st.integers(1940, on.year)))
    given[a.AGE] = draw(st.one_of(st.integers(18, 55), st.integers(a.MIN_AGE, a.MAX_AGE)))
    given[a.HEALTH_CONDITIONS] = draw(st.lists(st.sampled_from(a.CONDITIONS), unique=True))
    return given


# Texts as an admin might type them, placeholders and stray braces included.
admin_texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "{", "}", "{age", "{0}", "{}", "{years} of {max_years}", "{nope}", "{age[0]}", "{age.real}"]),
    st.sampled_from(["{age:>99999999999}", "{conditions!r}", "{min_age}-{max_age}", "{{literal}}"]),
)


def setting_values(schema: dict):
    kind = schema["type"]
    if kind == "choices":
        return st.lists(
            st.sampled_from(schema["values"]), unique=True, min_size=0 if schema.get("allow_empty") else 1
        ).map(tuple if len(schema["values"]) % 2 else list)
    if kind == "int":
        return st.integers(schema["min"], schema["max"])
    if kind == "bool":
        return st.booleans()
    if kind == "messages":
        return st.dictionaries(st.sampled_from(schema["values"]), admin_texts)
    raise AssertionError(f"a settings type the tests do not know: {kind}")


@st.composite
def criterion_specs(draw, key: str):
    schema = KINDS[key].settings_schema
    return CriterionSpec(
        key=key,
        required=draw(st.booleans()),
        settings={name: draw(setting_values(field)) for name, field in schema.items()},
        title=draw(st.text(max_size=20)),
        texts={status: draw(admin_texts) for status in ("met", "not_met", "unknown")},
        learn_more_url=draw(st.sampled_from(["", "/learn/who-may-be-a-candidate/#age"])),
    )


@st.composite
def criteria_lists(draw):
    """Any subset of the kinds, in any order, each with random settings (like an admin could make)."""
    keys = draw(st.permutations(list(KINDS)))
    keys = keys[: draw(st.integers(0, len(keys)))]
    return [draw(criterion_specs(key)) for key in keys]


any_criteria = st.one_of(st.just(default_specs()), criteria_lists())


def contract_outcome(result) -> str:
    required = [str(finding.status) for finding in result.criteria if finding.required]
    if "not_met" in required:
        return "unlikely_candidate"
    if "unknown" in required:
        return "more_information_needed"
    return "possible_candidate"


def run(answers, criteria):
    return evaluate(answers, criteria, on=ON, version="test")


@settings(deadline=None, max_examples=150)
@given(answers=answer_sets(), criteria=any_criteria, key=st.sampled_from(UNSURE_KEYS))
def test_changing_one_answer_to_unsure_never_makes_the_outcome_unlikely(answers, criteria, key):
    before = run(answers, criteria)
    after = run({**answers, key: a.UNSURE}, criteria)
    # Filtering with assume() would throw most random criteria lists away; a plain implication is as strict.
    if before.outcome != Outcome.UNLIKELY_CANDIDATE:
        assert after.outcome != Outcome.UNLIKELY_CANDIDATE, (answers, key)


@settings(deadline=None, max_examples=150)
@given(answers=answer_sets(), criteria=any_criteria, key=st.sampled_from(UNSURE_KEYS))
def test_an_unsure_answer_never_turns_a_criterion_from_met_or_unknown_to_not_met(answers, criteria, key):
    before = {finding.key: finding.status for finding in run(answers, criteria).criteria}
    after = {finding.key: finding.status for finding in run({**answers, key: a.UNSURE}, criteria).criteria}
    for criterion, status in before.items():
        if status != Status.NOT_MET:
            assert after[criterion] != Status.NOT_MET, (answers, key, criterion)


def definite_replacements(answers):
    """Every way to replace the unsure (or unasked high-efficacy) answers with definite ones."""
    open_keys = [key for key in UNSURE_KEYS if answers.get(key, a.UNSURE) == a.UNSURE]
    for values in product(*(a.definite_values(key) for key in open_keys)):
        yield {**answers, **dict(zip(open_keys, values, strict=True))}


@settings(deadline=None, max_examples=150)
@given(answers=answer_sets(), criteria=any_criteria)
def test_unlikely_with_unsure_answers_is_unlikely_for_every_definite_replacement(answers, criteria):
    assume(any(answers.get(key, a.UNSURE) == a.UNSURE for key in UNSURE_KEYS))
    assume(run(answers, criteria).outcome == Outcome.UNLIKELY_CANDIDATE)
    for definite in definite_replacements(answers):
        assert run(definite, criteria).outcome == Outcome.UNLIKELY_CANDIDATE, (answers, definite)


@settings(deadline=None, max_examples=150)
@given(answers=answer_sets(), criteria=any_criteria)
def test_a_met_criterion_with_unsure_answers_is_met_for_every_definite_replacement(answers, criteria):
    met = {f.key for f in run(answers, criteria).criteria if f.status == Status.MET}
    for definite in definite_replacements(answers):
        statuses = {f.key: f.status for f in run(definite, criteria).criteria}
        assert all(statuses[key] == Status.MET for key in met), (answers, definite)


@settings(deadline=None, max_examples=150)
@given(answers=answer_sets(), criteria=any_criteria)
def test_the_outcome_follows_the_contract_rule(answers, criteria):
    result = run(answers, criteria)
    assert str(result.outcome) == contract_outcome(result)


@settings(deadline=None, max_examples=150)
@given(first=answer_sets(), second=answer_sets())
def test_answers_with_the_same_required_statuses_get_the_same_outcome(first, second):
    criteria = default_specs()
    one, two = run(first, criteria), run(second, criteria)
    if [(f.key, f.status) for f in one.criteria if f.required] == [
        (f.key, f.status) for f in two.criteria if f.required
    ]:
        assert one.outcome == two.outcome, (first, second)


@settings(deadline=None, max_examples=150)
@given(answers=answer_sets(), criteria=any_criteria, data=st.data())
def test_the_outcome_ignores_everything_but_the_required_statuses(answers, criteria, data):
    """Order, titles, texts and links of the criteria never move the outcome."""
    result = run(answers, criteria)
    reworded = [
        replace(spec, title="T", texts={"met": "x", "not_met": "y", "unknown": "z"}, learn_more_url="/elsewhere")
        for spec in data.draw(st.permutations(criteria))
    ]
    assert run(answers, reworded).outcome == result.outcome


@settings(deadline=None, max_examples=200)
@given(answers=answer_sets(), criteria=any_criteria, data=st.data())
def test_advisory_criteria_never_change_the_outcome(answers, criteria, data):
    required = [spec for spec in criteria if spec.required]
    advisory = [spec for spec in criteria if not spec.required]
    kept = data.draw(st.lists(st.sampled_from(advisory), unique_by=lambda s: s.key) if advisory else st.just([]))
    baseline = run(answers, required).outcome
    assert run(answers, criteria).outcome == baseline
    assert run(answers, [*required, *kept]).outcome == baseline
    # Making a required criterion advisory can only move the outcome towards possible, never away.
    flipped = [replace(spec, required=False) for spec in criteria]
    assert run(answers, flipped).outcome == Outcome.POSSIBLE_CANDIDATE


@settings(deadline=None, max_examples=200)
@given(answers=answer_sets(), criteria=any_criteria)
def test_advisories_come_only_from_advisory_criteria_that_are_not_met(answers, criteria):
    result = run(answers, criteria)
    quiet = {f.key for f in result.criteria if f.required or f.status == Status.MET}
    assert all(advisory.key not in quiet for advisory in result.advisories)
    assert all(advisory.message for advisory in result.advisories)


@settings(deadline=None, max_examples=150)
@given(answers=answer_sets(), criteria=any_criteria)
def test_the_result_is_deterministic(answers, criteria):
    first = run(answers, criteria).as_dict()
    assert run(dict(answers), list(criteria)).as_dict() == first
    assert run(dict(reversed(answers.items())), criteria).as_dict() == first


@settings(deadline=None, max_examples=200)
@given(answers=answer_sets(), criteria=criteria_lists())
def test_random_settings_never_crash_and_keep_the_contract_shape(answers, criteria):
    data = run(answers, criteria).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"outcome", "criteria_version", "criteria", "advisories", "comparisons"}
    assert data["outcome"] in {str(outcome) for outcome in Outcome}
    assert data["criteria_version"] == "test"
    assert [item["key"] for item in data["criteria"]] == [spec.key for spec in criteria]
    for item, spec in zip(data["criteria"], criteria, strict=True):
        assert set(item) == {"key", "status", "required", "title", "explanation", "learn_more_url"}
        assert item["status"] in {"met", "not_met", "unknown"}
        assert item["required"] is spec.required
        assert isinstance(item["explanation"], str)
    for item in data["advisories"]:
        assert set(item) == {"key", "message", "learn_more_url"}
        assert isinstance(item["message"], str)
        assert item["message"]


@settings(deadline=None, max_examples=100)
@given(answers=answer_sets(on=date(2040, 1, 1)), year=st.integers(2040, 2100))
def test_any_evaluation_date_on_or_after_the_diagnosis_year_works(answers, year):
    on = date(year, 1, 1)
    result = evaluate(answers, default_specs(), on=on, version="v")
    duration = next(f for f in result.criteria if f.key == "disease_duration")
    expected = Status.MET if year - answers[a.DIAGNOSIS_YEAR] <= 10 else Status.NOT_MET
    assert duration.status == expected
