"""The one shared answer validator: every kind of bad input the contract names, and the form's text mode."""

from datetime import date

import pytest

from hsct_screen.questionnaire.answers import (
    ANSWER_FIELDS,
    NON_FIELD,
    FieldError,
    InvalidAnswers,
    clean_answer,
    validate_answers,
)
from hsct_screen.rules import answers as a
from tests.factories import answers

TODAY = date(2025, 6, 1)


def valid(**overrides):
    return answers(on=TODAY, **overrides)


def errors_for(data, **kwargs) -> dict:
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers(data, today=TODAY, **kwargs)
    errors = caught.value.errors
    assert all(isinstance(messages, list) and messages for messages in errors.values())
    assert all(isinstance(message, str) and message for messages in errors.values() for message in messages)
    return errors


def test_every_contract_key_has_a_checker():
    assert set(ANSWER_FIELDS) == set(a.ALL_KEYS)


def test_valid_answers_come_back_clean():
    assert validate_answers(valid(), today=TODAY) == valid()


def test_optional_answers_may_be_left_out():
    clean = validate_answers(valid(high_efficacy_dmt_failed=..., health_conditions=...), today=TODAY)
    assert a.HIGH_EFFICACY_FAILED not in clean
    assert clean.get(a.HEALTH_CONDITIONS, []) == []


@pytest.mark.parametrize("key", a.REQUIRED_KEYS)
def test_a_missing_required_answer_is_named(key):
    assert list(errors_for(valid(**{key: ...}))) == [key]


def test_every_missing_answer_is_named_at_once():
    assert set(errors_for({})) == set(a.REQUIRED_KEYS)


BAD_VALUES = [
    # (key, value) pairs the contract calls wrong types or unknown values
    ("ms_type", "RRMS"),
    ("ms_type", "relapsing"),
    ("ms_type", ""),
    ("ms_type", 1),
    ("ms_type", True),
    ("ms_type", ["rrms"]),
    ("ms_type", {"value": "rrms"}),
    ("ms_type", None),
    ("walking", "far"),
    ("walking", "unsure"),  # walking has no "I'm not sure"
    ("walking", None),
    ("relapses_12m", 2),
    ("relapses_12m", "two"),
    ("mri_activity_12m", True),
    ("mri_activity_12m", "maybe"),
    ("dmt_failures", "three"),
    ("dmt_failures", 0),
    ("high_efficacy_dmt_failed", "perhaps"),
    ("high_efficacy_dmt_failed", False),
    ("high_efficacy_dmt_failed", None),
    ("diagnosis_year", "2020"),
    ("diagnosis_year", 2020.5),
    ("diagnosis_year", True),
    ("diagnosis_year", False),
    ("diagnosis_year", None),
    ("diagnosis_year", [2020]),
    ("diagnosis_year", 1939),
    ("diagnosis_year", 2026),
    ("diagnosis_year", 99999),
    ("diagnosis_year", -2020),
    ("age", 0),
    ("age", 121),
    ("age", -1),
    ("age", "34"),
    ("age", True),
    ("age", None),
    ("age", 10**100),
    ("health_conditions", "heart"),
    ("health_conditions", {"heart": True}),
    ("health_conditions", None),
    ("health_conditions", ["heart", "heart"]),
    ("health_conditions", ["flu"]),
    ("health_conditions", ["Heart"]),
    ("health_conditions", [1]),
    ("health_conditions", [None]),
    ("health_conditions", [["heart"]]),
    ("health_conditions", True),
]


@pytest.mark.parametrize(("key", "value"), BAD_VALUES, ids=[f"{key}={value!r}"[:60] for key, value in BAD_VALUES])
def test_a_bad_answer_is_an_error_naming_only_that_field(key, value):
    assert list(errors_for(valid(**{key: value}))) == [key]


@pytest.mark.parametrize(("key", "value"), BAD_VALUES, ids=[f"{key}={value!r}"[:60] for key, value in BAD_VALUES])
def test_clean_answer_raises_a_coded_field_error_for_the_same_bad_answers(key, value):
    with pytest.raises(FieldError) as caught:
        clean_answer(key, value, today=TODAY)
    assert caught.value.code in {"required", "type", "invalid_choice", "min_value", "max_value", "duplicate"}
    assert str(caught.value.message)


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("ms_type", None, "required"),
        ("ms_type", 1, "type"),
        ("ms_type", "x", "invalid_choice"),
        ("diagnosis_year", "2020", "type"),
        ("diagnosis_year", True, "type"),
        ("diagnosis_year", 1939, "min_value"),
        ("diagnosis_year", 2026, "max_value"),
        ("age", 0, "min_value"),
        ("age", 121, "max_value"),
        ("health_conditions", ["lung", "lung"], "duplicate"),
        ("health_conditions", ["x"], "invalid_choice"),
        ("health_conditions", None, "type"),
    ],
)
def test_field_errors_carry_a_code_for_the_kind_of_problem(key, value, code):
    with pytest.raises(FieldError) as caught:
        clean_answer(key, value, today=TODAY)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("key", "value"), [("diagnosis_year", 1940), ("diagnosis_year", 2025), ("age", 1), ("age", 120)]
)
def test_the_limits_themselves_are_accepted(key, value):
    assert validate_answers(valid(**{key: value}), today=TODAY)[key] == value


