"""Who may reach the criteria admin, and what a draft, a published set and a criterion allow there."""

import pytest
from django.urls import reverse

from hsct_screen.criteria import selectors, services
from hsct_screen.criteria.models import CriteriaSet, Criterion
from tests.criteria.conftest import criterion_of
from tests.factories import CriteriaSetFactory, SubmissionFactory, criterion_form_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "staff_without_criteria", "editor", "superuser"]
ALLOWED = {"editor", "superuser"}


def client_for(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def publish_data(criteria_set, note, name="HSCT Screen criteria 2027", identifier="contract-default-9"):
    """What the preview page's publish form sends: public name, version label, note and the draft's digest."""
    return {
        "name": name,
        "identifier": identifier,
        "change_note": note,
        "fingerprint": selectors.criteria_set_fingerprint(criteria_set),
    }


def url(name, *args):
    return reverse(f"admin:criteria_{name}", args=args)


def assert_refused(response, role):
    if role in {"anonymous", "outsider"}:
        # The admin sends anyone who is not staff to its login page.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "page", ["changelist", "change_published", "change_draft", "criterion_change", "preview", "copy"]
)
def test_criteria_admin_pages_are_open_only_to_criteria_editors_and_superusers(
    client, request, role, page, published, draft
):
    targets = {
        "changelist": url("criteriaset_changelist"),
        "change_published": url("criteriaset_change", published.pk),
        "change_draft": url("criteriaset_change", draft.pk),
        "criterion_change": url("criterion_change", criterion_of(draft, "walking").pk),
        "preview": url("criteriaset_preview", draft.pk),
        "copy": url("criteriaset_copy", published.pk),
    }
    response = client_for(client, request, role).get(targets[page])
    if role in ALLOWED:
        assert response.status_code == 200
    else:
        assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_criteria_editors_and_superusers_can_publish(client, request, role, published, draft):
    response = client_for(client, request, role).post(
        url("criteriaset_publish", draft.pk), publish_data(draft, "Walking.")
    )
    draft.refresh_from_db()
    if role in ALLOWED:
        assert response.status_code == 302
        assert draft.status == CriteriaSet.Status.PUBLISHED
    else:
        assert_refused(response, role)
        assert draft.status == CriteriaSet.Status.DRAFT


def test_publish_refuses_get(client, editor, draft):
    client.force_login(editor)
    assert client.get(url("criteriaset_publish", draft.pk)).status_code == 405


def test_a_staff_member_with_view_permission_only_cannot_preview_or_publish(client, staff_without_criteria, draft):
    from django.contrib.auth.models import Permission

    staff_without_criteria.user_permissions.add(Permission.objects.get(codename="view_criteriaset"))
    client.force_login(staff_without_criteria)
    assert client.get(url("criteriaset_changelist")).status_code == 200
    assert client.get(url("criteriaset_preview", draft.pk)).status_code == 403
    assert client.post(url("criteriaset_publish", draft.pk), publish_data(draft, "x")).status_code == 403


def test_publish_without_a_change_note_shows_the_preview_again_and_publishes_nothing(client, editor, draft):
    client.force_login(editor)
    response = client.post(url("criteriaset_publish", draft.pk), publish_data(draft, "   "))
    assert response.status_code == 400
    assert "Write a change note before publishing." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT


def test_publish_is_refused_without_having_opened_the_preview(client, editor, draft):
    client.force_login(editor)
    response = client.post(url("criteriaset_publish", draft.pk), {"change_note": "Blind."})
    assert response.status_code == 400
    assert "Open the preview of this draft before publishing it." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT


def test_publish_is_refused_when_the_draft_changed_after_its_preview(client, editor, draft):
    client.force_login(editor)
    preview = client.get(url("criteriaset_preview", draft.pk))
    previewed = preview.context["form"].initial["fingerprint"]
    assert f'value="{previewed}"' in preview.content.decode()
    walking = criterion_of(draft, "walking")
    walking.settings = {"accepted": ["no_limit"]}
    walking.save()
    response = client.post(url("criteriaset_publish", draft.pk), {"change_note": "Late.", "fingerprint": previewed})
    assert response.status_code == 400
    page = response.content.decode()
    assert "changed after this preview was made" in page
    # The page shown again carries the new digest, so publishing now is a deliberate second step.
    assert f'value="{selectors.criteria_set_fingerprint(draft)}"' in page
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT


