"""Writes of criteria sets (copy, import, publish) and the one bridge from the database to the rules engine."""

import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria import translations
from hsct_screen.criteria.forms import (
    CRITERION_FIELDS,
    NON_FIELD,
    Errors,
    criterion_data,
    validate_criterion,
    validate_set_translations,
)
from hsct_screen.criteria.models import CriteriaSet, Criterion, metadata_problems
from hsct_screen.criteria.selectors import (
    comparison_sets,
    publish_problems,
    published_for_evaluation,
)
from hsct_screen.rules import KINDS, Result, evaluate_with_comparisons, evaluation_json

FORMAT = "hsct-screen-criteria/2"
# Version 1 files (before kinds, statuses and comparisons) still load; their sets are unlisted guidelines.
READABLE_FORMATS = ("hsct-screen-criteria/1", FORMAT)
SETS_DIR = Path(__file__).resolve().parent / "sets"
DEFAULT_SET_FILE = SETS_DIR / "default.json"
# The comparison details a version 2 file may carry, each with its value when left out.
METADATA_DEFAULTS = {
    "kind": CriteriaSet.Kind.GUIDELINE.value,
    "recruitment_status": CriteriaSet.RecruitmentStatus.IN_USE.value,
    "status_checked_on": None,
    "source_citation": "",
    "source_url": "",
    "registry_url": "",
    "countries": "",
    "listed": False,
    "comparison_order": 0,
}
METADATA_FIELDS = tuple(METADATA_DEFAULTS)
SET_FIELDS = ("format", "identifier", "name", "description", "sources", *METADATA_FIELDS, "translations", "criteria")
REQUIRED_SET_FIELDS = ("format", "identifier", "name", "criteria")
SOURCES_HEADING = "\n\nSources:\n"
IDENTIFIER_MAX_LENGTH = CriteriaSet._meta.get_field("identifier").max_length
NAME_MAX_LENGTH = CriteriaSet._meta.get_field("name").max_length
IDENTIFIER_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CriteriaSetNotDraft(Exception):
    """Only a draft can be edited or published."""


class PublishConflict(Exception):
    """Another set was published at the same moment; the database kept only one."""


def evaluate_answers(
    answers: Mapping[str, Any],
    *,
    on: date | None = None,
    criteria_set: CriteriaSet | None = None,
    language: str | None = None,
) -> tuple[Result, CriteriaSet]:
    """Evaluate validated answers with the given set, or the published one, on a date (default today).

    The result carries the other listed sets' outcomes as `comparisons`; only the one set decides `outcome`.
    The published set and the comparisons come from the shared cache, which every change to a set drops.
    Titles and explanations are in `language` (the active language when None), English where untranslated;
    keys, statuses and outcomes are the same in every language.
    """
    on = on or timezone.localdate()
    criteria_set, specs, others = _evaluation_criteria(criteria_set, language)
    result = evaluate_with_comparisons(answers, specs, others, on=on, version=criteria_set.identifier)
    return result, criteria_set


def evaluate_answers_json(answers: Mapping[str, Any], *, on: date, language: str | None = None) -> str:
    """`evaluate_answers(answers, on=on, language=language)[0].as_json()`, with the published set (what the API
    sends), joined from the JSON pieces the engine keeps instead of building the result's objects first."""
    criteria_set, specs, others = _evaluation_criteria(None, language)
    return evaluation_json(answers, specs, others, on=on, version=criteria_set.identifier)


def _evaluation_criteria(criteria_set: CriteriaSet | None, language: str | None):
    """The set to evaluate with (the published one when None), its specs and the comparison sets, in `language`."""
    language = translations.supported(language)
    if criteria_set is None:
        published = published_for_evaluation(language)
        return published.criteria_set, published.specs, published.comparisons
    specs = criteria_set.specs(language)
    return (
        criteria_set,
        specs,
        [listed.as_comparison_set(language) for listed in comparison_sets(excluding=criteria_set)],
    )


# --- Export --------------------------------------------------------------------------------------


def join_description(description: str, sources: list[str]) -> str:
    """The stored description: the text, then its sources as a list (the format migration 0002 seeds)."""
    if not sources:
        return description
    return description + SOURCES_HEADING + "\n".join(f"- {source}" for source in sources)


