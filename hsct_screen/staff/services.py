"""Writes of the staff workspace: status, assignee and notes on the timeline; the audit of personal data."""

import logging
from dataclasses import asdict
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hsct_screen.questionnaire.models import Submission
from hsct_screen.staff.models import AuditEvent, Review, ReviewEvent, ReviewNote, ReviewStatus
from hsct_screen.staff.selectors import QueueFilters, reviewers

logger = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 2000
ERASE_REASON_MAX_LENGTH = 500


def _locked_review(submission: Submission) -> Review:
    """The submission's review row, created on first change and locked so two staff cannot race."""
    review, _created = Review.objects.select_for_update().get_or_create(submission=submission)
    return review


def _user_label(user) -> str:
    return user.get_username() if user is not None else ""


@transaction.atomic
def review_status_change(*, submission: Submission, user: AbstractBaseUser, status: str) -> Review:
    """Move a submission to any of the four review statuses; a change to the same status records nothing."""
    if status not in ReviewStatus.values:
        raise ValidationError(
            _("“%(value)s” is not a review status. Choose one of: %(choices)s."),
            code="invalid_status",
            params={"value": str(status)[:40], "choices": ", ".join(str(label) for label in ReviewStatus.labels)},
        )
    review = _locked_review(submission)
    if review.status == status:
        return review
    previous = review.status
    review.status = status
    review.save(update_fields=["status", "updated_at"])
    ReviewEvent.objects.create(
        submission=submission, actor=user, kind=ReviewEvent.Kind.STATUS_CHANGED, from_value=previous, to_value=status
    )
    return review


@transaction.atomic
def review_assign(*, submission: Submission, user: AbstractBaseUser, assignee: AbstractBaseUser | None) -> Review:
    """Give a submission to a member of staff who can review, or to nobody."""
    if assignee is not None and not reviewers().filter(pk=assignee.pk).exists():
        raise ValidationError(_("Only staff who can review submissions can be assigned."), code="invalid_assignee")
    review = _locked_review(submission)
    if review.assignee_id == (assignee.pk if assignee is not None else None):
        return review
    previous = _user_label(review.assignee)
    review.assignee = assignee
    review.save(update_fields=["assignee", "updated_at"])
    ReviewEvent.objects.create(
        submission=submission,
        actor=user,
        kind=ReviewEvent.Kind.ASSIGNED,
        from_value=previous,
        to_value=_user_label(assignee),
    )
    return review


@transaction.atomic
def review_note_add(*, submission: Submission, user: AbstractBaseUser, text: str) -> ReviewNote:
    """Add a note; notes are never edited, so the record shows what was known when."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the note before saving it."), code="required")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("A note can be at most %(max)d characters long."), code="max_length", params={"max": NOTE_MAX_LENGTH}
        )
    note = ReviewNote.objects.create(submission=submission, author=user, text=text)
    ReviewEvent.objects.create(submission=submission, actor=user, kind=ReviewEvent.Kind.NOTE_ADDED, note=note)
    return note


def audit_contact_viewed(*, submission: Submission, user: AbstractBaseUser) -> AuditEvent:
    """Record that someone was shown a person's contact details."""
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_user_label(user),
        action=AuditEvent.Action.CONTACT_VIEWED,
        submission=submission,
        reference_code=submission.reference_code,
    )


# Filters that are on or off: only "on" is worth recording (wants_contact=False is a real filter, kept).
SWITCHES = {"unassigned", "oldest_first"}


def _filters_record(filters: QueueFilters) -> dict:
    """The filters that were set, as plain JSON; empty ones are left out."""
    record = {}
    for name, value in asdict(filters).items():
        if value in ("", None) or (value is False and name in SWITCHES):
            continue
        if name.startswith("contact_"):
            # Which contact detail was searched, never what was typed: that may be a name or an address.
            record[name] = "…"
            continue
        record[name] = value.isoformat() if isinstance(value, date) else value
    return record


def audit_contact_searched(*, user: AbstractBaseUser, filters: QueueFilters, row_count: int) -> AuditEvent:
    """Record a queue search by name, email or phone: matches tell who asked to be contacted."""
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_user_label(user),
        action=AuditEvent.Action.CONTACT_SEARCHED,
        row_count=row_count,
        details={"filters": _filters_record(filters)},
    )


@transaction.atomic
def review_bulk_change(
    *,
    submissions: list[Submission],
    user: AbstractBaseUser,
    status: str = "",
    change_assignee: bool = False,
    assignee: AbstractBaseUser | None = None,
) -> int:
    """Give many submissions one status and/or assignee, all or none; each gets its own timeline entry.

    Returns how many submissions changed (one already in that state records nothing). Status and assignee
    are checked before anything is written.
    """
    if status and status not in ReviewStatus.values:
        raise ValidationError(_("Choose one of the review statuses."), code="invalid_status")
    if change_assignee and assignee is not None and not reviewers().filter(pk=assignee.pk).exists():
        raise ValidationError(_("Only staff who can review submissions can be assigned."), code="invalid_assignee")
    changed = 0
    for submission in submissions:
        review = getattr(submission, "review", None)
        before = (review.status, review.assignee_id) if review is not None else (ReviewStatus.NEW, None)
        after = (
            status or before[0],
            (assignee.pk if assignee is not None else None) if change_assignee else before[1],
        )
        if status:
            review_status_change(submission=submission, user=user, status=status)
        if change_assignee:
            review_assign(submission=submission, user=user, assignee=assignee)
        changed += after != before
    return changed


def audit_export(*, user: AbstractBaseUser, filters: QueueFilters, row_count: int, identifiable: bool) -> AuditEvent:
    """Record an export: who, when, which filters, how many rows, with or without contact details."""
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_user_label(user),
        action=AuditEvent.Action.EXPORTED,
        identifiable=identifiable,
        row_count=row_count,
        details={"filters": _filters_record(filters)},
    )


@transaction.atomic
def submission_erase(*, submission: Submission, user: AbstractBaseUser, reason: str) -> AuditEvent:
    """Delete one submission for good at the person's request, with everything hanging off it.

    The audit keeps the reference code, who, when and why; never the answers or contact details.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why this submission is being deleted."), code="required")
    if len(reason) > ERASE_REASON_MAX_LENGTH:
        raise ValidationError(
            _("The reason can be at most %(max)d characters long."),
            code="max_length",
            params={"max": ERASE_REASON_MAX_LENGTH},
        )
    reference_code, submission_id = submission.reference_code, submission.pk
    # Contact details, review, notes and the review timeline go with it (CASCADE); audit rows lose the link.
    Submission.objects.filter(pk=submission_id).delete()
    event = AuditEvent.objects.create(
        actor=user,
        actor_label=_user_label(user),
        action=AuditEvent.Action.SUBMISSION_DELETED,
        reference_code=reference_code,
        reason=reason,
    )
    logger.info("submission deleted on request id=%s", submission_id)
    return event
