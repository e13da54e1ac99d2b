"""The options of a radio or checkbox question as written out by `{% choice_options %}`: one input and label per
choice, the chosen ones checked, every input marked invalid on an error, and "None" set apart in the conditions."""

import re
from datetime import date

from django.template import Context, Template
from django.utils.html import conditional_escape

from hsct_screen.questionnaire.forms import HealthForm, MsTypeForm

TODAY = date(2026, 11, 24)
OPTIONS = Template("{% load question_fields %}{% choice_options field %}")


def _options(form, name: str) -> str:
    return OPTIONS.render(Context({"field": form[name]}))


def _inputs(html: str) -> list[str]:
    return re.findall(r"<input [^>]*>", html)


def test_each_choice_has_an_input_and_a_label_that_names_it():
    form = MsTypeForm(initial={}, today=TODAY)
    html = _options(form, "ms_type")

    choices = list(form.fields["ms_type"].widget.choices)
    assert len(_inputs(html)) == len(choices)
    for index, (value, label) in enumerate(choices):
        option_id = f"id_ms_type_{index}"
        assert f'type="radio" name="ms_type" value="{value}"' in html
        assert f'id="{option_id}"' in html
        assert f'<label class="form-check-label" for="{option_id}">{conditional_escape(label)}</label>' in html


def test_the_chosen_answer_is_checked_and_no_other():
    html = _options(MsTypeForm(initial={"ms_type": "spms"}, today=TODAY), "ms_type")

    checked = [tag for tag in _inputs(html) if tag.endswith(" checked>")]
    assert len(checked) == 1 and 'value="spms"' in checked[0]


def test_every_input_of_a_question_with_an_error_is_marked_invalid():
    form = MsTypeForm({}, today=TODAY, other_answers={})
    assert not form.is_valid()

    assert all('aria-invalid="true"' in tag for tag in _inputs(_options(form, "ms_type")))
    assert "aria-invalid" not in _options(MsTypeForm(initial={}, today=TODAY), "ms_type")


def test_none_of_the_health_conditions_is_set_apart_by_an_or():
    html = _options(HealthForm(initial={"health_conditions": ["none"]}, today=TODAY), "health_conditions")

    assert html.count('<p class="choices-divider">or</p>') == 1
    assert html.index("choices-divider") < html.index('value="none"')
    assert 'type="checkbox"' in html
    assert [tag for tag in _inputs(html) if tag.endswith(" checked>")] == [
        next(tag for tag in _inputs(html) if 'value="none"' in tag)
    ]


def test_the_divider_belongs_to_the_health_conditions_only():
    assert "choices-divider" not in _options(MsTypeForm(initial={}, today=TODAY), "ms_type")
