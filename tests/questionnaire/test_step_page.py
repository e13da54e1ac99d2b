"""Question pages kept rendered per point of the questionnaire: byte for byte the page rendered as before, with each
person's own token, CSRF token and time filled in, and nobody's token or answers in anyone else's page."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone, translation

from hsct_screen.questionnaire import step_page, steps
from hsct_screen.web import page_cache
from tests.factories import UserFactory
from tests.factories import answers as valid_answers
from tests.questionnaire import journey

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
TEMPLATE = "questionnaire/step.html"
# Answers under which every page applies (high-efficacy is asked after one failed medicine).
EVERY_PAGE = valid_answers(dmt_failures="one", health_conditions=["heart", "cancer"])


def _without_csrf(html: str) -> str:
    return CSRF.sub('name="csrfmiddlewaretoken" value="TOKEN"', html)


def _templates(response) -> list[str]:
    return [template.name for template in response.templates]


def _kept_step_pages() -> list:
    """Each kept question page as (its address, its pieces: text decoded back from the kept bytes, and holes)."""
    pages = caches[page_cache.CACHE_ALIAS]
    kept = []
    for key, value in pages._cache.items():
        if key.startswith(f":1:{step_page.KEY_PREFIX}:"):
            charset, path, *pieces = pages._value(value)
            assert all(isinstance(piece, bytes | int) for piece in pieces)
            kept.append((path, *(piece.decode(charset) if isinstance(piece, bytes) else piece for piece in pieces)))
    return kept


def _rendered_as_before(client, url, monkeypatch):
    """The page as the view renders it when nothing may be taken from the kept pages."""
    with monkeypatch.context() as patched:
        patched.setattr(step_page, "is_plain_view", lambda request: False)
        response = client.get(url)
    assert TEMPLATE in _templates(response)
    return response


def _assert_kept_page_is_the_page_rendered_as_before(client, url, monkeypatch):
    client.get(url)  # rendered and kept, if it was not yet
    kept = client.get(url)
    rendered = _rendered_as_before(client, url, monkeypatch)

    assert kept.status_code == rendered.status_code == 200
    assert _templates(kept) == []  # from what was kept, not rendered
    assert _without_csrf(kept.content.decode()) == _without_csrf(rendered.content.decode())
    # The same headers; Expires is the time of the response.
    assert {**kept.headers, "Expires": ""} == {**rendered.headers, "Expires": ""}
    assert kept.cookies.keys() == rendered.cookies.keys()
    return kept.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_kept_is_byte_for_byte_the_page_rendered_as_before(language, monkeypatch):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    token = journey.start(client)
    seen = 0
    for step in steps.STEPS:
        url, changing = journey.step_url(token, step.slug), journey.step_url(token, step.slug, change=True)
        # Not answered yet: answering, and changing an earlier answer from the check page's link.
        page = _assert_kept_page_is_the_page_rendered_as_before(client, url, monkeypatch)
        assert f'<html lang="{language}">' in page
        _assert_kept_page_is_the_page_rendered_as_before(client, changing, monkeypatch)
        # Answered: the stored answer shown, when coming back and when changing it.
        assert journey.answer_step(client, token, step.slug, EVERY_PAGE).status_code == 302
        _assert_kept_page_is_the_page_rendered_as_before(client, url, monkeypatch)
        _assert_kept_page_is_the_page_rendered_as_before(client, changing, monkeypatch)
        seen += 1
    # Every page answered: changing one leads Back to the check page.
    for step in steps.STEPS:
        changing = journey.step_url(token, step.slug, change=True)
        page = _assert_kept_page_is_the_page_rendered_as_before(client, changing, monkeypatch)
        assert f'href="{journey.check_url(token)}" class="back-link' in page
    assert seen == len(steps.STEPS) == 8


def test_each_person_gets_their_own_token_answer_and_csrf_token_and_the_kept_pages_hold_none():
    first, second = Client(), Client()
    first_token, second_token = journey.start(first), journey.start(second)
    journey.answer_step(first, first_token, "ms-type", {"ms_type": "rrms"})
    journey.answer_step(second, second_token, "ms-type", {"ms_type": "spms"})

    first_page = first.get(journey.step_url(first_token, "ms-type")).content.decode()
    second_page = second.get(journey.step_url(second_token, "ms-type")).content.decode()
    first_again = first.get(journey.step_url(first_token, "ms-type")).content.decode()

    assert first_token in first_page and second_token not in first_page
    assert second_token in second_page and first_token not in second_page
    assert 'value="rrms" class="form-check-input" id="id_ms_type_0" checked' in first_page
    assert 'value="spms" class="form-check-input" id="id_ms_type_1" checked' in second_page
    assert "checked" not in first_page.replace('id="id_ms_type_0" checked', "")
    assert CSRF.search(first_page)[1] != CSRF.search(first_again)[1]
    assert CSRF.search(second_page)[1] not in first_page
    kept = _kept_step_pages()
    assert len(kept) == 2  # one page for each answer given
    for pieces in kept:
        text = "".join(piece for piece in pieces if isinstance(piece, str))
        assert first_token not in text and second_token not in text
        assert CSRF.search(text) is None
        # The holes: the token (the form and the language switch; Back leads to the start page), the CSRF token
        # and when the session ends (as a timestamp and as a time).
        assert sorted(piece for piece in pieces[1:] if isinstance(piece, int)) == [0, 0, 1, 2, 3]


def test_people_with_different_earlier_answers_at_the_same_point_share_one_kept_page(monkeypatch):
    first, second = Client(), Client()
    first_token, second_token = journey.start(first), journey.start(second)
    journey.answer_step(first, first_token, "ms-type", {"ms_type": "rrms"})
    journey.answer_step(second, second_token, "ms-type", {"ms_type": "ppms"})

    first.get(journey.step_url(first_token, "diagnosis"))
    response = second.get(journey.step_url(second_token, "diagnosis"))

    assert _templates(response) == []
    assert len(_kept_step_pages()) == 1
    rendered = _rendered_as_before(second, journey.step_url(second_token, "diagnosis"), monkeypatch)
    assert _without_csrf(response.content.decode()) == _without_csrf(rendered.content.decode())
    assert "ppms" not in response.content.decode() and "rrms" not in response.content.decode()


def test_a_head_request_is_answered_from_the_kept_page():
    client = Client()
    token = journey.start(client)
    client.get(journey.step_url(token, "ms-type"))

    response = client.head(journey.step_url(token, "ms-type"))

    assert response.status_code == 200
    assert _templates(response) == []


def test_a_page_kept_in_one_charset_is_not_served_once_the_charset_setting_changed(settings):
    client = Client()
    token = journey.start(client)
    url = journey.step_url(token, "ms-type")
    client.get(url)
    kept = client.get(url)
    assert _templates(kept) == []

    settings.DEFAULT_CHARSET = "utf-16"
    response = client.get(url)

    assert TEMPLATE in _templates(response)  # rendered, and encoded as the setting now says
    assert response["Content-Type"] == "text/html; charset=utf-16"
    assert _without_csrf(response.content.decode("utf-16")) == _without_csrf(kept.content.decode())


def test_a_page_with_other_parameters_is_rendered_for_the_request():
    client = Client()
    token = journey.start(client)
    url = journey.step_url(token, "ms-type")
    client.get(url)

    response = client.get(url, {"utm_source": "leaflet"})

    assert TEMPLATE in _templates(response)
    assert "utm_source%3Dleaflet" in response.content.decode()  # the language switch keeps the address as it came


def test_a_pending_message_is_shown_on_a_page_rendered_for_its_person_and_never_kept():
    someone = Client()
    someone.get(journey.step_url(journey.start(someone), "ms-type"))
    client = Client()
    token = journey.start(client)
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Only for you")])

    response = client.get(journey.step_url(token, "ms-type"))

    assert TEMPLATE in _templates(response)
    assert "Only for you" in response.content.decode()
    assert all("Only for you" not in str(pieces) for pieces in _kept_step_pages())


def test_a_message_waiting_in_the_session_means_the_page_is_rendered(monkeypatch):
    client = Client()
    token = journey.start(client)
    client.get(journey.step_url(token, "ms-type"))
    session = client.session
    session["_messages"] = "[]"
    session.save()

    assert TEMPLATE in _templates(client.get(journey.step_url(token, "ms-type")))


def test_a_signed_in_user_gets_the_page_rendered():
    client = Client()
    client.force_login(UserFactory())
    token = journey.start(client)
    client.get(journey.step_url(token, "ms-type"))

    assert TEMPLATE in _templates(client.get(journey.step_url(token, "ms-type")))


def test_a_page_shown_again_for_a_clash_between_answers_is_rendered_with_its_message(today):
    client = Client()
    token = journey.answer_all(client, valid_answers(diagnosis_year=today.year - 5))
    changed = journey.answer_step(client, token, "age", {"age": 3}, change=True)
    assert changed["Location"] == journey.step_url(token, "diagnosis", change=True)

    response = client.get(journey.step_url(token, "diagnosis"))

    assert TEMPLATE in _templates(response)
    assert "before you were born" in response.content.decode()
    assert all("before you were born" not in str(pieces) for pieces in _kept_step_pages())


def test_a_post_with_errors_is_rendered_with_them_and_never_kept():
    client = Client()
    token = journey.start(client)

    journey.answer_step(client, token, "ms-type", {"ms_type": "rrms"})

    response = client.post(journey.step_url(token, "diagnosis"), {"diagnosis_year": "soon"})
    client.get(journey.step_url(token, "diagnosis"))

    assert response.status_code == 200
    assert TEMPLATE in _templates(response)
    assert "Enter the year as 4 numbers" in response.content.decode()
    assert len(_kept_step_pages()) == 1
    assert all("Enter the year" not in str(pieces) for pieces in _kept_step_pages())


LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["Europe/London", "America/Sao_Paulo", "Asia/Kolkata", "UTC"])
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 1, 15, 9, 5, 7, tzinfo=UTC),  # winter
        datetime(2026, 7, 1, 23, 59, 59, tzinfo=UTC),  # summer time, the next day in some zones
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # London's clocks go back: 01:30 happens twice (first)
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # ... and the second 01:30
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # London's clocks go forward
    ],
)
def test_the_session_end_is_written_as_the_date_filter_wrote_it(language, zone, moment):
    template = Template("""{{ moment|date:'c' }}|{{ moment|date:"H:i T" }}""")
    with translation.override(language), timezone.override(zone):
        expected = template.render(Context({"moment": moment}))
        assert "|".join(step_page.expiry_holes(moment)) == expected


def test_the_ambiguous_hour_is_shown_without_a_zone_name_as_django_shows_it():
    with timezone.override(LONDON):
        assert step_page.expiry_holes(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == (
            "2026-10-25T01:30:00+01:00",
            "01:30 ",
        )


def test_pages_differing_in_anything_they_show_are_kept_apart():
    page = step_page.StepPage("en", "/", "activity", (("relapses_12m", "one"),), 4, 8, False, "walking")
    variants = [
        page._replace(language="es"),
        page._replace(script_prefix="/screen/"),
        page._replace(step="age"),
        page._replace(stored=(("relapses_12m", "none"),)),
        page._replace(stored=(("relapses_12m", "one"), ("mri_activity_12m", "no"))),
        page._replace(question_number=5),
        page._replace(question_total=7),
        page._replace(changing=True),
        page._replace(back=step_page.BACK_TO_CHECK),
    ]
    fields = step_page.StepPage._fields
    assert {name for variant in variants for name in fields if getattr(variant, name) != getattr(page, name)} == {
        *fields
    }
    assert len({page.cache_key(), *(variant.cache_key() for variant in variants)}) == len(variants) + 1


def test_stored_lists_come_back_as_the_lists_the_form_expects():
    page = step_page.page_of(steps.get_step("health"), EVERY_PAGE, changing=False)

    assert page.stored == (("health_conditions", ("heart", "cancer")),)
    assert page.initial() == {"health_conditions": ["heart", "cancer"]}
    assert step_page.page_of(steps.get_step("health"), valid_answers(), changing=False).initial() == {
        "health_conditions": []
    }


@pytest.mark.parametrize("prefix", ["/", "/screen/", "/a b/"])
def test_addresses_built_around_the_token_are_those_reverse_gives(prefix):
    tokens = ["vi-SAZ7k8kCzG6TMCuFmAQ", "abc_DEF-123", step_page.TOKEN]
    try:
        set_script_prefix(prefix)
        for token in tokens:
            assert step_page.check_url(token) == reverse("questionnaire:check", args=[token])
            for step in steps.STEPS:
                assert step_page.step_url(token, step.slug) == reverse("questionnaire:step", args=[token, step.slug])
                assert step_page.step_url(token, step.slug, changing=True).endswith("/?change=1")
    finally:
        set_script_prefix("/")


def test_an_address_with_a_token_no_url_accepts_fails_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        step_page.step_url("not a token", "ms-type")
