"""`manage.py criteria export|import|stale`: criteria sets as JSON files, and listed sets whose status is old.

`stale` names the listed sets whose status was last checked more than 120 days ago (exit 0),
so someone can check their registries; it never fails a build.

Importing never overwrites anything: the file becomes a new draft (or, with --publish, the
set in use). If its identifier is already taken, a numeric suffix is added (`-2`, `-3`...).
A bad file is refused whole, with one line per field, and exit status 2.
"""

import json
import sys
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hsct_screen.criteria import selectors, services
from hsct_screen.criteria.models import STATUS_STALE_AFTER_DAYS, CriteriaSet
from hsct_screen.criteria.selectors import NoPublishedCriteria, published_criteria_set

INVALID = 2


class Command(BaseCommand):
    help = "Export a criteria set as JSON, or import one from a JSON file as a new draft."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True, metavar="{export,import,stale}")
        export = subcommands.add_parser("export", help="Print a criteria set (default: the published one) as JSON.")
        export.add_argument("--set", dest="set_id", help="The set's id number or identifier.")
        load = subcommands.add_parser("import", help="Load a criteria set file as a new draft.")
        load.add_argument("file", help="A JSON file in the export format, or - for standard input.")
        load.add_argument("--publish", action="store_true", help="Publish it at once instead of leaving a draft.")
        load.add_argument("--note", default="", help="The change note kept when publishing.")
        stale = subcommands.add_parser(
            "stale", help=f"Name the listed sets whose status is older than {STATUS_STALE_AFTER_DAYS} days."
        )
        stale.add_argument("--date", help="Count from this day, YYYY-MM-DD (default: today).")

    def handle(self, *args, action, **options):
        if action == "export":
            return self.export(options["set_id"])
        if action == "stale":
            return self.stale(options["date"])
        return self.load(options["file"], publish=options["publish"], note=options["note"])

    def export(self, set_id):
        try:
            if set_id is None:
                criteria_set = published_criteria_set()
            else:
                lookup = {"pk": int(set_id)} if set_id.isdigit() else {"identifier": set_id}
                criteria_set = CriteriaSet.objects.prefetch_related("criteria").get(**lookup)
        except NoPublishedCriteria as error:
            raise CommandError("No criteria set is published; name one with --set.", returncode=INVALID) from error
        except CriteriaSet.DoesNotExist as error:
            raise CommandError(f"No criteria set {set_id!r}.", returncode=INVALID) from error
        self.stdout.write(json.dumps(services.criteria_set_export(criteria_set), indent=2, ensure_ascii=False))

    def stale(self, day):
        try:
            today = date.fromisoformat(day) if day else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {day!r} is not a date; use YYYY-MM-DD.", returncode=INVALID) from error
        stale = selectors.stale_criteria_sets(today)
        if not stale:
            self.stdout.write(f"Every listed set's status was checked in the last {STATUS_STALE_AFTER_DAYS} days.")
            return
        self.stdout.write(f"Listed sets whose status was not checked in the last {STATUS_STALE_AFTER_DAYS} days:")
        for criteria_set in stale:
            checked = criteria_set.status_checked_on.isoformat() if criteria_set.status_checked_on else "never"
            where = criteria_set.registry_url or criteria_set.source_url or "no address"
            self.stdout.write(
                f"- {criteria_set.identifier} ({criteria_set.get_recruitment_status_display()}), "
                f"checked {checked}: {where}"
            )

    def load(self, file, *, publish, note):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}", returncode=INVALID) from error
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}", returncode=INVALID
            ) from error
        try:
            criteria_set = services.criteria_set_import(data, publish=publish, user=None, note=note)
        except ValidationError as error:
            lines = [f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages]
            raise CommandError(
                f"{file} was not imported; nothing was saved.\n" + "\n".join(lines), returncode=INVALID
            ) from error
        except services.PublishConflict as error:
            raise CommandError(
                "Another criteria set was published at the same moment; nothing was saved.", returncode=INVALID
            ) from error
        state = "published" if publish else "saved as a draft"
        self.stdout.write(f"Criteria set {criteria_set.identifier} (id {criteria_set.pk}) {state}.")
