"""Each criterion kind on its own: how it decides, what its texts may quote, and how advisories behave."""

from datetime import date

import pytest

from hsct_screen.rules import KINDS, Advisory, CriterionSpec, Finding, Status, evaluate
from hsct_screen.rules import answers as a
from hsct_screen.rules.engine import outcome_for, render_text
from hsct_screen.rules.kinds import CONDITION_LABELS
from tests.rules.helpers import ON, answers

DEFAULT_SETTINGS = {
    "ms_type": {"accepted": ["rrms"]},
    "disease_duration": {"max_years": 10},
    "walking": {"accepted": ["no_limit", "unaided_short", "one_aid"]},
    "inflammatory_activity": {"relapses_alone": ["two_or_more"], "relapses_with_mri": ["one"], "mri_alone": False},
    "treatment_failure": {"accepted": ["one", "two_or_more"], "require_high_efficacy": False},
    "age": {"min_age": 18, "max_age": 55},
    "health_conditions": {"conditions": {"heart": "Heart advice.", "cancer": "Cancer advice."}},
}


def status(key, settings=None, **overrides):
    return KINDS[key].status(answers(**overrides), settings or DEFAULT_SETTINGS[key], ON)


def spec(key, *, required=True, settings=None, met="met", not_met="not met", unknown="unknown"):
    return CriterionSpec(
        key=key,
        required=required,
        settings=settings or DEFAULT_SETTINGS[key],
        title=key.title(),
        texts={"met": met, "not_met": not_met, "unknown": unknown},
        learn_more_url=f"/learn/page/#{key}",
    )


def test_every_kind_is_registered_under_its_own_key():
    assert set(KINDS) == set(DEFAULT_SETTINGS)
    assert all(kind.key == key for key, kind in KINDS.items())


@pytest.mark.parametrize("key", list(KINDS))
def test_every_kind_describes_its_settings_with_known_types(key):
    schema = KINDS[key].settings_schema
    assert schema, key
    # Settings with a declared default may be left out (older sets and files lack them).
    assert {name for name, field in schema.items() if "default" not in field} == set(DEFAULT_SETTINGS[key])
    for field in schema.values():
        assert field["type"] in {"choices", "int", "bool", "messages"}
        if field["type"] in {"choices", "messages"}:
            assert field["values"]
            assert a.UNSURE not in field["values"], "a kind never sees unsure, so it cannot accept it"
        if field["type"] == "int":
            assert field["min"] <= field["max"]


# MS type
@pytest.mark.parametrize(
    ("ms_type", "accepted", "expected"),
    [
        ("rrms", ["rrms"], Status.MET),
        ("spms", ["rrms"], Status.NOT_MET),
        ("spms", ["rrms", "spms"], Status.MET),
        ("unsure", ["rrms"], Status.UNKNOWN),
        # Unsure is met when every type it could be is accepted, and not met when none is.
        ("unsure", ["rrms", "spms", "ppms", "cis"], Status.MET),
        ("unsure", [], Status.NOT_MET),
    ],
)
def test_ms_type_decides_on_the_accepted_types(ms_type, accepted, expected):
    assert status("ms_type", {"accepted": accepted}, ms_type=ms_type) == expected


# Disease duration
@pytest.mark.parametrize(
    ("years", "max_years", "expected"),
    [(0, 10, Status.MET), (10, 10, Status.MET), (11, 10, Status.NOT_MET), (0, 0, Status.MET), (1, 0, Status.NOT_MET)],
)
def test_disease_duration_counts_whole_years_from_the_evaluation_year(years, max_years, expected):
    assert status("disease_duration", {"max_years": max_years}, diagnosis_year=ON.year - years) == expected


def test_disease_duration_uses_the_year_only_not_the_day():
    kind = KINDS["disease_duration"]
    given = answers(diagnosis_year=2015)
    assert kind.status(given, {"max_years": 10}, date(2025, 1, 1)) == Status.MET
    assert kind.status(given, {"max_years": 10}, date(2025, 12, 31)) == Status.MET
    assert kind.status(given, {"max_years": 10}, date(2026, 1, 1)) == Status.NOT_MET


def test_disease_duration_offers_years_diagnosis_year_and_limit():
    values = KINDS["disease_duration"].placeholders(answers(diagnosis_year=2019), {"max_years": 10}, ON)
    assert values == {"max_years": 10, "years": ON.year - 2019, "diagnosis_year": 2019}


# Walking
@pytest.mark.parametrize("level", a.WALKING_LEVELS)
def test_walking_is_met_only_for_accepted_levels(level):
    accepted = ["no_limit", "one_aid"]
    expected = Status.MET if level in accepted else Status.NOT_MET
    assert status("walking", {"accepted": accepted}, walking=level) == expected


