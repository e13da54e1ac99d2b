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
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria.models import Criterion
from hsct_screen.learn import content as learn_content
from hsct_screen.rules import KINDS

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
MESSAGE_MAX_LENGTH = 1000
LEARN_MORE_PATTERN = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)#(?P<anchor>[A-Za-z0-9_-]+)$")
# The learn pages are written in English first; their section ids are the same in every language.
LEARN_LANGUAGE = "en"

# Nobody would wait longer than this after diagnosis; a bigger number is a typing slip.
MAX_DISEASE_YEARS = 60

# Extra values a kind's texts may quote, besides its own settings (see each kind's `placeholders`).
EXTRA_PLACEHOLDERS = {
    "disease_duration": ("years", "diagnosis_year"),
    "age": ("age",),
    "health_conditions": ("conditions",),
}
# Kinds whose texts may not quote their settings: their placeholders replace them.
NO_SETTING_PLACEHOLDERS = {"health_conditions"}
# Only numbers read well inside a sentence; a list of codes or true/false would not.
QUOTABLE_SETTING_TYPES = {"int"}

# Short admin labels for the answer values settings choose from (the questionnaire's own labels stay there).
VALUE_LABELS = {
    "rrms": _("rrms: relapsing-remitting MS"),
    "spms": _("spms: secondary progressive MS"),
    "ppms": _("ppms: primary progressive MS"),
    "cis": _("cis: clinically isolated syndrome"),
    "no_limit": _("no_limit: walks 500 m or more unaided (EDSS up to about 4.0)"),
    "unaided_short": _("unaided_short: walks 100 to 500 m unaided (EDSS about 4.5 to 5.5)"),
    "one_aid": _("one_aid: one stick or crutch for about 100 m (EDSS about 6.0)"),
    "two_aids": _("two_aids: two sticks or a walker for about 20 m (EDSS about 6.5)"),
    "wheelchair": _("wheelchair: a few steps, wheelchair most of the day (EDSS 7.0 or more)"),
    "none": _("none"),
    "one": _("one"),
    "two_or_more": _("two or more"),
    "heart": _("heart disease"),
    "lung": _("lung disease"),
    "kidney": _("kidney disease"),
    "liver": _("liver disease"),
    "cancer": _("cancer, now or in the past"),
    "infection": _("an ongoing infection"),
    "pregnancy": _("pregnancy or plans for pregnancy"),
    "previous_hsct": _("a stem cell transplant before"),
}

SETTING_LABELS = {
    ("ms_type", "accepted"): _("MS types that count"),
    ("ms_type", "case_by_case"): _("MS types to discuss with a doctor (considered case by case)"),
    ("disease_duration", "max_years"): _("Most years since diagnosis"),
    ("walking", "accepted"): _("Walking levels that count"),
    ("walking", "case_by_case"): _("Walking levels to discuss with a doctor (considered case by case)"),
    ("inflammatory_activity", "longer_window"): _(
        "The source counts activity over more than 12 months: too little activity gives “ask your doctor”"
    ),
    ("inflammatory_activity", "relapses_alone"): _("Relapse counts that show activity on their own"),
    ("inflammatory_activity", "relapses_with_mri"): _(
        "Relapse counts that show activity together with new MRI lesions"
    ),
    ("inflammatory_activity", "mri_alone"): _("New or active MRI lesions count even without a relapse"),
    ("treatment_failure", "accepted"): _("Numbers of failed MS medicines that count"),
    ("treatment_failure", "require_high_efficacy"): _("A high-efficacy medicine must have failed"),
    ("age", "min_age"): _("Youngest age"),
    ("age", "max_age"): _("Oldest age"),
    ("health_conditions", "conditions"): _("Advice for each health condition"),
}


def value_label(value: str):
    return VALUE_LABELS.get(value, value)


def setting_label(key: str, name: str):
    return SETTING_LABELS.get((key, name), name.replace("_", " "))


def allowed_placeholders(key: str) -> tuple[str, ...]:
    kind = KINDS[key]
    names = (
        ()
        if key in NO_SETTING_PLACEHOLDERS
        else tuple(name for name, spec in kind.settings_schema.items() if spec["type"] in QUOTABLE_SETTING_TYPES)
    )
    return names + EXTRA_PLACEHOLDERS.get(key, ())


