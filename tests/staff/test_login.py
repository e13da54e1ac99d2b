"""Staff log in and out with Django auth behind django-axes."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

LOGIN = reverse("staff:login")
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fresh_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def test_login_page_has_labelled_fields_and_one_heading(db):
    response = Client().get(LOGIN)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'for="id_username"' in html
    assert 'for="id_password"' in html
    assert 'autocomplete="current-password"' in html
    assert html.count("<h1") == 1


def test_clinic_staff_log_in_with_a_password_and_land_on_the_queue(clinic_staff):
    response = Client().post(LOGIN, {"username": clinic_staff.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:queue")


def test_login_follows_next_back_to_the_page_asked_for(clinic_staff):
    overview = reverse("staff:overview")

    response = Client().post(
        f"{LOGIN}?next={overview}", {"username": clinic_staff.username, "password": PASSWORD, "next": overview}
    )

    assert response["Location"] == overview


def test_criteria_editors_land_in_the_admin_not_on_a_403(criteria_editor):
    response = Client().post(LOGIN, {"username": criteria_editor.username, "password": PASSWORD})

    assert response["Location"] == reverse("admin:index")


def test_wrong_password_shows_an_error_and_logs_nobody_in(clinic_staff):
    client = Client()

    response = client.post(LOGIN, {"username": clinic_staff.username, "password": "wrong"})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(db):
    user = UserFactory(username="locked-out")
    client = Client()
    for _attempt in range(5):
        client.post(LOGIN, {"username": user.username, "password": "wrong"})

    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})

    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only_and_ends_the_session(staff_client):
    assert staff_client.get(reverse("staff:logout")).status_code == 405

    response = staff_client.post(reverse("staff:logout"))

    assert response.status_code == 302
    assert staff_client.get(reverse("staff:queue")).status_code == 302


def test_staff_pages_show_the_staff_navigation(staff_client, db):
    html = staff_client.get(reverse("staff:queue")).content.decode()

    for label in ("Queue", "Overview", "Log out"):
        assert label in html
    # The export with contact details starts from the queue's filters and asks first; never one click away.
    assert "Export all (CSV)" not in html
