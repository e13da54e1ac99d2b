"""Finished screenings and, only with consent, how to contact the person."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria.models import CriteriaSet

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B or U/V pairs: codes are read aloud over the phone.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
REFERENCE_LENGTH = 8


def new_reference_code() -> str:
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


class Outcome(models.TextChoices):
    POSSIBLE_CANDIDATE = "possible_candidate", _("Possible candidate")
    UNLIKELY_CANDIDATE = "unlikely_candidate", _("Unlikely candidate")
    MORE_INFORMATION_NEEDED = "more_information_needed", _("More information needed")


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
    # Made when the questionnaire starts and kept in the session draft. Unique, so however many times
    # (or how many requests at once) one questionnaire is submitted, the database stores it only once.
    submission_key = models.CharField(
        _("submission key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at", "-pk"]

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

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="contact_has_email_or_phone"),
        ]

    def __str__(self):
        return f"Contact for {self.submission_id}"