# Inflammatory activity
@pytest.mark.parametrize(
    ("relapses", "mri", "settings", "expected"),
    [
        ("none", "yes", {"relapses_alone": [], "relapses_with_mri": [], "mri_alone": True}, Status.MET),
        ("none", "no", {"relapses_alone": [], "relapses_with_mri": [], "mri_alone": True}, Status.NOT_MET),
        ("none", "unsure", {"relapses_alone": [], "relapses_with_mri": [], "mri_alone": True}, Status.UNKNOWN),
        ("one", "no", {"relapses_alone": ["one", "two_or_more"], "relapses_with_mri": [], "mri_alone": False}, Status.MET),
        ("unsure", "no", {"relapses_alone": ["none", "one", "two_or_more"], "relapses_with_mri": [], "mri_alone": False}, Status.MET),
        ("two_or_more", "yes", {"relapses_alone": [], "relapses_with_mri": [], "mri_alone": False}, Status.NOT_MET),
        ("unsure", "yes", {"relapses_alone": [], "relapses_with_mri": [], "mri_alone": True}, Status.MET),
    ],
)  # fmt: skip
def test_inflammatory_activity_follows_its_settings(relapses, mri, settings, expected):
    assert status("inflammatory_activity", settings, relapses_12m=relapses, mri_activity_12m=mri) == expected


# Treatment failure
HIGH_EFFICACY_DEMANDED = {"accepted": ["one", "two_or_more"], "require_high_efficacy": True}


@pytest.mark.parametrize(
    ("dmt", "high", "expected"),
    [
        ("one", "yes", Status.MET),
        ("one", "no", Status.NOT_MET),
        ("one", "unsure", Status.UNKNOWN),
        ("one", ..., Status.UNKNOWN),
        ("two_or_more", "yes", Status.MET),
        ("none", "yes", Status.NOT_MET),
        ("unsure", "yes", Status.UNKNOWN),
        ("unsure", ..., Status.UNKNOWN),
    ],
)
def test_treatment_failure_can_demand_a_failed_high_efficacy_medicine(dmt, high, expected):
    assert (
        status("treatment_failure", HIGH_EFFICACY_DEMANDED, dmt_failures=dmt, high_efficacy_dmt_failed=high) == expected
    )


def test_treatment_failure_can_demand_two_failed_medicines():
    settings = {"accepted": ["two_or_more"], "require_high_efficacy": False}
    assert status("treatment_failure", settings, dmt_failures="one") == Status.NOT_MET
    assert status("treatment_failure", settings, dmt_failures="two_or_more") == Status.MET


@pytest.mark.parametrize("high", ["yes", "no", "unsure", ...])
def test_treatment_failure_ignores_the_high_efficacy_answer_unless_demanded(high):
    assert status("treatment_failure", dmt_failures="one", high_efficacy_dmt_failed=high) == Status.MET


# Age
@pytest.mark.parametrize(
    ("age", "expected"), [(17, Status.NOT_MET), (18, Status.MET), (55, Status.MET), (56, Status.NOT_MET)]
)
def test_age_is_met_inside_the_range_inclusive(age, expected):
    assert status("age", age=age) == expected


def test_age_offers_the_age_and_the_range():
    assert KINDS["age"].placeholders(answers(age=60), {"min_age": 18, "max_age": 55}, ON) == {
        "age": 60,
        "min_age": 18,
        "max_age": 55,
    }


# Health conditions
def test_health_conditions_flags_only_conditions_with_a_message():
    settings = DEFAULT_SETTINGS["health_conditions"]
    assert status("health_conditions", settings, health_conditions=[]) == Status.MET
    assert status("health_conditions", settings, health_conditions=["lung"]) == Status.MET
    assert status("health_conditions", settings, health_conditions=["lung", "heart"]) == Status.NOT_MET


def test_health_conditions_name_each_flagged_condition_in_the_text_and_advisories():
    kind = KINDS["health_conditions"]
    given = answers(health_conditions=["heart", "cancer", "lung"])
    settings = DEFAULT_SETTINGS["health_conditions"]
    assert kind.placeholders(given, settings, ON) == {
        "conditions": f"{CONDITION_LABELS['heart']}, {CONDITION_LABELS['cancer']}"
    }
    assert kind.advisory_messages(given, settings, "ignored") == ["Heart advice.", "Cancer advice."]


def test_every_condition_has_a_plain_label():
    assert set(CONDITION_LABELS) == set(a.CONDITIONS)


