"""The flow as data: step order, when the high-efficacy page applies, Back targets, and the step forms."""

import re
from datetime import date

import pytest

from hsct_screen.questionnaire import forms, steps
from hsct_screen.questionnaire.answers import FieldError, clean_answer
from hsct_screen.rules import answers as a
from tests.factories import answers as valid_answers

TODAY = date(2026, 6, 1)


def slugs(step_list):
    return [step.slug for step in step_list]


def test_steps_cover_every_contract_answer_once_in_order():
    keys = [key for step in steps.STEPS for key in step.keys]
    assert keys == list(a.ALL_KEYS)


def test_step_slugs_are_the_documented_ones():
    assert slugs(steps.STEPS) == [
        "ms-type",
        "diagnosis",
        "walking",
        "activity",
        "medicines",
        "high-efficacy",
        "age",
        "health",
    ]


@pytest.mark.parametrize("dmt", ["one", "two_or_more"])
def test_high_efficacy_page_applies_after_a_failed_medicine(dmt):
    answers = valid_answers(dmt_failures=dmt)
    assert steps.get_step("high-efficacy").applies(answers)
    assert steps.next_step("medicines", answers).slug == "high-efficacy"
    assert steps.previous_step("age", answers).slug == "high-efficacy"


@pytest.mark.parametrize("dmt", ["none", "unsure", None])
def test_high_efficacy_page_is_skipped_without_a_failed_medicine(dmt):
    answers = valid_answers(dmt_failures=dmt if dmt else ..., high_efficacy_dmt_failed=...)
    assert not steps.get_step("high-efficacy").applies(answers)
    assert steps.next_step("medicines", answers).slug == "age"
    assert steps.previous_step("age", answers).slug == "medicines"


def test_next_step_after_the_last_page_is_the_check_page():
    assert steps.next_step("health", valid_answers()) is None


def test_previous_step_of_the_first_page_is_the_start_page():
    assert steps.previous_step("ms-type", {}) is None


def test_first_unanswered_walks_the_pages_in_order():
    assert steps.first_unanswered({}).slug == "ms-type"
    assert steps.first_unanswered({a.MS_TYPE: "rrms"}).slug == "diagnosis"
    partly = valid_answers(mri_activity_12m=..., dmt_failures=..., high_efficacy_dmt_failed=..., age=...)
    assert steps.first_unanswered(partly).slug == "activity"


def test_first_unanswered_asks_high_efficacy_only_when_it_applies():
    assert steps.first_unanswered(valid_answers(high_efficacy_dmt_failed=...)).slug == "high-efficacy"
    assert steps.first_unanswered(valid_answers(dmt_failures="none", high_efficacy_dmt_failed=...)) is None


def test_no_conditions_ticked_still_counts_as_answered():
    assert steps.first_unanswered(valid_answers(health_conditions=[])) is None
    assert steps.first_unanswered(valid_answers(health_conditions=...)).slug == "health"


def test_a_page_is_reachable_only_after_the_pages_before_it():
    answers = {a.MS_TYPE: "rrms"}
    assert steps.is_reachable(steps.get_step("ms-type"), answers)
    assert steps.is_reachable(steps.get_step("diagnosis"), answers)
    assert not steps.is_reachable(steps.get_step("walking"), answers)


def test_changing_medicines_to_none_drops_the_high_efficacy_answer():
    answers = valid_answers(dmt_failures="one", high_efficacy_dmt_failed="yes")
    changed = steps.with_step_answers(answers, steps.get_step("medicines"), {a.DMT_FAILURES: "none"})
    assert a.HIGH_EFFICACY_FAILED not in changed
    assert changed[a.DMT_FAILURES] == "none"


def test_saving_a_page_keeps_the_other_answers():
    answers = valid_answers()
    changed = steps.with_step_answers(answers, steps.get_step("age"), {a.AGE: 50})
    assert changed == {**answers, a.AGE: 50}


def test_after_a_change_the_check_page_follows_unless_a_new_question_applies():
    complete = valid_answers(dmt_failures="none", high_efficacy_dmt_failed=...)
    assert steps.after_save(steps.get_step("walking"), complete, changing=True) is None
    now_one = {**complete, a.DMT_FAILURES: "one"}
    assert steps.after_save(steps.get_step("medicines"), now_one, changing=True).slug == "high-efficacy"
    assert steps.after_save(steps.get_step("walking"), complete, changing=False).slug == "activity"


def test_last_step_is_where_back_leads_from_the_check_page():
    assert steps.last_step(valid_answers()).slug == "health"


# The step forms


def test_answer_field_errors_are_the_shared_validators_messages():
    form = forms.DiagnosisForm({a.DIAGNOSIS_YEAR: str(TODAY.year + 1)}, today=TODAY)
    assert not form.is_valid()
    with pytest.raises(FieldError) as expected:
        clean_answer(a.DIAGNOSIS_YEAR, str(TODAY.year + 1), today=TODAY, from_text=True)
    assert form.errors[a.DIAGNOSIS_YEAR] == [str(expected.value.message)]
    assert form.errors.as_data()[a.DIAGNOSIS_YEAR][0].code == expected.value.code == "max_value"


