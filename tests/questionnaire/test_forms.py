"""StepForm.valid_answers, used to save an answer, accepts exactly what the form accepts and cleans it the same."""

from datetime import date

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from hsct_screen.questionnaire import forms, labels, steps
from hsct_screen.rules import answers as a

TODAY = date(2026, 11, 24)


def _offered(key: str) -> list[str]:
    return [*labels.CHOICE_LABELS.get(key, {}), *labels.WEB_ONLY_CHOICES.get(key, {})]


# What a browser (or someone editing the request) may send for one answer: offered values, numbers in many
# shapes, empty, unknown and odd text. Several values for one name too (a tampered radio, many boxes ticked).
TEXTS = st.one_of(
    st.sampled_from(sorted({value for key in a.ALL_KEYS for value in _offered(key)})),
    st.integers(min_value=-5, max_value=2100).map(str),
    st.integers(min_value=1950, max_value=2030).map(str),  # years, some before the person was born
    st.integers(min_value=10, max_value=80).map(str),  # ages
    st.sampled_from(["", " ", "2 019", "２０１９", "1e3", "34.0", "abc", "none", "yes", "\x00"]),
    st.text(max_size=6),
)
VALUES = st.one_of(st.none(), st.lists(TEXTS, min_size=1, max_size=4))
OTHERS = st.fixed_dictionaries(
    {},
    optional={
        a.DIAGNOSIS_YEAR: st.integers(min_value=1950, max_value=2026),
        a.AGE: st.integers(min_value=0, max_value=120),
        a.DMT_FAILURES: st.sampled_from(["none", "one", "two_or_more", "unsure"]),
    },
)


def _post(values: dict[str, list[str] | None]) -> QueryDict:
    data = QueryDict(mutable=True)
    data["csrfmiddlewaretoken"] = "x" * 64
    for key, sent in values.items():
        if sent is not None:
            data.setlist(key, sent)
    return data


def _form_result(step, data, others):
    form = step.form_class(data, today=TODAY, other_answers=others)
    return form.cleaned_data if form.is_valid() else None


@pytest.mark.parametrize("step", steps.STEPS, ids=lambda step: step.slug)
@settings(max_examples=150, deadline=None, derandomize=True)
@given(sent=st.data(), others=OTHERS)
def test_valid_answers_agrees_with_the_form_on_anything_sent(step, sent, others):
    data = _post({key: sent.draw(VALUES, label=key) for key in step.keys})
    others = {key: value for key, value in others.items() if key not in step.keys}

    assert step.form_class.valid_answers(data, today=TODAY, other_answers=others) == _form_result(step, data, others)


@pytest.mark.parametrize(
    ("step_slug", "sent", "others", "expected"),
    [
        ("ms-type", {"ms_type": ["rrms"]}, {}, {"ms_type": "rrms"}),
        ("ms-type", {"ms_type": ["rrms", "spms"]}, {}, {"ms_type": "spms"}),  # as QueryDict.get: the last one
        ("ms-type", {}, {}, None),
        ("diagnosis", {"diagnosis_year": [" 2 019 "]}, {}, {"diagnosis_year": 2019}),
        ("diagnosis", {"diagnosis_year": ["2027"]}, {}, None),
        ("diagnosis", {"diagnosis_year": ["2019"]}, {"age": 3}, None),  # diagnosed before birth
        ("age", {"age": ["3"]}, {"diagnosis_year": 2019}, {"age": 3}),  # the clash is said on the diagnosis page
        ("activity", {"relapses_12m": ["one"]}, {}, None),
        (
            "activity",
            {"relapses_12m": ["one"], "mri_activity_12m": ["no"]},
            {},
            {"relapses_12m": "one", "mri_activity_12m": "no"},
        ),
        ("medicines", {"dmt_failures": ["not_taken"]}, {}, {"dmt_failures": "none"}),
        ("health", {"health_conditions": ["lung", "heart"]}, {}, {"health_conditions": ["heart", "lung"]}),
        ("health", {"health_conditions": ["none"]}, {}, {"health_conditions": []}),
        ("health", {"health_conditions": ["none", "heart"]}, {}, None),
        ("health", {}, {}, None),
    ],
)
def test_valid_answers_cleans_as_the_form_does(step_slug, sent, others, expected):
    step = steps.get_step(step_slug)
    data = _post(sent)

    assert step.form_class.valid_answers(data, today=TODAY, other_answers=others) == expected
    assert _form_result(step, data, others) == expected


def test_the_widgets_are_shared_but_every_field_has_its_own_copy():
    first = forms.MsTypeForm(today=TODAY)
    second = forms.MsTypeForm(today=TODAY)

    assert forms.answer_widget(a.MS_TYPE) is forms.answer_widget(a.MS_TYPE)
    assert first.fields[a.MS_TYPE].widget is not second.fields[a.MS_TYPE].widget
    assert first.fields[a.MS_TYPE].widget is not forms.answer_widget(a.MS_TYPE)
