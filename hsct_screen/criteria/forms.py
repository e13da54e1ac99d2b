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

from hsct_screen.criteria import translations as texts
from hsct_screen.criteria.labels import setting_help, setting_label, translate, value_label
from hsct_screen.criteria.models import CriteriaSet, Criterion
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
# Optional in a file: the texts in other languages (criteria.translations); empty when left out.
OPTIONAL_CRITERION_FIELDS = ("translations",)
TEXT_FIELDS = ("text_met", "text_not_met", "text_unknown")
TITLE_MAX_LENGTH = Criterion._meta.get_field("title").max_length
TEXT_MAX_LENGTH = 2000
LEARN_MORE_PATTERN = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)#(?P<anchor>[A-Za-z0-9_-]+)$")
# The learn pages are written in English first; their section ids are the same in every language.
LEARN_LANGUAGE = "en"


def allowed_placeholders(key: str) -> tuple[str, ...]:
    """The names a kind's texts may quote: exactly what the kind declares."""
    return tuple(KINDS[key].text_placeholders)


class Errors:
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


def validate_settings(key: str, settings, errors: Errors, prefix: str = "settings") -> dict:
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
    errors = Errors()
    if not isinstance(data, Mapping):
        errors.add(NON_FIELD, _("Each criterion must be an object."))
        errors.raise_if_any()
    for name in data:
        if name not in CRITERION_FIELDS and name not in OPTIONAL_CRITERION_FIELDS:
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

    if "key" in clean:
        clean["translations"] = validate_criterion_translations(key, data.get("translations", {}), errors)

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


def _language_entries(value, names, errors: Errors) -> dict[str, dict]:
    """The per-language entries of a `translations` value: only listed languages, only known names."""
    if not isinstance(value, Mapping):
        errors.add("translations", _('Must be an object with one entry per language, like {"es": {...}}.'))
        return {}
    entries = {}
    for language, entry in value.items():
        if language not in texts.other_languages():
            errors.add(
                f"translations.{str(language)[:10]}",
                _("“%(language)s” is not a language texts are translated into. Use: %(languages)s.")
                % {"language": str(language)[:10], "languages": ", ".join(texts.other_languages())},
            )
            continue
        if not isinstance(entry, Mapping):
            errors.add(f"translations.{language}", _("Must be an object of texts."))
            continue
        for name in entry:
            if name not in names:
                errors.add(
                    f"translations.{language}.{str(name)[:40]}",
                    _("“%(name)s” is not a text that is translated.") % {"name": str(name)[:40]},
                )
        entries[language] = entry
    return entries


def validate_criterion_translations(key: str, value, errors: Errors) -> dict:
    """Clean a criterion's texts in other languages; each text meets the checks its English text meets.

    Errors are keyed `translations.es.title`, `translations.es.settings.conditions.heart`...
    """
    clean: dict[str, dict] = {}
    for language, entry in _language_entries(value, (*texts.CRITERION_TEXTS, texts.SETTINGS_KEY), errors).items():
        own: dict[str, Any] = {}
        for name in texts.CRITERION_TEXTS:
            if name not in entry:
                continue
            field = f"translations.{language}.{name}"
            text = entry[name]
            limit = TITLE_MAX_LENGTH if name == "title" else TEXT_MAX_LENGTH
            if not isinstance(text, str):
                errors.add(field, _("Must be text."))
            elif len(text.strip()) > limit:
                errors.add(field, _("Keep this text to %(max)s characters or fewer.") % {"max": limit})
            elif name != "title" and (problem := validate_text(key, text)):
                errors.add(field, problem)
            elif text.strip():
                own[name] = text.strip()
        translated_settings = entry.get(texts.SETTINGS_KEY, {})
        if not isinstance(translated_settings, Mapping):
            errors.add(f"translations.{language}.settings", _("Must be an object of texts."))
            translated_settings = {}
        messages: dict[str, dict] = {}
        for name, by_value in translated_settings.items():
            field = f"translations.{language}.settings.{str(name)[:40]}"
            spec = KINDS[key].settings_schema.get(name)
            if spec is None or spec["type"] != "messages":
                errors.add(field, _("This kind has no texts called “%(name)s”.") % {"name": str(name)[:40]})
                continue
            if not isinstance(by_value, Mapping):
                errors.add(field, _("Must be an object of texts."))
                continue
            for value, text in by_value.items():
                if value not in spec["values"]:
                    errors.add(f"{field}.{str(value)[:40]}", _("Unknown value."))
                elif not isinstance(text, str) or len(text) > TEXT_MAX_LENGTH:
                    errors.add(
                        f"{field}.{value}", _("Keep this text under %(max)s characters.") % {"max": TEXT_MAX_LENGTH}
                    )
                elif text.strip():
                    messages.setdefault(name, {})[value] = text.strip()
        if messages:
            own[texts.SETTINGS_KEY] = messages
        if own:
            clean[language] = own
    return clean


