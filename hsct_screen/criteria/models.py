"""Criteria sets and their criteria: the settings and texts the rules engine applies."""

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hsct_screen.criteria import translations as texts
from hsct_screen.criteria.cache import InvalidatingQuerySet
from hsct_screen.rules import KINDS, ComparisonSet, CriterionSpec
from hsct_screen.rules.kinds import CONDITION_LABELS

# A recruitment status older than this is shown with a warning to check the registry.
STATUS_STALE_AFTER_DAYS = 120


class CriteriaSet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    class Kind(models.TextChoices):
        GUIDELINE = "guideline", _("Guideline")
        TRIAL = "trial", _("Trial")
        PROGRAMME = "programme", _("Programme")

    class RecruitmentStatus(models.TextChoices):
        IN_USE = "in_use", _("In use")
        RECRUITING = "recruiting", _("Recruiting")
        NOT_YET_RECRUITING = "not_yet_recruiting", _("Not yet recruiting")
        ACTIVE_NOT_RECRUITING = "active_not_recruiting", _("Active, not recruiting")
        CLOSED = "closed", _("Closed to new patients")

    # Trials take one of these; guidelines and programmes are always "in use".
    TRIAL_STATUSES = (
        RecruitmentStatus.RECRUITING,
        RecruitmentStatus.NOT_YET_RECRUITING,
        RecruitmentStatus.ACTIVE_NOT_RECRUITING,
        RecruitmentStatus.CLOSED,
    )
    TAKING_PATIENTS = (RecruitmentStatus.IN_USE, RecruitmentStatus.RECRUITING, RecruitmentStatus.NOT_YET_RECRUITING)

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
    # What a patient sees beside their own result when the set is listed for comparison.
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.GUIDELINE)
    recruitment_status = models.CharField(
        _("recruitment status"),
        max_length=24,
        choices=RecruitmentStatus.choices,
        default=RecruitmentStatus.IN_USE,
        help_text=_("Trials: as the registry says. Guidelines and programmes: in use."),
    )
    status_checked_on = models.DateField(
        _("status checked on"),
        null=True,
        blank=True,
        help_text=_("The day someone last checked the status (trials: on the registry) and the sources."),
    )
    source_citation = models.CharField(
        _("source, short citation"),
        max_length=300,
        blank=True,
        help_text=_("Shown to patients, e.g. “Muraro PA et al., Nat Rev Neurol 2025”."),
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    registry_url = models.URLField(
        _("registry address"), max_length=500, blank=True, help_text=_("Trials: the trial's registry page.")
    )
    countries = models.CharField(
        _("countries"), max_length=300, blank=True, help_text=_("Where it applies or recruits, e.g. “Norway, Sweden”.")
    )
    listed = models.BooleanField(
        _("listed for comparison"),
        default=False,
        help_text=_(
            "Show this set's outcome beside each person's own result. Patients see its criteria as they are "
            "now, so list only a set whose criteria are finished."
        ),
    )
    comparison_order = models.PositiveSmallIntegerField(
        _("comparison order"), default=0, help_text=_("Listed sets are shown in this order, lowest first.")
    )
    # Name, description and countries in each other language: {"es": {"name": ...}} (criteria.translations).
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    history = HistoricalRecords()
    # Every write, bulk ones too, drops the cached published criteria (hsct_screen.criteria.cache).
    objects = InvalidatingQuerySet.as_manager()

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
            # Only trials recruit; guidelines and programmes are simply in use.
            models.CheckConstraint(
                condition=(Q(kind="trial") & ~Q(recruitment_status="in_use"))
                | (~Q(kind="trial") & Q(recruitment_status="in_use")),
                name="recruitment_status_fits_kind",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.identifier}, {self.get_status_display()})"

    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self):
        errors = metadata_problems(
            kind=self.kind,
            recruitment_status=self.recruitment_status,
            listed=self.listed,
            status_checked_on=self.status_checked_on,
            source_citation=self.source_citation,
            registry_url=self.registry_url,
        )
        if errors:
            raise ValidationError(errors)

    def as_comparison_set(self, language: str | None = None) -> ComparisonSet:
        """The set as plain data for the rules engine's comparisons (criteria should be prefetched).

        Its texts are in `language` (default English), each falling back to English where it has none.
        """
        language = language or texts.default_language()
        return ComparisonSet(
            key=self.identifier,
            title=texts.text(self, "name", language),
            kind=self.kind,
            source=self.source_citation,
            status=self.recruitment_status,
            status_checked_on=self.status_checked_on,
            criteria=self.specs(language),
            source_url=self.source_url,
            registry_url=self.registry_url,
            countries=texts.text(self, "countries", language),
        )

    @property
    def display_name(self) -> str:
        """The name in the active language (English where it has none)."""
        return self.text("name")

    def text(self, name: str, language: str | None = None) -> str:
        """`name`, `description` or `countries` in `language` (the active one when None), else in English."""
        return texts.text(self, name, texts.supported(language))

    def status_is_stale(self, today: date) -> bool:
        return is_stale(self.status_checked_on, today)

    def status_description(self, today: date) -> "StatusDescription":
        return describe_status(
            kind=self.kind, status=self.recruitment_status, checked_on=self.status_checked_on, today=today
        )

    @property
    def registry_number(self) -> str:
        return registry_number(self.registry_url)

    def specs(self, language: str | None = None) -> list[CriterionSpec]:
        """The enabled criteria as plain data for the rules engine, in order, with texts in `language`."""
        language = language or texts.default_language()
        return [criterion.as_spec(language) for criterion in self.criteria.all() if criterion.enabled]


