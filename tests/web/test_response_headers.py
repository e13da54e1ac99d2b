"""Every kind of page answers with the same headers and cookies, in the same order, as before the middleware was
made cheaper (the values below were recorded from the site as it was, and checked against it)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.factories import UserFactory, answers
from tests.questionnaire import journey
from tests.staff.conftest import clinic_staff_group

CSP = (
    "base-uri 'self'; connect-src 'self'; default-src 'self'; font-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self'"
)
NEVER_STORED = "max-age=0, no-cache, no-store, must-revalidate, private"
SECURITY = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", settings.PERMISSIONS_POLICY),
]
FRAMING = [("Content-Security-Policy", CSP), ("X-Frame-Options", "DENY")]
HTML = ("Content-Type", "text/html; charset=utf-8")
PRIVATE = [("Expires", "<date>"), ("Cache-Control", NEVER_STORED)]
CSRF_COOKIE = "csrftoken=<value>; expires=<date>; HttpOnly; Max-Age=31449600; Path=/; SameSite=Lax"
SESSION_COOKIE = "sessionid=<value>; expires=<date>; HttpOnly; Max-Age=14400; Path=/; SameSite=Lax"
VARY_PAGE = ("Vary", "Accept-Language, Cookie, Accept-Encoding")
VARY_COOKIE_PAGE = ("Vary", "Cookie, Accept-Language, Accept-Encoding")
LENGTH = ("Content-Length", "<n>")
EN = ("Content-Language", "en")
DATE = re.compile(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT")


@pytest.fixture(autouse=True)
def _language_kept():
    """A Spanish request leaves Spanish active in this thread: later tests that render outside a request expect the
    language they found."""
    with translation.override(translation.get_language()):
        yield


def _headers(response) -> list[tuple[str, str]]:
    shown = []
    for name, value in response.items():
        if name == "Content-Length":
            value = "<n>"  # the page's text may change; its length is checked by Django's CommonMiddleware
        elif name == "Location":
            value = re.sub(r"/screening/[\w-]+/", "/screening/<token>/", value)
        elif name == "Content-Security-Policy":
            value = "; ".join(sorted(value.split("; ")))  # django-csp's directive order varies between processes
        shown.append((name, DATE.sub("<date>", value)))
    return shown


def _cookies(response) -> list[str]:
    return sorted(
        DATE.sub("<date>", re.sub(r"=[A-Za-z0-9]{32};", "=<value>;", morsel.output(header="").strip()))
        for morsel in response.cookies.values()
    )


def _staff_client() -> Client:
    user = UserFactory()
    user.groups.add(clinic_staff_group())
    client = Client()
    client.force_login(user)
    return client


def _question_and_save():
    person = Client()
    token = journey.start(person)
    return person.get(journey.step_url(token, "ms-type")), journey.answer_step(person, token, "ms-type", answers())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "status", "headers", "cookies"),
    [
        ("start", 200, [HTML, *FRAMING, VARY_COOKIE_PAGE, LENGTH, EN, *SECURITY], [CSRF_COOKIE]),
        ("learn", 200, [HTML, *FRAMING, LENGTH, VARY_PAGE, EN, *SECURITY], []),
        ("learn in Spanish", 200, [HTML, *FRAMING, LENGTH, VARY_PAGE, ("Content-Language", "es"), *SECURITY], []),
        (
            "question",
            200,
            [HTML, *FRAMING, VARY_COOKIE_PAGE, LENGTH, EN, *SECURITY, *PRIVATE],
            [CSRF_COOKIE, SESSION_COOKIE],
        ),
        (
            "save",
            302,
            [
                HTML,
                ("Location", "/screening/<token>/diagnosis/"),
                *FRAMING,
                LENGTH,
                ("Vary", "Accept-Language, Cookie"),
                EN,
                *SECURITY,
                *PRIVATE,
            ],
            [SESSION_COOKIE],
        ),
        (
            "api",
            200,
            [
                ("Content-Type", "application/json"),
                ("Cache-Control", "no-store, max-age=0, no-cache, must-revalidate, private"),
                *FRAMING,
                LENGTH,
                ("Vary", "Accept-Language, Cookie"),
                EN,
                *SECURITY,
                ("Expires", "<date>"),
            ],
            [],
        ),
        ("404", 404, [HTML, *FRAMING, LENGTH, VARY_PAGE, EN, *SECURITY], []),
        (
            "healthz",
            200,
            [("Content-Type", "application/json"), *PRIVATE, ("Permissions-Policy", settings.PERMISSIONS_POLICY)],
            [],
        ),
        ("staff login", 200, [HTML, *PRIVATE, VARY_COOKIE_PAGE, *FRAMING, LENGTH, EN, *SECURITY], [CSRF_COOKIE]),
        ("admin login", 200, [HTML, *PRIVATE, VARY_COOKIE_PAGE, *FRAMING, LENGTH, EN, *SECURITY], [CSRF_COOKIE]),
        ("staff queue", 200, [HTML, *FRAMING, VARY_COOKIE_PAGE, LENGTH, EN, *SECURITY, *PRIVATE], [CSRF_COOKIE]),
    ],
)
def test_each_kind_of_page_has_its_headers_and_cookies(name, status, headers, cookies):
    if name in ("question", "save"):
        question, save = _question_and_save()
        response = question if name == "question" else save
    else:
        response = {
            "start": lambda: Client().get("/"),
            "learn": lambda: Client().get("/learn/what-is-hsct/"),
            "learn in Spanish": lambda: Client().get("/learn/what-is-hsct/", HTTP_ACCEPT_LANGUAGE="es"),
            "api": lambda: Client().post("/api/v1/evaluate", answers(), content_type="application/json"),
            "404": lambda: Client().get("/no-such-page/"),
            "healthz": lambda: Client().get("/healthz"),
            "staff login": lambda: Client().get("/staff/login/"),
            "admin login": lambda: Client().get("/admin/login/"),
            "staff queue": lambda: _staff_client().get("/staff/"),
        }[name]()

    assert response.status_code == status
    assert _headers(response) == headers
    assert _cookies(response) == cookies