def test_publishing_through_the_admin_retires_the_old_set_and_keeps_the_note(client, editor, published, draft):
    client.force_login(editor)
    response = client.post(url("criteriaset_publish", draft.pk), publish_data(draft, "Allow two aids."), follow=True)
    assert "past results are unchanged" in response.content.decode()
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, draft.change_note) == (CriteriaSet.Status.PUBLISHED, "Allow two aids.")
    assert published.status == CriteriaSet.Status.RETIRED


def test_a_concurrent_publish_shows_a_message_instead_of_an_error_page(client, editor, draft, monkeypatch):
    def lose_the_race(**kwargs):
        raise services.PublishConflict(draft.pk)

    monkeypatch.setattr(services, "criteria_set_publish", lose_the_race)
    client.force_login(editor)
    response = client.post(url("criteriaset_publish", draft.pk), publish_data(draft, "Note."), follow=True)
    assert response.status_code == 200
    assert "published at the same moment" in response.content.decode()


def test_publishing_a_set_that_is_not_a_draft_is_refused_with_a_message(client, editor, published):
    client.force_login(editor)
    response = client.post(url("criteriaset_publish", published.pk), publish_data(published, "Again."), follow=True)
    assert "Only a draft can be published." in response.content.decode()


def test_preview_of_a_published_set_sends_the_admin_back_to_it(client, editor, published):
    client.force_login(editor)
    response = client.get(url("criteriaset_preview", published.pk))
    assert response.status_code == 302
    assert response["Location"] == url("criteriaset_change", published.pk)


def test_preview_of_a_missing_set_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(url("criteriaset_preview", 999999)).status_code == 404
    assert client.get(url("criteriaset_preview", "abc")).status_code == 404


# --- read-only published sets --------------------------------------------------------------------


def test_a_published_set_is_shown_read_only_with_a_copy_button(client, editor, published):
    """Spec change (issue 6): the comparison details of a published set stay editable; its criteria do not."""
    client.force_login(editor)
    response = client.get(url("criteriaset_change", published.pk))
    page = response.content.decode()
    assert 'name="name"' not in page
    assert 'name="identifier"' not in page
    assert 'name="listed"' in page
    assert 'name="recruitment_status"' in page
    assert "copy it to a new draft" in page
    assert url("criteriaset_copy", published.pk) in page
    assert url("criteriaset_preview", published.pk) not in page


def test_a_published_set_cannot_be_changed_by_posting(client, superuser, published):
    """Posting a new name to a published set changes nothing but the comparison details it may edit."""
    client.force_login(superuser)
    count = str(published.criteria.count())
    data = {
        **comparison_post(published),
        "name": "Hacked",
        "identifier": "hacked",
        "comparison_order": "7",
        "criteria-TOTAL_FORMS": count,
        "criteria-INITIAL_FORMS": count,
    }
    response = client.post(url("criteriaset_change", published.pk), data)
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.name, published.identifier) != ("Hacked", "hacked")
    assert published.comparison_order == 7


def comparison_post(criteria_set) -> dict:
    """The comparison fields of a set's admin form, as they stand."""
    data = {
        "kind": criteria_set.kind,
        "recruitment_status": criteria_set.recruitment_status,
        "status_checked_on": criteria_set.status_checked_on.isoformat() if criteria_set.status_checked_on else "",
        "source_citation": criteria_set.source_citation,
        "source_url": criteria_set.source_url,
        "registry_url": criteria_set.registry_url,
        "countries": criteria_set.countries,
        "comparison_order": str(criteria_set.comparison_order),
    }
    if criteria_set.listed:
        data["listed"] = "on"
    return data