@pytest.mark.parametrize(
    ("form_class", "data", "expected"),
    [
        (forms.MsTypeForm, {a.MS_TYPE: "rrms"}, {a.MS_TYPE: "rrms"}),
        (forms.DiagnosisForm, {a.DIAGNOSIS_YEAR: " 2019 "}, {a.DIAGNOSIS_YEAR: 2019}),
        (forms.AgeForm, {a.AGE: "34"}, {a.AGE: 34}),
        (
            forms.ActivityForm,
            {a.RELAPSES: "one", a.MRI_ACTIVITY: "unsure"},
            {a.RELAPSES: "one", a.MRI_ACTIVITY: "unsure"},
        ),
        (forms.HealthForm, {a.HEALTH_CONDITIONS: ["none"]}, {a.HEALTH_CONDITIONS: []}),
        (forms.HealthForm, {a.HEALTH_CONDITIONS: ["previous_hsct"]}, {a.HEALTH_CONDITIONS: ["previous_hsct"]}),
        (forms.MedicinesForm, {a.DMT_FAILURES: "not_taken"}, {a.DMT_FAILURES: "none"}),
        (
            forms.ActivityForm,
            {a.RELAPSES: "one", a.MRI_ACTIVITY: "no_scan"},
            {a.RELAPSES: "one", a.MRI_ACTIVITY: "no_scan"},
        ),
    ],
)
def test_step_forms_return_clean_contract_values(form_class, data, expected):
    form = form_class(data, today=TODAY)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == expected


def test_health_form_returns_conditions_in_contract_order():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist(a.HEALTH_CONDITIONS, ["pregnancy", "heart"])
    form = forms.HealthForm(data, today=TODAY)
    assert form.is_valid()
    assert form.cleaned_data[a.HEALTH_CONDITIONS] == ["heart", "pregnancy"]


@pytest.mark.parametrize("key", [a.MS_TYPE, a.RELAPSES, a.MRI_ACTIVITY, a.DMT_FAILURES, a.HIGH_EFFICACY_FAILED])
def test_im_not_sure_is_offered_where_the_contract_allows_it(key):
    form = steps.STEP_FOR_KEY[key].form_class(today=TODAY)
    assert ("unsure", "I'm not sure") in [(value, str(label)) for value, label in form.fields[key].widget.choices]


def test_walking_offers_no_unsure_option():
    form = forms.WalkingForm(today=TODAY)
    assert "unsure" not in [value for value, _label in form.fields[a.WALKING].widget.choices]


def render(form):
    from django.template.loader import render_to_string

    return render_to_string("questionnaire/fields/questions.html", {"form": form})


@pytest.mark.parametrize("form_class", [forms.MsTypeForm, forms.WalkingForm, forms.MedicinesForm, forms.HealthForm])
def test_one_question_choice_pages_put_the_h1_in_the_fieldset_legend(form_class):
    html = render(form_class(today=TODAY))
    assert html.count("<fieldset") == 1
    assert re.search(r'<legend class="legend-as-heading"><h1>[^<]+</h1></legend>', html)
    key = form_class.keys[0]
    assert f'aria-describedby="id_{key}_helptext"' in html
    assert f'id="id_{key}_helptext"' in html
    # every option is a labelled input
    for index in range(len(form_class(today=TODAY).fields[key].widget.choices)):
        assert f'id="id_{key}_{index}"' in html
        assert f'for="id_{key}_{index}"' in html


@pytest.mark.parametrize("form_class", [forms.DiagnosisForm, forms.AgeForm])
def test_number_pages_put_the_h1_around_the_label_of_a_short_numeric_input(form_class):
    key = form_class.keys[0]
    html = render(form_class(today=TODAY))
    assert re.search(rf'<h1 class="label-as-heading"><label for="id_{key}">[^<]+</label></h1>', html)
    input_tag = re.search(rf'<input[^>]*id="id_{key}"[^>]*>', html).group(0)
    for expected in (
        'type="text"',  # GOV.UK: a text box with a number keypad, so "abc" gets a clear message (issue 8)
        'inputmode="numeric"',
        'autocomplete="off"',
        "input-short",
        f'aria-describedby="id_{key}_helptext"',
    ):
        assert expected in input_tag
    assert "required" not in input_tag
    assert "<fieldset" not in html


def test_activity_page_asks_two_questions_each_in_its_own_fieldset_without_an_h1():
    html = render(forms.ActivityForm(today=TODAY))
    assert html.count("<fieldset") == 2
    assert html.count('<legend class="legend-question">') == 2
    assert "<h1" not in html


def test_errors_are_linked_to_their_field():
    form = forms.AgeForm({a.AGE: "abc"}, today=TODAY)
    assert not form.is_valid()
    html = render(form)
    assert 'aria-describedby="id_age_helptext id_age_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_age_error"' in html
    assert form.error_links() == [("id_age", form.errors[a.AGE][0])]


def test_error_links_of_a_radio_group_point_at_its_first_option():
    form = forms.ActivityForm({a.RELAPSES: "one"}, today=TODAY)
    assert not form.is_valid()
    assert [target for target, _message in form.error_links()] == ["id_mri_activity_12m_0"]
