"""A drop-down list written out in Python, for the selects of the staff queue's forms.

Django renders a select through a template for the list and one more (with another for the attributes) for each
option, about 0.25 ms a list; the queue shows five in its filters and two more, under the table, whenever a
filter matches something. This writes the same HTML as those templates (django/forms/widgets/select.html,
select_option.html and attrs.html): each value formatted and escaped as the template would, the options on
lines of their own, the whole stripped as Django's form renderer strips it. Lists with option groups, which
the staff forms do not have, are left to Django's templates.
"""

from django import forms
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

# Read only, for its defaults: autoescape on, the current time zone and localisation (as a form's context has).
_CONTEXT = Context()


def _as_format_s(value):
    """`{{ value|stringformat:'s' }}`: the filter keeps text marked safe as safe, then the variable is escaped."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 - exactly what the filter does
    except (ValueError, TypeError):
        text = ""
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attributes(attrs) -> str:
    """attrs.html: ` name="value"` for each attribute, ` name` alone for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        name = render_value_in_context(name, _CONTEXT)
        parts.append(f" {name}" if value is True else f' {name}="{_as_format_s(value)}"')
    return "".join(parts)


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        optgroups = context["optgroups"]
        if any(group_name for group_name, _options, _index in optgroups):
            return super().render(name, value, attrs, renderer)
        parts = [f'<select name="{render_value_in_context(context["name"], _CONTEXT)}"{_attributes(context["attrs"])}>']
        for _group_name, options, _index in optgroups:
            for option in options:
                label = render_value_in_context(option["label"], _CONTEXT)
                parts.append(
                    f'\n  <option value="{_as_format_s(option["value"])}"{_attributes(option["attrs"])}>{label}</option>\n'
                )
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every name, value and label above is escaped
