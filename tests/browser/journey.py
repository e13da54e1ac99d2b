"""Walks the questionnaire in a real browser, by mouse or by keyboard, finding controls by their visible words.

Clicking finds them in the active language: inside `translation.override("es")` it walks the Spanish pages."""

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext

from hsct_screen.questionnaire import labels
from hsct_screen.rules import answers as a

# The pages in the order a person meets them; high-efficacy only after a medicine did not work.
STEP_SLUGS = ("ms-type", "diagnosis", "walking", "activity", "medicines", "high-efficacy", "age", "health")
STEP_KEYS = {
    "ms-type": (a.MS_TYPE,),
    "diagnosis": (a.DIAGNOSIS_YEAR,),
    "walking": (a.WALKING,),
    "activity": (a.RELAPSES, a.MRI_ACTIVITY),
    "medicines": (a.DMT_FAILURES,),
    "high-efficacy": (a.HIGH_EFFICACY_FAILED,),
    "age": (a.AGE,),
    "health": (a.HEALTH_CONDITIONS,),
}
STEP_URL = re.compile(r"/screening/(?P<token>[^/]+)/(?P<slug>[a-z-]+)/$")
RESULT_URL = re.compile(r"/result/(?P<code>[^/]+)/$")
MAX_PAGES = 20

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}


# The password of every user the browser tests log in as.
PASSWORD = "correct horse battery staple"


def log_in(page, url, username: str, *, login_path: str = "/staff/login/", lands_on: str | None = "/staff/"):
    """Log in through the real login form, in the active language, and wait for the page it leads to."""
    page.goto(url(login_path))
    page.get_by_label(gettext("Username")).fill(username)
    page.get_by_label(gettext("Password")).fill(PASSWORD)
    page.get_by_role("button", name=gettext("Log in")).click()
    if lands_on:
        page.wait_for_url(url(lands_on))


def possible_candidate_answers() -> dict:
    """Answers that meet every default criterion and pass through every page."""
    return {
        a.MS_TYPE: "rrms",
        a.DIAGNOSIS_YEAR: timezone.localdate().year - 3,
        a.WALKING: "no_limit",
        a.RELAPSES: "two_or_more",
        a.MRI_ACTIVITY: "yes",
        a.DMT_FAILURES: "one",
        a.HIGH_EFFICACY_FAILED: "yes",
        a.AGE: 35,
        a.HEALTH_CONDITIONS: [],
    }


NONE_OF_THESE = str(labels.NONE_OF_THESE_LABEL)
PRIVATE_URL = re.compile(r"/r/(?P<token>[^/]+)/$")


def outcome_answers(outcome: str) -> dict:
    """Answers that lead to each outcome through every page."""
    overrides = {
        "possible_candidate": {},
        "unlikely_candidate": {a.WALKING: "wheelchair"},
        "more_information_needed": {a.MS_TYPE: "unsure"},
    }[outcome]
    return {**possible_candidate_answers(), **overrides}


def private_link(page) -> str:
    """The private link shown on a result page."""
    return page.locator("#private-link-url").input_value()


def current_slug(page) -> str | None:
    match = STEP_URL.search(page.url)
    return match["slug"] if match else None


def question(key: str) -> str:
    return str(labels.QUESTIONS[key])


def choice(key: str, value: str) -> str:
    return str(labels.CHOICE_LABELS[key][value])


# Clicking ----------------------------------------------------------------------------------------------


def start(page, url):
    page.goto(url("/"))
    page.get_by_role("button", name=gettext("Start now")).click()
    page.wait_for_url(STEP_URL)


def answer_by_clicks(page, key: str, value):
    if key in (a.DIAGNOSIS_YEAR, a.AGE):
        page.get_by_label(question(key)).fill(str(value))
    elif key == a.HEALTH_CONDITIONS:
        group = page.get_by_role("group", name=question(key))
        for item in value:
            group.get_by_label(choice(key, item), exact=True).check()
        if not value:
            group.get_by_label(str(labels.NONE_OF_THESE_LABEL), exact=True).check()
    else:
        group = page.get_by_role("group", name=question(key))
        group.get_by_label(choice(key, value), exact=True).check()


def continue_by_clicks(page):
    page.get_by_role("button", name=gettext("Continue")).click()


