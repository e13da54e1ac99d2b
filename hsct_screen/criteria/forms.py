"""The one validation path for a criterion: typed admin forms per kind and the checks they share with import.

`validate_criterion(data)` checks one criterion given as plain data (the export format) and
returns clean values or raises `ValidationError` keyed by dotted field names such as
`settings.max_years`. The admin's `criterion_form_class(key)` builds a typed form from the
kind's `settings_schema` and runs the very same function in its `clean()`, so the admin and
`manage.py criteria import` can never disagree about what is allowed.
"""

import re
import string
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria.labels import setting_help, setting_label, translate, value_label
from hsct_screen.criteria.models import Criterion
from hsct_screen.learn import content as learn_content
from hsct_screen.rules import KINDS
from hsct_screen.rules.schema import Problem, check_settings

NON_FIELD = "__all__"
CRITERION_FIELDS = (
    "key",
    "required",
    "enabled",
    "settings",
    "title",
    "text_met",
    "text_not_met",
    "text_unknown",
    "learn_more",
)
TEXT_FIELDS = ("text_met", "text_not_met", "text_unknown")
TITLE_MAX_LENGTH = Criterion._meta.get_field("title").max_length
TEXT_MAX_LENGTH = 2000
LEARN_MORE_PATTERN = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)#(?P<anchor>[A-Za-z0-9_-]+)$")
# The learn pages are written in English first; their section ids are the same in every language.
LEARN_LANGUAGE = "en"


def allowed_placeholders(key: str) -> tuple[str, ...]:
    """The names a kind's texts may quote: exactly what the kind declares."""
    return tuple(KINDS[key].text_placeholders)


class _Errors:
    """Collects messages per dotted field name, then raises them all at once."""

    def __init__(self):
        self.errors: dict[str, list] = {}

    def add(self, field: str, message) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def problem_message(problem: Problem) -> str:
    """A rules `Problem` in the reader's language: translate the message id, then fill in its values."""
    params = {name: translate(value) if name in problem.translate else value for name, value in problem.params.items()}
    return gettext(problem.message) % params if params else gettext(problem.message)


def validate_settings(key: str, settings, errors: _Errors, prefix: str = "settings") -> dict:
    """Check a kind's settings against the kind's own declaration (rules.schema), naming each field."""
    clean, problems = check_settings(KINDS[key], settings)
    for problem in problems:
        errors.add(f"{prefix}.{problem.setting}" if problem.setting else prefix, problem_message(problem))
    return clean


def validate_text(key: str, value: str) -> str | None:
    """Why a patient-facing text cannot be filled in, or None when it is fine."""
    allowed = allowed_placeholders(key)
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError:
        return _("The curly brackets { } do not match. Each placeholder must look like {name}.")
    for _literal, name, format_spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or format_spec or conversion:
            shown = ", ".join(f"{{{item}}}" for item in allowed) or _("none")
            return _("“{%(name)s}” is not a placeholder this criterion offers. You can use: %(allowed)s.") % {
                "name": name[:40],
                "allowed": shown,
            }
    return None


def validate_learn_more(value: str) -> str | None:
    """Why a learn-more reference does not point at a real page section, or None when it does."""
    match = LEARN_MORE_PATTERN.match(value)
    if not match:
        return _("Write the page and its section as page-name#section, for example who-may-be-a-candidate#walking.")
    try:
        page = learn_content.get_page(match["slug"], LEARN_LANGUAGE)
    except (OSError, ValueError):
        page = None
    if page is None:
        return _("There is no learn-more page called “%(slug)s”.") % {"slug": match["slug"]}
    if match["anchor"] not in page.anchors:
        return _("The page “%(slug)s” has no section “#%(anchor)s”.") % {
            "slug": match["slug"],
            "anchor": match["anchor"],
        }
    return None


