"""The screening contract's default-criteria table as numbered scenarios, run against the shipped criteria."""

import pytest

from hsct_screen.rules import evaluate
from tests.rules.helpers import ON, answers, default_specs, default_version

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
POSSIBLE, UNLIKELY, MORE_INFO = "possible_candidate", "unlikely_candidate", "more_information_needed"


def row(scenario_id, overrides, statuses, outcome, advisories=()):
    """One scenario: answers changed from the all-met base, the statuses and outcome the contract gives."""
    return pytest.param(overrides, statuses, outcome, list(advisories), id=scenario_id)


SCENARIOS = [
    # Type of MS
    row("S01-rrms-met", {"ms_type": "rrms"}, {"ms_type": MET}, POSSIBLE),
    row("S02-spms-not-met", {"ms_type": "spms"}, {"ms_type": NOT_MET}, UNLIKELY),
    row("S03-ppms-not-met", {"ms_type": "ppms"}, {"ms_type": NOT_MET}, UNLIKELY),
    row("S04-cis-not-met", {"ms_type": "cis"}, {"ms_type": NOT_MET}, UNLIKELY),
    row("S05-ms-type-unsure-unknown", {"ms_type": "unsure"}, {"ms_type": UNKNOWN}, MORE_INFO),
    # Time since diagnosis: evaluation year minus diagnosis year
    row("S06-duration-0-met", {"diagnosis_year": ON.year}, {"disease_duration": MET}, POSSIBLE),
    row("S07-duration-10-met", {"diagnosis_year": ON.year - 10}, {"disease_duration": MET}, POSSIBLE),
    row("S08-duration-11-not-met", {"diagnosis_year": ON.year - 11}, {"disease_duration": NOT_MET}, UNLIKELY),
    row("S09-duration-1940-not-met", {"diagnosis_year": 1940}, {"disease_duration": NOT_MET}, UNLIKELY),
    # Walking
    row("S10-walking-no-limit-met", {"walking": "no_limit"}, {"walking": MET}, POSSIBLE),
    row("S11-walking-unaided-short-met", {"walking": "unaided_short"}, {"walking": MET}, POSSIBLE),
    row("S12-walking-one-aid-met", {"walking": "one_aid"}, {"walking": MET}, POSSIBLE),
    row("S13-walking-two-aids-not-met", {"walking": "two_aids"}, {"walking": NOT_MET}, UNLIKELY),
    row("S14-walking-wheelchair-not-met", {"walking": "wheelchair"}, {"walking": NOT_MET}, UNLIKELY),
    # Relapses in 12 months x new or enhancing MRI lesions in 12 months
    row("S15-relapses-2plus-mri-yes-met", {"relapses_12m": "two_or_more", "mri_activity_12m": "yes"}, {"inflammatory_activity": MET}, POSSIBLE),
    row("S16-relapses-2plus-mri-no-met", {"relapses_12m": "two_or_more", "mri_activity_12m": "no"}, {"inflammatory_activity": MET}, POSSIBLE),
    row("S17-relapses-2plus-mri-unsure-met", {"relapses_12m": "two_or_more", "mri_activity_12m": "unsure"}, {"inflammatory_activity": MET}, POSSIBLE),
    row("S18-relapses-1-mri-yes-met", {"relapses_12m": "one", "mri_activity_12m": "yes"}, {"inflammatory_activity": MET}, POSSIBLE),
    row("S19-relapses-1-mri-no-not-met", {"relapses_12m": "one", "mri_activity_12m": "no"}, {"inflammatory_activity": NOT_MET}, UNLIKELY),
    row("S20-relapses-1-mri-unsure-unknown", {"relapses_12m": "one", "mri_activity_12m": "unsure"}, {"inflammatory_activity": UNKNOWN}, MORE_INFO),
    row("S21-relapses-none-mri-yes-not-met", {"relapses_12m": "none", "mri_activity_12m": "yes"}, {"inflammatory_activity": NOT_MET}, UNLIKELY),
    row("S22-relapses-none-mri-no-not-met", {"relapses_12m": "none", "mri_activity_12m": "no"}, {"inflammatory_activity": NOT_MET}, UNLIKELY),
    row("S23-relapses-none-mri-unsure-not-met", {"relapses_12m": "none", "mri_activity_12m": "unsure"}, {"inflammatory_activity": NOT_MET}, UNLIKELY),
    row("S24-relapses-unsure-mri-yes-unknown", {"relapses_12m": "unsure", "mri_activity_12m": "yes"}, {"inflammatory_activity": UNKNOWN}, MORE_INFO),
    row("S25-relapses-unsure-mri-no-unknown", {"relapses_12m": "unsure", "mri_activity_12m": "no"}, {"inflammatory_activity": UNKNOWN}, MORE_INFO),
    row("S26-relapses-unsure-mri-unsure-unknown", {"relapses_12m": "unsure", "mri_activity_12m": "unsure"}, {"inflammatory_activity": UNKNOWN}, MORE_INFO),
    # MS medicines that did not work (high-efficacy failure is not demanded as shipped)
    row("S27-dmt-none-not-met", {"dmt_failures": "none", "high_efficacy_dmt_failed": ...}, {"treatment_failure": NOT_MET}, UNLIKELY),
    row("S28-dmt-one-met", {"dmt_failures": "one"}, {"treatment_failure": MET}, POSSIBLE),
    row("S29-dmt-two-or-more-met", {"dmt_failures": "two_or_more"}, {"treatment_failure": MET}, POSSIBLE),
    row("S30-dmt-unsure-unknown", {"dmt_failures": "unsure", "high_efficacy_dmt_failed": ...}, {"treatment_failure": UNKNOWN}, MORE_INFO),
    row("S31-dmt-one-high-efficacy-yes-met", {"dmt_failures": "one", "high_efficacy_dmt_failed": "yes"}, {"treatment_failure": MET}, POSSIBLE),
    row("S32-dmt-one-high-efficacy-unsure-met", {"dmt_failures": "one", "high_efficacy_dmt_failed": "unsure"}, {"treatment_failure": MET}, POSSIBLE),
    row("S33-dmt-one-high-efficacy-absent-met", {"dmt_failures": "one", "high_efficacy_dmt_failed": ...}, {"treatment_failure": MET}, POSSIBLE),
    row("S34-dmt-none-high-efficacy-yes-ignored", {"dmt_failures": "none", "high_efficacy_dmt_failed": "yes"}, {"treatment_failure": NOT_MET}, UNLIKELY),
    # Age: advisory only, outside 18 to 55
    row("S35-age-17-advisory", {"age": 17}, {"age": NOT_MET}, POSSIBLE, ["age"]),
    row("S36-age-18-no-advisory", {"age": 18}, {"age": MET}, POSSIBLE),
    row("S37-age-55-no-advisory", {"age": 55}, {"age": MET}, POSSIBLE),
    row("S38-age-56-advisory", {"age": 56}, {"age": NOT_MET}, POSSIBLE, ["age"]),
    row("S39-age-1-advisory", {"age": 1}, {"age": NOT_MET}, POSSIBLE, ["age"]),
    row("S40-age-120-advisory", {"age": 120}, {"age": NOT_MET}, POSSIBLE, ["age"]),
    # Other health conditions: advisory only, one advisory per condition
    row("S41-no-conditions-no-advisory", {"health_conditions": []}, {"health_conditions": MET}, POSSIBLE),
    row("S42-heart-advisory", {"health_conditions": ["heart"]}, {"health_conditions": NOT_MET}, POSSIBLE, ["health_conditions"]),
    row("S43-lung-advisory", {"health_conditions": ["lung"]}, {"health_conditions": NOT_MET}, POSSIBLE, ["health_conditions"]),
    row("S44-kidney-advisory", {"health_conditions": ["kidney"]}, {"health_conditions": NOT_MET}, POSSIBLE, ["health_conditions"]),
    row("S45-liver-advisory", {"health_conditions": ["liver"]}, {"health_conditions": NOT_MET}, POSSIBLE, ["health_conditions"]),
    row("S46-cancer-advisory", {"health_conditions": ["cancer"]}, {"health_conditions": NOT_MET}, POSSIBLE, ["health_conditions"]),
    row("S47-infection-advisory", {"health_conditions": ["infection"]}, {"health_conditions": NOT_MET}, POSSIBLE, ["health_conditions"]),
    row("S48-pregnancy-advisory", {"health_conditions": ["pregnancy"]}, {"health_conditions": NOT_MET}, POSSIBLE, ["health_conditions"]),
    row("S49-all-conditions-seven-advisories", {"health_conditions": ["heart", "lung", "kidney", "liver", "cancer", "infection", "pregnancy"]}, {"health_conditions": NOT_MET}, POSSIBLE, ["health_conditions"] * 7),
    row("S50-age-and-heart-both-advisories", {"age": 60, "health_conditions": ["heart"]}, {"age": NOT_MET, "health_conditions": NOT_MET}, POSSIBLE, ["age", "health_conditions"]),
    # Outcome rule across criteria: not met beats unknown; advisories never rescue or sink
    row("S51-not-met-beats-unknown", {"ms_type": "unsure", "walking": "wheelchair"}, {"ms_type": UNKNOWN, "walking": NOT_MET}, UNLIKELY),
    row("S52-every-unsure-more-info", {"ms_type": "unsure", "relapses_12m": "unsure", "mri_activity_12m": "unsure", "dmt_failures": "unsure", "high_efficacy_dmt_failed": "unsure"}, {"ms_type": UNKNOWN, "inflammatory_activity": UNKNOWN, "treatment_failure": UNKNOWN}, MORE_INFO),
    row("S53-unlikely-keeps-advisories", {"ms_type": "ppms", "age": 70, "health_conditions": ["cancer"]}, {"ms_type": NOT_MET, "age": NOT_MET, "health_conditions": NOT_MET}, UNLIKELY, ["age", "health_conditions"]),
]  # fmt: skip

