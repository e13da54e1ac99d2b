"""`manage.py purge [--dry-run]`: delete what is older than the retention settings (run it daily)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hsct_screen.staff.retention import RetentionSettingError, purge, retention_days


class Command(BaseCommand):
    help = (
        "Delete contact requests older than CONTACT_RETENTION_DAYS, submissions older than "
        "SUBMISSION_RETENTION_DAYS, expired sessions and login records older than AXES_RETENTION_DAYS. "
        "The counts are recorded in the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be deleted; delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        try:
            days = retention_days()
            counts = purge(now=timezone.now(), dry_run=dry_run)
        except RetentionSettingError as error:
            raise CommandError(str(error), returncode=2) from None
        verb = "Would delete" if dry_run else "Deleted"
        sessions = (
            "not counted (the session engine expires them itself)" if counts.sessions is None else counts.sessions
        )
        lines = [
            f"{verb}:",
            f"  contact requests older than {days['CONTACT_RETENTION_DAYS']} days: {counts.contact_requests}",
            f"  submissions older than {days['SUBMISSION_RETENTION_DAYS']} days: {counts.submissions}",
            f"  notes of results their owners deleted, older than {days['SUBMISSION_RETENTION_DAYS']} days: "
            f"{counts.deleted_links}",
            f"  expired sessions: {sessions}",
            f"  login records older than {days['AXES_RETENTION_DAYS']} days: {counts.axes_records}",
        ]
        if dry_run:
            lines.append("Dry run: nothing was deleted.")
        self.stdout.write("\n".join(lines))
