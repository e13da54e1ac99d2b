"""Review status, assignee, notes and the change timeline for each submission."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hsct_screen.questionnaire.models import Submission


class ReviewStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    CONTACTED = "contacted", _("Contacted")
    CLOSED = "closed", _("Closed")


class Review(models.Model):
    """Where staff are with one submission; a submission without a review row is new."""

    submission = models.OneToOneField(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        _("review status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reviews",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        # "Assigned to me" (and to anyone) with a status: the queue's most used filters together.
        indexes = [models.Index(fields=["assignee", "status"], name="review_assignee_status")]
        permissions = [
            ("review_submission", _("Can review submissions in the staff workspace")),
            ("export_submissions", _("Can export submissions as CSV")),
        ]

    def __str__(self):
        return f"Review of {self.submission_id}: {self.status}"


class ReviewNote(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="review_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    text = models.TextField(_("note"), max_length=2000)

    class Meta:
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Note {self.pk} on {self.submission_id}"


class ReviewEvent(models.Model):
    """One recorded change, shown on the submission's timeline; never edited afterwards."""

    class Kind(models.TextChoices):
        STATUS_CHANGED = "status_changed", _("Status changed")
        ASSIGNED = "assigned", _("Assignee changed")
        NOTE_ADDED = "note_added", _("Note added")

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="review_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    # Plain text on purpose: the timeline keeps reading right after a user is renamed or deleted.
    from_value = models.CharField(_("from"), max_length=150, blank=True)
    to_value = models.CharField(_("to"), max_length=150, blank=True)
    note = models.ForeignKey(
        ReviewNote, verbose_name=_("note"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} on {self.submission_id}"

    def _label(self, value: str) -> str:
        if self.kind == self.Kind.STATUS_CHANGED and value in ReviewStatus.values:
            return str(ReviewStatus(value).label)
        return value

    @property
    def actor_name(self) -> str:
        return self.actor.get_username() if self.actor is not None else ""

    @property
    def from_label(self) -> str:
        return self._label(self.from_value)

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)


class AuditEventQuerySet(models.QuerySet):
    """The audit is append-only: no bulk change or delete through the ORM either."""

    def update(self, **kwargs):
        raise TypeError("Audit events are never changed.")

    def delete(self):
        raise TypeError("Audit events are never deleted.")


class AuditEvent(models.Model):
    """Who saw or took personal data, and what was deleted: written once, never changed or deleted."""

    class Action(models.TextChoices):
        CONTACT_VIEWED = "contact_viewed", _("Viewed contact details")
        CONTACT_SEARCHED = "contact_searched", _("Searched contact details")
        EXPORTED = "exported", _("Exported submissions")
        SUBMISSION_DELETED = "submission_deleted", _("Deleted a submission on request")
        PURGED = "purged", _("Deleted old data (retention)")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name as it was, so the record still reads right after the account is renamed or removed.
    actor_label = models.CharField(_("by (name then)"), max_length=150)
    action = models.CharField(_("what"), max_length=30, choices=Action.choices, db_index=True)
    # Kept when the submission is deleted: the audit row keeps only its reference code.
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    reference_code = models.CharField(_("reference code"), max_length=12, blank=True)
    identifiable = models.BooleanField(_("with contact details"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # Export filters or purge counts: never answers or contact details.
    details = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("reason"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("erase_submission", _("Can delete a submission at the person's request"))]

    def __str__(self):
        return f"{self.action} by {self.actor_label} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are never deleted.")

    @property
    def kind(self) -> str:
        """Read like a review event's kind, so one timeline can list both."""
        return self.action

    @property
    def actor_name(self) -> str:
        return self.actor_label
