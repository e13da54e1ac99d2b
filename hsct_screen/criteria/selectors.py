"""Reads of criteria sets: the published set, what stops a draft from being published, and the preview."""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria import cache, labels, translations
from hsct_screen.criteria.examples import EXAMPLES, example_answers
from hsct_screen.criteria.forms import criterion_data, validate_criterion
from hsct_screen.criteria.models import CriteriaSet, Criterion, StatusDescription
from hsct_screen.rules import KINDS, evaluate

PREVIEW_DEFAULT_SUBMISSIONS = 200
PREVIEW_MAX_SUBMISSIONS = 5000
PREVIEW_EXAMPLE_CODES = 5


class NoPublishedCriteria(Exception):
    """No criteria set is published, so nothing can be evaluated."""


def published_criteria_set() -> CriteriaSet:
    criteria_set = CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).prefetch_related("criteria").first()
    if criteria_set is None:
        raise NoPublishedCriteria("no criteria set is published")
    return criteria_set


def published_for_evaluation(language: str | None = None) -> cache.PublishedCriteria:
    """The published set, its specs and the listed comparison sets, from the shared cache (see criteria.cache).

    Their texts are in `language` (the active language when None), English where a text has no translation.
    Raises NoPublishedCriteria when no set is published (and caches nothing, so a publish is seen at once).
    """
    language = translations.supported(language)

    def build() -> dict[str, cache.PublishedCriteria]:
        criteria_set = published_criteria_set()
        listed = comparison_sets(excluding=criteria_set)
        return {
            code: cache.PublishedCriteria(
                criteria_set=criteria_set,
                specs=tuple(criteria_set.specs(code)),
                comparisons=tuple(other.as_comparison_set(code) for other in listed),
            )
            for code in translations.languages()
        }

    return cache.published_criteria(build, language)


def comparison_sets(*, excluding: CriteriaSet | None = None) -> list[CriteriaSet]:
    """The sets listed for comparison, in the admins' order, with their criteria (two queries, however many)."""
    listed = CriteriaSet.objects.filter(listed=True).prefetch_related("criteria").order_by("comparison_order", "pk")
    if excluding is not None:
        listed = listed.exclude(pk=excluding.pk)
    return list(listed)


@dataclass(frozen=True)
class TrialListing:
    """A listed trial as the learn pages show it: the same facts, and the same status words, as the comparisons."""

    name: str
    registry_number: str
    registry_url: str
    countries: str
    status: StatusDescription


def listed_trials(today: date) -> list[TrialListing]:
    """The trials listed for comparison, those taking new patients first (in the admins' order), in one query.

    Names and countries are in the active language (English where a set has no translation).

    The trial sets are the one home of each trial's registry address, countries, status and the date it was
    checked, so a status edited in admin reads the same here and beside each result.
    """
    trials = [
        TrialListing(
            name=criteria_set.text("name"),
            registry_number=criteria_set.registry_number,
            registry_url=criteria_set.registry_url,
            countries=criteria_set.text("countries"),
            status=criteria_set.status_description(today),
        )
        for criteria_set in CriteriaSet.objects.filter(listed=True, kind=CriteriaSet.Kind.TRIAL).order_by(
            "comparison_order", "pk"
        )
    ]
    return sorted(trials, key=lambda trial: not trial.status.taking_patients)


def stale_criteria_sets(today: date) -> list[CriteriaSet]:
    """Listed sets whose status was last checked more than STATUS_STALE_AFTER_DAYS before `today`."""
    return [
        criteria_set
        for criteria_set in CriteriaSet.objects.filter(listed=True).order_by("comparison_order", "pk")
        if criteria_set.status_is_stale(today)
    ]