def test_a_criterion_of_a_published_set_cannot_be_changed(client, superuser, published):
    criterion = criterion_of(published, "disease_duration")
    client.force_login(superuser)
    page = client.get(url("criterion_change", criterion.pk)).content.decode()
    assert 'name="setting_max_years"' not in page
    assert "Most years since diagnosis: 10" in page
    response = client.post(url("criterion_change", criterion.pk), {"title": "x", "setting_max_years": "20"})
    assert response.status_code == 403
    criterion.refresh_from_db()
    assert criterion.settings == {"max_years": 10}


def test_a_published_set_or_one_with_submissions_cannot_be_deleted(client, superuser, published):
    SubmissionFactory(criteria_set=published)
    retired_with_submissions = CriteriaSetFactory(status=CriteriaSet.Status.RETIRED)
    SubmissionFactory(criteria_set=retired_with_submissions)
    client.force_login(superuser)
    assert client.post(url("criteriaset_delete", published.pk), {"post": "yes"}).status_code == 403
    assert client.post(url("criteriaset_delete", retired_with_submissions.pk), {"post": "yes"}).status_code == 403
    assert CriteriaSet.objects.filter(pk__in=[published.pk, retired_with_submissions.pk]).count() == 2


def test_a_superuser_may_delete_an_unused_draft_but_an_editor_may_not(client, editor, superuser, draft):
    client.force_login(editor)
    assert client.post(url("criteriaset_delete", draft.pk), {"post": "yes"}).status_code == 403
    client.force_login(superuser)
    assert client.post(url("criteriaset_delete", draft.pk), {"post": "yes"}).status_code == 302
    assert not CriteriaSet.objects.filter(pk=draft.pk).exists()


def test_bulk_delete_is_not_offered(client, superuser):
    client.force_login(superuser)
    assert "delete_selected" not in client.get(url("criteriaset_changelist")).content.decode()


def test_criteria_cannot_be_added_or_deleted_one_by_one(client, superuser, draft):
    client.force_login(superuser)
    assert client.get(url("criterion_add")).status_code == 403
    assert client.get(url("criterion_delete", criterion_of(draft, "age").pk)).status_code == 403


def test_history_pages_cannot_revert_a_criterion(client, superuser, draft):
    criterion = criterion_of(draft, "disease_duration")
    record = criterion.history.earliest()
    client.force_login(superuser)
    target = reverse("admin:criteria_criterion_simple_history", args=[criterion.pk, record.history_id])
    assert client.get(target).status_code == 200
    assert client.post(target, {"title": "x", "setting_max_years": "30"}).status_code == 403
    criterion.refresh_from_db()
    assert criterion.settings == {"max_years": 10}


# --- editing a draft -----------------------------------------------------------------------------


def criterion_post(criterion, **changes):
    return criterion_form_data(criterion, **changes)


