"""Template filters that show a stored outcome or status with its one label (criteria.labels), e.g. on staff pages."""

from django import template

from hsct_screen.criteria import labels

register = template.Library()


@register.filter
def outcome_label(value):
    return labels.outcome_label(value)


@register.filter
def status_label(value):
    return labels.status_label(value)
