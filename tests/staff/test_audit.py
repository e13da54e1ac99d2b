"""The audit log: contact views, exports and deletions recorded, append-only, shown on the timeline and its page."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hsct_screen.questionnaire.models import DeletedSubmission
from hsct_screen.staff import services
from hsct_screen.staff.models import AuditEvent
from hsct_screen.staff.selectors import QueueFilters
from tests.factories import SubmissionFactory, UserFactory

AUDIT = reverse("staff:audit")


@pytest.fixture
def auditor(db):
    user = UserFactory(username="dana-dpo")
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client = Client()
    client.force_login(user)
    return client


def test_viewing_a_submission_with_contact_details_is_recorded(staff_client, clinic_staff, submission_with_contact):
    url = reverse("staff:detail", args=[submission_with_contact.reference_code])
    staff_client.get(url)
    staff_client.get(url)

    events = list(AuditEvent.objects.all())
    assert len(events) == 2
    assert {(e.action, e.actor, e.actor_label, e.submission, e.reference_code) for e in events} == {
        ("contact_viewed", clinic_staff, "carla-staff", submission_with_contact, submission_with_contact.reference_code)
    }


def test_viewing_a_submission_without_contact_details_records_nothing(staff_client, submission):
    staff_client.get(reverse("staff:detail", args=[submission.reference_code]))

    assert not AuditEvent.objects.exists()


def test_a_rejected_change_that_shows_contact_details_again_is_recorded(staff_client, submission_with_contact):
    url = reverse("staff:status", args=[submission_with_contact.reference_code])

    assert staff_client.post(url, {"status": "nonsense"}).status_code == 400
    assert AuditEvent.objects.get().action == "contact_viewed"


def test_the_timeline_shows_who_viewed_the_contact_details(staff_client, other_staff, submission_with_contact):
    services.audit_contact_viewed(submission=submission_with_contact, user=other_staff)

    html = staff_client.get(reverse("staff:detail", args=[submission_with_contact.reference_code])).content.decode()

    timeline = html[html.index('id="timeline"') :]
    assert timeline.count("Viewed the contact details.") == 2
    assert "omar-staff" in timeline
    assert "carla-staff" in timeline


def test_audit_events_cannot_be_changed_or_deleted(db, clinic_staff, submission_with_contact):
    event = services.audit_contact_viewed(submission=submission_with_contact, user=clinic_staff)

    event.actor_label = "someone else"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(actor_label="x")
    assert AuditEvent.objects.get().actor_label == "carla-staff"


def test_the_audit_outlives_the_user_and_the_submission(db, clinic_staff, submission_with_contact):
    services.audit_contact_viewed(submission=submission_with_contact, user=clinic_staff)
    code = submission_with_contact.reference_code

    clinic_staff.delete()
    submission_with_contact.delete()

    event = AuditEvent.objects.get()
    assert (event.actor, event.submission, event.actor_label, event.reference_code) == (None, None, "carla-staff", code)


def test_the_admin_shows_the_audit_read_only(superuser, submission_with_contact):
    event = services.audit_contact_viewed(submission=submission_with_contact, user=superuser)
    client = Client()
    client.force_login(superuser)

    assert client.get(reverse("admin:staff_auditevent_changelist")).status_code == 200
    change = client.get(reverse("admin:staff_auditevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.post(reverse("admin:staff_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:staff_auditevent_add")).status_code == 403
    assert AuditEvent.objects.count() == 1


def test_the_audit_page_lists_views_exports_and_deletions(auditor, clinic_staff, submission_with_contact):
    services.audit_contact_viewed(submission=submission_with_contact, user=clinic_staff)
    services.audit_export(
        user=clinic_staff,
        filters=QueueFilters(outcome="x"),
        row_count=314,
        identifiable=True,
    )
    other = SubmissionFactory()
    services.submission_erase(submission=other, user=clinic_staff, reason="Asked by email on 3 March.")

    response = auditor.get(AUDIT)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in ("Viewed contact details", "Exported submissions", "With contact details", "314 rows", "outcome=x"):
        assert text in html
    assert "Deleted a submission on request" in html
    assert other.reference_code in html
    assert "Asked by email on 3 March." in html
    assert reverse("staff:detail", args=[submission_with_contact.reference_code]) in html


def test_the_audit_link_is_only_in_the_top_bar_of_those_who_may_read_it(staff_client, auditor, db):
    assert AUDIT not in staff_client.get(reverse("staff:queue")).content.decode()
    assert f'href="{AUDIT}"' in auditor.get(AUDIT).content.decode()


def _audit_page_queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get(AUDIT).status_code == 200
    return len(context)


def test_the_audit_page_query_count_does_not_grow_with_rows(auditor, clinic_staff, db):
    submissions = [SubmissionFactory() for _ in range(3)]
    for submission in submissions:
        services.audit_contact_viewed(submission=submission, user=clinic_staff)
    few = _audit_page_queries(auditor)
    for _ in range(20):
        for submission in submissions:
            services.audit_contact_viewed(submission=submission, user=clinic_staff)

    assert _audit_page_queries(auditor) == few


def test_the_audit_page_counts_results_their_owners_deleted_through_the_private_link(auditor, db):
    assert "Nobody has deleted their own result" in auditor.get(AUDIT).content.decode()
    for number in range(2):
        DeletedSubmission.objects.create(link_token_hash=f"{number:064d}")

    html = auditor.get(AUDIT).content.decode()

    assert "People deleted 2 results themselves through their private link" in html
