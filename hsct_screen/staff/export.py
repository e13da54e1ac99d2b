"""CSV export of the filtered queue, safe to open in a spreadsheet, with a de-identified variant."""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hsct_screen.questionnaire.labels import SHORT_NAMES, answer_text
from hsct_screen.questionnaire.models import Outcome, Submission
from hsct_screen.rules import answers as a
from hsct_screen.staff.models import ReviewStatus

# A spreadsheet may run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 500


def escape_cell(value) -> str:
    """The value as text, with a leading quote if a spreadsheet could read it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def header(*, deidentified: bool) -> list[str]:
    columns = [] if deidentified else [_("Reference code")]
    columns += [_("Submitted at"), _("Outcome"), _("Review status"), _("Assigned to"), _("Criteria version")]
    columns += [str(SHORT_NAMES[key]) for key in a.ALL_KEYS]
    columns.append(_("Wants to be contacted"))
    if not deidentified:
        columns += [_("Name"), _("Email"), _("Phone")]
    return columns


def row(submission: Submission, *, deidentified: bool) -> list[str]:
    review = getattr(submission, "review", None)
    contact = getattr(submission, "contact_request", None)
    cells = [] if deidentified else [submission.reference_code]
    cells += [
        timezone.localtime(submission.created_at).strftime("%Y-%m-%d %H:%M"),
        str(Outcome(submission.outcome).label) if submission.outcome in Outcome.values else submission.outcome,
        str(ReviewStatus(submission.review_status).label),
        review.assignee.get_username() if review is not None and review.assignee is not None else "",
        submission.criteria_version,
    ]
    cells += [answer_text(key, submission.answers[key]) if key in submission.answers else "" for key in a.ALL_KEYS]
    cells.append(_("Yes") if contact is not None else _("No"))
    if not deidentified:
        cells += [contact.name, contact.email, contact.phone] if contact is not None else ["", "", ""]
    return cells


class _Echo:
    """A file-like object that hands each written line straight back, so rows can be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_lines(submissions: QuerySet, *, deidentified: bool) -> Iterator[str]:
    """The CSV, line by line; rows are read in chunks with one query whatever their number."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow([escape_cell(cell) for cell in header(deidentified=deidentified)])
    rows: Iterable[Submission] = submissions.iterator(chunk_size=CHUNK_SIZE)
    for submission in rows:
        yield writer.writerow([escape_cell(cell) for cell in row(submission, deidentified=deidentified)])