def walk_by_clicks(page, url, answers: dict, *, stop_at: str | None = None, on_page=None):
    """Start and answer page after page; stop on the step `stop_at`, on the check page ("check") or at the result.

    `on_page(page)` is called on every page reached, before it is answered.
    """
    start(page, url)
    for _ in range(MAX_PAGES):
        if on_page:
            on_page(page)
        if RESULT_URL.search(page.url):
            return page
        if page.url.endswith("/check/"):
            if stop_at == "check":
                return page
            page.get_by_role("button", name=gettext("Submit and see result")).click()
            page.wait_for_url(RESULT_URL)
            continue
        slug = current_slug(page)
        assert slug in STEP_KEYS, f"unexpected page {page.url}"
        if slug == stop_at:
            return page
        before = page.url
        for key in STEP_KEYS[slug]:
            answer_by_clicks(page, key, answers[key])
        continue_by_clicks(page)
        page.wait_for_url(lambda now, before=before: now != before)
    raise AssertionError(f"no result after {MAX_PAGES} pages; last page {page.url}")


# Keyboard only -----------------------------------------------------------------------------------------

# What the focused element is, in words a test can compare.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : "";
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", label: label,
    text: (el.innerText || el.value || "").trim(), checked: !!el.checked,
    outline: style.outlineStyle === "none" ? "none" : style.outlineWidth + " " + style.outlineStyle,
    shadow: style.boxShadow,
  };
}"""


@dataclass
class Keyboard:
    """Drives a page with Tab, Shift+Tab, arrows, Space and Enter only, checking the focus ring on every stop."""

    page: object
    max_tabs: int = 80
    unfocused_rings: list = field(default_factory=list)

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def _check_ring(self, focused):
        # Either an outline or a box-shadow must show where the keyboard is.
        if focused and focused["outline"] == "none" and focused["shadow"] in ("", "none"):
            self.unfocused_rings.append(f"{self.page.url}: {focused['tag']} {focused['label'] or focused['text']!r}")

    def tab_to(self, matches, what: str) -> dict:
        for _ in range(self.max_tabs):
            self.page.keyboard.press("Tab")
            focused = self.focused()
            self._check_ring(focused)
            if focused and matches(focused):
                return focused
        raise AssertionError(f"Tab never reached {what} on {self.page.url}")

    def press_button(self, name: str):
        self.tab_to(lambda f: f["tag"] in ("button", "input") and f["text"].startswith(name), f"the {name!r} button")
        self.page.keyboard.press("Enter")

    def choose_radio(self, key: str, value: str):
        wanted = choice(key, value)
        focused = self.tab_to(lambda f: f["type"] == "radio" and f["name"] == key, f"the {key} options")
        # Arrow keys move through one group of radios; Tab would leave it.
        for _ in range(len(labels.CHOICE_LABELS[key]) + 1):
            if focused["label"] == wanted:
                break
            self.page.keyboard.press("ArrowDown")
            focused = self.focused()
            self._check_ring(focused)
        assert focused["label"] == wanted, f"could not reach {wanted!r} with the arrow keys"
        self.page.keyboard.press("Space")
        assert self.focused()["checked"], f"{wanted!r} is not selected after Space"

    def tick(self, key: str, value: str):
        wanted = choice(key, value)
        self.tab_to(lambda f: f["type"] == "checkbox" and f["label"] == wanted, repr(wanted))
        self.page.keyboard.press("Space")

    def type_into(self, key: str, value):
        self.tab_to(lambda f: f["tag"] == "input" and f["name"] == key, f"the {key} box")
        self.page.keyboard.type(str(value))

    def answer(self, key: str, value):
        if key in (a.DIAGNOSIS_YEAR, a.AGE):
            self.type_into(key, value)
        elif key == a.HEALTH_CONDITIONS:
            for item in value:
                self.tick(key, item)
            if not value:
                self.tab_to(lambda f: f["type"] == "checkbox" and f["label"] == NONE_OF_THESE, "None of these")
                self.page.keyboard.press("Space")
        else:
            self.choose_radio(key, value)


def walk_by_keyboard(page, url, answers: dict) -> Keyboard:
    """Start from the start page and reach the result using only the keyboard."""
    keyboard = Keyboard(page)
    page.goto(url("/"))
    keyboard.press_button("Start now")
    page.wait_for_url(STEP_URL)
    for _ in range(MAX_PAGES):
        if RESULT_URL.search(page.url):
            return keyboard
        before = page.url
        if page.url.endswith("/check/"):
            keyboard.press_button("Submit")
        else:
            slug = current_slug(page)
            assert slug in STEP_KEYS, f"unexpected page {page.url}"
            for key in STEP_KEYS[slug]:
                keyboard.answer(key, answers[key])
            keyboard.press_button("Continue")
        page.wait_for_url(lambda now, before=before: now != before)
    raise AssertionError(f"no result after {MAX_PAGES} pages; last page {page.url}")