def is_stale(checked_on: date | None, today: date) -> bool:
    """Whether a status was last checked more than STATUS_STALE_AFTER_DAYS before `today` (or never)."""
    return checked_on is None or (today - checked_on).days > STATUS_STALE_AFTER_DAYS


# Registry numbers as they appear in registry addresses: ClinicalTrials.gov, ISRCTN, EU CTR/EudraCT, ANZCTR.
REGISTRY_NUMBER = re.compile(r"NCT\d{8}|ISRCTN\d{8}|\d{4}-\d{6}-\d{2}|ACTRN\d{14}", re.IGNORECASE)


def registry_number(registry_url: str) -> str:
    """A trial's registry number, read from its registry address (so it is written once), or "" if none is seen."""
    match = REGISTRY_NUMBER.search(registry_url or "")
    return match[0].upper() if match else ""


@dataclass(frozen=True)
class StatusDescription:
    """How a set's status reads to a patient, the same on the result page and on the learn pages."""

    label: str
    taking_patients: bool
    checked_on: date | None
    stale: bool
    # "Checked on 24 Nov 2026", or for an old status the warning to check the registry (or source).
    note: str


def describe_status(*, kind: str, status: str, checked_on: date | None, today: date) -> StatusDescription:
    """The words for a recruitment status and the date it was checked; a status over 120 days old says so."""
    if status in CriteriaSet.RecruitmentStatus.values:
        label = str(CriteriaSet.RecruitmentStatus(status).label)
    else:
        label = status
    if status == CriteriaSet.RecruitmentStatus.ACTIVE_NOT_RECRUITING:
        label = str(_("%(status)s: not taking new patients")) % {"status": label}
    stale = is_stale(checked_on, today)
    # Short month names keep the note to one or two lines in a phone's table cell.
    when = date_format(checked_on, "SHORT_DATE_FORMAT") if checked_on else ""
    trial = kind == CriteriaSet.Kind.TRIAL
    if not stale:
        note = str(_("Checked on %(date)s")) % {"date": when}
    elif trial:
        note = (
            str(_("Status not checked since %(date)s: check the registry.")) % {"date": when}
            if checked_on
            else str(_("Status not checked: check the registry."))
        )
    else:
        note = (
            str(_("Not checked since %(date)s: check the source for a newer version.")) % {"date": when}
            if checked_on
            else str(_("Not checked: check the source for a newer version."))
        )
    return StatusDescription(
        label=label,
        taking_patients=status in CriteriaSet.TAKING_PATIENTS,
        checked_on=checked_on,
        stale=stale,
        note=note,
    )


def metadata_problems(
    *, kind: str, recruitment_status: str, listed: bool, status_checked_on, source_citation: str, registry_url: str
) -> dict[str, list]:
    """What is wrong with a set's comparison details, by field; the admin form and the import both use this."""
    errors: dict[str, list] = {}
    trial = kind == CriteriaSet.Kind.TRIAL
    if trial and recruitment_status not in CriteriaSet.TRIAL_STATUSES:
        errors["recruitment_status"] = [_("A trial needs its recruitment status from the registry.")]
    elif not trial and recruitment_status != CriteriaSet.RecruitmentStatus.IN_USE:
        errors["recruitment_status"] = [_("Only trials recruit: guidelines and programmes are “in use”.")]
    if listed:
        if status_checked_on is None:
            errors["status_checked_on"] = [_("A listed set needs the date its status and sources were checked.")]
        if not (source_citation or "").strip():
            errors["source_citation"] = [_("A listed set needs the source patients can look up.")]
        if trial and not registry_url:
            errors["registry_url"] = [_("A listed trial needs the address of its registry page.")]
    return errors


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
    # Title, explanations and advice in each other language: {"es": {"title": ...}} (criteria.translations).
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    history = HistoricalRecords()
    # Every write, bulk ones too, drops the cached published criteria (hsct_screen.criteria.cache).
    objects = InvalidatingQuerySet.as_manager()

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

    def as_spec(self, language: str | None = None) -> CriterionSpec:
        """The criterion as the rules engine's plain data, its texts in `language` (default English)."""
        language = language or texts.default_language()
        if language == texts.default_language():
            return CriterionSpec(
                key=self.key,
                required=self.required,
                settings=self.settings,
                title=self.title,
                texts={"met": self.text_met, "not_met": self.text_not_met, "unknown": self.text_unknown},
                learn_more_url=self.learn_more_url(),
            )
        with translation.override(language):
            # The names a text quotes as {conditions}, in the text's language.
            labels = {value: translation.gettext(name) for value, name in CONDITION_LABELS.items()}
        return CriterionSpec(
            key=self.key,
            required=self.required,
            settings=texts.translated_messages(self.key, self.settings, self.translations, language),
            title=texts.text(self, "title", language),
            texts={status: texts.text(self, f"text_{status}", language) for status in ("met", "not_met", "unknown")},
            learn_more_url=self.learn_more_url(),
            labels=labels,
        )
