"""The texts of criteria sets and criteria in languages other than English, and the checks on them.

English is the text admins write first (the model fields themselves). Every other language of
`settings.LANGUAGES` is kept in each object's `translations` JSON field, one key per language:

    criterion: {"es": {"title": "...", "text_met": "...", "text_not_met": "...", "text_unknown": "...",
                       "settings": {"conditions": {"heart": "...", ...}}}}
    set:       {"es": {"name": "...", "description": "...", "countries": "..."}}

Only texts whose English is non-empty need a translation; "settings" holds the translated advice of
a kind's "messages" settings (the health conditions' advice), by condition. A missing translation
reads in English (`text`), but a set cannot be published while one is missing (`missing_texts`).
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from hsct_screen.criteria.labels import setting_label, value_label
from hsct_screen.rules import KINDS

CRITERION_TEXTS = ("title", "text_met", "text_not_met", "text_unknown")
SET_TEXTS = ("name", "description", "countries")
SETTINGS_KEY = "settings"


def default_language() -> str:
    return settings.LANGUAGE_CODE


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def other_languages() -> list[str]:
    """The languages texts are translated into: every listed language but the one admins write first."""
    return [code for code in languages() if code != default_language()]


def language_name(code: str) -> str:
    """The language's name as settings.LANGUAGES gives it (translated into the reader's language)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def supported(code: str | None) -> str:
    """`code` as one of settings.LANGUAGES ("es-MX" reads as "es"); the active language when None."""
    code = (code or translation.get_language() or default_language()).lower()
    if code in languages():
        return code
    base = code.split("-")[0]
    return base if base in languages() else default_language()


def _entry(translations: Any, language: str) -> Mapping[str, Any]:
    entry = translations.get(language) if isinstance(translations, Mapping) else None
    return entry if isinstance(entry, Mapping) else {}


def text(obj, name: str, language: str) -> str:
    """A text of a set or criterion in `language`, or its English when that language has none."""
    english = getattr(obj, name)
    if language == default_language():
        return english
    value = _entry(obj.translations, language).get(name)
    return value if isinstance(value, str) and value.strip() else english


def message_settings(key: str) -> list[str]:
    """The settings of a kind that hold texts patients read (type "messages")."""
    kind = KINDS.get(key)
    return [name for name, spec in kind.settings_schema.items() if spec["type"] == "messages"] if kind else []


def translated_messages(key: str, english_settings: Mapping[str, Any], translations, language: str) -> dict:
    """The settings with each "messages" text in `language` (English where it has none).

    Only conditions with English advice are flagged, so a translation never switches one back on.
    """
    names = message_settings(key)
    if language == default_language() or not names:
        return dict(english_settings)
    translated_settings = _entry(translations, language).get(SETTINGS_KEY) or {}
    result = dict(english_settings)
    for name in names:
        english = english_settings.get(name) or {}
        own = translated_settings.get(name) if isinstance(translated_settings, Mapping) else None
        own = own if isinstance(own, Mapping) else {}
        result[name] = {
            value: own[value] if isinstance(own.get(value), str) and own[value].strip() else message
            for value, message in english.items()
        }
    return result


def missing_texts(obj, names, language: str) -> list[str]:
    """The fields whose English is written but whose text in `language` is not."""
    entry = _entry(obj.translations, language)
    return [
        name
        for name in names
        if (getattr(obj, name) or "").strip() and not (isinstance(entry.get(name), str) and entry.get(name).strip())
    ]


def missing_messages(key: str, english_settings: Mapping[str, Any], translations, language: str) -> list[str]:
    """The "messages" settings (as `settings.conditions.heart`) with English advice but none in `language`."""
    translated_settings = _entry(translations, language).get(SETTINGS_KEY) or {}
    missing = []
    for name in message_settings(key):
        own = translated_settings.get(name) if isinstance(translated_settings, Mapping) else None
        own = own if isinstance(own, Mapping) else {}
        for value, message in (english_settings.get(name) or {}).items():
            if (message or "").strip() and not (isinstance(own.get(value), str) and own[value].strip()):
                missing.append(f"{SETTINGS_KEY}.{name}.{value}")
    return missing


def criterion_missing(criterion, language: str) -> list[str]:
    """Every text of a criterion patients could read in English but not in `language`."""
    return missing_texts(criterion, CRITERION_TEXTS, language) + missing_messages(
        criterion.key, criterion.settings or {}, criterion.translations, language
    )


def criteria_set_missing(criteria_set, language: str) -> list[str]:
    return missing_texts(criteria_set, SET_TEXTS, language)


def field_label(model, name: str, language: str) -> str:
    """A text field's label with the language it is in, e.g. "Title shown to patients (Spanish)"."""
    verbose = str(model._meta.get_field(name).verbose_name)
    return _("%(field)s (%(language)s)") % {
        "field": verbose[:1].upper() + verbose[1:],
        "language": language_name(language),
    }


def message_label(key: str, dotted: str, language: str) -> str:
    """The label of a translated "messages" text given as `settings.conditions.heart`."""
    _prefix, name, value = dotted.split(".", 2)
    return _("%(field)s (%(language)s)") % {
        "field": f"{setting_label(key, name)}: {value_label(value)}",
        "language": language_name(language),
    }


def publish_problems(criteria_set, criteria) -> list[str]:
    """Each text patients would read in English on a page in another language, by criterion and field."""
    problems = []
    for language in other_languages():
        for name in criteria_set_missing(criteria_set, language):
            problems.append(
                str(
                    _(
                        "The set's “%(field)s” is empty. Write it before publishing, or pages in %(language)s "
                        "would show English."
                    )
                    % {"field": field_label(type(criteria_set), name, language), "language": language_name(language)}
                )
            )
        for criterion in criteria:
            if not criterion.enabled:
                continue
            for name in criterion_missing(criterion, language):
                label = (
                    message_label(criterion.key, name, language)
                    if name.startswith(SETTINGS_KEY + ".")
                    else field_label(type(criterion), name, language)
                )
                problems.append(
                    str(
                        _(
                            "%(criterion)s (%(key)s): “%(field)s” is empty. Write it before publishing, or pages in "
                            "%(language)s would show English."
                        )
                        % {
                            "criterion": criterion.title,
                            "key": criterion.key,
                            "field": label,
                            "language": language_name(language),
                        }
                    )
                )
    return problems