def split_description(stored: str) -> tuple[str, list[str]]:
    description, heading, tail = stored.rpartition(SOURCES_HEADING)
    if not heading:
        return stored, []
    sources = [line[2:] for line in tail.splitlines() if line.startswith("- ")]
    return description, sources


def criteria_set_export(criteria_set: CriteriaSet) -> dict[str, Any]:
    """A criteria set in the file format that `criteria_set_import` reads back."""
    description, sources = split_description(criteria_set.description)
    return {
        "format": FORMAT,
        "identifier": criteria_set.identifier,
        "name": criteria_set.name,
        "description": description,
        "sources": sources,
        **{name: getattr(criteria_set, name) for name in METADATA_FIELDS},
        "status_checked_on": criteria_set.status_checked_on.isoformat() if criteria_set.status_checked_on else None,
        # Name, description (without its sources, which stay as published) and countries in other languages.
        **({"translations": criteria_set.translations} if criteria_set.translations else {}),
        "criteria": [criterion_data(criterion) for criterion in criteria_set.criteria.all()],
    }


# --- Import --------------------------------------------------------------------------------------


def validate_criteria_set_data(data) -> dict[str, Any]:
    """Clean a whole criteria set file, or raise ValidationError keyed like `criteria[2].settings.max_years`."""
    errors: dict[str, list] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not isinstance(data, Mapping):
        raise ValidationError({NON_FIELD: [_("The file must hold one JSON object.")]})
    if data.get("format") not in READABLE_FORMATS:
        add("format", _("Must be “%(format)s”.") % {"format": FORMAT})
    for name in data:
        if name not in SET_FIELDS:
            add(str(name), _("“%(name)s” is not a field of a criteria set file.") % {"name": str(name)[:40]})
    for name in REQUIRED_SET_FIELDS:
        if name not in data and name != "format":
            add(name, _("This field is missing."))
    clean: dict[str, Any] = {}

    identifier = data.get("identifier")
    if "identifier" in data:
        if (
            not isinstance(identifier, str)
            or not identifier
            or len(identifier) > IDENTIFIER_MAX_LENGTH
            or not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in identifier)
        ):
            add(
                "identifier",
                _("Use up to %(max)s letters, digits, hyphens or underscores, like ebmt-2020-ideal.")
                % {"max": IDENTIFIER_MAX_LENGTH},
            )
        else:
            clean["identifier"] = identifier

    name = data.get("name")
    if "name" in data:
        if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX_LENGTH:
            add("name", _("Write a name of up to %(max)s characters.") % {"max": NAME_MAX_LENGTH})
        else:
            clean["name"] = name.strip()

    description = data.get("description", "")
    if not isinstance(description, str):
        add("description", _("Must be text."))
    else:
        clean["description"] = description.strip()

    sources = data.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(item, str) and item.strip() for item in sources):
        add("sources", _("Must be a list of texts, one per source."))
    else:
        clean["sources"] = [item.strip() for item in sources]

    clean.update(_validate_metadata(data, add))

    translation_errors = Errors()
    clean["translations"] = validate_set_translations(data.get("translations", {}), translation_errors)
    for field, messages in translation_errors.errors.items():
        for message in messages:
            add(field, message)

    criteria = data.get("criteria")
    if "criteria" in data:
        if not isinstance(criteria, list) or not criteria:
            add("criteria", _("Must be a list with at least one criterion."))
        else:
            clean_criteria, seen = [], {}
            for index, item in enumerate(criteria):
                try:
                    cleaned = validate_criterion(item)
                except ValidationError as error:
                    for field, messages in error.message_dict.items():
                        path = f"criteria[{index}]" if field == NON_FIELD else f"criteria[{index}].{field}"
                        errors.setdefault(path, []).extend(messages)
                    continue
                if cleaned["key"] in seen:
                    add(
                        f"criteria[{index}].key",
                        _("The kind “%(key)s” is already used by criteria[%(other)s]; each kind may appear once.")
                        % {"key": cleaned["key"], "other": seen[cleaned["key"]]},
                    )
                    continue
                seen[cleaned["key"]] = index
                clean_criteria.append(cleaned)
            if not errors and not any(item["enabled"] and item["required"] for item in clean_criteria):
                add("criteria", _("At least one criterion must be enabled and required, or everyone would pass."))
            clean["criteria"] = clean_criteria

    if errors:
        raise ValidationError(errors)
    return clean


