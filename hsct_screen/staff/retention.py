"""Retention: what `manage.py purge` deletes once it is older than the configured number of days."""

import logging
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet

from hsct_screen.questionnaire.models import ContactRequest, DeletedSubmission, Submission
from hsct_screen.staff.models import AuditEvent

logger = logging.getLogger(__name__)

PURGE_ACTOR = "purge command"
# Session engines that keep sessions in the database table we can count; others clean up after themselves.
DATABASE_SESSION_ENGINES = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}
RETENTION_SETTINGS = ("CONTACT_RETENTION_DAYS", "SUBMISSION_RETENTION_DAYS", "AXES_RETENTION_DAYS")


class RetentionSettingError(ValueError):
    """A retention setting that would delete too much or makes no sense."""


@dataclass(frozen=True)
class PurgeCounts:
    contact_requests: int
    submissions: int
    deleted_links: int
    sessions: int | None  # None: the session engine expires sessions itself and cannot be counted here
    axes_records: int

    def as_dict(self) -> dict:
        return {
            "contact_requests": self.contact_requests,
            "submissions": self.submissions,
            "deleted_links": self.deleted_links,
            "sessions": self.sessions,
            "axes_records": self.axes_records,
        }


def retention_days() -> dict[str, int]:
    """The three retention periods from settings, each at least one day."""
    days = {}
    for name in RETENTION_SETTINGS:
        value = getattr(settings, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise RetentionSettingError(f"{name} must be a whole number of days, 1 or more, not {value!r}")
        days[name] = value
    return days


def _expired(now: datetime) -> dict[str, QuerySet | list[QuerySet]]:
    days = retention_days()
    contact_cutoff = now - timedelta(days=days["CONTACT_RETENTION_DAYS"])
    submission_cutoff = now - timedelta(days=days["SUBMISSION_RETENTION_DAYS"])
    axes_cutoff = now - timedelta(days=days["AXES_RETENTION_DAYS"])
    return {
        # Contact details of submissions that are themselves going are counted with the submissions.
        "contact_requests": ContactRequest.objects.filter(consent_given_at__lt=contact_cutoff).exclude(
            submission__created_at__lt=submission_cutoff
        ),
        "submissions": Submission.objects.filter(created_at__lt=submission_cutoff),
        # The notes left when a person deleted their own result ("this result was deleted") last as long.
        "deleted_links": DeletedSubmission.objects.filter(deleted_at__lt=submission_cutoff),
        "axes": [
            model.objects.filter(attempt_time__lt=axes_cutoff) for model in (AccessAttempt, AccessLog, AccessFailureLog)
        ],
    }


def _sessions_in_database() -> bool:
    return settings.SESSION_ENGINE in DATABASE_SESSION_ENGINES


def purge(*, now: datetime, dry_run: bool = False) -> PurgeCounts:
    """Delete (or with `dry_run` only count) everything past its retention period, and audit the counts."""
    expired = _expired(now)
    with transaction.atomic():
        counts = PurgeCounts(
            contact_requests=expired["contact_requests"].count(),
            submissions=expired["submissions"].count(),
            deleted_links=expired["deleted_links"].count(),
            sessions=Session.objects.filter(expire_date__lt=now).count() if _sessions_in_database() else None,
            axes_records=sum(records.count() for records in expired["axes"]),
        )
        if dry_run:
            return counts
        expired["contact_requests"].delete()
        # Their contact details, reviews, notes and timelines go with them; audit rows keep only the code.
        expired["submissions"].delete()
        expired["deleted_links"].delete()
        for records in expired["axes"]:
            records.delete()
        if _sessions_in_database():
            Session.objects.filter(expire_date__lt=now).delete()
        AuditEvent.objects.create(
            actor_label=PURGE_ACTOR, action=AuditEvent.Action.PURGED, row_count=_total(counts), details=counts.as_dict()
        )
    if not _sessions_in_database():
        # What `clearsessions` does; a cache engine expires its entries itself and says so.
        engine = import_module(settings.SESSION_ENGINE)
        with suppress(NotImplementedError):
            engine.SessionStore.clear_expired()
    logger.info("purge deleted %s", counts.as_dict())
    return counts


def _total(counts: PurgeCounts) -> int:
    return (
        counts.contact_requests
        + counts.submissions
        + counts.deleted_links
        + (counts.sessions or 0)
        + counts.axes_records
    )
