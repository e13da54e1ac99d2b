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


# The de-identified file coarsens what could single a person out when joined with other data:
# the day and time become the ISO week, the age a 5-year band, the diagnosis year the years since diagnosis
# in 5-year bands (15 years, the default limit, is a band edge), and staff names are left out.
BAND_WIDTH = 5
YEARS_SINCE_DIAGNOSIS_TOP = 20
COARSENED = {a.AGE, a.DIAGNOSIS_YEAR}


def iso_week(moment) -> str:
    year, week, _weekday = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def band(number: int, *, top: int | None = None) -> str:
    """The 5-year band a whole number falls in, like 40–44; from `top` on, "20 or more"."""
    if top is not None and number >= top:
        return _("%(low)d or more") % {"low": top}
    low = number - number % BAND_WIDTH
    return f"{low}–{low + BAND_WIDTH - 1}"


def _deidentified_answer(submission: Submission, key: str) -> str:
    value = submission.answers.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        return "" if value is None else answer_text(key, value)
    if key == a.AGE:
        return band(value)
    return band(max(0, submission.evaluated_on.year - value), top=YEARS_SINCE_DIAGNOSIS_TOP)


def _answer_columns(*, deidentified: bool) -> list[str]:
    columns = []
    for key in a.ALL_KEYS:
        if deidentified and key == a.DIAGNOSIS_YEAR:
            columns.append(_("Years since diagnosis (5-year band)"))
        elif deidentified and key == a.AGE:
            columns.append(_("Age (5-year band)"))
        else:
            columns.append(str(SHORT_NAMES[key]))
    return columns


def header(*, deidentified: bool) -> list[str]:
    if deidentified:
        columns = [_("Submitted in week"), _("Outcome"), _("Review status"), _("Criteria version")]
    else:
        columns = [_("Reference code"), _("Submitted at"), _("Outcome"), _("Review status"), _("Assigned to")]
        columns.append(_("Criteria version"))
    columns += _answer_columns(deidentified=deidentified)
    columns.append(_("Wants to be contacted"))
    if not deidentified:
        columns += [_("Name"), _("Email"), _("Phone")]
    return columns


def row(submission: Submission, *, deidentified: bool) -> list[str]:
    review = getattr(submission, "review", None)
    contact = getattr(submission, "contact_request", None)
    outcome = str(Outcome(submission.outcome).label) if submission.outcome in Outcome.values else submission.outcome
    status = str(ReviewStatus(submission.review_status).label)
    if deidentified:
        cells = [iso_week(submission.created_at), outcome, status, submission.criteria_version]
    else:
        cells = [
            submission.reference_code,
            timezone.localtime(submission.created_at).strftime("%Y-%m-%d %H:%M"),
            outcome,
            status,
            review.assignee.get_username() if review is not None and review.assignee is not None else "",
            submission.criteria_version,
        ]
    for key in a.ALL_KEYS:
        if deidentified and key in COARSENED:
            cells.append(_deidentified_answer(submission, key))
        else:
            cells.append(answer_text(key, submission.answers[key]) if key in submission.answers else "")
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