def _validate_metadata(data: Mapping[str, Any], add) -> dict[str, Any]:
    """The comparison details of a set file, with defaults for those left out; problems go to `add`."""
    clean: dict[str, Any] = {}
    text_fields = {"kind": 12, "recruitment_status": 24, "source_citation": 300, "countries": 300}
    for name, max_length in text_fields.items():
        value = data.get(name, METADATA_DEFAULTS[name])
        if not isinstance(value, str) or len(value) > max_length:
            add(name, _("Must be text of up to %(max)s characters.") % {"max": max_length})
        else:
            clean[name] = value.strip()
    for name, choices in (("kind", CriteriaSet.Kind), ("recruitment_status", CriteriaSet.RecruitmentStatus)):
        if name in clean and clean[name] not in choices.values:
            add(name, _("Must be one of: %(values)s.") % {"values": ", ".join(choices.values)})
            del clean[name]
    url_check = URLValidator(schemes=["https"])
    for name in ("source_url", "registry_url"):
        value = data.get(name, "")
        try:
            if not isinstance(value, str):
                raise ValidationError("not text")
            if value:
                url_check(value)
            clean[name] = value
        except ValidationError:
            add(name, _("Must be an https:// address, or left empty."))
    checked = data.get("status_checked_on")
    if checked is None:
        clean["status_checked_on"] = None
    else:
        try:
            clean["status_checked_on"] = date.fromisoformat(checked) if isinstance(checked, str) else None
        except ValueError:
            clean["status_checked_on"] = None
        if clean["status_checked_on"] is None or len(checked) != 10:
            add("status_checked_on", _("Must be a date written YYYY-MM-DD, like 2026-11-24, or null."))
            clean.pop("status_checked_on")
    listed = data.get("listed", False)
    if isinstance(listed, bool):
        clean["listed"] = listed
    else:
        add("listed", _("Must be true or false."))
    order = data.get("comparison_order", 0)
    if isinstance(order, int) and not isinstance(order, bool) and 0 <= order <= 32767:
        clean["comparison_order"] = order
    else:
        add("comparison_order", _("Must be a whole number from 0 to 32767."))
    if {"kind", "recruitment_status", "listed", "status_checked_on", "source_citation", "registry_url"} <= clean.keys():
        for name, messages in metadata_problems(
            kind=clean["kind"],
            recruitment_status=clean["recruitment_status"],
            listed=clean["listed"],
            status_checked_on=clean["status_checked_on"],
            source_citation=clean["source_citation"],
            registry_url=clean["registry_url"],
        ).items():
            for message in messages:
                add(name, message)
    return clean