EVERY_KEY = ["ms_type", "disease_duration", "walking", "inflammatory_activity", "treatment_failure", "age", "health_conditions"]  # fmt: skip

# Words that name each condition in its advisory, so the person sees which one is meant.
CONDITION_WORDS = {
    "heart": "heart",
    "lung": "lung",
    "kidney": "kidney",
    "liver": "liver",
    "cancer": "cancer",
    "infection": "infection",
    "pregnancy": "pregnan",
}


def test_the_scenario_ids_are_numbered_in_order_without_gaps():
    numbers = [int(param.id.split("-")[0][1:]) for param in SCENARIOS]
    assert numbers == list(range(1, len(SCENARIOS) + 1))


@pytest.mark.parametrize(("overrides", "statuses", "outcome", "advisories"), SCENARIOS)
def test_default_criteria_scenario(overrides, statuses, outcome, advisories):
    given = answers(**overrides)
    result = evaluate(given, default_specs(), on=ON, version=default_version())
    found = {finding.key: str(finding.status) for finding in result.criteria}
    # Every criterion the row does not mention keeps the all-met status of the base answers.
    expected = {key: statuses.get(key, MET) for key in EVERY_KEY}
    assert found == expected, f"answers={given}"
    assert str(result.outcome) == outcome, f"answers={given}"
    assert [advisory.key for advisory in result.advisories] == advisories, f"answers={given}"