def criteria_set_problems(criteria_set: CriteriaSet) -> list[str]:
    """Why a set could not be published as it stands (empty when it can); checks each criterion as the form does."""
    problems: list[str] = []
    criteria = list(criteria_set.criteria.all())
    for criterion in criteria:
        if not criterion.enabled:
            continue
        try:
            validate_criterion(criterion_data(criterion))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems.extend(f"{criterion.title} ({criterion.key}), {name}: {message}" for message in messages)
    if not any(criterion.enabled and criterion.required for criterion in criteria):
        problems.append(str(_("At least one criterion must be enabled and required, or everyone would pass.")))
    # Patients must never read English on a page in another language without anyone having decided so.
    problems.extend(translations.publish_problems(criteria_set, criteria))
    return problems


def publish_problems(draft: CriteriaSet, published: CriteriaSet | None) -> list[str]:
    """Everything that stops a draft from replacing the published set: its criteria, then its description."""
    return criteria_set_problems(draft) + description_problems(draft, published)


def criteria_set_fingerprint(criteria_set: CriteriaSet) -> str:
    """A short digest of a set's criteria: the publish form carries it, so a draft changed after its preview is caught."""
    data = [criterion_data(criterion) for criterion in criteria_set.criteria.all()]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class ExampleRow:
    name: str
    published_outcome: str | None
    draft_outcome: str

    @property
    def changed(self) -> bool:
        return self.published_outcome != self.draft_outcome


@dataclass
class OutcomeChange:
    before: str
    after: str
    count: int = 0
    reference_codes: list[str] = field(default_factory=list)


@dataclass
class SubmissionsPreview:
    checked: int = 0
    unchanged: int = 0
    failed: int = 0
    changes: list[OutcomeChange] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(change.count for change in self.changes)


def preview_examples(draft: CriteriaSet, published: CriteriaSet | None, *, on: date | None = None) -> list[ExampleRow]:
    """How the built-in example patients come out under the published set and under the draft."""
    on = on or timezone.localdate()
    draft_specs = draft.specs()
    published_specs = published.specs() if published is not None else None
    rows = []
    for example in EXAMPLES:
        answers = example_answers(example, on)
        before = (
            str(evaluate(answers, published_specs, on=on, version=published.identifier).outcome)
            if published_specs is not None
            else None
        )
        after = str(evaluate(answers, draft_specs, on=on, version=draft.identifier).outcome)
        rows.append(ExampleRow(str(example["name"]), before, after))
    return rows


def recent_submissions(limit: int) -> list[tuple[str, dict, date, str]]:
    """The newest stored submissions as (reference_code, answers, evaluated_on, outcome), in one query."""
    # The criteria app must not import the questionnaire app (imports point one way), so the
    # Submission model is reached through the reverse relation its foreign key declares.
    submission_model = CriteriaSet._meta.get_field("submissions").related_model
    return list(
        submission_model.objects.order_by("-created_at", "-pk").values_list(
            "reference_code", "answers", "evaluated_on", "outcome"
        )[:limit]
    )


def preview_submissions(draft: CriteriaSet, *, limit: int = PREVIEW_DEFAULT_SUBMISSIONS) -> SubmissionsPreview:
    """Re-evaluate the newest stored submissions with the draft and count the outcomes that would change.

    Each uses its own stored answers and evaluation date; the stored results are only read.
    """
    specs = draft.specs()
    preview = SubmissionsPreview()
    changes: dict[tuple[str, str], OutcomeChange] = {}
    for reference_code, answers, evaluated_on, outcome in recent_submissions(limit):
        preview.checked += 1
        try:
            after = str(evaluate(answers, specs, on=evaluated_on, version=draft.identifier).outcome)
        except (KeyError, TypeError, ValueError):
            # Answers stored under an older contract may lack a key the draft reads.
            preview.failed += 1
            continue
        if after == outcome:
            preview.unchanged += 1
            continue
        change = changes.setdefault((outcome, after), OutcomeChange(outcome, after))
        change.count += 1
        if len(change.reference_codes) < PREVIEW_EXAMPLE_CODES:
            change.reference_codes.append(reference_code)
    preview.changes = sorted(changes.values(), key=lambda change: (-change.count, change.before, change.after))
    return preview


# --- What changed: the draft against the set in use -------------------------------------------

