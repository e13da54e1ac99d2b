"""Telling the clinic that someone asked to be contacted: an email at once, or a daily digest.

It lives on the patient side because a contact request is the patient side's event; it reaches the staff
page only through its URL name, so nothing here imports the staff app. The emails carry reference codes
and staff links only: never answers, outcomes or contact details, since email is not a safe place for them.

Never lost: the contact request is stored (and committed) before anything is sent, and `notified_at`
stays empty until a send succeeds, so `manage.py notify_digest` sends whatever is still waiting.
"""

import functools
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hsct_screen.learn.models import ClinicInfo, NotificationMode
from hsct_screen.learn.selectors import clinic_info
from hsct_screen.questionnaire.models import ContactRequest

logger = logging.getLogger(__name__)

# One digest lists at most this many codes; the rest wait for the next run (a clinic this busy has bigger news).
DIGEST_LIMIT = 500
# An immediate email is sent while the person waits for their page: a mail server that does not answer
# must not hold it for long (Django's default is no time limit). The digest retries what timed out.
SEND_TIMEOUT_SECONDS = 10


def _in_the_sites_language(function):
    """Staff emails are written in the site's language (LANGUAGE_CODE), not in the language of the person whose
    request happens to send them."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def staff_link(reference_code: str) -> str:
    return f"{settings.SITE_URL}{reverse('staff:detail', args=[reference_code])}"


def _send(clinic: ClinicInfo, subject: str, lines: Sequence[str]) -> bool:
    """Send one email to the clinic's addresses; False (and a log line without personal data) on failure."""
    try:
        send_mail(
            subject,
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            clinic.notification_addresses(),
            fail_silently=False,
            connection=get_connection(timeout=SEND_TIMEOUT_SECONDS),
        )
    except Exception as error:
        logger.warning("contact request notification failed: %s", type(error).__name__)
        return False
    return True


def _footer() -> list[str]:
    return [
        "",
        _("Sign in to see the details. This email holds no answers or contact details on purpose."),
        _("Sent by HSCT Screen because this address is in the clinic details' notification list."),
    ]


@_in_the_sites_language
def contact_request_notify(contact: ContactRequest) -> bool:
    """Email the clinic about one new contact request if it wants to hear at once; True when sent."""
    clinic = clinic_info()
    if clinic is None or not clinic.notification_addresses() or clinic.notification_mode != NotificationMode.IMMEDIATE:
        return False
    code = contact.submission.reference_code
    lines = [
        _("Someone asked the clinic to contact them about their HSCT Screen result."),
        "",
        _("Reference code: %(code)s") % {"code": code},
        staff_link(code),
        *_footer(),
    ]
    if not _send(clinic, _("HSCT Screen: contact request %(code)s") % {"code": code}, lines):
        return False
    ContactRequest.objects.filter(pk=contact.pk).update(notified_at=timezone.now())
    logger.info("contact request notification sent for submission id=%s", contact.submission_id)
    return True


def contact_request_notify_on_commit(contact: ContactRequest) -> None:
    """Send after the request is committed, so a slow or failing mail server never loses or delays the save."""
    transaction.on_commit(lambda: contact_request_notify(contact))


@_in_the_sites_language
def digest_send() -> int:
    """One email listing every contact request not yet notified (new ones, and ones whose email failed).

    Returns how many requests it listed; 0 when there was nothing to send or nowhere to send it.
    """
    clinic = clinic_info()
    if clinic is None or not clinic.notification_addresses():
        return 0
    waiting = list(
        ContactRequest.objects.filter(notified_at__isnull=True)
        .select_related("submission")
        .only("pk", "submission__reference_code", "consent_given_at")
        .order_by("consent_given_at", "pk")[:DIGEST_LIMIT]
    )
    if not waiting:
        return 0
    count = len(waiting)
    lines = [
        ngettext(
            "%(count)d person asked the clinic to contact them and has not been announced yet:",
            "%(count)d people asked the clinic to contact them and have not been announced yet:",
            count,
        )
        % {"count": count},
        "",
    ]
    for contact in waiting:
        code = contact.submission.reference_code
        lines.append(f"{code}  {staff_link(code)}")
    subject = ngettext("HSCT Screen: %(count)d contact request", "HSCT Screen: %(count)d contact requests", count) % {
        "count": count
    }
    if not _send(clinic, subject, [*lines, *_footer()]):
        return 0
    ContactRequest.objects.filter(pk__in=[contact.pk for contact in waiting]).update(notified_at=timezone.now())
    logger.info("contact request digest sent with %s requests", count)
    return count
