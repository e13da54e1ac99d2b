"""Every combination of the enumerated answers against an oracle written straight from the contract's table.

The oracle below repeats the contract in plain `if`s on purpose: it shares no code with
the engine, so a mistake in either shows up as a difference.
"""

from itertools import product

from hsct_screen.rules import evaluate
from tests.rules.helpers import ON, default_specs

ABSENT = "(absent)"

MS_TYPES = ["rrms", "spms", "ppms", "cis", "unsure"]
WALKING = ["no_limit", "unaided_short", "one_aid", "two_aids", "wheelchair"]
RELAPSES = ["none", "one", "two_or_more", "unsure"]
MRI = ["yes", "no", "no_scan", "unsure"]
DMT_FAILURES = ["none", "one", "two_or_more", "unsure"]
HIGH_EFFICACY = ["yes", "no", "unsure", ABSENT]
YEARS_SINCE_DIAGNOSIS = [10, 11]  # the last year within the limit, the first over it
AGES = [18, 55, 17, 56]  # inside at both edges, outside at both edges


def oracle(ms_type, walking, relapses, mri, dmt, years, age):
    """Statuses, outcome and advisory keys exactly as the contract's default table reads."""
    statuses = {}
    if ms_type == "rrms":
        statuses["ms_type"] = "met"
    elif ms_type == "unsure":
        statuses["ms_type"] = "unknown"
    else:
        statuses["ms_type"] = "not_met"
    statuses["disease_duration"] = "met" if years <= 10 else "not_met"
    statuses["walking"] = "met" if walking in ("no_limit", "unaided_short", "one_aid") else "not_met"
    if relapses == "two_or_more" or (relapses == "one" and mri == "yes"):
        statuses["inflammatory_activity"] = "met"
    elif relapses == "none" or (relapses == "one" and mri == "no"):
        statuses["inflammatory_activity"] = "not_met"
    else:  # relapses unsure, or one with MRI unsure or no_scan
        statuses["inflammatory_activity"] = "unknown"
    if dmt in ("one", "two_or_more"):
        statuses["treatment_failure"] = "met"
    elif dmt == "none":
        statuses["treatment_failure"] = "not_met"
    else:
        statuses["treatment_failure"] = "unknown"
    if "not_met" in statuses.values():
        outcome = "unlikely_candidate"
    elif "unknown" in statuses.values():
        outcome = "more_information_needed"
    else:
        outcome = "possible_candidate"
    advisories = ["age"] if age < 18 or age > 55 else []
    return statuses, outcome, advisories


def test_every_combination_of_answers_matches_the_contract_table():
    specs = default_specs()
    required_keys = [spec.key for spec in specs if spec.required]
    failures = []
    checked = 0
    for ms_type, walking, relapses, mri, dmt, high, years, age in product(
        MS_TYPES, WALKING, RELAPSES, MRI, DMT_FAILURES, HIGH_EFFICACY, YEARS_SINCE_DIAGNOSIS, AGES
    ):
        given = {
            "ms_type": ms_type,
            "diagnosis_year": ON.year - years,
            "walking": walking,
            "relapses_12m": relapses,
            "mri_activity_12m": mri,
            "dmt_failures": dmt,
            "age": age,
            "health_conditions": [],
        }
        if high != ABSENT:
            given["high_efficacy_dmt_failed"] = high
        result = evaluate(given, specs, on=ON, version="v")
        got = (
            {f.key: str(f.status) for f in result.criteria if f.key in required_keys},
            str(result.outcome),
            [advisory.key for advisory in result.advisories],
        )
        expected = oracle(ms_type, walking, relapses, mri, dmt, years, age)
        checked += 1
        if got != expected:
            failures.append(f"answers={given} on={ON}\n    got      {got}\n    expected {expected}")
    assert checked == 5 * 5 * 4 * 4 * 4 * 4 * 2 * 4
    assert not failures, f"{len(failures)} of {checked} combinations differ from the contract:\n" + "\n".join(failures)


def test_every_outcome_appears_among_the_combinations():
    """Guards the oracle itself: a table that only ever says one thing would prove nothing."""
    outcomes = {
        oracle(*combination, 10, 30)[1] for combination in product(MS_TYPES, WALKING, RELAPSES, MRI, DMT_FAILURES)
    }
    assert outcomes == {"possible_candidate", "unlikely_candidate", "more_information_needed"}


CONDITIONS = ["heart", "lung", "kidney", "liver", "cancer", "infection", "pregnancy", "previous_hsct"]


def conditions_oracle(conditions):
    """Contract v2: one health-conditions advisory per condition given, previous_hsct included; outcome unchanged."""
    return ["health_conditions"] * len(conditions)


def test_every_health_condition_alone_and_all_together_give_one_advisory_each():
    specs = default_specs()
    cases = [[condition] for condition in CONDITIONS] + [CONDITIONS, []]
    for conditions in cases:
        given = {
            "ms_type": "rrms",
            "diagnosis_year": ON.year - 3,
            "walking": "no_limit",
            "relapses_12m": "two_or_more",
            "mri_activity_12m": "yes",
            "dmt_failures": "one",
            "age": 30,
            "health_conditions": conditions,
        }
        result = evaluate(given, specs, on=ON, version="v")
        assert str(result.outcome) == "possible_candidate", conditions
        assert [advisory.key for advisory in result.advisories] == conditions_oracle(conditions), conditions
