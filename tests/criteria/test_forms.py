"""The one criterion validator and the typed admin forms built on it."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError

from hsct_screen.criteria.forms import criterion_form_class, validate_criterion
from hsct_screen.criteria.services import DEFAULT_SET_FILE
from hsct_screen.rules import KINDS
from tests.criteria.conftest import criterion_of
from tests.factories import criterion_form_data

DEFAULTS = {item["key"]: item for item in json.loads(DEFAULT_SET_FILE.read_text())["criteria"]}


def default(key, **changes):
    item = copy.deepcopy(DEFAULTS[key])
    settings = changes.pop("settings", None)
    if settings:
        item["settings"].update(settings)
    item.update(changes)
    return item


def errors_of(data) -> dict:
    with pytest.raises(ValidationError) as caught:
        validate_criterion(data)
    return caught.value.message_dict


@pytest.mark.parametrize("key", list(DEFAULTS))
def test_every_shipped_default_criterion_is_valid(key):
    assert validate_criterion(DEFAULTS[key])["settings"] == DEFAULTS[key]["settings"]


def test_every_kind_has_a_shipped_default():
    assert set(DEFAULTS) == set(KINDS)


@pytest.mark.parametrize(
    ("years", "message"),
    [
        (-1, "0 or more"),
        (61, "more than any treatment centre"),
        (500, "Enter 60 or fewer"),
        ("ten", "whole number"),
        (True, "whole number"),
        (10.5, "whole number"),
    ],
)
def test_impossible_disease_years_are_refused_with_a_clear_message(years, message):
    errors = errors_of(default("disease_duration", settings={"max_years": years}))
    assert message in " ".join(errors["settings.max_years"])


@pytest.mark.parametrize("years", [0, 10, 15, 60])
def test_sensible_disease_years_are_accepted(years):
    assert validate_criterion(default("disease_duration", settings={"max_years": years}))["settings"] == {
        "max_years": years
    }


def test_an_empty_set_of_accepted_walking_levels_is_refused():
    errors = errors_of(default("walking", settings={"accepted": []}))
    assert "at least one" in errors["settings.accepted"][0]


@pytest.mark.parametrize("accepted", [["no_limit", "flying"], "no_limit", [1], ["one_aid", "one_aid"]])
def test_accepted_values_must_be_a_list_of_known_distinct_values(accepted):
    assert "settings.accepted" in errors_of(default("walking", settings={"accepted": accepted}))


def test_accepted_values_are_kept_in_the_schema_order():
    clean = validate_criterion(default("walking", settings={"accepted": ["one_aid", "no_limit"]}))
    assert clean["settings"]["accepted"] == ["no_limit", "one_aid"]


def test_an_age_range_with_min_above_max_is_refused():
    errors = errors_of(default("age", settings={"min_age": 50, "max_age": 40}))
    assert "must not be below" in errors["settings.max_age"][0]


@pytest.mark.parametrize(("name", "value"), [("min_age", 0), ("max_age", 121)])
def test_ages_outside_what_a_person_can_answer_are_refused(name, value):
    assert f"settings.{name}" in errors_of(default("age", settings={name: value}))


def test_inflammatory_activity_needs_at_least_one_way_to_be_met():
    data = default(
        "inflammatory_activity", settings={"relapses_alone": [], "relapses_with_mri": [], "mri_alone": False}
    )
    assert "at least one way" in errors_of(data)["settings"][0]


def test_inflammatory_activity_may_count_mri_lesions_alone():
    data = default("inflammatory_activity", settings={"relapses_alone": [], "relapses_with_mri": [], "mri_alone": True})
    assert validate_criterion(data)["settings"]["mri_alone"] is True


def test_high_efficacy_failure_is_a_true_or_false_setting_of_treatment_failure():
    assert validate_criterion(default("treatment_failure", settings={"require_high_efficacy": True}))
    errors = errors_of(default("treatment_failure", settings={"require_high_efficacy": "yes"}))
    assert errors["settings.require_high_efficacy"] == ["Must be true or false."]


def test_unknown_and_missing_settings_are_named():
    data = default("disease_duration")
    data["settings"] = {"maximum_years": 10}
    errors = errors_of(data)
    assert "settings.maximum_years" in errors
    assert errors["settings.max_years"] == ["This setting is missing."]


def test_health_condition_advice_must_name_known_conditions_and_say_something():
    data = default("health_conditions")
    data["settings"] = {"conditions": {"heart": "  ", "elbow": "Sore elbow."}}
    errors = errors_of(data)
    assert "settings.conditions.heart" in errors
    assert "settings.conditions.elbow" in errors


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("disease_duration", "Diagnosed {diagnosis_year}, {years} years, limit {max_years}."),
        ("age", "You are {age}; range {min_age} to {max_age}."),
        ("health_conditions", "You told us about {conditions}."),
        ("walking", "No placeholders at all."),
    ],
)
def test_texts_may_use_the_placeholders_their_kind_offers(key, text):
    assert validate_criterion(default(key, text_met=text))["text_met"] == text


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("walking", "About {years} years.", "is not a placeholder"),
        ("walking", "Levels that count: {accepted}.", "is not a placeholder"),
        ("disease_duration", "About {age} years.", "is not a placeholder"),
        ("disease_duration", "About {years years.", "do not match"),
        ("disease_duration", "About years} years.", "do not match"),
        ("disease_duration", "About {years!r} years.", "is not a placeholder"),
        ("disease_duration", "About {0} years.", "is not a placeholder"),
        ("health_conditions", "Conditions: {conditions} {conditions.heart}", "is not a placeholder"),
    ],
)
def test_texts_with_unknown_placeholders_or_unbalanced_braces_are_refused(key, text, message):
    assert message in errors_of(default(key, text_not_met=text))["text_not_met"][0]


@pytest.mark.parametrize(
    ("learn_more", "message"),
    [
        ("who-may-be-a-candidate", "page-name#section"),
        ("/learn/who-may-be-a-candidate/#walking", "page-name#section"),
        ("no-such-page#walking", "no learn-more page"),
        ("who-may-be-a-candidate#no-such-section", "has no section"),
        ("risks#walking", "has no section"),
    ],
)
def test_a_learn_more_link_to_a_missing_page_or_anchor_is_refused(learn_more, message):
    assert message in errors_of(default("walking", learn_more=learn_more))["learn_more"][0]


def test_a_criterion_may_have_no_learn_more_link():
    assert validate_criterion(default("walking", learn_more=""))["learn_more"] == ""


def test_missing_unknown_and_wrongly_typed_fields_are_each_named():
    data = default("walking", required="yes", extra=1)
    del data["title"]
    errors = errors_of(data)
    assert errors["title"] == ["This field is missing."]
    assert errors["required"] == ["Must be true or false."]
    assert "extra" in errors


def test_an_unknown_kind_is_refused():
    data = {**default("walking"), "key": "shoe_size"}
    assert "Unknown criterion kind" in errors_of(data)["key"][0]


def test_an_empty_title_is_refused():
    assert "title" in errors_of(default("walking", title="   "))


# --- the typed admin form ------------------------------------------------------------------------


def form_data(criterion, **overrides):
    data = criterion_form_data(criterion, **overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_the_form_for_each_kind_has_one_typed_field_per_setting():
    form = criterion_form_class("inflammatory_activity")()
    assert {"setting_relapses_alone", "setting_relapses_with_mri", "setting_mri_alone"} <= set(form.fields)
    assert "settings" not in form.fields
    conditions = criterion_form_class("health_conditions")()
    assert "setting_conditions__heart" in conditions.fields


@pytest.mark.django_db
def test_the_typed_form_saves_a_valid_change(draft):
    criterion = criterion_of(draft, "disease_duration")
    form = criterion_form_class("disease_duration")(form_data(criterion, setting_max_years="12"), instance=criterion)
    assert form.is_valid(), form.errors
    form.save()
    criterion.refresh_from_db()
    assert criterion.settings == {"max_years": 12}


@pytest.mark.django_db
def test_the_typed_form_refuses_what_the_validator_refuses_on_the_right_field(draft):
    criterion = criterion_of(draft, "age")
    form = criterion_form_class("age")(
        form_data(criterion, setting_min_age="60", setting_max_age="40", learn_more="who-may-be-a-candidate#nope"),
        instance=criterion,
    )
    assert not form.is_valid()
    assert "must not be below" in form.errors["setting_max_age"][0]
    assert "has no section" in form.errors["learn_more"][0]


@pytest.mark.django_db
def test_the_typed_form_refuses_an_empty_number_once(draft):
    criterion = criterion_of(draft, "disease_duration")
    form = criterion_form_class("disease_duration")(form_data(criterion), instance=criterion)
    assert not form.is_valid()
    assert len(form.errors["setting_max_years"]) == 1


@pytest.mark.django_db
def test_the_typed_form_refuses_inflammatory_activity_with_no_way_to_be_met(draft):
    criterion = criterion_of(draft, "inflammatory_activity")
    form = criterion_form_class("inflammatory_activity")(form_data(criterion), instance=criterion)
    assert not form.is_valid()
    assert "at least one way" in form.non_field_errors()[0]


@pytest.mark.django_db
def test_an_emptied_condition_advice_stops_that_condition_being_flagged(draft):
    criterion = criterion_of(draft, "health_conditions")
    advice = {f"setting_conditions__{c}": text for c, text in criterion.settings["conditions"].items() if c != "cancer"}
    form = criterion_form_class("health_conditions")(form_data(criterion, **advice), instance=criterion)
    assert form.is_valid(), form.errors
    form.save()
    criterion.refresh_from_db()
    assert "cancer" not in criterion.settings["conditions"]
    assert "heart" in criterion.settings["conditions"]
