"""Criteria sets and their criteria: the settings and texts the rules engine applies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hsct_screen.rules import KINDS, CriterionSpec


class CriteriaSet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    identifier = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description and sources"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    change_note = models.TextField(_("change note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["-created_at", "-pk"]
        permissions = [("publish_criteriaset", _("Can publish a criteria set"))]
        constraints = [
            # Exactly one set is in use at a time; the database refuses a second.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="published"), name="one_published_criteria_set"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.identifier}, {self.get_status_display()})"

    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def specs(self) -> list[CriterionSpec]:
        """The enabled criteria as plain data for the rules engine, in order."""
        return [criterion.as_spec() for criterion in self.criteria.all() if criterion.enabled]


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    key = models.CharField(_("kind"), max_length=40, choices=[(key, key.replace("_", " ")) for key in KINDS])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    enabled = models.BooleanField(_("enabled"), default=True)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Required criteria decide the outcome; advisory ones only add notes.")
    )
    settings = models.JSONField(_("settings"), default=dict)
    title = models.CharField(_("title shown to patients"), max_length=120)
    text_met = models.TextField(_("explanation when met"), blank=True)
    text_not_met = models.TextField(_("explanation when not met"), blank=True)
    text_unknown = models.TextField(_("explanation when unknown"), blank=True)
    learn_more = models.CharField(
        _("learn-more page"),
        max_length=200,
        blank=True,
        help_text=_("Page slug and section, e.g. who-may-be-a-candidate#walking"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "key"], name="one_criterion_of_a_kind_per_set")]

    def __str__(self):
        return self.title

    def learn_more_url(self) -> str:
        if not self.learn_more:
            return ""
        slug, _sep, anchor = self.learn_more.partition("#")
        try:
            url = reverse("learn:page", args=[slug])
        except NoReverseMatch:
            return ""
        return f"{url}#{anchor}" if anchor else url

    def as_spec(self) -> CriterionSpec:
        return CriterionSpec(
            key=self.key,
            required=self.required,
            settings=self.settings,
            title=self.title,
            texts={"met": self.text_met, "not_met": self.text_not_met, "unknown": self.text_unknown},
            learn_more_url=self.learn_more_url(),
        )
