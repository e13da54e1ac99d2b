"""Issue 8 in a real browser: the private link, deleting, the session-ended page, input rules and the first screen."""

import pytest

from hsct_screen.questionnaire.models import Submission
from tests.browser import journey

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUTCOMES = {
    "possible_candidate": "HSCT could be worth talking about with your neurologist",
    "unlikely_candidate": "Your answers do not fit the usual reasons specialists consider HSCT at the moment",
    "more_information_needed": "We need a few more answers to say more",
}


def box(page, selector):
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not shown"
    return found


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_the_first_screen_at_320_by_640_shows_the_outcome_the_next_step_and_the_private_link(make_page, url, outcome):
    page = make_page(viewport=journey.NARROW)
    journey.walk_by_clicks(page, url, journey.outcome_answers(outcome))
    page.evaluate("window.scrollTo(0, 0)")
    screen = journey.NARROW["height"]

    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == OUTCOMES[outcome]
    for selector in (
        "h1",
        "#next-heading",
        ".next-step p",
        "#private-link-heading",
        "#private-link-url",
        ".keep-medicines",
    ):
        found = box(page, selector)
        assert found["y"] + found["height"] <= screen, f"{selector} ends at {found['y'] + found['height']:.0f} px"
    assert page.locator("#private-link-url").input_value().startswith(url("/r/"))
    # The whole result, before the list of answers, takes at most 4 screens.
    answers_top = box(page, "#answers-heading")["y"]
    assert answers_top <= 4 * screen, f"the answers start {answers_top / screen:.2f} screens down"
    # ...and that includes every other guideline and trial, all of their rows.
    last_row = box(page, ".comparisons__row >> nth=-1")
    assert box(page, "#advisories-heading")["y"] < box(page, "#comparisons-heading")["y"]
    assert last_row["y"] + last_row["height"] <= answers_top


def test_the_private_link_opens_the_result_in_a_new_browser_context(page, make_page, url):
    journey.walk_by_clicks(page, url, journey.possible_candidate_answers())
    code = page.locator("#private-link .reference-code").inner_text()
    link = journey.private_link(page)

    elsewhere = make_page(viewport=journey.DESKTOP)
    elsewhere.goto(link)
    assert elsewhere.get_by_role("heading", level=1).inner_text() == OUTCOMES["possible_candidate"]
    assert elsewhere.locator("#private-link .reference-code").inner_text() == code
    # The reference code alone opens nothing.
    response = elsewhere.goto(url(f"/result/{code}/"))
    assert response.status == 404


def test_a_person_deletes_their_submission_from_the_private_link(page, make_page, url):
    journey.walk_by_clicks(page, url, journey.possible_candidate_answers())
    link = journey.private_link(page)

    elsewhere = make_page()
    elsewhere.goto(link)
    elsewhere.get_by_role("link", name="Delete my result").click()
    assert elsewhere.get_by_role("heading", level=1).inner_text() == "Are you sure you want to delete your result?"
    assert Submission.objects.count() == 1
    elsewhere.get_by_role("button", name="Yes, delete my result").click()
    elsewhere.wait_for_url(link)

    assert elsewhere.get_by_role("heading", level=1).inner_text() == "This result was deleted"
    assert Submission.objects.count() == 0
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "This result was deleted"


def test_an_ended_session_shows_a_page_to_start_again(page, url):
    journey.walk_by_clicks(page, url, journey.possible_candidate_answers(), stop_at="walking")
    question_url = page.url
    page.context.clear_cookies()

    response = page.goto(question_url)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Your session has ended"
    page.get_by_role("button", name="Start again").click()
    page.wait_for_url(journey.STEP_URL)
    assert journey.current_slug(page) == "ms-type"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_none_of_these_cannot_be_combined_with_a_condition(make_page, url, javascript):
    page = make_page(java_script_enabled=javascript)
    journey.walk_by_clicks(page, url, journey.possible_candidate_answers(), stop_at="health")
    group = page.get_by_role("group", name=journey.question("health_conditions"))
    heart = group.get_by_label(journey.choice("health_conditions", "heart"), exact=True)
    none = group.get_by_label(journey.NONE_OF_THESE, exact=True)
    heart.check()
    none.check()
    if javascript:
        # The script unticks the other boxes at once; the server rule below still holds without it.
        assert not heart.is_checked()
        return
    journey.continue_by_clicks(page)
    page.wait_for_load_state()
    assert journey.current_slug(page) == "health"
    assert "not both" in page.locator(".error-summary").inner_text()


def test_a_diagnosis_before_birth_is_explained_on_the_year_question(page, url):
    answers = {**journey.possible_candidate_answers(), "diagnosis_year": 1950, "age": 20}
    journey.walk_by_clicks(page, url, answers, stop_at="age")
    journey.answer_by_clicks(page, "age", 20)
    journey.continue_by_clicks(page)
    page.wait_for_url(lambda now: now.endswith("/diagnosis/"))

    summary = page.locator(".error-summary").inner_text()
    assert "You said you were diagnosed in 1950 and that you are 20" in summary
    assert page.locator("#id_diagnosis_year_error").is_visible()


def test_a_warning_appears_before_the_session_ends_when_javascript_runs(page, url, settings):
    # With a 5-minute session the warning (shown 10 minutes before the end) is due at once.
    settings.SESSION_COOKIE_AGE = 5 * 60
    journey.start(page, url)
    assert page.locator(".session-notice").is_visible()
    page.locator("[data-session-warning]").wait_for(state="visible")
    assert "Your session will end in a few minutes." in page.locator("[data-session-warning]").inner_text()