# Comparison details ("listed", order, dates) change on any set at any time, so they are not part of a draft's diff.
SET_DIFF_FIELDS = ("name", "description", "kind", "recruitment_status", "source_citation", "countries")
CRITERION_DIFF_FIELDS = ("enabled", "required", "title", "text_met", "text_not_met", "text_unknown", "learn_more")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class CriterionDiff:
    key: str
    title: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class SetDiff:
    set_changes: list[Change] = field(default_factory=list)
    criteria: list[CriterionDiff] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.set_changes) + sum(len(item.changes) for item in self.criteria)


def _shown(value) -> str:
    """A stored value in plain words: lists joined, true/false as yes/no, nothing as a dash."""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(str(labels.value_label(item)) for item in value) or "–"
    if value is None or value == "":
        return "–"
    return str(value)


_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


def _normal(value):
    # A browser sends a textarea's lines with CRLF; that alone is no change a reader could see.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _text_change(label: str, old: str, new: str) -> Change:
    """A changed text as only the sentences that differ (a long description is not repeated whole)."""
    old, new = _normal(old or ""), _normal(new or "")
    before = [part.strip() for part in _SENTENCE_END.split(old) if part.strip()]
    after = [part.strip() for part in _SENTENCE_END.split(new) if part.strip()]
    if len(before) + len(after) <= 4:
        return Change(label, _shown(old), _shown(new))
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag != "equal":
            removed.extend(before[i1:i2])
            added.extend(after[j1:j2])
    return Change(label, " … ".join(removed) or "–", " … ".join(added) or "–")


def _setting_changes(key: str, before: dict, after: dict) -> list[Change]:
    """Each declared setting whose value differs, labelled as the kind declares it (texts per condition too)."""
    kind = KINDS.get(key)
    if kind is None:
        return []
    before, after = kind.with_defaults(before or {}), kind.with_defaults(after or {})
    changes = []
    for name, spec in kind.settings_schema.items():
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        label = str(labels.setting_label(key, name))
        if spec["type"] == "messages":
            old, new = old or {}, new or {}
            for value in spec["values"]:
                if old.get(value) != new.get(value):
                    changes.append(
                        Change(f"{label}: {labels.value_label(value)}", _shown(old.get(value)), _shown(new.get(value)))
                    )
        else:
            changes.append(Change(label, _shown(old), _shown(new)))
    return changes


def _stored_translation(obj, language: str, name: str) -> str:
    entry = (obj.translations or {}).get(language) or {}
    value = entry.get(name)
    return value if isinstance(value, str) else ""


def _translation_changes(old, new, names) -> list[Change]:
    """Each text in another language that differs, labelled with its language (advice per condition too)."""
    changes = []
    for language in translations.other_languages():
        for name in names:
            before, after = _stored_translation(old, language, name), _stored_translation(new, language, name)
            if _normal(before) != _normal(after):
                changes.append(_text_change(translations.field_label(type(new), name, language), before, after))
        if isinstance(new, Criterion):
            before_settings = ((old.translations or {}).get(language) or {}).get(translations.SETTINGS_KEY) or {}
            after_settings = ((new.translations or {}).get(language) or {}).get(translations.SETTINGS_KEY) or {}
            for name in translations.message_settings(new.key):
                before_messages, after_messages = before_settings.get(name) or {}, after_settings.get(name) or {}
                for value in sorted(set(before_messages) | set(after_messages)):
                    if _normal(before_messages.get(value, "")) != _normal(after_messages.get(value, "")):
                        label = translations.message_label(new.key, f"settings.{name}.{value}", language)
                        changes.append(
                            _text_change(label, before_messages.get(value, ""), after_messages.get(value, ""))
                        )
    return changes


