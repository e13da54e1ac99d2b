"""The whole journey and every learn page in Spanish, chosen by the browser's language or by the switch link: each
page says lang="es" and passes axe's WCAG 2.x A/AA rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.translation import gettext

from hsct_screen.learn.content import SLUGS
from tests.browser import journey
from tests.browser.test_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SPANISH_BROWSER = {"locale": "es-ES", "viewport": journey.DESKTOP}
ENGLISH_BROWSER = {"locale": "en-GB", "viewport": journey.DESKTOP}


@pytest.fixture(autouse=True)
def _spanish():
    """The test's own words (button names, questions, choices) in Spanish, as the pages are."""
    with translation.override("es"):
        yield


def assert_spanish_and_accessible(page):
    assert page.evaluate("document.documentElement.lang") == "es", page.url
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def send_contact_details(page):
    contact = page.locator("#contact")
    contact.get_by_label(gettext("Your name")).fill("Alex Ejemplo")
    contact.get_by_label(gettext("Email address")).fill("alex@example.com")
    contact.locator("input[type=checkbox]").check()
    contact.get_by_role("button", name=gettext("Send my details to the clinic")).click()
    page.wait_for_load_state()


def test_a_spanish_browser_gets_every_question_the_check_page_a_result_contact_and_private_link_in_spanish(
    make_page, url
):
    page = make_page(**SPANISH_BROWSER)
    seen = []

    def check(current):
        seen.append(journey.current_slug(current) or current.url)
        assert_spanish_and_accessible(current)

    page.goto(url("/"))
    assert_spanish_and_accessible(page)
    journey.walk_by_clicks(page, url, journey.outcome_answers("possible_candidate"), on_page=check)
    assert journey.RESULT_URL.search(page.url)
    assert set(journey.STEP_SLUGS) | {"check"} <= set(seen)

    send_contact_details(page)
    assert page.get_by_text(gettext("The clinic has these contact details for this screening:")).is_visible()
    assert_spanish_and_accessible(page)

    elsewhere = make_page(**SPANISH_BROWSER)
    elsewhere.goto(journey.private_link(page))
    assert_spanish_and_accessible(elsewhere)


@pytest.mark.parametrize("outcome", ["unlikely_candidate", "more_information_needed"])
def test_a_spanish_browser_gets_the_other_outcomes_in_spanish(make_page, url, outcome):
    page = make_page(**SPANISH_BROWSER)

    journey.walk_by_clicks(page, url, journey.outcome_answers(outcome))

    assert journey.RESULT_URL.search(page.url)
    assert_spanish_and_accessible(page)


def test_the_switch_link_turns_an_english_browsers_journey_to_spanish_and_back(make_page, url):
    page = make_page(**ENGLISH_BROWSER)
    page.goto(url("/"))
    assert page.evaluate("document.documentElement.lang") == "en"

    switch = page.get_by_role("link", name="Español")
    assert switch.get_attribute("lang") == "es" and switch.get_attribute("hreflang") == "es"
    # Reached by keyboard within the first few tab stops, with a visible focus indicator.
    for _stop in range(5):
        page.keyboard.press("Tab")
        focused = page.evaluate(journey.FOCUSED)
        if focused and focused["text"] == "Español":
            break
    assert focused["text"] == "Español"
    assert focused["outline"] != "none" or focused["shadow"] != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == url("/")
    assert_spanish_and_accessible(page)

    journey.walk_by_clicks(
        page, url, journey.outcome_answers("possible_candidate"), on_page=assert_spanish_and_accessible
    )
    assert journey.RESULT_URL.search(page.url)

    result = page.url
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.url == result
    assert page.evaluate("document.documentElement.lang") == "en"


def test_every_learn_page_in_spanish_is_accessible(make_page, url):
    page = make_page(**SPANISH_BROWSER)

    for path in ["/learn/", *(f"/learn/{slug}/" for slug in SLUGS)]:
        response = page.goto(url(path))
        assert response.status == 200, path
        assert_spanish_and_accessible(page)
