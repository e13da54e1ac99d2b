"""Every staff URL, for every role: the login page, 403 or the page itself."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

# (url name, needs a reference code, method, POST data)
STAFF_URLS = [
    ("staff:queue", False, "get", None),
    ("staff:overview", False, "get", None),
    ("staff:export", False, "get", None),
    ("staff:export", False, "post", {}),
    ("staff:detail", True, "get", None),
    ("staff:status", True, "post", {"status": "in_review"}),
    ("staff:assign", True, "post", {"assignee": ""}),
    ("staff:note", True, "post", {"text": "Called, no answer."}),
    ("staff:audit", False, "get", None),
    ("staff:erase", True, "get", None),
    ("staff:erase", True, "post", {"reason": "Asked by phone."}),
]
POST_ONLY = ["staff:status", "staff:assign", "staff:note"]
ROLES = ["anonymous", "patient", "clinic_staff", "criteria_editor", "superuser"]
# Deleting and reading the audit log need permissions of their own, which the Clinic staff group lacks.
ONLY_SUPERUSER = {"staff:audit", "staff:erase"}
# Where a successful POST goes.
POST_TARGET = {"staff:erase": lambda submission: reverse("staff:queue")}


def _url(name, needs_code, submission):
    return reverse(name, args=[submission.reference_code]) if needs_code else reverse(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "needs_code", "method", "data"), STAFF_URLS, ids=[f"{u[2]} {u[0]}" for u in STAFF_URLS]
)
def test_each_staff_url_answers_each_role_as_expected(role_clients, submission, role, name, needs_code, method, data):
    url = _url(name, needs_code, submission)
    response = getattr(role_clients[role], method)(url, data or {})

    if role in ("anonymous", "patient"):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('staff:login')}?next={url}"
    elif role == "criteria_editor" or (role == "clinic_staff" and name in ONLY_SUPERUSER):
        assert response.status_code == 403
    elif name == "staff:export" and method == "post":
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
    elif method == "post":
        assert response.status_code == 302
        target = POST_TARGET.get(name, lambda s: reverse("staff:detail", args=[s.reference_code]))
        assert response["Location"] == target(submission)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_views_refuse_get_with_405(staff_client, submission, name):
    response = staff_client.get(reverse(name, args=[submission.reference_code]))

    assert response.status_code == 405


@pytest.mark.parametrize("name", ["staff:queue", "staff:overview", "staff:detail"])
def test_read_only_views_refuse_post_with_405(staff_client, submission, name):
    url = reverse(name, args=[submission.reference_code]) if name == "staff:detail" else reverse(name)

    assert staff_client.post(url).status_code == 405


def test_the_audit_log_refuses_post_with_405(role_clients, submission):
    assert role_clients["superuser"].post(reverse("staff:audit")).status_code == 405


@pytest.mark.parametrize("name", ["staff:export", "staff:erase"])
def test_confirmation_views_refuse_other_methods_with_405(role_clients, submission, name):
    url = reverse(name, args=[submission.reference_code]) if name == "staff:erase" else reverse(name)

    assert role_clients["superuser"].put(url).status_code == 405
    assert role_clients["superuser"].delete(url).status_code == 405


def test_clinic_staff_group_is_created_by_migration_with_review_and_export_permissions(db):
    codenames = set(Group.objects.get(name="Clinic staff").permissions.values_list("codename", flat=True))

    assert {"review_submission", "export_submissions"} <= codenames


def test_a_reviewer_without_export_permission_gets_403_on_export_and_no_export_links(db, submission):
    from django.contrib.auth.models import Permission
    from django.test import Client

    from tests.factories import UserFactory

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="review_submission"))
    client = Client()
    client.force_login(user)

    assert client.get(reverse("staff:export")).status_code == 403
    queue = client.get(reverse("staff:queue"))
    assert queue.status_code == 200
    assert reverse("staff:export") not in queue.content.decode()


def test_unknown_reference_code_is_404_for_staff(staff_client, db):
    assert staff_client.get(reverse("staff:detail", args=["XXXX-XXXX"])).status_code == 404
    assert staff_client.post(reverse("staff:note", args=["XXXX-XXXX"]), {"text": "x"}).status_code == 404


def test_unknown_reference_code_still_sends_anonymous_people_to_login(db):
    from django.test import Client

    response = Client().get(reverse("staff:detail", args=["XXXX-XXXX"]))

    assert response.status_code == 302
