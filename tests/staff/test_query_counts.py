"""SQL queries of the queue, detail and export with 10 and with 10,000 submissions: the same number."""

import itertools

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hsct_screen.questionnaire.models import ContactRequest, Submission
from hsct_screen.staff import services
from hsct_screen.staff.models import Review, ReviewStatus
from tests.factories import answers, published_set

_codes = (f"{n // 10000:04d}-{n % 10000:04d}".replace("0", "A").replace("1", "C") for n in itertools.count())


def _bulk_submissions(count, reviewer):
    """Many rows fast: a third with contact details, half with a review assigned to someone."""
    criteria_set = published_set()
    today = timezone.localdate()
    result = {
        "outcome": "possible_candidate",
        "criteria_version": criteria_set.identifier,
        "criteria": [],
        "advisories": [],
    }
    created = Submission.objects.bulk_create(
        [
            Submission(
                reference_code=next(_codes),
                evaluated_on=today,
                answers=answers(),
                outcome="possible_candidate",
                result=result,
                criteria_set=criteria_set,
            )
            for _ in range(count)
        ],
        batch_size=1000,
    )
    created = list(Submission.objects.order_by("-pk")[:count])
    now = timezone.now()
    ContactRequest.objects.bulk_create(
        [
            ContactRequest(submission=s, name="Test Person", email="t@example.org", consent_given_at=now)
            for s in created[::3]
        ],
        batch_size=1000,
    )
    Review.objects.bulk_create(
        [Review(submission=s, status=ReviewStatus.IN_REVIEW, assignee=reviewer) for s in created[::2]],
        batch_size=1000,
    )


def _count(client, url, method="get"):
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(context)


def test_queue_detail_and_export_query_counts_are_the_same_for_10_and_10000_submissions(
    staff_client, clinic_staff, capsys
):
    _bulk_submissions(10, clinic_staff)
    followed = Submission.objects.filter(contact_request__isnull=False).first()
    services.review_note_add(submission=followed, user=clinic_staff, text="Called.")
    services.review_status_change(submission=followed, user=clinic_staff, status="contacted")
    detail = reverse("staff:detail", args=[followed.reference_code])
    queue, export = reverse("staff:queue"), reverse("staff:export")

    worked = f"{queue}?assignee=me&sort=oldest&wants_contact=yes&status=in_review"
    searched = f"{queue}?q=t%40example.org"

    def measure():
        # The export's confirmation page, then the file with contact details it posts for. The cached queue
        # counts are dropped first (rows added with bulk_create send no signal): the worst case, counting, is pinned.
        cache.clear()
        return (
            _count(staff_client, queue),
            _count(staff_client, detail),
            _count(staff_client, export),
            _count(staff_client, export, "post"),
            _count(staff_client, worked),
            _count(staff_client, searched),
        )

    figures = {10: measure()}

    _bulk_submissions(9990, clinic_staff)
    assert Submission.objects.count() == 10000
    figures[10000] = measure()

    with capsys.disabled():
        print(
            f"\n[{connection.vendor}] SQL queries  queue: {figures[10][0]} (10 rows), {figures[10000][0]} (10,000 rows);"
            f"  detail: {figures[10][1]} (10 rows), {figures[10000][1]} (10,000 rows);"
            f"  export confirmation: {figures[10][2]} (10 rows), {figures[10000][2]} (10,000 rows);"
            f"  export: {figures[10][3]} (10 rows), {figures[10000][3]} (10,000 rows);"
            f"  queue mine/oldest: {figures[10][4]}, {figures[10000][4]};  contact search: {figures[10][5]}, "
            f"{figures[10000][5]}"
        )
    assert figures[10000] == figures[10]
    # With the counts cached (nothing changed since), the queue makes one query fewer: no count at all.
    assert _count(staff_client, queue) == figures[10000][0] - 1


def test_the_bulk_confirmation_page_reads_every_ticked_submission_in_one_query(staff_client, clinic_staff):
    _bulk_submissions(30, clinic_staff)
    codes = list(Submission.objects.values_list("reference_code", flat=True))
    url = reverse("staff:bulk")

    def confirmation(count):
        with CaptureQueriesContext(connection) as context:
            response = staff_client.post(url, {"submissions": codes[:count], "status": "closed"})
        assert response.status_code == 200
        return len(context)

    assert confirmation(3) == confirmation(25)