def validate_set_translations(value, errors: Errors) -> dict:
    """Clean a set's name, description and countries in other languages, as long as the English may be."""
    limits = {name: CriteriaSet._meta.get_field(name).max_length for name in texts.SET_TEXTS}
    clean: dict[str, dict] = {}
    for language, entry in _language_entries(value, texts.SET_TEXTS, errors).items():
        own = {}
        for name in texts.SET_TEXTS:
            if name not in entry:
                continue
            text, limit = entry[name], limits[name]
            if not isinstance(text, str):
                errors.add(f"translations.{language}.{name}", _("Must be text."))
            elif limit and len(text.strip()) > limit:
                errors.add(
                    f"translations.{language}.{name}",
                    _("Keep this text to %(max)s characters or fewer.") % {"max": limit},
                )
            elif text.strip():
                own[name] = text.strip()
        if own:
            clean[language] = own
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
        # Left out when there are none, so a file without translations exports as it was read.
        **({"translations": criterion.translations} if criterion.translations else {}),
    }


# --- The admin's typed form -------------------------------------------------------------------


def translation_field_name(name: str, language: str) -> str:
    """The admin form field of a text in another language: `title_es`, `setting_conditions__heart_es`."""
    return f"{name}_{language}"


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


def _translation_form_fields(key: str) -> dict[str, forms.Field]:
    """For each other language, a field beside each English text, labelled with its language."""
    fields: dict[str, forms.Field] = {}
    schema = KINDS[key].settings_schema
    for language in texts.other_languages():
        for name in texts.CRITERION_TEXTS:
            title = name == "title"
            fields[translation_field_name(name, language)] = forms.CharField(
                label=texts.field_label(Criterion, name, language),
                required=False,
                max_length=TITLE_MAX_LENGTH if title else None,
                widget=forms.TextInput(attrs={"class": "vTextField", "lang": language})
                if title
                # As tall and wide as the English text's box (Django admin's textarea), so the two lines align.
                else forms.Textarea(attrs={"rows": 10, "cols": 40, "class": "vLargeTextField", "lang": language}),
                help_text="" if title else placeholders_help(key),
            )
        for name in texts.message_settings(key):
            for condition in schema[name]["values"]:
                fields[translation_field_name(settings_field_name(name, condition), language)] = forms.CharField(
                    label=texts.message_label(key, f"settings.{name}.{condition}", language),
                    widget=forms.Textarea(attrs={"rows": 2, "lang": language}),
                    required=False,
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
        self._add_translation_fields()
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
        if dotted.startswith("translations."):
            _prefix, language, rest = [*dotted.split(".", 2), "", ""][:3]
            field = self._form_field(rest) if rest.startswith("settings.") else rest
            candidate = translation_field_name(field, language) if field else None
            return candidate if candidate in self.fields else None
        if dotted.startswith("settings."):
            name, _sep, condition = dotted.removeprefix("settings.").partition(".")
            candidate = settings_field_name(name, condition)
            return candidate if candidate in self.fields else None
        return dotted if dotted in self.fields else None

    def _add_translation_fields(self) -> None:
        """Name each English text's language, and fill the translations' fields from the stored ones."""
        current = self.instance.translations if self.instance and self.instance.pk else {}
        schema = KINDS[self.kind_key].settings_schema
        default = texts.default_language()
        for name in texts.CRITERION_TEXTS:
            self.fields[name].label = texts.field_label(Criterion, name, default)
        for name in texts.message_settings(self.kind_key):
            for condition in schema[name]["values"]:
                field = self.fields[settings_field_name(name, condition)]
                field.label = format_lazy("{} ({})", field.label, texts.language_name(default))
        for language in texts.other_languages():
            entry = current.get(language) or {}
            for name in texts.CRITERION_TEXTS:
                self.fields[translation_field_name(name, language)].initial = entry.get(name, "")
            own_settings = entry.get(texts.SETTINGS_KEY) or {}
            for name in texts.message_settings(self.kind_key):
                for condition in schema[name]["values"]:
                    field = translation_field_name(settings_field_name(name, condition), language)
                    self.fields[field].initial = (own_settings.get(name) or {}).get(condition, "")

    def _translations_from_form(self) -> dict:
        translations: dict[str, dict] = {}
        for language in texts.other_languages():
            entry: dict[str, Any] = {
                name: self.cleaned_data.get(translation_field_name(name, language)) or ""
                for name in texts.CRITERION_TEXTS
            }
            for name in texts.message_settings(self.kind_key):
                for condition in KINDS[self.kind_key].settings_schema[name]["values"]:
                    value = self.cleaned_data.get(
                        translation_field_name(settings_field_name(name, condition), language)
                    )
                    if (value or "").strip():
                        entry.setdefault(texts.SETTINGS_KEY, {}).setdefault(name, {})[condition] = value
            translations[language] = entry
        return translations

    def clean(self):
        cleaned = super().clean()
        data = {
            "key": self.kind_key,
            "settings": self._settings_from_form(),
            **{name: cleaned.get(name, "") for name in ("title", *TEXT_FIELDS, "learn_more")},
            "required": bool(cleaned.get("required")),
            "enabled": bool(cleaned.get("enabled")),
            "translations": self._translations_from_form(),
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
        self.instance.translations = self.validated["translations"]
        return super().save(commit=commit)


def criterion_form_class(key: str) -> type[CriterionFormBase]:
    """A typed form for one kind of criterion, its settings fields generated from the kind's schema."""
    if key not in KINDS:
        raise ValueError(f"no criterion kind called {key!r}")
    attrs = {"kind_key": key, **_settings_form_fields(key), **_translation_form_fields(key)}
    return type(f"{key.title().replace('_', '')}CriterionForm", (CriterionFormBase,), attrs)


def settings_fieldset_names(key: str) -> list:
    """The settings fields in order; a text patients read comes with its translations on the same line."""
    names: list = []
    messages = {
        settings_field_name(name, condition)
        for name in texts.message_settings(key)
        for condition in KINDS[key].settings_schema[name]["values"]
    }
    for field in _settings_form_fields(key):
        if field in messages:
            names.append((field, *(translation_field_name(field, language) for language in texts.other_languages())))
        else:
            names.append(field)
    return names


def text_fieldset_names() -> list:
    """The title and explanations, each with its translations on the same line (side by side when wide)."""
    return [
        (name, *(translation_field_name(name, language) for language in texts.other_languages()))
        for name in texts.CRITERION_TEXTS
    ]


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The name in each other language, right after the English one.
        self.fields["name"].label = format_lazy(
            "{} ({})", _("Name patients see"), texts.language_name(texts.default_language())
        )
        for language in texts.other_languages():
            self.fields[translation_field_name("name", language)] = forms.CharField(
                label=format_lazy("{} ({})", _("Name patients see"), texts.language_name(language)),
                max_length=self.fields["name"].max_length,
                required=False,
                help_text=_("Left empty, the draft keeps the name it has in this language."),
                widget=forms.TextInput(attrs={"class": "vTextField", "lang": language}),
            )
        self.order_fields(["name", *(translation_field_name("name", language) for language in texts.other_languages())])

    def translated_names(self) -> dict[str, str]:
        return {
            language: self.cleaned_data.get(translation_field_name("name", language)) or ""
            for language in texts.other_languages()
        }

    def clean_change_note(self):
        note = self.cleaned_data["change_note"].strip()
        if not note:
            raise ValidationError(_("Write a change note before publishing."), code="required")
        return note


class CriteriaSetFormBase(forms.ModelForm):
    """A set's own fields, with its name, description and countries in each other language beside them."""

    class Meta:
        model = CriteriaSet
        # The admin builds the real form from its fieldsets (with its URL field settings); none here.
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.translations if self.instance and self.instance.pk else {}
        for name in texts.SET_TEXTS:
            if name in self.fields:
                self.fields[name].label = texts.field_label(CriteriaSet, name, texts.default_language())
            for language in texts.other_languages():
                field = translation_field_name(name, language)
                if field in self.fields:
                    self.fields[field].initial = (current.get(language) or {}).get(name, "")

    def clean(self):
        cleaned = super().clean()
        stored = dict(self.instance.translations or {})
        for language in texts.other_languages():
            entry = dict(stored.get(language) or {})
            for name in texts.SET_TEXTS:
                field = translation_field_name(name, language)
                # Fields the page does not offer (a published set's name) keep their stored text.
                if field in self.fields:
                    entry[name] = cleaned.get(field) or ""
            stored[language] = entry
        errors = Errors()
        self.translations = validate_set_translations(stored, errors)
        for dotted, messages in errors.errors.items():
            _prefix, language, name = [*dotted.split(".", 2), "", ""][:3]
            field = translation_field_name(name, language)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return cleaned

    def save(self, commit=True):
        self.instance.translations = self.translations
        return super().save(commit=commit)


def criteria_set_form_class() -> type[CriteriaSetFormBase]:
    """The set's admin form, with one field per other language beside its name, description and countries."""
    attrs = {}
    for language in texts.other_languages():
        for name in texts.SET_TEXTS:
            model_field = CriteriaSet._meta.get_field(name)
            attrs[translation_field_name(name, language)] = forms.CharField(
                label=texts.field_label(CriteriaSet, name, language),
                required=False,
                max_length=model_field.max_length,
                widget=forms.Textarea(attrs={"rows": 10, "cols": 40, "class": "vLargeTextField", "lang": language})
                if name == "description"
                else forms.TextInput(attrs={"class": "vTextField", "lang": language}),
                help_text=_("Its sources stay as published, in the English description.")
                if name == "description"
                else "",
            )
    return type("CriteriaSetForm", (CriteriaSetFormBase,), attrs)
