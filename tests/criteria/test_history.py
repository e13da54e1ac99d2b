"""Who changed which criterion setting, when, and from what to what, as the admin shows it."""

import pytest
from django.urls import reverse

from hsct_screen.criteria import services
from tests.criteria.conftest import criterion_of
from tests.factories import criterion_form_data

pytestmark = pytest.mark.django_db


def change_max_years(client, criterion, years):
    data = criterion_form_data(criterion, required="on", enabled="on", setting_max_years=str(years))
    return client.post(reverse("admin:criteria_criterion_change", args=[criterion.pk]), data)


def test_changing_max_years_in_the_admin_records_the_user_and_the_old_and_new_value(client, editor, draft):
    criterion = criterion_of(draft, "disease_duration")
    client.force_login(editor)
    assert change_max_years(client, criterion, 15).status_code == 302
    latest, previous = criterion.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_type == "~"
    delta = latest.diff_against(previous)
    [change] = [change for change in delta.changes if change.field == "settings"]
    assert (change.old, change.new) == ({"max_years": 10}, {"max_years": 15})


def test_the_criterion_history_page_shows_who_changed_what(client, editor, draft):
    criterion = criterion_of(draft, "disease_duration")
    client.force_login(editor)
    change_max_years(client, criterion, 12)
    page = client.get(reverse("admin:criteria_criterion_history", args=[criterion.pk])).content.decode()
    assert "editor" in page
    assert "max_years" in page
    assert "12" in page
    # The content security policy blocks inline styles, so the page must not rely on one.
    assert 'style="' not in page


def test_the_set_history_shows_the_publish_with_its_user(client, editor, draft):
    services.criteria_set_publish(criteria_set=draft, user=editor, note="Ready.")
    client.force_login(editor)
    response = client.get(reverse("admin:criteria_criteriaset_history", args=[draft.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "editor" in page
    assert "Published" in page


def test_copies_and_imports_record_who_made_them(editor, published):
    copy = services.criteria_set_copy(source=published, user=editor)
    assert copy.history.get().history_user == editor
    assert {record.history_user for record in criterion_of(copy, "walking").history.all()} == {editor}
