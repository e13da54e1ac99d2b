"""Reads for the patient pages."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria import labels as criteria_labels
from hsct_screen.criteria import translations
from hsct_screen.criteria.models import CriteriaSet, StatusDescription, describe_status, registry_number
from hsct_screen.questionnaire import labels, result_texts
from hsct_screen.questionnaire.models import ContactRequest, DeletedSubmission, Outcome, Submission, link_token_hash


def submission_for_result(reference_code: str) -> Submission | None:
    """The submission with this reference code, with its contact request (if any) in the same query."""
    return Submission.objects.select_related("contact_request").filter(reference_code=reference_code).first()


@dataclass(frozen=True)
class PrivateLink:
    """What a private link leads to: a live submission, a deletion record, an expired result or nothing."""

    submission: Submission | None = None
    deleted: DeletedSubmission | None = None
    expired: bool = False


def private_link_lookup(token: str) -> PrivateLink:
    """Find what a private link token opens; a submission older than SUBMISSION_RETENTION_DAYS counts as expired."""
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        return PrivateLink()
    digest = link_token_hash(token)
    submission = Submission.objects.select_related("contact_request").filter(link_token_hash=digest).first()
    if submission is not None:
        cutoff = timezone.now() - timedelta(days=settings.SUBMISSION_RETENTION_DAYS)
        if submission.created_at < cutoff:
            return PrivateLink(expired=True)
        return PrivateLink(submission=submission)
    return PrivateLink(deleted=DeletedSubmission.objects.filter(link_token_hash=digest).first())


def link_expires_on(submission: Submission):
    """The last day the private link opens the result."""
    return timezone.localdate(submission.created_at + timedelta(days=settings.SUBMISSION_RETENTION_DAYS))


def contact_request_of(submission: Submission) -> ContactRequest | None:
    """The submission's contact request without another query when it was selected with it."""
    try:
        return submission.contact_request
    except ContactRequest.DoesNotExist:
        return None


@dataclass(frozen=True)
class FindingView:
    key: str
    status: str
    status_label: str
    required: bool
    title: str
    explanation: str
    learn_more_url: str


@dataclass(frozen=True)
class ComparisonView:
    """One other guideline or trial as stored with the result, arranged for the comparisons table."""

    key: str
    title: str
    kind: str
    kind_label: str
    outcome: str
    outcome_label: str
    source: str
    source_url: str
    registry_url: str
    countries: str
    status: str
    status_description: StatusDescription
    # Titles of the set's required criteria the answers did not meet, and those they could not settle.
    not_matched: list[str] = field(default_factory=list)
    not_sure: list[str] = field(default_factory=list)

    @property
    def registry_number(self) -> str:
        return registry_number(self.registry_url)

    @property
    def is_trial(self) -> bool:
        return self.kind == CriteriaSet.Kind.TRIAL

    @property
    def taking_patients(self) -> bool:
        return self.status_description.taking_patients

    @property
    def stale(self) -> bool:
        return self.status_description.stale


@dataclass(frozen=True)
class ResultView:
    """The stored result snapshot, arranged for the result page (never recomputed)."""

    outcome: str
    heading: str
    subheading: str
    next_step: str
    summary: str
    # The required criteria only: advisory ones are listed once, under things to discuss.
    findings: list[FindingView]
    advisories: list[dict[str, Any]]
    answer_rows: list[tuple[str, str, str]]
    comparisons: list[ComparisonView] = field(default_factory=list)


OUTCOME_HEADINGS = {
    Outcome.POSSIBLE_CANDIDATE: _("HSCT could be worth talking about with your neurologist"),
    Outcome.UNLIKELY_CANDIDATE: _("Your answers do not fit the usual reasons specialists consider HSCT at the moment"),
    Outcome.MORE_INFORMATION_NEEDED: _("We need a few more answers to say more"),
}
# Said straight under the heading, where a person reads first (clinical review §5).
OUTCOME_SUBHEADINGS = {
    Outcome.POSSIBLE_CANDIDATE: "",
    Outcome.UNLIKELY_CANDIDATE: _("This is not a decision about your care."),
    Outcome.MORE_INFORMATION_NEEDED: "",
}
OUTCOME_NEXT_STEPS = {
    Outcome.POSSIBLE_CANDIDATE: _("Ask your neurologist or MS nurse about HSCT, and take this result with you."),
    Outcome.UNLIKELY_CANDIDATE: _("Ask your neurologist or MS nurse about HSCT or other treatments."),
    Outcome.MORE_INFORMATION_NEEDED: _(
        "Find out the answers marked “Not sure yet” below (your neurologist or MS nurse can help), then check again."
    ),
}
OUTCOME_SUMMARIES = {
    Outcome.POSSIBLE_CANDIDATE: _(
        "Your answers match the usual reasons specialists consider HSCT for MS. "
        "Only a specialist team can say whether it is right and safe for you, after tests."
    ),
    Outcome.UNLIKELY_CANDIDATE: _(
        "At least one answer does not match the usual reasons specialists consider HSCT. "
        "Things can change over time, other treatments may help you, and your neurologist knows your situation best."
    ),
    Outcome.MORE_INFORMATION_NEEDED: _("Some of your answers were “I'm not sure”, so this check cannot say more yet."),
}
# An advisory criterion never changes the result, so it is never shown as "not met" (contract v2).
ADVISORY_LABEL = _("To discuss with your doctor")