@pytest.mark.parametrize("key", ["ms_type", "walking", "age", "disease_duration", "treatment_failure"])
def test_a_plain_kind_advises_with_its_explanation(key):
    assert KINDS[key].advisory_messages(answers(), DEFAULT_SETTINGS[key], "the explanation") == ["the explanation"]


# The engine around the kinds
def test_required_criterion_not_met_gives_no_advisory():
    result = evaluate(answers(walking="wheelchair"), [spec("walking")], on=ON, version="v")
    assert result.criteria[0].status == Status.NOT_MET
    assert result.advisories == ()
    assert str(result.outcome) == "unlikely_candidate"


def test_advisory_criterion_not_met_gives_its_explanation_as_advisory_and_keeps_the_outcome():
    result = evaluate(
        answers(walking="wheelchair"),
        [spec("walking", required=False, not_met="Ask about walking.")],
        on=ON,
        version="v",
    )
    assert result.advisories == (Advisory("walking", "Ask about walking.", "/learn/page/#walking"),)
    assert str(result.outcome) == "possible_candidate"


def test_advisory_criterion_unknown_advises_with_the_unknown_text():
    result = evaluate(answers(ms_type="unsure"), [spec("ms_type", required=False)], on=ON, version="v")
    assert [advisory.message for advisory in result.advisories] == ["unknown"]
    assert str(result.outcome) == "possible_candidate"


def test_advisory_criterion_that_is_met_gives_no_advisory():
    result = evaluate(answers(age=30), [spec("age", required=False)], on=ON, version="v")
    assert result.advisories == ()


def test_an_advisory_with_an_empty_text_is_left_out():
    result = evaluate(answers(age=70), [spec("age", required=False, not_met="")], on=ON, version="v")
    assert result.criteria[0].status == Status.NOT_MET
    assert result.advisories == ()


def test_a_criterion_left_out_of_the_list_plays_no_part():
    """A disabled criterion is simply not handed to the engine."""
    result = evaluate(answers(walking="wheelchair"), [spec("ms_type")], on=ON, version="v")
    assert [finding.key for finding in result.criteria] == ["ms_type"]
    assert str(result.outcome) == "possible_candidate"


def test_no_criteria_at_all_is_a_possible_candidate_with_nothing_listed():
    result = evaluate(answers(), [], on=ON, version="empty")
    assert result.as_dict() == {
        "outcome": "possible_candidate",
        "criteria_version": "empty",
        "criteria": [],
        "advisories": [],
        "comparisons": [],
    }


def test_an_unknown_criterion_key_raises():
    with pytest.raises(ValueError, match="no criterion kind called 'edss'"):
        evaluate(answers(), [spec("ms_type"), CriterionSpec("edss", True, {}, "EDSS", {})], on=ON, version="v")


def test_the_finding_carries_title_required_and_link():
    (finding,) = evaluate(answers(), [spec("walking")], on=ON, version="v").criteria
    assert finding.as_dict() == {
        "key": "walking",
        "status": "met",
        "required": True,
        "title": "Walking",
        "explanation": "met",
        "learn_more_url": "/learn/page/#walking",
    }


def test_a_missing_text_for_a_status_gives_an_empty_explanation():
    criterion = CriterionSpec("walking", True, DEFAULT_SETTINGS["walking"], "Walking", {})
    (finding,) = evaluate(answers(), [criterion], on=ON, version="v").criteria
    assert finding.explanation == ""


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "possible_candidate"),
        ([(True, Status.MET)], "possible_candidate"),
        ([(True, Status.UNKNOWN), (True, Status.MET)], "more_information_needed"),
        ([(True, Status.UNKNOWN), (True, Status.NOT_MET)], "unlikely_candidate"),
        ([(False, Status.NOT_MET), (False, Status.UNKNOWN)], "possible_candidate"),
        ([(False, Status.NOT_MET), (True, Status.UNKNOWN)], "more_information_needed"),
    ],
)
def test_outcome_for_applies_the_contract_rule(statuses, expected):
    findings = [Finding("k", status, required, "", "", "") for required, status in statuses]
    assert str(outcome_for(findings)) == expected