def criteria_set_diff(draft: CriteriaSet, published: CriteriaSet | None) -> SetDiff:
    """Every setting, text and set-level field the draft changes against the published set (prefetched criteria)."""
    diff = SetDiff()
    if published is None:
        return diff
    for name in SET_DIFF_FIELDS:
        old, new = getattr(published, name), getattr(draft, name)
        if _normal(old) != _normal(new):
            model_field = CriteriaSet._meta.get_field(name)
            if model_field.choices:
                old, new = getattr(published, f"get_{name}_display")(), getattr(draft, f"get_{name}_display")()
            label = str(model_field.verbose_name).capitalize()
            diff.set_changes.append(
                _text_change(label, old, new)
                if isinstance(old, str) and not model_field.choices
                else Change(label, _shown(old), _shown(new))
            )
    diff.set_changes.extend(_translation_changes(published, draft, translations.SET_TEXTS))
    old_criteria = {criterion.key: criterion for criterion in published.criteria.all()}
    for criterion in draft.criteria.all():
        old = old_criteria.pop(criterion.key, None)
        item = CriterionDiff(criterion.key, criterion.title)
        if old is None:
            item.changes.append(Change(str(_("Criterion")), "–", str(_("added"))))
        else:
            for name in CRITERION_DIFF_FIELDS:
                before, after = getattr(old, name), getattr(criterion, name)
                if _normal(before) != _normal(after):
                    verbose = str(Criterion._meta.get_field(name).verbose_name).capitalize()
                    item.changes.append(
                        _text_change(verbose, before, after)
                        if isinstance(before, str)
                        else Change(verbose, _shown(before), _shown(after))
                    )
            item.changes.extend(_setting_changes(criterion.key, old.settings, criterion.settings))
            item.changes.extend(_translation_changes(old, criterion, translations.CRITERION_TEXTS))
        if item.changes:
            diff.criteria.append(item)
    for key, old in old_criteria.items():
        diff.criteria.append(CriterionDiff(key, old.title, [Change(str(_("Criterion")), str(_("present")), "–")]))
    return diff


# Numbers a description quotes, as words or digits standing alone ("10 years", "aged 18 to 55").
_NUMBER = r"(?<![\w.]){}(?![\w.])"


def description_problems(draft: CriteriaSet, published: CriteriaSet | None) -> list[str]:
    """Numbers the description still quotes from a setting the draft changed (it says 10 years; the setting is 15).

    The description is free text written by people, so it cannot be generated without losing its
    sources and nuance; instead, a number the old setting had and the new one does not is refused
    until someone rewrites the sentence. Settings that only appear as lists are not numbers, so
    the check looks at whole-number settings only.
    """
    if published is None:
        return []
    # The English description, then its translations: each must be rewritten when a number it quotes changed.
    descriptions = [("", draft.description)] + [
        (language, translations.text(draft, "description", language))
        for language in translations.other_languages()
        if ((draft.translations or {}).get(language) or {}).get("description")
    ]
    problems = []
    old_criteria = {criterion.key: criterion for criterion in published.criteria.all()}
    for criterion in draft.criteria.all():
        old = old_criteria.get(criterion.key)
        kind = KINDS.get(criterion.key)
        if old is None or kind is None or not criterion.enabled:
            continue
        for name, spec in kind.settings_schema.items():
            before, after = old.settings.get(name), criterion.settings.get(name)
            if spec["type"] != "int" or before == after or before is None:
                continue
            for language, description in descriptions:
                quotes_old = re.search(_NUMBER.format(before), description or "")
                quotes_new = re.search(_NUMBER.format(after), description or "")
                if not quotes_old or quotes_new:
                    continue
                values = {"old": before, "new": after, "label": labels.setting_label(criterion.key, name)}
                if language:
                    problems.append(
                        str(
                            _(
                                "The description (%(language)s) still says %(old)s, but “%(label)s” is now "
                                "%(new)s. Update it on the draft's page before publishing."
                            )
                            % {**values, "language": translations.language_name(language)}
                        )
                    )
                    continue
                problems.append(
                    str(
                        _(
                            "The description still says %(old)s, but “%(label)s” is now %(new)s. "
                            "Update the description on the draft's page before publishing."
                        )
                        % values
                    )
                )
    return problems
