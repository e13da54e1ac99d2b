"""The staff forms' `Select` writes byte for byte what Django's select templates write: for every select of the
queue's filter and bulk-change forms, empty, filled in, with errors, in English and Spanish, and for odd values."""

import pytest
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from hsct_screen.staff import widgets
from hsct_screen.staff.forms import BulkChangeForm, QueueFilterForm

FILTERS = {
    "assignee": "me",
    "sort": "oldest",
    "outcome": "possible_candidate",
    "status": "new",
    "wants_contact": "yes",
}


def _django_select(widget: widgets.Select) -> forms.Select:
    """The same widget as Django's own Select: same attributes and choices, rendered through the templates."""
    django_widget = forms.Select(attrs=widget.attrs, choices=widget.choices)
    django_widget.is_required = widget.is_required
    return django_widget


def _selects(form):
    return [name for name, field in form.fields.items() if isinstance(field.widget, forms.Select)]


def _both(bound):
    ours = str(bound)
    bound.field.widget = _django_select(bound.field.widget)
    return ours, bound.as_widget()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "data",
    [None, FILTERS, {"status": "nonsense", "sort": "sideways", "assignee": "12345"}],
    ids=["empty", "set", "bad"],
)
def test_the_queue_filters_selects_are_the_html_django_writes(clinic_staff, other_staff, language, data):
    with translation.override(language):
        form = QueueFilterForm(data, user=clinic_staff)
        if data is not None:
            form.is_valid()
        names = _selects(form)
        assert names == ["assignee", "sort", "outcome", "status", "wants_contact"]
        for name in names:
            ours, django = _both(form[name])
            assert ours == django


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("data", [None, {"status": "closed", "assignee": "none"}, {"status": "gone"}])
def test_the_bulk_change_selects_are_the_html_django_writes(clinic_staff, language, data):
    with translation.override(language):
        form = BulkChangeForm(data, auto_id="id_bulk_%s")
        if data is not None:
            form.is_valid()
        names = _selects(form)
        assert names == ["status", "assignee"]
        for name in names:
            ours, django = _both(form[name])
            assert ours == django


def test_odd_values_labels_and_attributes_are_written_as_django_writes_them():
    choices = [
        ("", gettext_lazy("Any")),
        (1, 1000),
        ("a&b", '<b>"quoted"</b>'),
        ("safe", mark_safe("<em>kept</em>")),
        (None, "none"),
    ]
    attrs = {
        "class": "x<y",
        "disabled": True,
        "hidden": False,
        "data-n": 3,
        "data-safe": mark_safe("&amp;"),
        "data-none": None,
    }
    ours = widgets.Select(attrs=attrs, choices=choices)
    django = forms.Select(attrs=attrs, choices=choices)

    for value in ("", 1, "a&b", ["safe"], None):
        assert ours.render("pick<", value) == django.render("pick<", value)


def test_lists_with_option_groups_are_left_to_django():
    choices = [("Group <1>", [("a", "A"), ("b", "B")]), ("c", "C")]

    ours = widgets.Select(choices=choices).render("grouped", "b")

    assert ours == forms.Select(choices=choices).render("grouped", "b")
    assert '<optgroup label="Group &lt;1&gt;">' in ours