def test_the_diagnosis_year_limit_follows_the_evaluation_date():
    assert validate_answers(valid(diagnosis_year=2026), today=date(2026, 1, 1))["diagnosis_year"] == 2026
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers(valid(diagnosis_year=2025), today=date(2024, 12, 31))
    assert list(caught.value.errors) == ["diagnosis_year"]
    assert "2024" in caught.value.errors["diagnosis_year"][0]


def test_a_future_year_message_says_it_cannot_be_in_the_future():
    (message,) = errors_for(valid(diagnosis_year=2030))["diagnosis_year"]
    assert "future" in message
    assert "2025" in message


def test_an_unknown_key_is_named():
    errors = errors_for(valid(edss=3.5))
    assert list(errors) == ["edss"]


def test_a_very_long_unknown_key_is_named_shortened():
    errors = errors_for(valid(**{"x" * 500: 1}))
    assert list(errors) == ["x" * 40]


def test_every_problem_is_reported_together():
    errors = errors_for(valid(ms_type="x", age=0, walking=..., colour="blue"))
    assert set(errors) == {"ms_type", "age", "walking", "colour"}


def test_condition_duplicates_message_is_plain():
    (message,) = errors_for(valid(health_conditions=["heart", "lung", "heart"]))["health_conditions"]
    assert "once" in message


def test_conditions_come_back_in_the_contract_order():
    clean = validate_answers(valid(health_conditions=["pregnancy", "heart"]), today=TODAY)
    assert clean["health_conditions"] == ["heart", "pregnancy"]


@pytest.mark.parametrize("dmt", ["none", "unsure"])
@pytest.mark.parametrize("high", ["yes", "no", "unsure"])
def test_a_high_efficacy_answer_sent_when_not_asked_is_accepted_and_ignored(dmt, high):
    clean = validate_answers(valid(dmt_failures=dmt, high_efficacy_dmt_failed=high), today=TODAY)
    assert a.HIGH_EFFICACY_FAILED not in clean
    assert clean["dmt_failures"] == dmt


@pytest.mark.parametrize("dmt", ["one", "two_or_more"])
def test_a_high_efficacy_answer_is_kept_when_asked(dmt):
    clean = validate_answers(valid(dmt_failures=dmt, high_efficacy_dmt_failed="yes"), today=TODAY)
    assert clean[a.HIGH_EFFICACY_FAILED] == "yes"


def test_an_invalid_high_efficacy_answer_is_an_error_even_when_not_asked():
    assert list(errors_for(valid(dmt_failures="none", high_efficacy_dmt_failed="maybe"))) == [a.HIGH_EFFICACY_FAILED]


@pytest.mark.parametrize("body", [None, [], [valid()], "rrms", 42, 4.2, True, b"{}"], ids=repr)
def test_a_body_that_is_not_an_object_is_a_non_field_error(body):
    errors = errors_for(body)
    assert list(errors) == [NON_FIELD]
    assert "JSON object" in errors[NON_FIELD][0]


def test_keys_limits_the_check_to_some_answers():
    assert validate_answers({"age": 40}, today=TODAY, keys=["age"]) == {"age": 40}
    assert list(errors_for({"age": 400}, keys=["age"])) == ["age"]
    assert list(errors_for({"age": 40, "nope": 1}, keys=["age"])) == ["nope"]


def test_validating_does_not_change_the_input():
    data = valid(health_conditions=["lung", "heart"], dmt_failures="none")
    snapshot = {key: (list(value) if isinstance(value, list) else value) for key, value in data.items()}
    validate_answers(data, today=TODAY)
    assert data == snapshot


# The web form's text mode: form fields arrive as strings.
@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("diagnosis_year", "2019", 2019),
        ("diagnosis_year", " 2019 ", 2019),
        ("age", "34", 34),
        ("age", "120", 120),
        ("ms_type", "rrms", "rrms"),
        ("health_conditions", [], []),
        ("health_conditions", None, []),
        ("health_conditions", ["lung", "heart"], ["heart", "lung"]),
    ],
)
def test_text_mode_accepts_form_strings(key, text, expected):
    assert clean_answer(key, text, today=TODAY, from_text=True) == expected


@pytest.mark.parametrize(
    ("key", "text", "code"),
    [
        ("diagnosis_year", "", "required"),
        ("diagnosis_year", "   ", "required"),
        ("diagnosis_year", None, "required"),
        ("diagnosis_year", "twenty", "type"),
        ("diagnosis_year", "2019.0", "type"),
        ("diagnosis_year", "-2019", "type"),
        ("diagnosis_year", "+2019", "type"),
        ("diagnosis_year", "٢٠١٩", "type"),  # Arabic-Indic digits pass isdigit() but are not what we ask for
        ("diagnosis_year", "1e3", "type"),
        ("diagnosis_year", "99999999999999999999", "type"),
        ("diagnosis_year", "1939", "min_value"),
        ("diagnosis_year", "2026", "max_value"),
        ("age", "0", "min_value"),
        ("age", "121", "max_value"),
        ("ms_type", "", "required"),
        ("ms_type", "RRMS", "invalid_choice"),
    ],
)
def test_text_mode_rejects_bad_form_strings_with_a_code(key, text, code):
    with pytest.raises(FieldError) as caught:
        clean_answer(key, text, today=TODAY, from_text=True)
    assert caught.value.code == code


def test_json_mode_never_turns_a_string_into_a_number():
    with pytest.raises(FieldError) as caught:
        clean_answer("age", "34", today=TODAY)
    assert caught.value.code == "type"
