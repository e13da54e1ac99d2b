"""Messages: stored and shown as Django's cookie-then-session storage does, its parts built only when used."""

import secrets

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage as DjangosFallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from hsct_screen.web.messages import CookieStorage, FallbackStorage, MessageMiddleware

COOKIE = CookieStorage.cookie_name


def _request(cookies=None, session=None):
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    request.session = session if session is not None else SessionStore()
    return request


def _through_middleware(request, view):
    middleware = MessageMiddleware(lambda req: view(req) or HttpResponse("page"))
    return middleware(request)


def test_the_site_uses_the_lazy_storage(settings):
    assert settings.MESSAGE_STORAGE == "hsct_screen.web.messages.FallbackStorage"
    request = _request()
    _through_middleware(request, lambda req: None)
    assert type(request._messages) is FallbackStorage


def test_a_request_that_never_touches_messages_builds_no_storage_and_sets_no_cookie():
    request = _request()
    response = _through_middleware(request, lambda req: None)
    assert "storages" not in vars(request._messages)
    assert COOKIE not in response.cookies


def test_asking_whether_there_are_messages_without_a_cookie_signs_nothing():
    storage = FallbackStorage(_request())
    assert not storage
    cookie_storage = storage.storages[0]
    assert "signer" not in vars(cookie_storage)


def test_a_message_added_in_one_request_is_shown_in_the_next_and_then_gone():
    session = SessionStore()
    first = _through_middleware(_request(session=session), lambda req: messages.success(req, "Saved."))
    cookie = first.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"

    shown = []
    second = _through_middleware(
        _request({COOKIE: cookie.value}, session), lambda req: shown.extend(str(m) for m in req._messages)
    )
    assert shown == ["Saved."]
    assert second.cookies[COOKIE].value == "" and second.cookies[COOKIE]["max-age"] == 0


def test_the_cookie_is_djangos_own_and_django_reads_it():
    response = _through_middleware(_request(), lambda req: messages.warning(req, "Careful."))
    djangos = DjangosFallbackStorage(_request({COOKIE: response.cookies[COOKIE].value}))
    assert [(m.level, m.message) for m in djangos] == [(messages.WARNING, "Careful.")]


def test_messages_too_large_for_the_cookie_go_to_the_session():
    session = SessionStore()
    long_texts = [secrets.token_hex(450) for _ in range(4)]  # random, so the signed cookie cannot compress them

    def add(req):
        for text in long_texts:
            messages.info(req, text)

    first = _through_middleware(_request(session=session), add)
    assert session.get("_messages")  # what did not fit went to the session, as with Django's storage

    shown = []
    _through_middleware(
        _request({COOKIE: first.cookies[COOKIE].value}, session),
        lambda req: shown.extend(str(m) for m in req._messages),
    )
    assert shown == long_texts


def test_without_session_middleware_every_request_fails_as_with_django():
    request = RequestFactory().get("/")
    with pytest.raises(Exception, match="requires session middleware"):
        FallbackStorage(request)