def status_label(status: str | None, *, required: bool) -> str:
    if not required and status != "met":
        return str(ADVISORY_LABEL)
    return str(criteria_labels.status_label(status))


# How another guideline or trial comes out for the same answers, in the table's narrow "Your answers" column:
# never a decision, so never "eligible".
COMPARISON_OUTCOME_LABELS = {
    Outcome.POSSIBLE_CANDIDATE: _("Match"),
    Outcome.UNLIKELY_CANDIDATE: _("No match"),
    Outcome.MORE_INFORMATION_NEEDED: _("Cannot tell"),
}


def _parse_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _required_titles(findings: list[dict[str, Any]], status: str) -> list[str]:
    return [
        item.get("title", "")
        for item in findings
        if item.get("required", True) and item.get("status") == status and item.get("title")
    ]


def comparison_views(stored: list[dict[str, Any]], *, today: date) -> list[ComparisonView]:
    """The stored comparisons, those still taking patients first (each group in the admins' order)."""
    views = []
    for item in stored:
        status = item.get("status", "")
        kind = item.get("kind", "")
        outcome = item.get("outcome", "")
        findings = item.get("criteria") or []
        views.append(
            ComparisonView(
                key=item.get("key", ""),
                title=item.get("title", ""),
                kind=kind,
                kind_label=str(CriteriaSet.Kind(kind).label) if kind in CriteriaSet.Kind.values else kind,
                outcome=outcome,
                outcome_label=str(
                    COMPARISON_OUTCOME_LABELS.get(outcome, COMPARISON_OUTCOME_LABELS[Outcome.MORE_INFORMATION_NEEDED])
                ),
                source=item.get("source", ""),
                source_url=item.get("source_url", ""),
                registry_url=item.get("registry_url", ""),
                countries=item.get("countries", ""),
                status=status,
                status_description=describe_status(
                    kind=kind, status=status, checked_on=_parse_date(item.get("status_checked_on")), today=today
                ),
                not_matched=_required_titles(findings, "not_met"),
                not_sure=_required_titles(findings, "unknown"),
            )
        )
    return sorted(views, key=lambda view: not view.taking_patients)


def result_view(submission: Submission, *, today: date | None = None, language: str | None = None) -> ResultView:
    """The stored result for the page, its words in `language` (the active one) when they were stored in it."""
    result = result_texts.in_language(submission.result, translations.supported(language))
    outcome = result.get("outcome", submission.outcome)
    findings = [
        FindingView(
            key=item.get("key", ""),
            status=item.get("status", "unknown"),
            status_label=status_label(item.get("status"), required=bool(item.get("required", True))),
            required=bool(item.get("required", True)),
            title=item.get("title", ""),
            explanation=item.get("explanation", ""),
            learn_more_url=item.get("learn_more_url", ""),
        )
        for item in result.get("criteria", [])
        if item.get("required", True)
    ]
    known = outcome if outcome in OUTCOME_HEADINGS else Outcome.MORE_INFORMATION_NEEDED
    return ResultView(
        outcome=outcome,
        heading=str(OUTCOME_HEADINGS[known]),
        subheading=str(OUTCOME_SUBHEADINGS[known]),
        next_step=str(OUTCOME_NEXT_STEPS[known]),
        summary=str(OUTCOME_SUMMARIES[known]),
        findings=findings,
        advisories=list(result.get("advisories", [])),
        answer_rows=labels.answer_rows(submission.answers),
        comparisons=comparison_views(result.get("comparisons", []), today=today or timezone.localdate()),
    )
