"""The rules engine's comparisons: the same answers against other sets, in order, without touching the outcome."""

from dataclasses import replace
from datetime import date

from hsct_screen.rules import KINDS, ComparisonSet, CriterionSpec, Status, compare, evaluate
from tests.rules.helpers import ON, answers, default_specs


def walking_set(key, accepted, *, case_by_case=(), status="in_use", kind="guideline"):
    spec = CriterionSpec(
        key="walking",
        required=True,
        settings={"accepted": list(accepted), "case_by_case": list(case_by_case)},
        title="Walking",
        texts={"met": "ok", "not_met": "no", "unknown": "ask"},
    )
    return ComparisonSet(
        key=key,
        title=key.upper(),
        kind=kind,
        source=f"{key} source",
        status=status,
        status_checked_on=date(2026, 11, 24),
        criteria=[spec],
        registry_url=f"https://example.org/{key}",
    )


def test_each_set_gives_its_own_outcome_in_the_order_given():
    sets = [
        walking_set("b", ["no_limit"]),
        walking_set("a", ["two_aids"], case_by_case=["one_aid"], status="closed", kind="trial"),
        walking_set("c", ["one_aid"]),
    ]
    got = compare(answers(walking="one_aid"), sets, on=ON)
    assert [(c.key, str(c.outcome)) for c in got] == [
        ("b", "unlikely_candidate"),
        ("a", "more_information_needed"),
        ("c", "possible_candidate"),
    ]


def test_a_comparison_carries_the_contract_fields():
    (comparison,) = compare(answers(), [walking_set("trial-x", ["no_limit"], status="recruiting", kind="trial")], on=ON)
    data = comparison.as_dict()
    assert {"key", "title", "kind", "outcome", "source", "status", "status_checked_on", "criteria"} <= set(data)
    assert data["status_checked_on"] == "2026-11-24"
    assert (data["kind"], data["status"], data["registry_url"]) == (
        "trial",
        "recruiting",
        "https://example.org/trial-x",
    )
    assert data["criteria"][0]["key"] == "walking"


def test_no_sets_give_no_comparisons_and_comparisons_never_change_the_outcome():
    given = answers(walking="two_aids")
    alone = evaluate(given, default_specs(), on=ON, version="v")
    assert compare(given, [], on=ON) == ()
    with_others = replace(alone, comparisons=compare(given, [walking_set("x", ["two_aids"])], on=ON))
    assert with_others.outcome == alone.outcome
    assert with_others.as_dict()["comparisons"][0]["outcome"] == "possible_candidate"


def test_a_case_by_case_ms_type_is_unknown_never_not_met():
    kind = KINDS["ms_type"]
    settings = {"accepted": ["rrms"], "case_by_case": ["ppms"]}
    assert kind.status(answers(ms_type="ppms"), settings, ON) == Status.UNKNOWN
    assert kind.status(answers(ms_type="cis"), settings, ON) == Status.NOT_MET
    assert kind.status(answers(ms_type="rrms"), settings, ON) == Status.MET
    # Without the optional setting (sets made before it existed) the kind behaves as before.
    assert kind.status(answers(ms_type="ppms"), {"accepted": ["rrms"]}, ON) == Status.NOT_MET


def test_a_case_by_case_walking_level_is_unknown():
    settings = {"accepted": ["no_limit"], "case_by_case": ["one_aid"]}
    assert KINDS["walking"].status(answers(walking="one_aid"), settings, ON) == Status.UNKNOWN
    assert KINDS["walking"].status(answers(walking="wheelchair"), settings, ON) == Status.NOT_MET


def test_a_longer_activity_window_turns_too_little_activity_into_unknown():
    kind = KINDS["inflammatory_activity"]
    settings = {"relapses_alone": ["two_or_more"], "relapses_with_mri": [], "mri_alone": False, "longer_window": True}
    assert kind.status(answers(relapses_12m="none", mri_activity_12m="no"), settings, ON) == Status.UNKNOWN
    assert kind.status(answers(relapses_12m="two_or_more"), settings, ON) == Status.MET
    strict = {**settings, "longer_window": False}
    assert kind.status(answers(relapses_12m="none", mri_activity_12m="no"), strict, ON) == Status.NOT_MET