# Text placeholders
@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("You are {age}.", "You are 60."),
        ("{age} and {age}", "60 and 60"),
        ("No placeholders.", "No placeholders."),
        ("", ""),
        ("Unknown {nope} stays, {age} fills.", "Unknown {nope} stays, 60 fills."),
        ("Broken {age", "Broken {age"),
        ("Broken } brace {age}", "Broken } brace {age}"),
        ("{", "{"),
        ("}", "}"),
        ("{}", "{}"),
        ("{0}", "{0}"),
        ("{{age}} is escaped, {age} is not", "{age} is escaped, 60 is not"),
        ("{age[0]}", "{age[0]}"),
        ("{age.real}", "{age.real}"),
        ("{age.__class__}", "{age.__class__}"),
        ("{age!r}", "{age!r}"),
        ("{age:>99999999999}", "{age:>99999999999}"),
        ("{age:d}", "{age:d}"),
        ("{age:{nope}}", "{age:{nope}}"),
        ("{ age }", "{ age }"),
    ],
)
def test_render_text_fills_plain_placeholders_and_never_crashes(template, expected):
    assert render_text(template, {"age": 60}) == expected


@pytest.mark.parametrize(
    ("key", "overrides", "template", "expected"),
    [
        ("disease_duration", {"diagnosis_year": 2013}, "{diagnosis_year}: {years} of {max_years}", "2013: 12 of 10"),
        ("age", {"age": 60}, "{age} not in {min_age}-{max_age}", "60 not in 18-55"),
        ("health_conditions", {"health_conditions": ["cancer"]}, "About {conditions}.", "About cancer."),
        ("walking", {"walking": "wheelchair"}, "{walking} stays", "{walking} stays"),
    ],
)
def test_each_kind_fills_its_own_placeholders_in_the_explanation(key, overrides, template, expected):
    criterion = spec(key, met=template, not_met=template, unknown=template)
    (finding,) = evaluate(answers(**overrides), [criterion], on=ON, version="v").criteria
    assert finding.explanation == expected


def test_advisory_messages_are_not_rendered_as_templates():
    settings = {"conditions": {"heart": "Keep {braces} and {age} as written."}}
    result = evaluate(
        answers(health_conditions=["heart"]),
        [spec("health_conditions", required=False, settings=settings)],
        on=ON,
        version="v",
    )
    assert [advisory.message for advisory in result.advisories] == ["Keep {braces} and {age} as written."]


@pytest.mark.parametrize(
    ("key", "overrides", "expected"),
    [
        ("ms_type", {"ms_type": "rrms"}, True),
        ("ms_type", {"ms_type": "cis"}, False),
        ("disease_duration", {"diagnosis_year": ON.year - 10}, True),
        ("disease_duration", {"diagnosis_year": ON.year - 11}, False),
        ("walking", {"walking": "one_aid"}, True),
        ("walking", {"walking": "two_aids"}, False),
        ("inflammatory_activity", {"relapses_12m": "one", "mri_activity_12m": "yes"}, True),
        ("inflammatory_activity", {"relapses_12m": "one", "mri_activity_12m": "no"}, False),
        ("treatment_failure", {"dmt_failures": "two_or_more"}, True),
        ("treatment_failure", {"dmt_failures": "none"}, False),
        ("age", {"age": 40}, True),
        ("age", {"age": 56}, False),
        ("health_conditions", {"health_conditions": ["lung"]}, True),
        ("health_conditions", {"health_conditions": ["heart"]}, False),
    ],
)
def test_each_kind_decides_on_definite_answers(key, overrides, expected):
    assert KINDS[key].decide(answers(**overrides), DEFAULT_SETTINGS[key], ON) is expected


@pytest.mark.parametrize("key", ["ms_type", "walking", "inflammatory_activity", "treatment_failure"])
def test_kinds_whose_settings_are_lists_or_switches_offer_no_placeholders(key):
    # A list of codes or true/false reads badly inside a sentence, so these texts quote nothing.
    assert KINDS[key].placeholders(answers(), DEFAULT_SETTINGS[key], ON) == {}


@pytest.mark.parametrize("key", list(KINDS))
def test_each_kind_gives_exactly_the_placeholders_it_declares(key):
    for overrides in ({}, {"health_conditions": ["heart"]}, {"age": 70, "diagnosis_year": 1990}):
        values = KINDS[key].placeholders(answers(**overrides), DEFAULT_SETTINGS[key], ON)
        assert set(values) == set(KINDS[key].text_placeholders)


@pytest.mark.parametrize("key", list(KINDS))
def test_each_setting_and_placeholder_declares_a_label(key):
    kind = KINDS[key]
    assert all(spec["label"].strip() for spec in kind.settings_schema.values())
    assert all(text.strip() for text in kind.text_placeholders.values())


@pytest.mark.parametrize("key", list(KINDS))
def test_each_kind_accepts_its_default_settings(key):
    from hsct_screen.rules.schema import check_settings

    clean, problems = check_settings(KINDS[key], DEFAULT_SETTINGS[key])
    assert problems == []
    assert clean == KINDS[key].with_defaults(DEFAULT_SETTINGS[key])
