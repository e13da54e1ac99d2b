"""Whole pages kept for visitors without a session: per path and language, with a fresh CSRF token each time,
never for a person with a session, pending messages or parameters, never for pages that read the database."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client, RequestFactory

from hsct_screen.web import page_cache
from tests.factories import ClinicInfoFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
LEARN_PAGE = "/learn/what-is-hsct/"


def _templates(response) -> list[str]:
    return [template.name for template in response.templates]


def _without_token(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value="TOKEN"', html)


def _kept_pages() -> dict:
    """Every page kept in this process (its HTML as text), by its key in the local-memory cache
    (":1:page:<language>:<path>")."""
    pages = caches[page_cache.CACHE_ALIAS]
    return {
        key: pages._value(value).decode()
        for key, value in pages._cache.items()
        if key.startswith(f":1:{page_cache.KEY_PREFIX}:")
    }


def test_the_start_page_is_rendered_once_then_served_the_same_to_the_next_visitor():
    first = Client().get("/")
    second = Client().get("/")

    assert "questionnaire/start.html" in _templates(first)
    assert _templates(second) == []
    assert _without_token(second.content.decode()) == _without_token(first.content.decode())


def test_each_visitor_gets_their_own_csrf_token_and_it_lets_them_start():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/")
    response = second.get("/")

    token = TOKEN.search(response.content.decode())[1]
    assert token != TOKEN.search(first.get("/").content.decode())[1]
    assert "csrftoken" in response.cookies
    assert second.post("/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert (
        second.post("/", {"csrfmiddlewaretoken": TOKEN.search(first.get("/").content.decode())[1]}).status_code == 403
    )


def test_a_kept_page_holds_neither_a_token_nor_a_cookie():
    response = Client().get("/")

    [html] = _kept_pages().values()
    assert page_cache.TOKEN_PLACEHOLDER in html
    assert TOKEN.search(response.content.decode())[1] not in html
    assert response.cookies["csrftoken"].value not in html
    assert page_cache.TOKEN_PLACEHOLDER not in response.content.decode()


def test_pages_are_kept_per_language_and_a_spanish_page_never_reaches_an_english_request():
    english = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    spanish = Client().get("/", HTTP_ACCEPT_LANGUAGE="es")
    english_again = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()
    assert '<html lang="en">' in english_again.content.decode()
    assert _templates(english_again) == []
    assert sorted(_kept_pages()) == sorted([f":1:{page_cache.KEY_PREFIX}:en:/", f":1:{page_cache.KEY_PREFIX}:es:/"])


def test_a_learn_page_without_database_blocks_is_kept_and_sets_no_cookie():
    first = Client().get(LEARN_PAGE)
    second = Client().get(LEARN_PAGE)

    assert "learn/page.html" in _templates(first)
    assert _templates(second) == []
    assert second.content == first.content
    assert not second.cookies


def test_a_person_with_a_session_gets_the_page_rendered_for_them():
    client = Client()
    client.get("/")
    client.post("/")  # starts a questionnaire: the session cookie is set

    response = client.get("/")

    assert "sessionid" in client.cookies
    assert "questionnaire/start.html" in _templates(response)


def test_a_pending_message_is_shown_to_its_person_and_the_page_kept_for_others_stays_without_it():
    Client().get("/")
    with_message = Client()
    storage = CookieStorage(RequestFactory().get("/"))
    with_message.cookies[CookieStorage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Only for you")])

    assert "Only for you" in with_message.get("/").content.decode()
    assert "Only for you" not in Client().get("/").content.decode()
    assert all("Only for you" not in html for html in _kept_pages().values())


def test_a_page_asked_for_with_parameters_is_rendered_and_not_kept():
    response = Client().get("/?utm_source=leaflet")

    assert "questionnaire/start.html" in _templates(response)
    assert _kept_pages() == {}


@pytest.mark.parametrize("path", ["/learn/where-and-trials/", "/learn/privacy/"])
def test_learn_pages_with_the_clinics_details_are_never_kept_so_an_edit_shows_at_once(path):
    Client().get(path)
    ClinicInfoFactory(name="Harbour Neurology")

    response = Client().get(path)

    assert "Harbour Neurology" in response.content.decode()
    assert _kept_pages() == {}


def test_kept_pages_live_in_this_process_memory_so_a_deploy_starts_without_them(settings):
    assert settings.CACHES[page_cache.CACHE_ALIAS]["BACKEND"] == "hsct_screen.web.memory_cache.LocMemCache"
    assert isinstance(caches[page_cache.CACHE_ALIAS], LocMemCache)  # Django's process memory, with its limit


def test_a_page_cut_at_its_holes_is_filled_with_each_requests_values():
    first, second = page_cache.placeholder("one"), page_cache.placeholder("two")
    html = f"{first}<a href='/x/{first}/'>{second}{second}</a>{first}"

    pieces = page_cache.cut(html, (first, second))

    assert page_cache.fill(pieces, (first, second)) == html
    assert page_cache.fill(pieces, ("A", "b&c")) == "A<a href='/x/A/'>b&cb&c</a>A"
    assert first not in "".join(piece for piece in pieces if isinstance(piece, str))


def test_a_page_cut_encoded_is_filled_to_the_bytes_of_the_page_filled_as_text():
    first, second = page_cache.placeholder("one"), page_cache.placeholder("two")
    html = f"¿Sí? {first}<a href='/x/{first}/'>{second}</a> – fin"

    pieces = page_cache.cut(html, (first, second), encoding="utf-8")

    assert all(isinstance(piece, bytes | int) for piece in pieces)
    filled = page_cache.fill(pieces, (b"A", "ñ".encode()))
    assert filled == page_cache.fill(page_cache.cut(html, (first, second)), ("A", "ñ")).encode()


def test_placeholders_are_plain_letters_and_digits_and_new_each_time():
    made = {page_cache.placeholder("token") for _ in range(3)}

    assert len(made) == 3
    assert all(re.fullmatch(r"token[0-9a-f]{32}", name) for name in made)


def test_what_is_kept_is_made_once_per_key():
    made = []

    def make():
        made.append(1)
        return ("kept",)

    assert page_cache.kept("test:key", make) == ("kept",)
    assert page_cache.kept("test:key", make) == ("kept",)
    assert len(made) == 1


def test_a_kept_spanish_page_sends_the_same_bytes_as_the_rendered_one():
    first = Client().get(LEARN_PAGE, HTTP_ACCEPT_LANGUAGE="es")
    second = Client().get(LEARN_PAGE, HTTP_ACCEPT_LANGUAGE="es")

    assert _templates(second) == []
    assert any(byte > 127 for byte in second.content)  # accented letters: the encoding is exercised
    assert _without_token(second.content.decode()) == _without_token(first.content.decode())
    assert second["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"