def unique_identifier(base: str) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken yet."""
    base = base[:IDENTIFIER_MAX_LENGTH]
    if not CriteriaSet.objects.filter(identifier=base).exists():
        return base
    taken = set(
        CriteriaSet.objects.filter(identifier__startswith=base[: IDENTIFIER_MAX_LENGTH - 6]).values_list(
            "identifier", flat=True
        )
    )
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: IDENTIFIER_MAX_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _create_criteria(criteria_set: CriteriaSet, criteria: list[Mapping[str, Any]], user) -> None:
    for position, item in enumerate(criteria, start=1):
        criterion = Criterion(
            criteria_set=criteria_set,
            position=position,
            translations=item.get("translations") or {},
            **{name: item[name] for name in CRITERION_FIELDS},
        )
        criterion._history_user = user
        criterion.save()


def criteria_set_import(data, *, publish: bool = False, user=None, note: str = "") -> CriteriaSet:
    """Load a criteria set file as a new draft (publishing it if asked); refuse it whole if anything is wrong.

    An identifier that is already taken gets a numeric suffix, so importing never overwrites a set
    that submissions may already point to.
    """
    clean = validate_criteria_set_data(data)
    with transaction.atomic():
        criteria_set = CriteriaSet(
            identifier=unique_identifier(clean["identifier"]),
            name=clean["name"],
            description=join_description(clean["description"], clean["sources"]),
            translations=clean["translations"],
            status=CriteriaSet.Status.DRAFT,
            created_by=user,
            **{name: clean[name] for name in METADATA_FIELDS},
        )
        criteria_set._history_user = user
        criteria_set.save()
        _create_criteria(criteria_set, clean["criteria"], user)
        if publish:
            # Its name and identifier become what patients see, so they are checked like the admin's.
            criteria_set = criteria_set_publish(
                criteria_set=criteria_set,
                user=user,
                note=note or f"Imported from a file as {criteria_set.identifier}.",
                name=criteria_set.name,
                identifier=criteria_set.identifier,
            )
    return criteria_set


# --- Drafts --------------------------------------------------------------------------------------


def default_criteria() -> list[dict[str, Any]]:
    """The shipped default criteria, in the export format."""
    return json.loads(DEFAULT_SET_FILE.read_text(encoding="utf-8"))["criteria"]


def criteria_set_add_missing_kinds(*, criteria_set: CriteriaSet, user=None) -> None:
    """Give a draft every kind of criterion, so admins can switch one on instead of building it by hand.

    Kinds the set lacks are added from the shipped defaults, switched off, at the end.
    """
    present = set(criteria_set.criteria.values_list("key", flat=True))
    position = max(criteria_set.criteria.values_list("position", flat=True), default=0)
    for item in default_criteria():
        if item["key"] in present or item["key"] not in KINDS:
            continue
        position += 1
        criterion = Criterion(
            criteria_set=criteria_set,
            position=position,
            **{name: item[name] for name in CRITERION_FIELDS if name != "enabled"},
            translations=item.get("translations") or {},
            enabled=False,
        )
        criterion._history_user = user
        criterion.save()


def criteria_set_create_draft(*, criteria_set: CriteriaSet, user=None) -> CriteriaSet:
    """Save a new, empty draft made in the admin and fill it with the published set's criteria."""
    with transaction.atomic():
        criteria_set.status = CriteriaSet.Status.DRAFT
        criteria_set.created_by = user
        criteria_set._history_user = user
        criteria_set.save()
        source = CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).first()
        if source is not None:
            _create_criteria(criteria_set, [criterion_data(c) for c in source.criteria.all()], user)
        criteria_set_add_missing_kinds(criteria_set=criteria_set, user=user)
    return criteria_set


def criteria_set_copy(*, source: CriteriaSet, user=None) -> CriteriaSet:
    """A new draft with the same criteria as `source`; the only way to change a published or retired set."""
    with transaction.atomic():
        draft = CriteriaSet(
            identifier=unique_identifier(f"{source.identifier}-draft"),
            name=str(_("Draft copy of %(name)s") % {"name": source.name})[:NAME_MAX_LENGTH],
            description=source.description,
            translations=source.translations,
            status=CriteriaSet.Status.DRAFT,
            created_by=user,
            # The copy keeps where it comes from, but is not shown to patients until someone lists it.
            **{name: getattr(source, name) for name in METADATA_FIELDS if name != "listed"},
        )
        draft._history_user = user
        draft.save()
        _create_criteria(draft, [criterion_data(c) for c in source.criteria.all()], user)
        criteria_set_add_missing_kinds(criteria_set=draft, user=user)
    return draft


# --- Publish -------------------------------------------------------------------------------------


def public_name_problems(*, name: str, identifier: str, criteria_set: CriteriaSet | None = None) -> dict[str, list]:
    """Why a name or identifier cannot be what patients see (they never read "Draft copy of…" or `…-draft`)."""
    errors: dict[str, list] = {}
    draft_prefix = str(_("Draft copy of %(name)s") % {"name": ""}).strip().casefold()
    if not name.strip():
        errors["name"] = [_("Write the name patients will see.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Keep the name to %(max)s characters or fewer.") % {"max": NAME_MAX_LENGTH}]
    elif "draft copy" in name.casefold() or draft_prefix in name.casefold():
        errors["name"] = [_("Patients see this name: give the set its own name, without “Draft copy”.")]
    if not identifier or len(identifier) > IDENTIFIER_MAX_LENGTH or not IDENTIFIER_PATTERN.match(identifier):
        errors["identifier"] = [
            _("Use up to %(max)s lower-case letters, digits and hyphens, like contract-default-3.")
            % {"max": IDENTIFIER_MAX_LENGTH}
        ]
    elif "draft" in identifier.split("-"):
        errors["identifier"] = [_("Patients see this version label: leave “draft” out of it.")]
    elif CriteriaSet.objects.filter(identifier=identifier).exclude(pk=getattr(criteria_set, "pk", None)).exists():
        errors["identifier"] = [_("Another set already uses “%(identifier)s”.") % {"identifier": identifier}]
    return errors


