"""Bulk status change and assignment from the queue: a confirmation page listing what will change, then one
change per submission, each on its own timeline; outsiders and wrong methods refused."""

import pytest
from django.urls import reverse

from hsct_screen.staff import services
from hsct_screen.staff.forms import MAX_BULK
from hsct_screen.staff.models import Review, ReviewEvent, ReviewStatus
from tests.factories import SubmissionFactory

BULK = reverse("staff:bulk")


def _codes(submissions):
    return [submission.reference_code for submission in submissions]


def test_the_first_post_shows_what_will_change_and_changes_nothing(staff_client, other_staff, db):
    chosen = SubmissionFactory.create_batch(3)

    response = staff_client.post(BULK, {"submissions": _codes(chosen), "assignee": str(other_staff.pk)})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Check the change" in text
    for code in _codes(chosen):
        assert code in text
    assert other_staff.username in text
    assert "Change 3 submissions" in text
    assert not Review.objects.exists()
    assert not ReviewEvent.objects.exists()


def test_confirming_assigns_each_submission_and_records_it_on_each_timeline(
    staff_client, clinic_staff, other_staff, db
):
    chosen = SubmissionFactory.create_batch(3)
    untouched = SubmissionFactory()

    response = staff_client.post(
        BULK,
        {
            "submissions": _codes(chosen),
            "assignee": str(other_staff.pk),
            "status": "in_review",
            "confirm": "yes",
            "return_query": "sort=oldest",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('staff:queue')}?sort=oldest"
    for submission in chosen:
        review = Review.objects.get(submission=submission)
        assert (review.assignee, review.status) == (other_staff, ReviewStatus.IN_REVIEW)
        kinds = set(
            ReviewEvent.objects.filter(submission=submission, actor=clinic_staff).values_list("kind", flat=True)
        )
        assert kinds == {ReviewEvent.Kind.ASSIGNED, ReviewEvent.Kind.STATUS_CHANGED}
    assert not Review.objects.filter(submission=untouched).exists()
    detail = staff_client.get(reverse("staff:detail", args=[chosen[0].reference_code])).content.decode()
    assert f"Assigned to {other_staff.username}." in detail


def test_bulk_can_unassign_and_leave_the_status_as_it_is(staff_client, clinic_staff, db):
    submission = SubmissionFactory()
    services.review_assign(submission=submission, user=clinic_staff, assignee=clinic_staff)
    services.review_status_change(submission=submission, user=clinic_staff, status="contacted")

    staff_client.post(BULK, {"submissions": [submission.reference_code], "assignee": "none", "confirm": "yes"})

    review = Review.objects.get(submission=submission)
    assert (review.assignee, review.status) == (None, ReviewStatus.CONTACTED)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "in_review"}, "Tick at least one submission"),
        ({"submissions": ["NOPE-NOPE"], "status": "in_review"}, "no longer exist"),
        ({"submissions": ["{code}"]}, "Choose a new review status, someone to assign them to, or both"),
        ({"submissions": ["{code}"], "status": "deleted"}, "Choose one of the review statuses"),
        ({"submissions": ["{code}"], "assignee": "999999"}, "Choose someone from the list"),
    ],
)
def test_bad_bulk_requests_say_what_is_wrong_and_change_nothing(staff_client, db, data, message):
    code = SubmissionFactory().reference_code
    data = {
        key: [v.format(code=code) for v in value] if isinstance(value, list) else value for key, value in data.items()
    }

    response = staff_client.post(BULK, {**data, "confirm": "yes"})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReviewEvent.objects.exists()


def test_bulk_refuses_more_than_a_page_of_submissions(staff_client, db):
    code = SubmissionFactory().reference_code

    response = staff_client.post(BULK, {"submissions": [code] * (MAX_BULK + 1), "status": "closed", "confirm": "yes"})

    assert response.status_code == 400
    assert not ReviewEvent.objects.exists()


def test_bulk_cannot_assign_someone_who_cannot_review(staff_client, criteria_editor, db):
    code = SubmissionFactory().reference_code

    response = staff_client.post(BULK, {"submissions": [code], "assignee": str(criteria_editor.pk), "confirm": "yes"})

    assert response.status_code == 400
    assert not Review.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "patient"])
def test_outsiders_are_sent_to_log_in(role_clients, submission, role):
    response = role_clients[role].post(BULK, {"submissions": [submission.reference_code], "status": "closed"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))
    assert not ReviewEvent.objects.exists()


def test_a_criteria_editor_gets_403(role_clients, submission):
    data = {"submissions": [submission.reference_code], "status": "closed", "confirm": "yes"}

    assert role_clients["criteria_editor"].post(BULK, data).status_code == 403
    assert not ReviewEvent.objects.exists()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_bulk_refuses_other_methods_with_405(staff_client, db, method):
    assert getattr(staff_client, method)(BULK).status_code == 405


def test_the_queue_has_a_checkbox_per_row_and_the_bulk_controls(staff_client, db):
    submission = SubmissionFactory()

    text = staff_client.get(reverse("staff:queue")).content.decode()

    assert f'value="{submission.reference_code}"' in text
    assert f'for="select-{submission.reference_code}"' in text
    assert "Change the ticked submissions" in text
    assert f'action="{BULK}"' in text


def test_the_message_says_how_many_already_had_the_change(staff_client, clinic_staff, db):
    done, todo = SubmissionFactory(), SubmissionFactory()
    services.review_status_change(submission=done, user=clinic_staff, status="closed")

    response = staff_client.post(
        BULK,
        {"submissions": [done.reference_code, todo.reference_code], "status": "closed", "confirm": "yes"},
        follow=True,
    )

    text = response.content.decode()
    assert "1 submission changed" in text
    assert "1 already had it" in text
    assert ReviewEvent.objects.filter(submission=done).count() == 1


@pytest.mark.parametrize("return_query", ["//evil.example/x", "a=1\r\nSet-Cookie: x=1", "https://evil.example"])
def test_the_way_back_is_always_the_queue(staff_client, db, return_query):
    code = SubmissionFactory().reference_code

    response = staff_client.post(
        BULK, {"submissions": [code], "status": "closed", "confirm": "yes", "return_query": return_query}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('staff:queue')}?")
    assert "\n" not in response["Location"]
