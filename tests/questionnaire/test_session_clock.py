"""Question pages restart the idle clock without a session write on every read, and show the true end time."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hsct_screen.questionnaire import views
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db


def session_writes(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def shown_expiry(client, url) -> datetime:
    page = client.get(url).content.decode()
    return datetime.fromisoformat(re.search(r'data-session-expires="([^"]+)"', page).group(1))


def test_reading_a_question_page_again_soon_writes_nothing_to_the_session(monkeypatch):
    client = Client()
    token = journey.start(client)
    url = journey.step_url(token, "ms-type")
    client.get(url)
    assert session_writes(client, url) == []


def test_a_view_long_after_the_last_restarts_the_clock(monkeypatch):
    client = Client()
    token = journey.start(client)
    url = journey.step_url(token, "ms-type")
    first = shown_expiry(client, url)
    later = views.time.time() + views.SESSION_REFRESH_SECONDS + 1
    monkeypatch.setattr(views.time, "time", lambda: later)
    assert session_writes(client, url) != []
    assert shown_expiry(client, url) > first


def test_the_time_shown_is_when_the_store_forgets_the_session():
    client = Client()
    token = journey.start(client)
    url = journey.step_url(token, "ms-type")
    shown = shown_expiry(client, url)
    expected = client.session.get_expiry_date()
    # Shown to the second; the store's date is at most the refresh interval later (never earlier).
    assert shown.astimezone(UTC) <= expected
    assert (expected - shown).total_seconds() <= views.SESSION_REFRESH_SECONDS
    assert settings.SESSION_COOKIE_AGE > views.SESSION_REFRESH_SECONDS