def suggested_identifier(published: CriteriaSet | None) -> str:
    """The published set's identifier with its number counted on (contract-default-2 → contract-default-3)."""
    if published is None:
        return unique_identifier("criteria-1")
    match = re.match(r"^(?P<base>.*?)-(?P<number>\d+)$", published.identifier)
    base = f"{match['base']}-{int(match['number']) + 1}" if match else f"{published.identifier}-2"
    return unique_identifier(base)


def translated_name_problems(names: Mapping[str, str]) -> dict[str, list]:
    """Why a name in another language cannot be what patients see, keyed by its form field (`name_es`)."""
    errors: dict[str, list] = {}
    for language, name in names.items():
        if not name:
            continue
        with translation.override(language):
            draft_prefix = str(_("Draft copy of %(name)s") % {"name": ""}).strip().casefold()
        if len(name) > NAME_MAX_LENGTH:
            errors[f"name_{language}"] = [_("Keep the name to %(max)s characters or fewer.") % {"max": NAME_MAX_LENGTH}]
        elif "draft copy" in name.casefold() or (draft_prefix and draft_prefix in name.casefold()):
            errors[f"name_{language}"] = [_("Patients see this name: give the set its own name, without “Draft copy”.")]
    return errors


def criteria_set_publish(
    *,
    criteria_set: CriteriaSet,
    user=None,
    note: str,
    name: str | None = None,
    identifier: str | None = None,
    translated_names: Mapping[str, str] | None = None,
) -> CriteriaSet:
    """Make a draft the set in use from now on and retire the one before it, all or nothing.

    `name` and `identifier`, when given, become what patients see from now on (the admin always
    asks for them). Submissions keep pointing at the set they were evaluated with and keep their
    stored result, so publishing never changes a past result. Raises ValidationError (bad note,
    name, identifier or criteria), CriteriaSetNotDraft, or PublishConflict when another publish won.
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError({"change_note": [_("Write a change note before publishing.")]})
    try:
        with transaction.atomic():
            draft = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
            if draft.status != CriteriaSet.Status.DRAFT:
                raise CriteriaSetNotDraft(draft.identifier)
            if name is not None or identifier is not None:
                name = (name if name is not None else draft.name).strip()
                identifier = (identifier if identifier is not None else draft.identifier).strip()
                naming = public_name_problems(name=name, identifier=identifier, criteria_set=draft)
                if naming:
                    raise ValidationError(naming)
                draft.name, draft.identifier = name, identifier
            # The name in each other language, when given (empty: the draft keeps the one it has).
            names = {language: (value or "").strip() for language, value in (translated_names or {}).items()}
            if naming := translated_name_problems(names):
                raise ValidationError(naming)
            stored = {language: dict(entry) for language, entry in (draft.translations or {}).items()}
            for language, value in names.items():
                if value and language in translations.other_languages():
                    stored.setdefault(language, {})["name"] = value
            draft.translations = stored
            in_use = (
                CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).prefetch_related("criteria").first()
            )
            problems = publish_problems(draft, in_use)
            if problems:
                raise ValidationError({NON_FIELD: problems})
            now = timezone.now()
            # Lock the set in use, so two publishes queue up instead of both retiring it.
            for current in CriteriaSet.objects.select_for_update().filter(status=CriteriaSet.Status.PUBLISHED):
                current.status = CriteriaSet.Status.RETIRED
                current._history_user = user
                current.save(update_fields=["status"])
            draft.status = CriteriaSet.Status.PUBLISHED
            draft.published_at = now
            draft.change_note = note
            draft._history_user = user
            draft.save(update_fields=["status", "published_at", "change_note", "name", "identifier", "translations"])
    except IntegrityError as error:
        # The partial unique index `one_published_criteria_set` refused a second published set.
        raise PublishConflict(criteria_set.pk) from error
    return draft
