"""Choosing the language: Accept-Language, then the switch link on every page and its cookie; lang matches; caches
and shared caches never hand one language's text to another."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import page_not_found, permission_denied

from hsct_screen.web import responses
from hsct_screen.web.views import server_error
from tests.factories import UserFactory
from tests.staff.conftest import clinic_staff_group

ROOT = Path(__file__).resolve().parents[2]
HTML_LANG = re.compile(r'<html lang="(?P<lang>[^"]+)"')
SWITCH_LINK = re.compile(r'<ul class="language-switch">(?P<links>.*?)</ul>', re.DOTALL)


def html_lang(response_or_html) -> str:
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    return HTML_LANG.search(html)["lang"]


def switch_links(html: str) -> list[str]:
    found = SWITCH_LINK.search(html)
    assert found, "the page has no language switch"
    return re.findall(r"<a [^>]*>[^<]*</a>", found["links"])


def link_to_spanish(path: str) -> str:
    return f'<a href="/language/es/?next={quote(path, safe="/")}" lang="es" hreflang="es">Español</a>'


def link_to_english(path: str) -> str:
    return f'<a href="/language/en/?next={quote(path, safe="/")}" lang="en" hreflang="en">English</a>'


# Choosing -------------------------------------------------------------------------------------------------


def test_a_browser_asking_for_spanish_gets_lang_es_and_a_link_to_english(db):
    response = Client().get("/learn/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")

    assert html_lang(response) == "es"
    assert switch_links(response.content.decode()) == [link_to_english("/learn/")]


def test_a_browser_asking_for_english_or_an_unknown_language_gets_english_and_a_link_to_spanish(db):
    for header in ("en-GB,en;q=0.9", "de-DE,de;q=0.9", ""):
        response = Client().get("/learn/", HTTP_ACCEPT_LANGUAGE=header)

        assert html_lang(response) == "en", header
        assert switch_links(response.content.decode()) == [link_to_spanish("/learn/")], header


def test_the_switch_link_keeps_the_choice_for_the_browser_session_and_goes_back_to_the_page(db):
    client = Client()

    response = client.get("/language/es/", {"next": "/learn/risks/?x=1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/learn/risks/?x=1"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "es"
    # A browser-session cookie: no lifetime of its own.
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["path"] == "/"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) is settings.SESSION_COOKIE_SECURE
    assert html_lang(client.get("/learn/risks/", HTTP_ACCEPT_LANGUAGE="en")) == "es"


def test_the_language_cookie_is_secure_when_the_session_cookie_is():
    assert settings.LANGUAGE_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE
    assert settings.LANGUAGE_COOKIE_HTTPONLY == settings.SESSION_COOKIE_HTTPONLY
    assert settings.LANGUAGE_COOKIE_SAMESITE == settings.SESSION_COOKIE_SAMESITE
    assert settings.LANGUAGE_COOKIE_AGE is None


def test_the_chosen_language_wins_over_the_browsers_until_chosen_again(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    assert html_lang(client.get("/")) == "es"

    client.get("/language/en/", {"next": "/"})
    assert html_lang(client.get("/")) == "en"

    client.get("/language/es/", {"next": "/"})
    assert html_lang(client.get("/")) == "es"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://elsewhere.example/",
        "//elsewhere.example/learn/",
        "http://testserver.elsewhere.example/",
        "javascript:alert(1)",
        "/\\elsewhere.example",
        "",
    ],
)
def test_the_switch_never_sends_anyone_to_another_site(db, next_url):
    response = Client().get("/language/es/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_switch_without_next_goes_to_the_start_page(db):
    assert Client().get("/language/es/")["Location"] == "/"


def test_a_language_that_is_not_offered_is_not_found(db):
    assert Client().get("/language/fr/", {"next": "/"}).status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in Client().get("/language/fr/").cookies


def test_the_switch_is_a_plain_link_and_changes_nothing_on_post(db):
    response = Client().post("/language/es/", {"next": "/"})

    assert response.status_code == 405
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switch_answer_is_never_stored_by_a_cache(db):
    response = Client().get("/language/es/", {"next": "/"})

    assert "no-store" in response["Cache-Control"]


def test_the_links_come_from_the_offered_languages(db, settings):
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish"), ("fr", "French")]

    links = switch_links(Client().get("/learn/", HTTP_ACCEPT_LANGUAGE="es").content.decode())

    assert links == [
        link_to_english("/learn/"),
        '<a href="/language/fr/?next=/learn/" lang="fr" hreflang="fr">Français</a>',
    ]
    assert Client().get("/language/fr/", {"next": "/"}).cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


# Shared caches --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/learn/", "/learn/risks/", "/api/v1/criteria", "/nope/"])
def test_every_answer_says_it_varies_with_the_language_header_and_cookie(db, path):
    response = Client().get(path, HTTP_ACCEPT_LANGUAGE="es")

    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    assert {"accept-language", "cookie"} <= vary, (path, response.get("Vary"))


# The switch on every kind of page --------------------------------------------------------------------------


def _page_html(client, path, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code in (200, 404), (path, response.status_code)
    return response.content.decode()


def test_patient_learn_staff_and_admin_pages_have_the_switch_and_the_served_lang(db):
    staff = UserFactory(username="lena-staff")
    staff.groups.add(clinic_staff_group())
    admin = UserFactory(username="ada-admin", is_staff=True, is_superuser=True)
    staff_client, admin_client = Client(), Client()
    staff_client.force_login(staff)
    admin_client.force_login(admin)
    pages = [
        (Client(), "/"),
        (Client(), "/learn/"),
        (Client(), "/learn/privacy/"),
        (Client(), "/no-such-page/"),
        (Client(), reverse("staff:login")),
        (staff_client, reverse("staff:queue") + "?order=newest"),
        (staff_client, reverse("staff:overview")),
        (staff_client, reverse("staff:two_factor_setup")),
        (Client(), reverse("admin:login")),
        (admin_client, reverse("admin:index")),
    ]
    for client, path in pages:
        english = _page_html(client, path, HTTP_ACCEPT_LANGUAGE="en")
        spanish = _page_html(client, path, HTTP_ACCEPT_LANGUAGE="es")

        assert html_lang(english) == "en" and link_to_spanish(path) in switch_links(english), path
        assert html_lang(spanish) == "es" and link_to_english(path) in switch_links(spanish), path


def test_error_pages_have_the_switch_and_the_served_lang(db):
    request = RequestFactory().get("/learn/?page=2")
    request.user = None
    path = "/learn/?page=2"
    for language, link in (("en", link_to_spanish(path)), ("es", link_to_english(path))):
        with translation.override(language):
            pages = {
                "403": permission_denied(request, exception=None),
                "404": page_not_found(request, exception=None),
                "429": responses.too_many_requests(request, 60),
                "500": server_error(request),
                "503": responses.service_unavailable(request),
                "login paused": responses.login_locked_out(request),
            }
        for name, response in pages.items():
            html = response.content.decode()
            assert html_lang(html) == language, name
            assert link in switch_links(html), (name, language)


def test_a_form_sent_without_its_csrf_token_gets_our_page_in_the_served_language(db, spanish_for):
    spanish_for({"This form could not be sent": "No se pudo enviar este formulario"})
    client = Client(enforce_csrf_checks=True)

    spanish = client.post("/", HTTP_ACCEPT_LANGUAGE="es")
    english = client.post("/", HTTP_ACCEPT_LANGUAGE="en")

    assert spanish.status_code == english.status_code == 403
    assert html_lang(spanish) == "es" and link_to_english("/") in switch_links(spanish.content.decode())
    assert "<h1>No se pudo enviar este formulario</h1>" in spanish.content.decode()
    assert html_lang(english) == "en" and "<h1>This form could not be sent</h1>" in english.content.decode()


def test_the_500_page_is_translated(spanish_for):
    spanish_for({"Sorry, there is a problem with the service": "Lo sentimos, hay un problema con el servicio"})
    request = RequestFactory().get("/")

    with translation.override("es"):
        html = server_error(request).content.decode()

    assert "<h1>Lo sentimos, hay un problema con el servicio</h1>" in html


# Fragment caches ------------------------------------------------------------------------------------------

CACHE_TAG = re.compile(r"{%\s*cache\s+(?P<arguments>[^%]*)%}")


def test_every_fragment_cache_in_a_template_is_keyed_by_the_language():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "hsct_screen").rglob("*.html")):
        for match in CACHE_TAG.finditer(path.read_text(encoding="utf-8")):
            found.append(path.name)
            assert "LANGUAGE_CODE" in match["arguments"].split(), f"{path}: {{% cache {match['arguments']}%}}"
    assert found, "no fragment cache found: has the tag changed?"


def test_a_fragment_cached_in_english_is_never_served_to_a_spanish_request(db, spanish_for):
    # The navigation (base layout) and the start page's text are cached fragments.
    spanish_for(
        {
            "Learn about HSCT": "Información sobre el TACMH (prueba)",
            "Start now": "Empezar ahora (prueba)",
        }
    )
    english = Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Learn about HSCT" in english

    spanish = Client().get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    again_english = Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Información sobre el TACMH (prueba)" in spanish and ">Learn about HSCT<" not in spanish
    assert "Información sobre el TACMH (prueba)" not in again_english


def test_a_learn_page_cached_in_english_is_never_served_to_a_spanish_request(db, spanish_for):
    spanish_for({"Questions to ask your doctor": "Preguntas para su médico (prueba)"})
    Client().get("/learn/risks/", HTTP_ACCEPT_LANGUAGE="en")

    spanish = Client().get("/learn/risks/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Preguntas para su médico (prueba)" in spanish
