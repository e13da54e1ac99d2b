"""Every public page passes axe's WCAG 2.x A/AA rules at 1280 and 320 px, has one h1 and never scrolls sideways."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from hsct_screen.learn.content import SLUGS
from tests.browser import journey

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def assert_no_sideways_scroll(page):
    """Nothing on the page is wider than the viewport, so it never scrolls sideways."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width} px (scrollWidth {scroll_width})"


# Captions of tables that scroll sideways inside their region, which reach past the region's visible box.
CAPTIONS_CUT_OFF = """() => [...document.querySelectorAll("[role=region] > table > caption")].filter(caption => {
  const box = caption.getBoundingClientRect(), region = caption.closest("[role=region]").getBoundingClientRect();
  return box.width > 1 && (box.left < region.left - 0.5 || box.right > region.right + 0.5);
}).map(caption => caption.innerText.trim().slice(0, 60))"""


def assert_captions_stay_on_screen(page):
    """A table too wide for the screen scrolls inside its region, but its caption wraps and stays readable there."""
    cut_off = page.evaluate(CAPTIONS_CUT_OFF)
    assert not cut_off, f"{page.url}: these captions run past their table's scroll region: {cut_off}"


def assert_page_is_accessible(page):
    """axe finds nothing at desktop width and at 320 px; one h1; nothing wider than a 320 px screen, captions included."""
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url} at 1280 px\n{results.generate_report()}"

    h1_count = page.locator("h1").count()
    assert h1_count == 1, f"{page.url} has {h1_count} h1 elements"

    page.set_viewport_size(journey.NARROW)
    assert_no_sideways_scroll(page)
    assert_captions_stay_on_screen(page)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url} at 320 px\n{results.generate_report()}"


@pytest.fixture
def desktop_page(make_page):
    # axe runs at desktop width; the same page is then narrowed to 320 px.
    return make_page(viewport=journey.DESKTOP)


def test_start_page_is_accessible(desktop_page, url):
    desktop_page.goto(url("/"))
    assert_page_is_accessible(desktop_page)


def test_learn_index_is_accessible(desktop_page, url):
    desktop_page.goto(url("/learn/"))
    assert_page_is_accessible(desktop_page)


@pytest.mark.parametrize("slug", SLUGS)
def test_learn_page_is_accessible(desktop_page, url, slug):
    response = desktop_page.goto(url(f"/learn/{slug}/"))
    assert response.status == 200
    assert_page_is_accessible(desktop_page)


@pytest.mark.parametrize("slug", journey.STEP_SLUGS)
def test_questionnaire_step_is_accessible(desktop_page, url, slug):
    journey.walk_by_clicks(desktop_page, url, journey.possible_candidate_answers(), stop_at=slug)
    assert journey.current_slug(desktop_page) == slug
    assert_page_is_accessible(desktop_page)


def test_step_showing_errors_is_accessible(desktop_page, url):
    journey.walk_by_clicks(desktop_page, url, journey.possible_candidate_answers(), stop_at="activity")
    before = desktop_page.url
    journey.continue_by_clicks(desktop_page)  # nothing chosen: both questions must complain
    desktop_page.wait_for_load_state()

    assert desktop_page.url == before
    assert desktop_page.locator(".error-summary").is_visible()
    assert_page_is_accessible(desktop_page)


def test_check_answers_page_is_accessible(desktop_page, url):
    journey.walk_by_clicks(desktop_page, url, journey.possible_candidate_answers(), stop_at="check")
    assert desktop_page.url.endswith("/check/")
    assert_page_is_accessible(desktop_page)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="possible-candidate"),
        pytest.param({"ms_type": "unsure"}, id="more-information-needed"),
        pytest.param({"walking": "wheelchair"}, id="unlikely-candidate"),
    ],
)
def test_result_page_is_accessible(desktop_page, url, overrides):
    answers = {**journey.possible_candidate_answers(), **overrides}
    journey.walk_by_clicks(desktop_page, url, answers)
    assert journey.RESULT_URL.search(desktop_page.url)
    assert_page_is_accessible(desktop_page)


def test_result_page_with_every_comparison_opened_by_keyboard_is_accessible(desktop_page, url):
    journey.walk_by_clicks(desktop_page, url, journey.outcome_answers("unlikely_candidate"))
    summaries = desktop_page.locator(".comparisons__details > summary")
    assert summaries.count() == 7
    for index in range(summaries.count()):
        summaries.nth(index).focus()
        desktop_page.keyboard.press("Enter")
    assert desktop_page.locator(".comparisons__details[open]").count() == 7
    # Each opened row names its source, and each trial its registry number.
    assert desktop_page.locator(".comparisons__more").get_by_role("link", name="NCT03477500", exact=True).is_visible()
    assert_page_is_accessible(desktop_page)


def test_private_link_page_opened_elsewhere_is_accessible(desktop_page, make_page, url):
    journey.walk_by_clicks(desktop_page, url, journey.possible_candidate_answers())
    elsewhere = make_page(viewport=journey.DESKTOP)
    elsewhere.goto(journey.private_link(desktop_page))
    assert_page_is_accessible(elsewhere)


def test_result_page_with_an_email_error_is_accessible(desktop_page, url):
    journey.walk_by_clicks(desktop_page, url, journey.possible_candidate_answers())
    desktop_page.get_by_role("button", name="Send the link").click()
    desktop_page.wait_for_load_state()
    assert desktop_page.locator(".error-summary").is_visible()
    assert_page_is_accessible(desktop_page)


def test_delete_confirmation_and_deleted_pages_are_accessible(desktop_page, url):
    journey.walk_by_clicks(desktop_page, url, journey.possible_candidate_answers())
    link = journey.private_link(desktop_page)
    desktop_page.goto(link + "delete/")
    assert_page_is_accessible(desktop_page)
    desktop_page.set_viewport_size(journey.DESKTOP)
    desktop_page.get_by_role("button", name="Yes, delete my result").click()
    desktop_page.wait_for_url(link)
    assert_page_is_accessible(desktop_page)


def test_session_ended_page_is_accessible(desktop_page, url):
    desktop_page.goto(url("/screening/no-such-draft-token/ms-type/"))
    assert desktop_page.get_by_role("heading", level=1).inner_text() == "Your session has ended"
    assert_page_is_accessible(desktop_page)


def test_year_question_showing_the_before_birth_message_is_accessible(desktop_page, url):
    answers = {**journey.possible_candidate_answers(), "diagnosis_year": 1950, "age": 20}
    journey.walk_by_clicks(desktop_page, url, answers, stop_at="age")
    journey.answer_by_clicks(desktop_page, "age", 20)
    journey.continue_by_clicks(desktop_page)
    desktop_page.wait_for_url(lambda now: now.endswith("/diagnosis/"))
    assert_page_is_accessible(desktop_page)