class _Errors:
    """Collects messages per dotted field name, then raises them all at once."""

    def __init__(self):
        self.errors: dict[str, list] = {}

    def add(self, field: str, message) -> None:
        self.errors.setdefault(field, []).append(message)

    def has(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _is_int(value) -> bool:
    # bool is an int in Python, but true/false is never a number of years.
    return isinstance(value, int) and not isinstance(value, bool)


def _check_choices(field, value, spec, errors: _Errors):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.add(
            field, _("Must be a list of values chosen from: %(values)s.") % {"values": ", ".join(spec["values"])}
        )
        return None
    unknown = [item for item in value if item not in spec["values"]]
    if unknown:
        errors.add(
            field,
            _("“%(value)s” is not one of the allowed values: %(values)s.")
            % {"value": str(unknown[0])[:40], "values": ", ".join(spec["values"])},
        )
        return None
    if len(set(value)) != len(value):
        errors.add(field, _("Each value may be listed only once."))
        return None
    if not value and not spec.get("allow_empty", False):
        errors.add(field, _("Choose at least one value; with none, nobody could ever meet this criterion."))
        return None
    # Keep the schema's order so that exports and history diffs stay stable.
    return [item for item in spec["values"] if item in value]


def _check_int(field, value, spec, errors: _Errors, *, key: str, name: str):
    if not _is_int(value):
        errors.add(field, _("Must be a whole number."))
        return None
    minimum, maximum = spec.get("min"), spec.get("max")
    if key == "disease_duration" and name == "max_years":
        maximum = min(maximum, MAX_DISEASE_YEARS) if maximum is not None else MAX_DISEASE_YEARS
        if value > maximum:
            errors.add(
                field,
                _("%(value)s years is more than any treatment centre would use. Enter %(max)s or fewer.")
                % {"value": value, "max": maximum},
            )
            return None
    if minimum is not None and value < minimum:
        errors.add(field, _("Must be %(min)s or more.") % {"min": minimum})
        return None
    if maximum is not None and value > maximum:
        errors.add(field, _("Must be %(max)s or less.") % {"max": maximum})
        return None
    return value


def _check_messages(field, value, spec, errors: _Errors):
    if not isinstance(value, Mapping):
        errors.add(field, _("Must be an object that maps each condition to its advice text."))
        return None
    clean = {}
    for condition, message in value.items():
        if condition not in spec["values"]:
            errors.add(
                f"{field}.{condition}",
                _("“%(value)s” is not a known condition. Use one of: %(values)s.")
                % {"value": str(condition)[:40], "values": ", ".join(spec["values"])},
            )
        elif not isinstance(message, str) or not message.strip():
            errors.add(f"{field}.{condition}", _("Write the advice to show, or leave the condition out."))
        elif len(message) > MESSAGE_MAX_LENGTH:
            errors.add(
                f"{field}.{condition}", _("Keep the advice under %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH}
            )
        else:
            clean[condition] = message.strip()
    return {condition: clean[condition] for condition in spec["values"] if condition in clean}


def validate_settings(key: str, settings, errors: _Errors, prefix: str = "settings") -> dict:
    """Check a kind's settings against its schema and the rules that span several settings."""
    schema = KINDS[key].settings_schema
    if not isinstance(settings, Mapping):
        errors.add(prefix, _("Must be an object with the settings: %(names)s.") % {"names": ", ".join(schema)})
        return {}
    for name in settings:
        if name not in schema:
            errors.add(
                f"{prefix}.{name}",
                _("“%(name)s” is not a setting of this kind. Its settings are: %(names)s.")
                % {"name": str(name)[:40], "names": ", ".join(schema)},
            )
    clean: dict[str, Any] = {}
    for name, spec in schema.items():
        field = f"{prefix}.{name}"
        if name not in settings:
            if "default" in spec:
                clean[name] = spec["default"]
            else:
                errors.add(field, _("This setting is missing."))
            continue
        value = settings[name]
        if spec["type"] == "choices":
            checked = _check_choices(field, value, spec, errors)
        elif spec["type"] == "int":
            checked = _check_int(field, value, spec, errors, key=key, name=name)
        elif spec["type"] == "bool":
            checked = value if isinstance(value, bool) else None
            if checked is None:
                errors.add(field, _("Must be true or false."))
        elif spec["type"] == "messages":
            checked = _check_messages(field, value, spec, errors)
        else:  # pragma: no cover - a kind with a new setting type needs a checker here first
            raise ValueError(f"unknown setting type {spec['type']!r}")
        if checked is not None:
            clean[name] = checked

    for name, spec in schema.items():
        other = spec.get("disjoint_from")
        if other and {name, other} <= clean.keys() and set(clean[name]) & set(clean[other]):
            errors.add(
                f"{prefix}.{name}",
                _("“%(value)s” is chosen in both “%(name)s” and “%(other)s”; choose it in one only.")
                % {
                    "value": sorted(set(clean[name]) & set(clean[other]))[0],
                    "name": setting_label(key, name),
                    "other": setting_label(key, other),
                },
            )
    if key == "age" and {"min_age", "max_age"} <= clean.keys() and clean["min_age"] > clean["max_age"]:
        errors.add(
            f"{prefix}.max_age",
            _("The oldest age (%(max)s) must not be below the youngest age (%(min)s).")
            % {"max": clean["max_age"], "min": clean["min_age"]},
        )
    if (
        key == "inflammatory_activity"
        and set(schema) <= clean.keys()
        and not (clean["relapses_alone"] or clean["relapses_with_mri"] or clean["mri_alone"])
    ):
        errors.add(
            prefix,
            _(
                "Choose at least one way to show recent activity (relapses alone, relapses with new MRI lesions, "
                "or MRI lesions alone); otherwise nobody could meet this criterion."
            ),
        )
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
    fields: dict[str, forms.Field] = {}
    for name, spec in KINDS[key].settings_schema.items():
        label = setting_label(key, name)
        if spec["type"] == "choices":
            fields[settings_field_name(name)] = forms.MultipleChoiceField(
                label=label,
                choices=[(value, value_label(value)) for value in spec["values"]],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        elif spec["type"] == "int":
            fields[settings_field_name(name)] = forms.IntegerField(label=label)
        elif spec["type"] == "bool":
            fields[settings_field_name(name)] = forms.BooleanField(label=label, required=False)
        elif spec["type"] == "messages":
            for condition in spec["values"]:
                fields[settings_field_name(name, condition)] = forms.CharField(
                    label=format_lazy("{}: {}", label, value_label(condition)),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=False,
                    help_text=_("Leave empty to stop flagging this condition."),
                )
    return fields


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
        placeholders = ", ".join(f"{{{item}}}" for item in allowed_placeholders(self.kind_key)) or _("none")
        for name in TEXT_FIELDS:
            self.fields[name].help_text = format_lazy("{} {}", _("Placeholders you can use:"), placeholders)

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
