"""The options of a radio or checkbox question, written out in Python.

The same HTML as a `{% for option in field %}` loop in the field's template, at a fraction of the cost: that loop
(about 30 template lookups, conditions and escapes per option) was the largest part of rendering a question page.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

# Where "None of these" starts a group of its own in the list of health conditions.
DIVIDED = {"health_conditions": "none"}

_OPTION = (
    "\n"
    '      <div class="form-check">\n'
    '        <input type="{}" name="{}" value="{}" class="{}" id="{}"{}{}>\n'
    '        <label class="form-check-label" for="{}">{}</label>\n'
    "      </div>\n"
    "      "
)


@register.simple_tag
def choice_options(field):
    """Each option's input and label; `aria-invalid` on every input of a field with errors."""
    invalid = mark_safe(' aria-invalid="true"') if field.errors else ""
    checked = mark_safe(" checked")
    divider_before = DIVIDED.get(field.name)
    parts = []
    for option in field:
        data = option.data
        value = data["value"]
        if divider_before is not None and value == divider_before:
            parts.append(format_html('\n      <p class="choices-divider">{}</p>', gettext("or")))
        option_id = option.id_for_label
        parts.append(
            format_html(
                _OPTION,
                data["type"],
                data["name"],
                value,
                data["attrs"].get("class", ""),
                option_id,
                invalid,
                checked if data["selected"] else "",
                option_id,
                option.choice_label,
            )
        )
    return format_html_join("", "{}", ((part,) for part in parts))
