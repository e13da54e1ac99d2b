"""The language served is the language of the text: with Accept-Language: es every page of the patient journey,
the learn pages, the staff workspace, the login and the admin say lang="es" and show none of the catalogue's
English sentences; with the language cookie set to English they say lang="en"."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hsct_screen.learn.content import SLUGS
from hsct_screen.questionnaire import steps
from tests.factories import SubmissionFactory, UserFactory, answers
from tests.questionnaire import journey
from tests.staff.conftest import clinic_staff_group

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
# Shorter messages ("Home", "Queue", "Privacy") may well be the same words in a Spanish sentence.
LONGEST_SAFE = 20
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfir]|%[sdfir%]|\{\{\s*[\w.]+\s*\}\}|\{[\w.]*\}")
HTML_LANG = re.compile(r'<html lang="(?P<lang>[^"]+)"')
OUTCOME_ANSWERS = {
    "possible-candidate": {},
    "unlikely-candidate": {"walking": "wheelchair"},
    "more-information-needed": {"ms_type": "unsure"},
}
CONTACT = {"name": "Alex Example", "email": "alex@example.com", "phone": "", "consent": "on"}


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def english_sentences() -> list[str]:
    """Every English piece of text from the catalogue that must not show once Spanish is served: each stretch of
    a message between its placeholders that is longer than LONGEST_SAFE characters, unless the Spanish is the same."""
    sentences = set()
    for entry in polib.pofile(str(CATALOGUE), wrapwidth=0):
        if entry.obsolete or entry.msgstr == entry.msgid:
            continue
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for piece in PLACEHOLDER.split(msgid):
                piece = _collapsed(piece)
                if len(piece) > LONGEST_SAFE:
                    sentences.add(piece)
    return sorted(sentences)


# Each page: a function that makes what it needs and returns (client, path).


def _answered(client):
    return journey.answer_all(client, answers())


def _finished(client, outcome="possible-candidate"):
    return journey.finish(client, answers(**OUTCOME_ANSWERS[outcome]))


def _private_link(client, code):
    page = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    return re.search(r'id="private-link-url"[^>]*value="http://testserver(/r/[^/"]+/)"', page).group(1)


def _staff_client():
    user = UserFactory(username="lena-staff")
    user.groups.add(clinic_staff_group())
    client = Client()
    client.force_login(user)
    return client


def _admin_client():
    client = Client()
    client.force_login(UserFactory(username="ada-admin", is_staff=True, is_superuser=True))
    return client


def _page_step(slug):
    def make():
        client = Client()
        return client, journey.step_url(_answered(client), slug)

    return make


def _page_result(outcome):
    def make():
        client = Client()
        return client, reverse("questionnaire:result", args=[_finished(client, outcome)])

    return make


def _page_contact():
    client = Client()
    code = _finished(client)
    # The thank-you message is written when the form is sent, in the language of that request.
    client.post(reverse("questionnaire:contact", args=[code]), CONTACT, HTTP_ACCEPT_LANGUAGE="es")
    return client, reverse("questionnaire:result", args=[code])


def _page_private_link():
    client = Client()
    return Client(), _private_link(client, _finished(client))


def _page_session_ended():
    token = journey.start(Client())
    return Client(), journey.step_url(token, steps.FIRST_STEP.slug)


def _page_staff_detail():
    return _staff_client(), reverse("staff:detail", args=[SubmissionFactory().reference_code])


PAGES = {
    "start": lambda: (Client(), "/"),
    **{f"question {step.slug}": _page_step(step.slug) for step in steps.STEPS},
    "check your answers": lambda: (lambda client: (client, journey.check_url(_answered(client))))(Client()),
    **{f"result {outcome}": _page_result(outcome) for outcome in OUTCOME_ANSWERS},
    "result after asking to be contacted": _page_contact,
    "private link": _page_private_link,
    "session ended": _page_session_ended,
    "learn index": lambda: (Client(), "/learn/"),
    **{f"learn {slug}": (lambda slug=slug: (Client(), f"/learn/{slug}/")) for slug in SLUGS},
    "not found": lambda: (Client(), "/no-such-page/"),
    "staff login": lambda: (Client(), reverse("staff:login")),
    "staff queue": lambda: (_staff_client(), reverse("staff:queue")),
    "staff submission": _page_staff_detail,
    "staff overview": lambda: (_staff_client(), reverse("staff:overview")),
    "admin login": lambda: (Client(), reverse("admin:login")),
    "admin index": lambda: (_admin_client(), reverse("admin:index")),
}


def _get(client, path, language_header):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language_header)
    assert response.status_code in (200, 404), (path, response.status_code)
    return response.content.decode()


def test_the_pages_cover_every_question_outcome_and_learn_page():
    assert {name for name in PAGES if name.startswith("question ")} == {f"question {s.slug}" for s in steps.STEPS}
    assert len([name for name in PAGES if name.startswith("learn ") and name != "learn index"]) == len(SLUGS)
    assert len(english_sentences()) > 100


@pytest.mark.parametrize("name", PAGES)
def test_a_spanish_request_gets_lang_es_and_no_english_sentence_from_the_catalogue(name):
    client, path = PAGES[name]()

    page = _get(client, path, "es-ES,es;q=0.9")

    assert HTML_LANG.search(page)["lang"] == "es"
    text = _collapsed(html.unescape(page))
    english = [sentence for sentence in english_sentences() if sentence in text]
    assert not english, f"{name} ({path}) shows {len(english)} English sentences with lang=es: {english[:10]}"


@pytest.mark.parametrize("name", PAGES)
def test_the_language_cookie_set_to_english_wins_over_a_spanish_browser(name):
    client, path = PAGES[name]()
    client.get(reverse("web:language", args=["en"]), {"next": path}, HTTP_ACCEPT_LANGUAGE="es")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = _get(client, path, "es")

    assert HTML_LANG.search(page)["lang"] == "en"
