"""One submission: plain-word answers, stored findings, contact only with consent, workflow, notes and timeline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.staff import services
from hsct_screen.staff.models import Review, ReviewEvent, ReviewNote, ReviewStatus
from tests.factories import ContactRequestFactory, SubmissionFactory, answers, published_set


def _detail(submission):
    return reverse("staff:detail", args=[submission.reference_code])


@pytest.fixture
def evaluated(db):
    """A submission whose stored result is a real evaluation of its answers."""
    given = answers(walking="one_aid", health_conditions=["heart"], age=58)
    result, _criteria_set = evaluate_answers(given, criteria_set=published_set())
    return SubmissionFactory(answers=given, outcome=str(result.outcome), result=result.as_dict())


def test_detail_shows_answers_in_the_words_the_patient_saw(staff_client, evaluated):
    html = staff_client.get(_detail(evaluated)).content.decode()

    assert "Relapsing-remitting MS (RRMS)" in html
    assert "I need one stick, crutch or brace to walk about 100 metres" in html
    assert "Serious heart disease" in html
    assert "rrms" not in html.replace("(RRMS)", "")


def test_detail_shows_the_stored_findings_advisories_and_criteria_version(staff_client, evaluated):
    html = staff_client.get(_detail(evaluated)).content.decode()

    for finding in evaluated.result["criteria"]:
        assert finding["title"] in html
    assert evaluated.result["advisories"]
    for advisory in evaluated.result["advisories"]:
        assert advisory["message"] in html
    assert evaluated.result["criteria_version"] in html
    assert evaluated.criteria_set.name in html


def test_detail_shows_the_stored_result_even_when_it_differs_from_a_fresh_evaluation(staff_client, db):
    stored = {
        "outcome": "unlikely_candidate",
        "criteria_version": "an-old-version-7",
        "criteria": [
            {
                "key": "walking",
                "status": "not_met",
                "required": True,
                "title": "Stored walking title",
                "explanation": "Stored explanation.",
                "learn_more_url": "",
            }
        ],
        "advisories": [],
    }
    submission = SubmissionFactory(outcome="unlikely_candidate", result=stored)

    html = staff_client.get(_detail(submission)).content.decode()

    assert "Stored walking title" in html
    assert "Stored explanation." in html
    assert "an-old-version-7" in html


def test_detail_hides_contact_details_without_a_contact_request(staff_client, submission):
    html = staff_client.get(_detail(submission)).content.decode()

    assert "did not ask to be contacted" in html
    assert "mailto:" not in html


def test_detail_shows_contact_details_when_the_person_consented(staff_client, submission_with_contact):
    html = staff_client.get(_detail(submission_with_contact)).content.decode()

    assert "Ada Lovelace" in html
    assert "ada@example.org" in html
    assert "07700 900123" in html
    assert "Consent given" in html


def test_detail_accepts_a_lower_case_code_without_hyphen_and_redirects_to_the_real_one(staff_client, db):
    submission = SubmissionFactory(reference_code="ACDE-F347")

    response = staff_client.get(reverse("staff:detail", args=["acdef347"]))

    assert response.status_code == 302
    assert response["Location"] == _detail(submission)


def test_detail_offers_no_way_to_edit_answers_or_results(staff_client, submission):
    html = staff_client.get(_detail(submission)).content.decode()

    actions = {part.split('"')[0] for part in html.split('action="')[1:]}
    assert actions == {
        reverse("staff:status", args=[submission.reference_code]),
        reverse("staff:assign", args=[submission.reference_code]),
        reverse("staff:note", args=[submission.reference_code]),
        reverse("staff:logout"),
    }


def test_changing_status_records_who_and_when_and_shows_on_the_timeline(staff_client, clinic_staff, submission):
    response = staff_client.post(reverse("staff:status", args=[submission.reference_code]), {"status": "contacted"})

    assert response.status_code == 302
    review = Review.objects.get(submission=submission)
    assert review.status == ReviewStatus.CONTACTED
    event = ReviewEvent.objects.get(submission=submission)
    assert (event.kind, event.actor, event.from_value, event.to_value) == (
        ReviewEvent.Kind.STATUS_CHANGED,
        clinic_staff,
        "new",
        "contacted",
    )
    html = staff_client.get(_detail(submission)).content.decode()
    assert "Status changed from “New” to “Contacted”." in html
    assert clinic_staff.username in html


def test_any_status_can_follow_any_other_and_each_change_is_recorded(clinic_staff, submission):
    path = ["closed", "new", "contacted", "in_review", "closed"]
    for status in path:
        services.review_status_change(submission=submission, user=clinic_staff, status=status)

    events = list(ReviewEvent.objects.filter(submission=submission).order_by("pk"))
    assert [(e.from_value, e.to_value) for e in events] == list(zip(["new", *path[:-1]], path, strict=True))


def test_setting_the_same_status_again_records_nothing(clinic_staff, submission):
    services.review_status_change(submission=submission, user=clinic_staff, status="in_review")
    services.review_status_change(submission=submission, user=clinic_staff, status="in_review")

    assert ReviewEvent.objects.filter(submission=submission).count() == 1


def test_unknown_status_is_refused_with_a_message_and_nothing_saved(staff_client, submission):
    response = staff_client.post(reverse("staff:status", args=[submission.reference_code]), {"status": "approved"})

    assert response.status_code == 400
    assert "Choose one of the review statuses." in response.content.decode()
    assert not Review.objects.exists()
    assert not ReviewEvent.objects.exists()


def test_the_status_service_refuses_unknown_values(clinic_staff, submission):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="is not a review status"):
        services.review_status_change(submission=submission, user=clinic_staff, status="eligible")
    assert not ReviewEvent.objects.exists()


def test_assigning_and_unassigning_is_recorded(staff_client, clinic_staff, other_staff, submission):
    url = reverse("staff:assign", args=[submission.reference_code])

    staff_client.post(url, {"assignee": other_staff.pk})
    staff_client.post(url, {"assignee": ""})

    assert Review.objects.get(submission=submission).assignee is None
    events = list(ReviewEvent.objects.filter(submission=submission).order_by("pk"))
    assert [(e.kind, e.from_value, e.to_value) for e in events] == [
        ("assigned", "", other_staff.username),
        ("assigned", other_staff.username, ""),
    ]


def test_only_people_who_can_review_can_be_assigned(staff_client, criteria_editor, submission):
    response = staff_client.post(
        reverse("staff:assign", args=[submission.reference_code]), {"assignee": criteria_editor.pk}
    )

    assert response.status_code == 400
    assert "Choose someone from the list." in response.content.decode()
    assert not ReviewEvent.objects.exists()


def test_the_assign_service_refuses_someone_who_cannot_review(clinic_staff, criteria_editor, submission):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_assign(submission=submission, user=clinic_staff, assignee=criteria_editor)


def test_notes_keep_author_and_time_and_show_newest_first(staff_client, clinic_staff, submission):
    url = reverse("staff:note", args=[submission.reference_code])

    staff_client.post(url, {"text": "First call: no answer."})
    staff_client.post(url, {"text": "Second call: <b>spoke</b> to them."})

    notes = list(ReviewNote.objects.filter(submission=submission))
    assert [note.author for note in notes] == [clinic_staff, clinic_staff]
    assert all(note.created_at for note in notes)
    html = staff_client.get(_detail(submission)).content.decode()
    assert html.index("Second call") < html.index("First call")
    assert "&lt;b&gt;spoke&lt;/b&gt;" in html


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_empty_or_too_long_notes_are_refused(staff_client, submission, text):
    response = staff_client.post(reverse("staff:note", args=[submission.reference_code]), {"text": text})

    assert response.status_code == 400
    assert not ReviewNote.objects.exists()
    assert "There is a problem" in response.content.decode()


def test_timeline_lists_every_kind_of_change_newest_first(staff_client, clinic_staff, submission):
    services.review_status_change(submission=submission, user=clinic_staff, status="in_review")
    services.review_assign(submission=submission, user=clinic_staff, assignee=clinic_staff)
    services.review_note_add(submission=submission, user=clinic_staff, text="Waiting for the MRI report.")

    html = staff_client.get(_detail(submission)).content.decode()

    note, assigned, status = (
        html.index("Waiting for the MRI report."),
        html.index(f"Assigned to {clinic_staff.username}."),
        html.index("Status changed from"),
    )
    assert note < assigned < status


def test_staff_changes_never_touch_answers_or_result(staff_client, clinic_staff, submission):
    before = (submission.answers, submission.result, submission.outcome)
    services.review_status_change(submission=submission, user=clinic_staff, status="closed")
    services.review_note_add(submission=submission, user=clinic_staff, text="Done.")

    submission.refresh_from_db()
    assert (submission.answers, submission.result, submission.outcome) == before


def _detail_queries(client, submission):
    with CaptureQueriesContext(connection) as context:
        response = client.get(_detail(submission))
    assert response.status_code == 200
    return len(context)


def test_detail_query_count_does_not_grow_with_timeline_or_submissions(staff_client, clinic_staff, other_staff, db):
    submission = ContactRequestFactory().submission
    services.review_note_add(submission=submission, user=clinic_staff, text="One.")
    few = _detail_queries(staff_client, submission)

    SubmissionFactory.create_batch(40)
    for index in range(20):
        services.review_note_add(submission=submission, user=other_staff, text=f"Note {index}.")
        services.review_status_change(
            submission=submission, user=clinic_staff, status=["in_review", "contacted"][index % 2]
        )
    many = _detail_queries(staff_client, submission)

    assert many == few


def test_timeline_shows_the_person_giving_removing_and_giving_again_their_contact_details(staff_client, db):
    from hsct_screen.questionnaire import services as patient_services

    submission = SubmissionFactory()
    details = {"name": "Ada Lovelace", "email": "ada@example.org", "phone": ""}
    patient_services.contact_request_create(submission=submission, **details)
    patient_services.contact_request_delete(submission=submission)
    patient_services.contact_request_create(submission=submission, **details)
    patient_services.contact_request_create(submission=submission, **details)

    text = staff_client.get(reverse("staff:detail", args=[submission.reference_code])).content.decode()

    assert text.count("The person gave their contact details") == 2
    assert text.count("The person removed their contact details.") == 1
    assert text.count("The person replaced their contact details.") == 1


def test_contact_details_come_first_on_the_detail_page(staff_client, db):
    submission = ContactRequestFactory(name="Ada Lovelace").submission

    text = staff_client.get(reverse("staff:detail", args=[submission.reference_code])).content.decode()

    assert text.index("Ada Lovelace") < text.index("Answers, as the person saw them")
    assert "This person asked to be contacted" in text


def test_each_finding_shows_the_status_label_patients_see_for_it(staff_client, db):
    given = answers(relapses_12m="unsure")
    result, _criteria_set = evaluate_answers(given, criteria_set=published_set())
    submission = SubmissionFactory(answers=given, outcome=str(result.outcome), result=result.as_dict())

    html = staff_client.get(_detail(submission)).content.decode()

    assert '<span class="status-tag">Met</span>' in html
    assert '<span class="status-tag">Not sure yet</span>' in html
    assert "Not known" not in html
