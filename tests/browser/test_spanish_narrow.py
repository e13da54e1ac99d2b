"""Spanish at 320 px: Spanish words are longer than English ones, so every page a patient or the clinic meets, in
Spanish on a 320 px screen, says lang="es", has one h1, never scrolls sideways and passes axe's WCAG 2.x A/AA rules.

Each test walks once and checks every page as it passes it, so the whole module stays quick."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext

from hsct_screen.learn.content import SLUGS
from tests.browser import journey
from tests.browser.test_accessibility import AXE_OPTIONS, assert_captions_stay_on_screen, assert_no_sideways_scroll
from tests.browser.test_spanish_journey import send_contact_details
from tests.factories import ContactRequestFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SPANISH_PHONE = {"locale": "es-ES", "viewport": journey.NARROW}


@pytest.fixture(autouse=True)
def _spanish():
    """The test's own words (button names, questions, choices) in Spanish, as the pages are."""
    with translation.override("es"):
        yield


@pytest.fixture
def phone(make_page):
    return make_page(**SPANISH_PHONE)


class Narrow:
    """Checks each page it is called on, noting every problem, so one walk reports every page that fails."""

    def __init__(self):
        self.problems = []

    def __call__(self, page):
        assert page.viewport_size == journey.NARROW
        where = page.url
        lang = page.evaluate("document.documentElement.lang")
        if lang != "es":
            self.problems.append(f"{where}: lang is {lang!r}")
        h1_count = page.locator("h1").count()
        if h1_count != 1:
            self.problems.append(f"{where}: {h1_count} h1 elements")
        try:
            assert_no_sideways_scroll(page)
        except AssertionError as error:
            self.problems.append(f"{error}: {page.evaluate(WIDEST)}")
        try:
            assert_captions_stay_on_screen(page)
        except AssertionError as error:
            self.problems.append(str(error))
        results = Axe().run(page, options=AXE_OPTIONS)
        if results.violations_count:
            self.problems.append(f"{where} in Spanish at 320 px\n{results.generate_report()}")

    def assert_all_fit(self):
        assert not self.problems, "\n".join(self.problems)


# Innermost elements (no child elements) reaching past the right edge of the screen: says what makes a page too wide.
WIDEST = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > document.documentElement.clientWidth + 0.5 && !el.querySelector("*:not(br)")) {
      out.push(el.tagName.toLowerCase() + "." + el.className + " " + JSON.stringify((el.innerText || "").slice(0, 40)));
    }
  }
  return out.slice(0, 8);
}"""


@pytest.fixture
def narrow():
    return Narrow()


def open_every_comparison(page):
    summaries = page.locator(".comparisons__details > summary")
    for index in range(summaries.count()):
        summaries.nth(index).click()
    assert page.locator(".comparisons__details:not([open])").count() == 0


def test_the_spanish_journey_to_a_possible_candidate_with_contact_private_link_and_delete_fits_320px(
    phone, url, narrow
):
    page = phone
    seen = []

    def check(current):
        slug = journey.current_slug(current)
        seen.append(slug or ("check" if current.url.endswith("/check/") else current.url))
        narrow(current)
        if slug == "activity":
            journey.continue_by_clicks(current)  # nothing chosen: both questions complain
            current.wait_for_load_state()
            assert current.locator(".error-summary").is_visible()
            narrow(current)

    page.goto(url("/"))
    narrow(page)
    journey.walk_by_clicks(page, url, journey.outcome_answers("possible_candidate"), on_page=check)
    assert journey.RESULT_URL.search(page.url)
    assert set(journey.STEP_SLUGS) | {"check"} <= set(seen)
    open_every_comparison(page)
    narrow(page)

    page.get_by_role("button", name=gettext("Send my details to the clinic")).click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    narrow(page)
    send_contact_details(page)
    assert page.get_by_text(gettext("The clinic has these contact details for this screening:")).is_visible()
    narrow(page)

    link = journey.private_link(page)
    page.goto(link)
    narrow(page)
    page.goto(link + "delete/")
    narrow(page)
    page.get_by_role("button", name=gettext("Yes, delete my result")).click()
    page.wait_for_url(link)
    narrow(page)
    narrow.assert_all_fit()


@pytest.mark.parametrize("outcome", ["unlikely_candidate", "more_information_needed"])
def test_the_spanish_journey_to_the_other_outcomes_fits_320px(phone, url, narrow, outcome):
    journey.walk_by_clicks(phone, url, journey.outcome_answers(outcome), on_page=narrow)
    assert journey.RESULT_URL.search(phone.url)
    open_every_comparison(phone)
    narrow(phone)
    narrow.assert_all_fit()


def test_every_spanish_learn_page_the_session_ended_and_not_found_pages_fit_320px(phone, url, narrow):
    assert "privacy" in SLUGS
    for path in ["/learn/", *(f"/learn/{slug}/" for slug in SLUGS), "/screening/no-such-draft-token/ms-type/"]:
        response = phone.goto(url(path))
        assert response.status in (200, 410), path
        narrow(phone)

    response = phone.goto(url("/no-such-page/"))
    assert response.status == 404
    narrow(phone)
    narrow.assert_all_fit()


def test_the_spanish_staff_login_queue_detail_and_overview_fit_320px(phone, url, narrow):
    user = UserFactory(username="enfermera", password=journey.PASSWORD)
    user.groups.add(Group.objects.get(name="Clinic staff"))
    submission = ContactRequestFactory(submission=SubmissionFactory(), name="Ada Ejemplo").submission
    page = phone

    page.goto(url("/staff/login/"))
    narrow(page)
    page.get_by_label(gettext("Username")).fill("enfermera")
    page.get_by_label(gettext("Password")).fill(journey.PASSWORD)
    page.get_by_role("button", name=gettext("Log in")).click()
    page.wait_for_url(url("/staff/"))
    assert page.get_by_role("link", name=submission.reference_code).count() == 1
    narrow(page)

    page.goto(url(f"/staff/submissions/{submission.reference_code}/"))
    assert "Ada Ejemplo" in page.locator("main").inner_text()
    narrow(page)

    page.goto(url("/staff/overview/"))
    narrow(page)
    narrow.assert_all_fit()
    # The outcome mix has three short columns: it fits the screen without scrolling sideways.
    # The charts keep their words readable: drawn at 40rem or more, scrolling inside their figure.
    for chart in page.locator(".staff-chart svg").all():
        assert chart.evaluate("svg => svg.getBoundingClientRect().width") >= 640
    mix = page.get_by_role("region", name=gettext("Outcome mix over the period"))
    assert mix.evaluate("region => region.scrollWidth <= region.clientWidth"), "the outcome mix table scrolls sideways"
