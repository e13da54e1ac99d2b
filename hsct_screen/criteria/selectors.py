"""Reads of criteria sets: the published set, what stops a draft from being published, and the preview."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria import cache
from hsct_screen.criteria.examples import EXAMPLES, example_answers
from hsct_screen.criteria.forms import criterion_data, validate_criterion
from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.rules import evaluate

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


def published_for_evaluation() -> cache.PublishedCriteria:
    """The published set, its specs and the listed comparison sets, from the shared cache (see criteria.cache).

    Raises NoPublishedCriteria when no set is published (and caches nothing, so a publish is seen at once).
    """

    def build() -> cache.PublishedCriteria:
        criteria_set = published_criteria_set()
        return cache.PublishedCriteria(
            criteria_set=criteria_set,
            specs=tuple(criteria_set.specs()),
            comparisons=tuple(listed.as_comparison_set() for listed in comparison_sets(excluding=criteria_set)),
        )

    return cache.published_criteria(build)


def comparison_sets(*, excluding: CriteriaSet | None = None) -> list[CriteriaSet]:
    """The sets listed for comparison, in the admins' order, with their criteria (two queries, however many)."""
    listed = CriteriaSet.objects.filter(listed=True).prefetch_related("criteria").order_by("comparison_order", "pk")
    if excluding is not None:
        listed = listed.exclude(pk=excluding.pk)
    return list(listed)


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
    return problems


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
