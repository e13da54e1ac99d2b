"""A person on a phone gets from the start page to a result by keyboard alone, without JavaScript, and can print it."""

from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser import journey

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_keyboard_only_person_on_a_phone_reaches_a_result_and_always_sees_the_focus(page, url):
    keyboard = journey.walk_by_keyboard(page, url, journey.possible_candidate_answers())

    assert journey.RESULT_URL.search(page.url)
    assert page.get_by_role("heading", level=1).is_visible()
    assert keyboard.unfocused_rings == [], "focused elements without a visible focus indicator"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page, url):
    page.goto(url("/"))
    keyboard = journey.Keyboard(page)

    page.keyboard.press("Tab")
    focused = keyboard.focused()
    assert focused["text"] == "Skip to main content"
    assert page.get_by_role("link", name="Skip to main content").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_every_link_on_the_result_page_works(page, url, live_server):
    journey.walk_by_clicks(page, url, journey.possible_candidate_answers())
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
    own_host = urlsplit(live_server.url).netloc

    checked = []
    for href in sorted(set(hrefs)):
        target = urljoin(page.url, href)
        parts = urlsplit(target)
        # Links to other sites are not fetched: the tests make no requests off this machine.
        if parts.scheme not in ("http", "https") or parts.netloc != own_host:
            continue
        response = page.request.get(target)
        assert response.status == 200, f"{href} on the result page answers {response.status}"
        checked.append(href)
    assert any(href.startswith("/learn/") for href in checked), "the result page links to no learn-more page"


def test_the_questionnaire_works_with_javascript_turned_off(make_page, url):
    page = make_page(java_script_enabled=False)

    journey.walk_by_clicks(page, url, journey.possible_candidate_answers())

    assert journey.RESULT_URL.search(page.url)
    assert page.get_by_role("heading", level=1).is_visible()


def test_an_empty_answer_explains_itself_without_javascript(make_page, url):
    page = make_page(java_script_enabled=False)
    journey.walk_by_clicks(page, url, journey.possible_candidate_answers(), stop_at="ms-type")

    journey.continue_by_clicks(page)

    assert journey.current_slug(page) == "ms-type"
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    # Each message in the summary links to the question it is about.
    assert summary.get_by_role("link").count() >= 1


def test_printing_the_result_hides_the_header_and_navigation(page, url):
    journey.walk_by_clicks(page, url, journey.possible_candidate_answers())
    header = page.locator("header.site-header")
    assert header.is_visible()

    page.emulate_media(media="print")

    assert header.is_hidden()
    assert page.locator("nav").first.is_hidden()
    assert page.get_by_role("heading", level=1).is_visible()


def test_the_printed_result_is_at_least_11_pt_on_two_pages_at_most_with_the_link_and_code(page, url):
    journey.walk_by_clicks(page, url, journey.possible_candidate_answers())
    link = journey.private_link(page)
    page.emulate_media(media="print")

    # 11 pt is 14.67 CSS pixels.
    assert float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px")) >= 14.6
    printed = page.locator(".private-link__printed")
    assert printed.is_visible()
    assert printed.inner_text() == link
    assert page.locator("#private-link .reference-code").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") <= 2