def validate_criterion(data) -> dict:
    """Clean one criterion given as plain data (the export format), or raise ValidationError naming each field."""
    errors = _Errors()
    if not isinstance(data, Mapping):
        errors.add(NON_FIELD, _("Each criterion must be an object."))
        errors.raise_if_any()
    for name in data:
        if name not in CRITERION_FIELDS:
            errors.add(str(name), _("“%(name)s” is not a criterion field.") % {"name": str(name)[:40]})
    for name in CRITERION_FIELDS:
        if name not in data:
            errors.add(name, _("This field is missing."))
    clean: dict[str, Any] = {}

    key = data.get("key")
    if "key" in data:
        if not isinstance(key, str) or key not in KINDS:
            errors.add("key", _("Unknown criterion kind. Use one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)})
        else:
            clean["key"] = key

    for name in ("required", "enabled"):
        if name in data:
            if isinstance(data[name], bool):
                clean[name] = data[name]
            else:
                errors.add(name, _("Must be true or false."))

    if "key" in clean and "settings" in data:
        clean["settings"] = validate_settings(key, data["settings"], errors)

    if "title" in data:
        title = data["title"]
        if not isinstance(title, str) or not title.strip():
            errors.add("title", _("Write the title patients see."))
        elif len(title.strip()) > TITLE_MAX_LENGTH:
            errors.add("title", _("Keep the title to %(max)s characters or fewer.") % {"max": TITLE_MAX_LENGTH})
        else:
            clean["title"] = title.strip()

    for name in TEXT_FIELDS:
        if name not in data:
            continue
        text = data[name]
        if not isinstance(text, str):
            errors.add(name, _("Must be text."))
        elif len(text) > TEXT_MAX_LENGTH:
            errors.add(name, _("Keep this text under %(max)s characters.") % {"max": TEXT_MAX_LENGTH})
        elif "key" in clean and (problem := validate_text(key, text)):
            errors.add(name, problem)
        else:
            clean[name] = text.strip()

    if "learn_more" in data:
        learn_more = data["learn_more"]
        if not isinstance(learn_more, str):
            errors.add("learn_more", _("Must be text."))
        elif learn_more.strip() and (problem := validate_learn_more(learn_more.strip())):
            errors.add("learn_more", problem)
        else:
            clean["learn_more"] = learn_more.strip()

    errors.raise_if_any()
    return clean


def criterion_data(criterion: Criterion) -> dict:
    """A stored criterion in the export format."""
    return {
        "key": criterion.key,
        "required": criterion.required,
        "enabled": criterion.enabled,
        "settings": criterion.settings,
        "title": criterion.title,
        "text_met": criterion.text_met,
        "text_not_met": criterion.text_not_met,
        "text_unknown": criterion.text_unknown,
        "learn_more": criterion.learn_more,
    }


# --- The admin's typed form -------------------------------------------------------------------


def settings_field_name(name: str, condition: str = "") -> str:
    return f"setting_{name}__{condition}" if condition else f"setting_{name}"


def _settings_form_fields(key: str) -> dict[str, forms.Field]:
    """One typed field per declared setting (a text per condition for "messages"), labelled as the kind declares."""
    fields: dict[str, forms.Field] = {}
    for name, spec in KINDS[key].settings_schema.items():
        label, help_text = setting_label(key, name), setting_help(key, name)
        if spec["type"] == "choices":
            fields[settings_field_name(name)] = forms.MultipleChoiceField(
                label=label,
                choices=[(value, value_label(value)) for value in spec["values"]],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=help_text,
            )
        elif spec["type"] == "int":
            # The limits are checked by the kind's declaration in clean(); the widget only hints them.
            fields[settings_field_name(name)] = forms.IntegerField(
                label=label,
                help_text=help_text,
                widget=forms.NumberInput(attrs={"min": spec["min"], "max": spec["max"]}),
            )
        elif spec["type"] == "bool":
            fields[settings_field_name(name)] = forms.BooleanField(label=label, required=False, help_text=help_text)
        elif spec["type"] == "messages":
            for condition in spec["values"]:
                fields[settings_field_name(name, condition)] = forms.CharField(
                    label=format_lazy("{}: {}", label, value_label(condition)),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=False,
                    help_text=help_text,
                )
    return fields


def placeholders_help(key: str) -> str:
    """The placeholders a kind's texts may use, each with what it stands for, as the kind declares them."""
    declared = KINDS[key].text_placeholders
    if not declared:
        return format_lazy("{} {}", _("Placeholders you can use:"), _("none"))
    return format_lazy(
        "{} {}",
        _("Placeholders you can use:"),
        "; ".join(f"{{{name}}} = {translate(meaning)}" for name, meaning in declared.items()),
    )


class CriterionFormBase(forms.ModelForm):
    """A criterion's texts and switches, plus its kind's typed settings; checked by `validate_criterion`."""

    kind_key: str = ""

    class Meta:
        model = Criterion
        fields = ["required", "enabled", "title", "text_met", "text_not_met", "text_unknown", "learn_more"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.settings if self.instance and self.instance.pk else {}
        schema = KINDS[self.kind_key].settings_schema
        for name, spec in schema.items():
            if spec["type"] == "messages":
                for condition in spec["values"]:
                    self.fields[settings_field_name(name, condition)].initial = (current.get(name) or {}).get(
                        condition, ""
                    )
            elif name in current:
                self.fields[settings_field_name(name)].initial = current[name]
        for name in TEXT_FIELDS:
            self.fields[name].help_text = placeholders_help(self.kind_key)

    def _settings_from_form(self) -> dict:
        settings: dict[str, Any] = {}
        for name, spec in KINDS[self.kind_key].settings_schema.items():
            if spec["type"] == "messages":
                settings[name] = {
                    condition: self.cleaned_data.get(settings_field_name(name, condition), "")
                    for condition in spec["values"]
                    if (self.cleaned_data.get(settings_field_name(name, condition)) or "").strip()
                }
            elif settings_field_name(name) in self.cleaned_data:
                settings[name] = self.cleaned_data[settings_field_name(name)]
        return settings

    def _form_field(self, dotted: str) -> str | None:
        """The form field a dotted validator field name belongs to (None: the whole form)."""
        if dotted.startswith("settings."):
            name, _sep, condition = dotted.removeprefix("settings.").partition(".")
            candidate = settings_field_name(name, condition)
            return candidate if candidate in self.fields else None
        return dotted if dotted in self.fields else None

    def clean(self):
        cleaned = super().clean()
        data = {
            "key": self.kind_key,
            "settings": self._settings_from_form(),
            **{name: cleaned.get(name, "") for name in ("title", *TEXT_FIELDS, "learn_more")},
            "required": bool(cleaned.get("required")),
            "enabled": bool(cleaned.get("enabled")),
        }
        try:
            self.validated = validate_criterion(data)
        except ValidationError as error:
            for dotted, messages in error.message_dict.items():
                field = self._form_field(dotted)
                # A field the form itself already refused (say, an empty number) needs no second message.
                if field is not None and field in self.errors:
                    continue
                for message in messages:
                    self.add_error(field, message)
            return cleaned
        for name in ("title", *TEXT_FIELDS, "learn_more"):
            cleaned[name] = self.validated[name]
        return cleaned

    def save(self, commit=True):
        self.instance.settings = self.validated["settings"]
        return super().save(commit=commit)


def criterion_form_class(key: str) -> type[CriterionFormBase]:
    """A typed form for one kind of criterion, its settings fields generated from the kind's schema."""
    if key not in KINDS:
        raise ValueError(f"no criterion kind called {key!r}")
    attrs = {"kind_key": key, **_settings_form_fields(key)}
    return type(f"{key.title().replace('_', '')}CriterionForm", (CriterionFormBase,), attrs)


def settings_fieldset_names(key: str) -> list[str]:
    return list(_settings_form_fields(key))


class PublishForm(forms.Form):
    name = forms.CharField(
        label=_("Name patients see"),
        max_length=Criterion._meta.get_field("criteria_set").related_model._meta.get_field("name").max_length,
        help_text=_("The set's public name from now on, e.g. “HSCT Screen criteria, 2027”. Never “Draft copy…”."),
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        error_messages={"required": _("Write the name patients will see.")},
    )
    identifier = forms.CharField(
        label=_("Version label"),
        max_length=80,
        help_text=_(
            "Shown on every result as the criteria version, e.g. contract-default-3: lower-case letters, digits "
            "and hyphens, without “draft”."
        ),
        error_messages={"required": _("Write the version label patients will see.")},
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    change_note = forms.CharField(
        label=_("Change note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Say what changed and why. It is kept with the set and shown in its history."),
        error_messages={"required": _("Write a change note before publishing.")},
    )
    fingerprint = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": _("Open the preview of this draft before publishing it.")},
    )

    def clean_change_note(self):
        note = self.cleaned_data["change_note"].strip()
        if not note:
            raise ValidationError(_("Write a change note before publishing."), code="required")
        return note
