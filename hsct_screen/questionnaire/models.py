"""Finished screenings and, only with consent, how to contact the person."""

import hashlib
import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria import labels
from hsct_screen.criteria.models import CriteriaSet

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B or U/V pairs: codes are read aloud over the phone.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
REFERENCE_LENGTH = 8


def new_reference_code() -> str:
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def new_link_token() -> str:
    """The secret part of a private result link: 192 random bits, never stored as is."""
    return secrets.token_urlsafe(24)


def link_token_hash(token: str) -> str:
    """What the database keeps of a link token: a database leak must not give away working links."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# The outcomes and their labels are written once, in the rules; criteria.labels makes them Django choices.
Outcome = labels.Outcome


class Submission(models.Model):
    reference_code = models.CharField(_("reference code"), max_length=12, unique=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    evaluated_on = models.DateField(_("evaluated on"))
    answers = models.JSONField(_("answers"))
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, db_index=True)
    # The whole result as the person saw it; never recomputed, so later criteria edits cannot change it.
    result = models.JSONField(_("result"))
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="submissions"
    )
    # The SHA-256 of the private link's token; empty for submissions made before private links existed.
    link_token_hash = models.CharField(
        _("private link (hashed)"), max_length=64, blank=True, default="", editable=False
    )
    # Made when the questionnaire starts and kept in the session draft. Unique, so however many times
    # (or how many requests at once) one questionnaire is submitted, the database stores it only once.
    submission_key = models.CharField(
        _("submission key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["link_token_hash"], condition=~Q(link_token_hash=""), name="submission_link_token_hash_unique"
            ),
        ]

    def __str__(self):
        return self.reference_code

    @property
    def criteria_version(self) -> str:
        return self.result.get("criteria_version", "")


class ContactRequest(models.Model):
    """Contact details, stored only after the person ticked the consent box."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="contact_request")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    consent_given_at = models.DateTimeField(_("consent given"))
    # Empty until the clinic has been told (at once or in the daily digest); a failed email leaves it empty,
    # so the digest command sends it again and no request is lost.
    notified_at = models.DateTimeField(_("clinic notified"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="contact_has_email_or_phone"),
        ]

    def __str__(self):
        return f"Contact for {self.submission_id}"


class ContactEvent(models.Model):
    """A person giving, replacing or removing their contact details: when and what, never the details.

    Written by the questionnaire services so the staff timeline can show it without the patient side
    knowing the staff side exists.
    """

    class Kind(models.TextChoices):
        ADDED = "contact_added", _("Contact details given")
        REPLACED = "contact_replaced", _("Contact details replaced")
        REMOVED = "contact_removed", _("Contact details removed")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="contact_events")
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact event")
        verbose_name_plural = _("contact events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} on {self.submission_id}"

    @property
    def actor_name(self) -> str:
        """Read like a review event's actor, so one timeline can list both: the person themselves."""
        return str(_("the person"))


class DeletedSubmission(models.Model):
    """What is left after a person deleted their submission: enough to say so on the private link, nothing more.

    No answers, result, reference code or contact details: only the hashed link token and the date.
    """

    link_token_hash = models.CharField(_("private link (hashed)"), max_length=64, unique=True, editable=False)
    deleted_at = models.DateTimeField(_("deleted"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("deleted submission")
        verbose_name_plural = _("deleted submissions")

    def __str__(self):
        return f"Deleted {self.deleted_at:%Y-%m-%d}"
