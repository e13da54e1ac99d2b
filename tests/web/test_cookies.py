"""Responses that set cookies from a kept pattern: the same Set-Cookie header as Django's set_cookie, every time."""

import datetime
from http.cookies import CookieError

import pytest
from django.http import HttpResponse
from django.test import Client

from hsct_screen.web import cookies
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db

NOW = 1_800_000_000.25


class _FrozenDatetime:
    """django.http.response's datetime module, with now() at the test's moment (for a cookie dated by datetime)."""

    timezone = datetime.timezone
    timedelta = datetime.timedelta

    class datetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(NOW, tz)


CASES = [
    pytest.param({"max_age": 31449600, "path": "/", "secure": True, "httponly": True, "samesite": "Lax"}, id="csrf"),
    pytest.param(
        {
            "max_age": 14400,
            "expires": "Wed, 25 Nov 2026 03:00:00 GMT",
            "path": "/",
            "httponly": True,
            "samesite": "Lax",
        },
        id="session",
    ),
    pytest.param({}, id="no-arguments"),
    pytest.param({"max_age": 0}, id="expired-now"),
    pytest.param({"expires": "Thu, 01 Jan 1970 00:00:00 GMT", "max_age": 0, "path": "/x/"}, id="deleted"),
    pytest.param({"expires": ""}, id="empty-expires"),
    pytest.param({"max_age": 60, "expires": ""}, id="empty-expires-with-max-age"),
    pytest.param({"domain": "example.org", "samesite": "Strict", "secure": True}, id="domain"),
    pytest.param({"path": None, "samesite": "None"}, id="no-path"),
    pytest.param({"max_age": 2.5}, id="float-max-age"),
    pytest.param({"max_age": datetime.timedelta(hours=1)}, id="timedelta"),
    pytest.param({"expires": _FrozenDatetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)}, id="datetime"),
]
VALUES = ["a" * 32, "abc123", "with space", 'quote"and;semicolon', "ñandú", 42, ""]


def _set_cookie_header(response_class, key, value, arguments) -> str:
    response = response_class()
    response.set_cookie(key, value, **arguments)
    return response.cookies.output(header="Set-Cookie:")


@pytest.mark.parametrize("arguments", CASES)
@pytest.mark.parametrize("value", VALUES)
def test_the_cookie_is_the_one_djangos_set_cookie_makes(arguments, value, monkeypatch):
    monkeypatch.setattr(cookies.time, "time", lambda: NOW)
    monkeypatch.setattr("django.http.response.time.time", lambda: NOW)
    monkeypatch.setattr("django.http.response.datetime", _FrozenDatetime)
    for response_class in (cookies.HttpResponse, cookies.HttpResponseRedirect):
        response_class = _at("/") if response_class is cookies.HttpResponseRedirect else response_class
        ours = _set_cookie_header(response_class, "name", value, arguments)
        assert ours == _set_cookie_header(HttpResponse, "name", value, arguments)


def _at(url):
    return lambda: cookies.HttpResponseRedirect(url)


@pytest.mark.parametrize("fraction", [0.0, 0.25, 0.9999994, 0.9999995, 0.9999996, 0.99999999])
def test_a_cookie_dated_by_max_age_gets_the_date_djangos_gets_even_at_the_end_of_a_second(fraction, monkeypatch):
    now = 1_800_000_000 + fraction
    monkeypatch.setattr(cookies.time, "time", lambda: now)
    monkeypatch.setattr("django.http.response.time.time", lambda: now)
    arguments = {"max_age": 3600, "path": "/"}
    for _ in range(2):  # worked out, then from what was kept
        assert _set_cookie_header(cookies.HttpResponse, "name", "value", arguments) == _set_cookie_header(
            HttpResponse, "name", "value", arguments
        )


def test_the_date_moves_on_with_the_clock(monkeypatch):
    moments = iter([1_800_000_000.5, 1_800_000_001.5])
    monkeypatch.setattr(cookies.time, "time", lambda: next(moments))
    first = _set_cookie_header(cookies.HttpResponse, "name", "value", {"max_age": 10})
    second = _set_cookie_header(cookies.HttpResponse, "name", "value", {"max_age": 10})
    assert "Fri, 15 Jan 2027 08:00:10 GMT" in first
    assert "Fri, 15 Jan 2027 08:00:11 GMT" in second


def test_a_cookie_set_twice_on_one_response_is_set_as_django_sets_it():
    ours, djangos = cookies.HttpResponse(), HttpResponse()
    for response in (ours, djangos):
        response.set_cookie("name", "first", path="/a/", domain="example.org")
        response.set_cookie("name", "second", path="/b/")
    assert ours.cookies.output() == djangos.cookies.output()


def test_what_is_kept_never_carries_one_responses_value_into_another():
    first, second = cookies.HttpResponse(), cookies.HttpResponse()
    first.set_cookie("name", "first-value", max_age=60)
    second.set_cookie("name", "second-value", max_age=60)
    assert first.cookies["name"].value == "first-value"
    assert second.cookies["name"].value == "second-value"
    assert first.cookies["name"] is not second.cookies["name"]


@pytest.mark.parametrize(
    ("key", "arguments", "error"),
    [("bad key", {}, CookieError), ("name", {"samesite": "sometimes"}, ValueError)],
    ids=["illegal-name", "bad-samesite"],
)
def test_a_cookie_django_refuses_is_refused(key, arguments, error):
    with pytest.raises(error):
        cookies.HttpResponse().set_cookie(key, "value", **arguments)
    with pytest.raises(error):
        HttpResponse().set_cookie(key, "value", **arguments)


def test_a_question_page_and_a_saved_answer_renew_their_cookies_as_before(settings):
    client = Client()
    token = journey.start(client)
    page = client.get(journey.step_url(token, "ms-type"))
    assert isinstance(page, cookies.HttpResponse)
    csrf = page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["max-age"] == settings.CSRF_COOKIE_AGE and csrf["samesite"] == "Lax" and csrf["httponly"]
    saved = journey.answer_step(client, token, "ms-type", {"ms_type": "rrms"})
    assert isinstance(saved, cookies.HttpResponseRedirect)
    session = saved.cookies[settings.SESSION_COOKIE_NAME]
    assert session["max-age"] == settings.SESSION_COOKIE_AGE and session["expires"] and session["httponly"]
