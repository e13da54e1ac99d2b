"""The edge middleware's shortcuts give what Django's own code gives: the language, Vary, the host check, hooks."""

import gzip
from unittest import mock

import pytest
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.cache import patch_vary_headers
from simple_history.models import HistoricalRecords

from hsct_screen.web import middleware
from hsct_screen.web.history import HistoryRequestMiddleware

ACCEPT_LANGUAGES = [
    "",
    "es",
    "es-MX,es;q=0.9,en;q=0.5",
    "en-GB,en;q=0.9",
    "de-DE,de;q=0.9",
    "de;q=0.9,es;q=0.8",
    "*",
    "es;q=0,en",
    "x" * 300,
    "zh-Hant-TW",
]
LANGUAGE_COOKIES = [None, "es", "en", "de", "", "ES", "es-mx"]


@pytest.mark.parametrize("cookie", LANGUAGE_COOKIES)
@pytest.mark.parametrize("accept_language", ACCEPT_LANGUAGES)
def test_the_language_is_the_one_django_chooses_for_the_same_cookie_and_header(cookie, accept_language, settings):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    if cookie is not None:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie

    for _ in range(2):  # worked out, then kept
        assert middleware._chosen_language(cookie, accept_language) == translation.get_language_from_request(request)


@pytest.mark.parametrize("cookie", LANGUAGE_COOKIES)
@pytest.mark.parametrize("accept_language", ACCEPT_LANGUAGES)
def test_request_language_code_is_the_language_the_view_finds_active(cookie, accept_language, settings):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    if cookie is not None:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
    seen = []

    def view(request):
        seen.append((request.LANGUAGE_CODE, translation.get_language()))
        return HttpResponse("ok")

    with translation.override("en"):
        middleware.LanguageMiddleware(view)(request)

    [(language_code, active)] = seen
    assert language_code == active


def test_the_kept_language_choices_are_forgotten_when_the_languages_change(settings):
    assert middleware._chosen_language(None, "es") == "es"
    settings.LANGUAGES = [("en", "English")]
    assert middleware._chosen_language(None, "es") == "en"


@pytest.mark.parametrize("added", [("Accept-Language", "Cookie"), ("Accept-Encoding",)])
@pytest.mark.parametrize(
    "existing", [None, "Cookie", "Accept-Encoding", "Accept-Language, Cookie", "*", "cookie", "Cookie,Accept-Encoding"]
)
def test_the_vary_header_is_the_one_patch_vary_headers_makes(existing, added):
    djangos = HttpResponse()
    if existing is not None:
        djangos.headers["Vary"] = existing
    patch_vary_headers(djangos, added)

    assert middleware.patched_vary(existing, added) == djangos.headers["Vary"]


@pytest.mark.parametrize("accept_encoding", ["", "gzip, deflate, br", "identity", "br"])
@pytest.mark.parametrize("vary", [None, "Cookie", "Accept-Encoding"])
@pytest.mark.parametrize("body", [b"short", b"<p>page</p>" * 100])
def test_html_pages_get_the_headers_and_body_djangos_gzip_middleware_gives(accept_encoding, vary, body):
    def page(_request):
        response = HttpResponse(body)
        if vary is not None:
            response.headers["Vary"] = vary
        return response

    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept_encoding)
    ours = middleware.PageGZipMiddleware(page)(request)
    djangos = GZipMiddleware(page)(request)

    assert ours.get("Vary") == djangos.get("Vary")
    assert ours.get("Content-Encoding") == djangos.get("Content-Encoding")
    assert _decompressed(ours) == _decompressed(djangos) == body


def _decompressed(response) -> bytes:
    return gzip.decompress(response.content) if response.get("Content-Encoding") == "gzip" else response.content


@pytest.mark.django_db
def test_a_host_that_is_not_allowed_is_refused_also_after_allowed_ones_passed(settings):
    settings.ALLOWED_HOSTS = ["good.example"]
    assert Client().get("/learn/", HTTP_HOST="good.example").status_code == 200
    assert Client().get("/learn/", HTTP_HOST="bad.example").status_code == 400
    assert Client().get("/learn/", HTTP_HOST="good.example").status_code == 200


@pytest.mark.django_db
def test_a_host_that_passed_is_refused_once_it_is_no_longer_allowed(settings):
    settings.ALLOWED_HOSTS = ["good.example", "old.example"]
    assert Client().get("/learn/", HTTP_HOST="old.example").status_code == 200
    settings.ALLOWED_HOSTS = ["good.example"]
    assert Client().get("/learn/", HTTP_HOST="old.example").status_code == 400


def test_only_a_bounded_number_of_valid_hosts_is_kept(settings):
    settings.ALLOWED_HOSTS = [".example"]
    common = middleware.CommonMiddleware(lambda request: HttpResponse())
    for number in range(middleware.MAX_VALID_HOSTS + 10):
        common.process_request(RequestFactory().get("/", HTTP_HOST=f"a{number}.example"))
    assert len(middleware._valid_hosts) == middleware.MAX_VALID_HOSTS
    with pytest.raises(DisallowedHost):
        common.process_request(RequestFactory().get("/", HTTP_HOST="other.test"))


@pytest.mark.django_db
def test_a_missing_slash_is_still_added_by_a_redirect():
    response = Client().get("/learn")
    assert response.status_code == 301 and response["Location"] == "/learn/"


def _context_request_during(cookies):
    seen = []

    def view(request):
        seen.append(getattr(HistoricalRecords.context, "request", None))
        return HttpResponse()

    request = RequestFactory().get("/")
    request.COOKIES.update(cookies)
    HistoryRequestMiddleware(view)(request)
    assert getattr(HistoricalRecords.context, "request", None) is None  # cleared after the request
    return seen[0], request


def test_a_request_with_a_session_cookie_is_available_to_historical_records(settings):
    seen, request = _context_request_during({settings.SESSION_COOKIE_NAME: "abc"})
    assert seen is request


def test_a_request_without_a_session_cookie_has_no_user_for_historical_records():
    seen, _request = _context_request_during({})
    assert seen is None


@pytest.mark.django_db
def test_a_health_probe_that_fails_unexpectedly_is_a_500_that_still_has_the_privacy_headers(settings):
    with mock.patch("hsct_screen.web.middleware._database_answers", side_effect=RuntimeError("unexpected")):
        response = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 500
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY


@pytest.mark.django_db
def test_the_health_probe_answers_before_the_host_check():
    assert Client().get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert Client().get("/learn/", HTTP_HOST="10.0.0.5:8000").status_code == 400
