"""Reads of the staff workspace: the queue, its counts, one submission's timeline and the weekly overview."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Replace, TruncDate
from django.utils import timezone

from hsct_screen.criteria import translations
from hsct_screen.questionnaire import result_texts
from hsct_screen.questionnaire.models import ContactEvent, ContactRequest, DeletedSubmission, Outcome, Submission
from hsct_screen.staff import figures as staff_figures
from hsct_screen.staff.models import AuditEvent, Review, ReviewEvent, ReviewStatus

REVIEW_PERMISSION = ("staff", "review_submission")


@dataclass(frozen=True)
class QueueFilters:
    outcome: str = ""
    status: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    wants_contact: bool | None = None
    reference: str = ""  # normalised: upper case, no hyphen or spaces
    # Among people who asked to be contacted: part of a name (or of an email address), an email address
    # or the digits of a phone number.
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""  # digits only
    assignee_id: int | None = None
    unassigned: bool = False
    oldest_first: bool = False

    @property
    def searches_contact_details(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)


def normalise_reference(text: str) -> str:
    """What staff typed, in the form codes are compared: upper case without hyphens or spaces."""
    return "".join(text.split()).replace("-", "").upper()


def reviewers() -> QuerySet:
    """Active users who may review submissions: the only people a submission can be assigned to."""
    app_label, codename = REVIEW_PERMISSION
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
        .order_by("username")
    )


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _ordering(filters: QueueFilters) -> tuple[str, str]:
    return ("created_at", "pk") if filters.oldest_first else ("-created_at", "-pk")


# What the queue's table shows of each submission.
QUEUE_COLUMNS = ("reference_code", "created_at", "outcome", "review_status", "wants_contact", "assignee_name")


def queue(filters: QueueFilters) -> QuerySet:
    """Submissions newest (or oldest) first with what the queue shows, in one query however many rows there are:
    each a named tuple of QUEUE_COLUMNS (`assignee_name` is None when nobody is assigned)."""
    if filters.wants_contact is None:
        # A left join on the one contact request a submission may have, not EXISTS in the select list: PostgreSQL
        # plans such a subquery for every row of the table (a hashed scan of all contact requests, milliseconds
        # at 100,000 submissions) although the page only needs 25 rows; the join is looked up row by row.
        wants_contact = ExpressionWrapper(Q(contact_request__isnull=False), output_field=BooleanField())
    else:
        # Filtered on it: every row has the same answer.
        wants_contact = Value(filters.wants_contact)
    username = f"review__assignee__{get_user_model().USERNAME_FIELD}"
    submissions = Submission.objects.annotate(
        review_status=Coalesce("review__status", Value(ReviewStatus.NEW)),
        wants_contact=wants_contact,
        assignee_name=F(username),
    ).order_by(*_ordering(filters))
    # Only the columns the table shows, as tuples: no submission, review or user objects to build for each row.
    return _filtered(submissions, filters, one_page=True).values_list(*QUEUE_COLUMNS, named=True)


def _digits(field: str):
    """The field with the usual phone separators taken out, so 07700 900123 matches 07700900123."""
    expression = F(field)
    for separator in (" ", "-", "(", ")", ".", "+"):
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def _filtered(submissions: QuerySet, filters: QueueFilters, *, one_page: bool = False) -> QuerySet:
    """The submissions the filters keep. For `one_page` of rows in date order, "has no review (or one still
    new)", "has (no) contact request" and "nobody assigned" are written as EXISTS and NOT EXISTS: PostgreSQL
    estimates an outer join's IS NULL as matching almost nothing, so it read and sorted every match (all of
    a week's submissions) instead of walking the date index and stopping after a page. To count or export
    every match the joins are the faster plan (one pass over each table), so they stay there. A submission
    has at most one review and one contact request: both forms keep the same rows."""
    reviews = Review.objects.filter(submission=OuterRef("pk"))
    if filters.outcome:
        submissions = submissions.filter(outcome=filters.outcome)
    if filters.status == ReviewStatus.NEW:
        # No review row yet also means new.
        if one_page:
            submissions = submissions.filter(~Exists(reviews.exclude(status=ReviewStatus.NEW)))
        else:
            submissions = submissions.filter(Q(review__isnull=True) | Q(review__status=ReviewStatus.NEW))
    elif filters.status:
        submissions = submissions.filter(review__status=filters.status)
    if filters.submitted_from:
        submissions = submissions.filter(created_at__gte=_start_of_day(filters.submitted_from))
    if filters.submitted_to:
        submissions = submissions.filter(created_at__lt=_start_of_day(filters.submitted_to + timedelta(days=1)))
    if filters.wants_contact is not None and one_page:
        contact = Exists(ContactRequest.objects.filter(submission=OuterRef("pk")))
        submissions = submissions.filter(contact if filters.wants_contact else ~contact)
    elif filters.wants_contact is not None:
        submissions = submissions.filter(contact_request__isnull=not filters.wants_contact)
    if filters.assignee_id is not None:
        submissions = submissions.filter(review__assignee_id=filters.assignee_id)
    elif filters.unassigned and one_page:
        submissions = submissions.filter(~Exists(reviews.filter(assignee__isnull=False)))
    elif filters.unassigned:
        submissions = submissions.filter(Q(review__isnull=True) | Q(review__assignee__isnull=True))
    search = Q()
    if filters.reference:
        submissions = submissions.annotate(plain_reference=Replace(F("reference_code"), Value("-"), Value("")))
        search |= Q(plain_reference__contains=filters.reference)
    if filters.contact_name:
        # Plain words may also be part of an address ("lovelace", "example.org").
        search |= Q(contact_request__name__icontains=filters.contact_name)
        search |= Q(contact_request__email__icontains=filters.contact_name)
    if filters.contact_email:
        search |= Q(contact_request__email__icontains=filters.contact_email)
    if filters.contact_phone:
        submissions = submissions.annotate(contact_phone_digits=_digits("contact_request__phone"))
        search |= Q(contact_phone_digits__contains=filters.contact_phone)
    return submissions.filter(search) if search else submissions


def queue_counts(filters: QueueFilters) -> dict[str, dict[str, int]]:
    """How many submissions these filters keep have each outcome and each review status, in one query (without
    the joins the queue's rows need only for what they show)."""
    new = Q(review__isnull=True) | Q(review__status=ReviewStatus.NEW)
    aggregates = {f"outcome__{value}": Count("pk", filter=Q(outcome=value)) for value in Outcome.values}
    aggregates |= {
        f"status__{value}": Count("pk", filter=new if value == ReviewStatus.NEW else Q(review__status=value))
        for value in ReviewStatus.values
    }
    aggregates["total"] = Count("pk")
    counted = _filtered(Submission.objects.all(), filters)
    # Cached until the next change to a submission or review (hsct_screen.staff.figures): exact, and no scan.
    figures = staff_figures.cached("queue_counts", str(counted.query), lambda: counted.aggregate(**aggregates))
    return {
        "total": figures["total"],
        "outcomes": {value: figures[f"outcome__{value}"] for value in Outcome.values},
        "statuses": {value: figures[f"status__{value}"] for value in ReviewStatus.values},
    }


def export_queryset(filters: QueueFilters) -> QuerySet:
    """The filtered queue with everything the CSV needs joined in, so rows stream without extra queries."""
    return _filtered(
        Submission.objects.select_related("review__assignee", "contact_request", "criteria_set")
        .annotate(review_status=Coalesce("review__status", Value(ReviewStatus.NEW)))
        .order_by(*_ordering(filters)),
        filters,
    )


def submission_for_review(reference_code: str) -> QuerySet:
    """The one submission with this code and everything the detail page shows next to it."""
    plain = normalise_reference(reference_code)
    code = f"{plain[:4]}-{plain[4:]}" if len(plain) > 4 else plain
    return Submission.objects.select_related("criteria_set", "review__assignee", "contact_request").filter(
        reference_code=code
    )


# Every look at contact details is recorded; the timeline shows the latest, the audit log has them all.
TIMELINE_ACCESS_EVENTS = 20


def timeline(submission: Submission) -> list:
    """Every recorded change and note on a submission, the person giving or removing contact details, and the
    latest views of those details, newest first."""
    changes = list(ReviewEvent.objects.filter(submission=submission).select_related("actor", "note"))
    views = list(AuditEvent.objects.filter(submission=submission)[:TIMELINE_ACCESS_EVENTS])
    contact_changes = list(ContactEvent.objects.filter(submission=submission))
    # Three tables, so ids can tie across them: the time decides, the id only within one table.
    return sorted(changes + views + contact_changes, key=lambda event: (event.created_at, event.pk), reverse=True)


def bulk_targets(reference_codes: list[str]) -> QuerySet:
    """The submissions a bulk change names, with their current status and assignee, in one query."""
    return (
        Submission.objects.filter(reference_code__in=reference_codes)
        .select_related("review__assignee")
        .defer("answers", "result")
        .annotate(review_status=Coalesce("review__status", Value(ReviewStatus.NEW)))
        .order_by("created_at", "pk")
    )


def export_counts(submissions: QuerySet) -> dict[str, int]:
    """How many rows an export of these submissions has and how many carry contact details, in one query."""
    return submissions.order_by().aggregate(rows=Count("pk"), with_contact=Count("contact_request"))


@dataclass(frozen=True)
class OwnerDeletions:
    count: int
    latest: datetime | None


def owner_deletions() -> OwnerDeletions:
    """Results their owners deleted through the private link: the patient side keeps only the date, so only
    how many and when can be shown (it may not import the staff side to write an audit row)."""
    figures = DeletedSubmission.objects.aggregate(count=Count("pk"), latest=Max("deleted_at"))
    return OwnerDeletions(count=figures["count"], latest=figures["latest"])


def audit_log() -> QuerySet:
    """Every audit event, newest first; each row carries all it shows, so a page is one query."""
    return AuditEvent.objects.all()


@dataclass(frozen=True)
class WeekFigures:
    week_start: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_outcomes(start: date, end: date) -> list[WeekFigures]:
    """Submissions per ISO week (Monday first) and outcome between two dates, both included.

    Cached until the next change to a submission (hsct_screen.staff.figures).
    """
    zone = timezone.get_current_timezone_name()
    return staff_figures.cached("weekly", f"{start}:{end}:{zone}", lambda: _weekly_outcomes(start, end))


def _weekly_outcomes(start: date, end: date) -> list[WeekFigures]:
    rows = (
        Submission.objects.filter(
            created_at__gte=_start_of_day(start), created_at__lt=_start_of_day(end + timedelta(days=1))
        )
        # Truncate to the local day in the database, then to weeks in Python: the same on every backend.
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    weeks: dict[date, dict[str, int]] = {}
    week = monday_of(start)
    while week <= end:
        weeks[week] = dict.fromkeys(Outcome.values, 0)
        week += timedelta(days=7)
    for row in rows:
        counts = weeks[monday_of(row["day"])]
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + row["n"]
    return [WeekFigures(week_start=week, counts=counts) for week, counts in weeks.items()]


def result_as_read(submission) -> dict:
    """The stored result in the reader's language when it was stored in it too (see questionnaire.result_texts)."""
    return result_texts.in_language(submission.result, translations.supported(None))
