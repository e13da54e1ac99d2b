"""Reads for the patient pages."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from hsct_screen.questionnaire import labels
from hsct_screen.questionnaire.models import ContactRequest, Outcome, Submission


def submission_for_result(reference_code: str) -> Submission | None:
    """The submission with this reference code, with its contact request (if any) in the same query."""
    return Submission.objects.select_related("contact_request").filter(reference_code=reference_code).first()


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
class ResultView:
    """The stored result snapshot, arranged for the result page (never recomputed)."""

    outcome: str
    heading: str
    summary: str
    findings: list[FindingView]
    advisories: list[dict[str, Any]]
    to_find_out: list[str]
    answer_rows: list[tuple[str, str, str]]


OUTCOME_HEADINGS = {
    Outcome.POSSIBLE_CANDIDATE: _("You may be a candidate for HSCT"),
    Outcome.UNLIKELY_CANDIDATE: _("HSCT is unlikely to be suitable for you at the moment"),
    Outcome.MORE_INFORMATION_NEEDED: _("We need more information"),
}
OUTCOME_SUMMARIES = {
    Outcome.POSSIBLE_CANDIDATE: _(
        "Your answers match the usual reasons specialists consider HSCT for MS. "
        "This does not mean HSCT is right for you: only a specialist team can decide that, after tests."
    ),
    Outcome.UNLIKELY_CANDIDATE: _(
        "At least one of your answers does not match the usual reasons specialists consider HSCT. "
        "Things can change over time, and other treatments may help you."
    ),
    Outcome.MORE_INFORMATION_NEEDED: _(
        "Some of your answers were “I'm not sure”, so we cannot say yet. "
        "Below is what to find out. Your doctor or MS nurse can help."
    ),
}
STATUS_LABELS = {"met": _("Met"), "not_met": _("Not met"), "unknown": _("Not sure yet")}


def result_view(submission: Submission) -> ResultView:
    result = submission.result or {}
    outcome = result.get("outcome", submission.outcome)
    findings = [
        FindingView(
            key=item.get("key", ""),
            status=item.get("status", "unknown"),
            status_label=str(STATUS_LABELS.get(item.get("status"), STATUS_LABELS["unknown"])),
            required=bool(item.get("required", True)),
            title=item.get("title", ""),
            explanation=item.get("explanation", ""),
            learn_more_url=item.get("learn_more_url", ""),
        )
        for item in result.get("criteria", [])
    ]
    to_find_out = [
        finding.explanation
        for finding in findings
        if finding.status == "unknown" and finding.required and finding.explanation
    ]
    return ResultView(
        outcome=outcome,
        heading=str(OUTCOME_HEADINGS.get(outcome, OUTCOME_HEADINGS[Outcome.MORE_INFORMATION_NEEDED])),
        summary=str(OUTCOME_SUMMARIES.get(outcome, OUTCOME_SUMMARIES[Outcome.MORE_INFORMATION_NEEDED])),
        findings=findings,
        advisories=list(result.get("advisories", [])),
        to_find_out=to_find_out,
        answer_rows=labels.answer_rows(submission.answers),
    )