def test_a_draft_criterion_is_edited_through_typed_fields(client, editor, draft):
    criterion = criterion_of(draft, "walking")
    client.force_login(editor)
    page = client.get(url("criterion_change", criterion.pk)).content.decode()
    assert 'type="checkbox" name="setting_accepted" value="two_aids"' in page
    assert 'name="settings"' not in page
    response = client.post(
        url("criterion_change", criterion.pk),
        criterion_post(criterion, setting_accepted=["no_limit", "unaided_short", "one_aid", "two_aids"], required=None),
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.settings == {"accepted": ["no_limit", "unaided_short", "one_aid", "two_aids"], "case_by_case": []}
    assert criterion.required is False


def test_a_bad_value_in_the_admin_form_is_refused_and_nothing_is_saved(client, editor, draft):
    criterion = criterion_of(draft, "disease_duration")
    client.force_login(editor)
    response = client.post(url("criterion_change", criterion.pk), criterion_post(criterion, setting_max_years="-3"))
    assert response.status_code == 200
    assert "Must be 0 or more." in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.settings == {"max_years": 10}


def test_a_draft_criterion_can_be_switched_off(client, editor, draft):
    criterion = criterion_of(draft, "age")
    client.force_login(editor)
    data = criterion_post(criterion, enabled=None, setting_min_age="18", setting_max_age="55")
    assert client.post(url("criterion_change", criterion.pk), data).status_code == 302
    criterion.refresh_from_db()
    assert criterion.enabled is False
    assert "age" not in [spec.key for spec in draft.specs()]


def test_a_draft_set_page_offers_preview_and_lists_its_criteria(client, editor, draft):
    client.force_login(editor)
    page = client.get(url("criteriaset_change", draft.pk)).content.decode()
    assert url("criteriaset_preview", draft.pk) in page
    assert url("criterion_change", criterion_of(draft, "walking").pk) in page
    assert 'name="_save"' in page


def test_a_new_set_made_in_the_admin_is_a_draft_with_every_kind(client, editor, published):
    client.force_login(editor)
    response = client.post(
        url("criteriaset_add"),
        {"name": "Trial", "identifier": "trial-1", "description": "", **comparison_post(CriteriaSet())},
    )
    assert response.status_code == 302
    created = CriteriaSet.objects.get(identifier="trial-1")
    assert created.status == CriteriaSet.Status.DRAFT
    assert created.created_by == editor
    assert [c.settings for c in created.criteria.all()] == [c.settings for c in published.criteria.all()]


def test_copy_to_a_new_draft_from_the_button(client, editor, published):
    client.force_login(editor)
    response = client.post(url("criteriaset_copy", published.pk))
    copy = CriteriaSet.objects.get(status=CriteriaSet.Status.DRAFT)
    assert response["Location"] == url("criteriaset_change", copy.pk)
    assert copy.status == CriteriaSet.Status.DRAFT
    assert copy.created_by == editor
    assert [(c.key, c.settings, c.title) for c in copy.criteria.all()] == [
        (c.key, c.settings, c.title) for c in published.criteria.all()
    ]


def test_copy_to_a_new_draft_from_the_list_action(client, editor, published):
    client.force_login(editor)
    response = client.post(
        url("criteriaset_changelist"), {"action": "copy_to_draft", "_selected_action": [published.pk]}
    )
    assert response.status_code == 302
    assert CriteriaSet.objects.filter(status=CriteriaSet.Status.DRAFT).count() == 1


def test_a_copy_of_a_set_missing_some_kinds_gets_them_switched_off(published):
    partial = CriteriaSetFactory(status=CriteriaSet.Status.RETIRED)
    Criterion.objects.create(criteria_set=partial, key="walking", settings={"accepted": ["no_limit"]}, title="Walking")
    copy = services.criteria_set_copy(source=partial)
    kinds = {c.key: c.enabled for c in copy.criteria.all()}
    assert kinds.pop("walking") is True
    assert len(kinds) == 6
    assert not any(kinds.values())


def test_the_changelist_query_count_does_not_grow_with_sets(
    client, superuser, published, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(superuser)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("criteriaset_changelist")).status_code == 200
    for _ in range(15):
        services.criteria_set_copy(source=published)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("criteriaset_changelist")).status_code == 200


def test_publishing_a_draft_with_a_broken_criterion_shows_why_and_publishes_nothing(client, editor, draft):
    walking = criterion_of(draft, "walking")
    walking.learn_more = "who-may-be-a-candidate#gone"
    walking.save()
    client.force_login(editor)
    response = client.post(url("criteriaset_publish", draft.pk), publish_data(draft, "Try."))
    assert response.status_code == 400
    assert "The page “who-may-be-a-candidate” has no section “#gone”." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT


def test_the_criteria_editors_group_may_edit_and_publish_but_never_delete():
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="Criteria editors").permissions.values_list("codename", flat=True))
    assert codenames == {
        "view_criteriaset",
        "add_criteriaset",
        "change_criteriaset",
        "publish_criteriaset",
        "view_criterion",
        "add_criterion",
        "change_criterion",
        # Issue 11: criteria editors also keep the clinic's details (learn migration 0003).
        "view_clinicinfo",
        "add_clinicinfo",
        "change_clinicinfo",
    }
