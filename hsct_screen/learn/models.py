"""Clinic details shown to patients, editable in admin."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


class HsctProvision(models.TextChoices):
    """Whether the clinic running HSCT Screen gives HSCT itself: patients need to know before they ask to be contacted."""

    NOT_STATED = "", _("Not stated")
    NO = "no", _("The clinic does not provide HSCT")
    YES = "yes", _("The clinic provides HSCT")
    FOR_A_FEE = "for_a_fee", _("The clinic provides HSCT for a fee")


class NotificationMode(models.TextChoices):
    IMMEDIATE = "immediate", _("An email for each request, straight away")
    DAILY = "daily", _("One email a day listing the new requests (daily digest)")


class ClinicInfo(models.Model):
    """How patients reach the clinic running HSCT Screen; only the most recently updated row is shown."""

    name = models.CharField(_("clinic name"), max_length=200)
    hsct_provision = models.CharField(
        _("does the clinic provide HSCT itself?"),
        max_length=20,
        choices=HsctProvision.choices,
        default=HsctProvision.NOT_STATED,
        blank=True,
        help_text=_(
            "Shown to patients as a conflict-of-interest note next to the clinic's details, so they know whether "
            "the service is run by someone who may gain from their choice."
        ),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    referral_steps = models.TextField(
        _("how to ask for a referral"),
        blank=True,
        help_text=_("Plain text or Markdown (lists and links). Shown to patients on the result page."),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    # Staff only, never shown to patients.
    notification_emails = models.TextField(
        _("notify these addresses of contact requests"),
        blank=True,
        help_text=_(
            "One email address per line. They get the reference code and a link to the staff page, never the "
            "person's answers or contact details. Leave empty to send no emails."
        ),
    )
    notification_mode = models.CharField(
        _("when to notify"),
        max_length=20,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clinic details")
        verbose_name_plural = _("clinic details")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.name

    def notification_addresses(self) -> list[str]:
        """The addresses to notify, one per line (commas and semicolons also separate), without blanks."""
        text = self.notification_emails.replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        bad = [address for address in self.notification_addresses() if not _is_email(address)]
        if bad:
            raise ValidationError(
                {
                    "notification_emails": _("These are not email addresses: %(addresses)s.")
                    % {"addresses": ", ".join(bad[:5])}
                }
            )

    def phone_href(self) -> str:
        """A tel: link target: digits and a leading plus only, so spaces and brackets in the display do not break it."""
        digits = "".join(char for char in self.phone if char.isdigit())
        if not digits:
            return ""
        return f"tel:{'+' if self.phone.strip().startswith('+') else ''}{digits}"

    def interest_statement(self) -> str:
        """One short, plain sentence on whether the clinic may gain from people choosing HSCT; reused by the result page."""
        statements = {
            HsctProvision.NOT_STATED: _(
                "%(name)s has not told us whether it provides HSCT itself. You may want to ask before you share your "
                "details."
            ),
            HsctProvision.NO: _("%(name)s does not provide HSCT itself."),
            HsctProvision.YES: _(
                "%(name)s provides HSCT itself, so it may gain if you choose to have HSCT there. The questions give "
                "the same result whoever runs them, and you are free to ask your own neurologist or any other centre."
            ),
            HsctProvision.FOR_A_FEE: _(
                "%(name)s provides HSCT itself and charges for it, so it may gain if you choose to have HSCT there. "
                "The questions give the same result whoever runs them, and you are free to ask your own neurologist "
                "or any other centre."
            ),
        }
        return str(statements[HsctProvision(self.hsct_provision)]) % {"name": self.name}

    def referral_steps_html(self) -> SafeString:
        # Imported here so the model module stays light; the same sanitiser as the learn pages.
        from hsct_screen.learn.content import render_markdown

        if not self.referral_steps.strip():
            return format_html("")
        return mark_safe(render_markdown(self.referral_steps))  # noqa: S308 - sanitised by nh3