@pytest.mark.parametrize("condition", list(CONDITION_WORDS))
def test_each_condition_advisory_names_that_condition(condition):
    result = evaluate(answers(health_conditions=[condition]), default_specs(), on=ON, version="v")
    (advisory,) = result.advisories
    assert CONDITION_WORDS[condition] in advisory.message.lower()
    finding = next(f for f in result.criteria if f.key == "health_conditions")
    assert CONDITION_WORDS[condition] in finding.explanation.lower()


def test_all_conditions_give_one_advisory_each_naming_each_in_turn():
    conditions = list(CONDITION_WORDS)
    result = evaluate(answers(health_conditions=conditions), default_specs(), on=ON, version="v")
    messages = [advisory.message.lower() for advisory in result.advisories]
    assert len(messages) == len(conditions)
    for message, condition in zip(messages, conditions, strict=True):
        assert CONDITION_WORDS[condition] in message


def test_the_age_advisory_quotes_the_age_and_the_range():
    result = evaluate(answers(age=17), default_specs(), on=ON, version="v")
    (advisory,) = result.advisories
    assert "17" in advisory.message
    assert "18" in advisory.message
    assert "55" in advisory.message


def test_the_duration_text_quotes_years_and_limit():
    result = evaluate(answers(diagnosis_year=ON.year - 11), default_specs(), on=ON, version="v")
    finding = next(f for f in result.criteria if f.key == "disease_duration")
    assert str(ON.year - 11) in finding.explanation
    assert "11 years" in finding.explanation
    assert "10 years" in finding.explanation
    assert "{" not in finding.explanation


def test_the_result_names_the_criteria_version_and_lists_criteria_in_set_order():
    result = evaluate(answers(), default_specs(), on=ON, version=default_version())
    data = result.as_dict()
    assert data["criteria_version"] == "contract-default-2"
    assert [item["key"] for item in data["criteria"]] == EVERY_KEY
    assert [item["required"] for item in data["criteria"]] == [True] * 5 + [False] * 2
    assert all(item["learn_more_url"].startswith("/learn/") for item in data["criteria"])


def test_no_rendered_default_text_keeps_a_placeholder():
    for overrides, _statuses, _outcome, _advisories in (param.values for param in SCENARIOS):
        result = evaluate(answers(**overrides), default_specs(), on=ON, version="v")
        for finding in result.criteria:
            assert "{" not in finding.explanation, (overrides, finding)
        for advisory in result.advisories:
            assert advisory.message, (overrides, advisory)
