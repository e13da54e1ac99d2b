"""A question page as data, and its HTML, kept rendered for everyone who is at the same point of the questionnaire.

Rendering a question page was most of its cost (issue 9), yet almost all of the page is the same for everyone who
sees the same question in the same language with the same stored answer to it, the same "Question n of m", the
same Back target and the same mode (answering, or changing an answer from the check page). `StepPage` names
all of that explicitly: the page is built from a `StepPage` and four per-person values only, so a rendered page
can be kept per `StepPage` (its cache key) and nothing else can slip into it unnoticed.

The four per-person values are holes in the kept page: the draft's private token (in the form's address, the Back
link and the language switch), the masked CSRF token, and when the session ends (as a timestamp and as a time).
The kept page holds placeholders there, filled for each request. So the kept page holds no token, no other answer
than this page's own stored one (which everyone who gave that answer shares) and nothing about any one person.

Only a plain view is served from what is kept: a GET or HEAD without form errors, without messages waiting to be
shown, without a signed-in user and with no parameter but `change=1`. Anything else is rendered as before.
"""

import functools
import hashlib
import re
from datetime import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.html import escape
from django.utils.translation import get_language

from hsct_screen.questionnaire import steps
from hsct_screen.web import page_cache

CHANGE_PARAM = "change"
TEMPLATE = "questionnaire/step.html"
# Where Back leads when it is not another question.
BACK_TO_CHECK = ":check"
BACK_TO_START = ":start"

# The holes, in the order of Holes' fields.
TOKEN, CSRF, EXPIRES_ISO, EXPIRES_TIME = (
    page_cache.placeholder("drafttoken"),
    page_cache.placeholder("csrftoken"),
    page_cache.placeholder("expiresiso"),
    page_cache.placeholder("expirestime"),
)
PLACEHOLDERS = (TOKEN, CSRF, EXPIRES_ISO, EXPIRES_TIME)
KEY_PREFIX = "step"


class StepPage(NamedTuple):
    """Everything a question page shows that is not one person's own; equal pages have equal HTML but for the holes."""

    language: str
    script_prefix: str
    step: str  # the step's slug
    stored: tuple[tuple[str, Any], ...]  # this page's answers already given, as (key, value); lists as tuples
    question_number: int
    question_total: int
    changing: bool
    back: str  # BACK_TO_CHECK, BACK_TO_START or the slug of the question Back leads to

    @property
    def current(self) -> steps.Step:
        return steps.STEPS_BY_SLUG[self.step]

    def initial(self) -> dict[str, Any]:
        """The stored answers as the form's initial values (the answers as the session holds them)."""
        return {key: list(value) if isinstance(value, tuple) else value for key, value in self.stored}

    def cache_key(self) -> str:
        # The repr of a tuple of strings, numbers, booleans and tuples of them is one text per page, no two alike;
        # hashed for a key of fixed length and characters.
        return f"{KEY_PREFIX}:{hashlib.sha256(repr(tuple(self)).encode()).hexdigest()}"


class Holes(NamedTuple):
    """One person's values on a question page."""

    token: str
    csrf_token: str
    expires_iso: str
    expires_time: str


PLACEHOLDER_HOLES = Holes(*PLACEHOLDERS)


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def page_of(current: steps.Step, answers: dict[str, Any], *, changing: bool) -> StepPage:
    """The page `current` shows to a person with these answers (the view has checked it is reachable and applies)."""
    if changing and steps.first_unanswered(answers) is None:
        back = BACK_TO_CHECK
    else:
        previous = steps.previous_step(current.slug, answers)
        back = previous.slug if previous else BACK_TO_START
    position = steps.position(current, answers)
    return StepPage(
        language=get_language(),
        script_prefix=get_script_prefix(),
        step=current.slug,
        stored=tuple((key, _hashable(value)) for key, value in current.initial(answers).items()),
        question_number=position["question_number"],
        question_total=position["question_total"],
        changing=changing,
        back=back,
    )


# A draft token as the questionnaire's URLs accept it (Django's slug converter).
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=64)
def _around_token(name: str, args: tuple[str, ...], script_prefix: str, urlconf) -> tuple[str, str]:
    """What reverse() puts before and after the draft token in this address (the token is the first argument)."""
    before, after = reverse(name, args=[TOKEN, *args], urlconf=urlconf).split(TOKEN)
    return before, after


@receiver(setting_changed)
def _forget_addresses(*, setting, **_kwargs):
    if setting == "ROOT_URLCONF":
        _around_token.cache_clear()


def _address(name: str, token: str, *args: str) -> str:
    """reverse(name, args=[token, *args]) without resolving the pattern again for every draft.

    A slug comes out of reverse() as it went in (nothing in it is quoted), so the address is the same text around
    any token: worked out once per page, script prefix and URLconf. Anything else goes through reverse() itself.
    """
    if not _SLUG.fullmatch(token):
        return reverse(name, args=[token, *args])
    before, after = _around_token(name, args, get_script_prefix(), get_urlconf())
    return f"{before}{token}{after}"


def step_url(token: str, slug: str, *, changing: bool = False) -> str:
    url = _address("questionnaire:step", token, slug)
    return f"{url}?{CHANGE_PARAM}=1" if changing else url


def check_url(token: str) -> str:
    return _address("questionnaire:check", token)


def _back_url(page: StepPage, token: str) -> str:
    if page.back == BACK_TO_CHECK:
        return check_url(token)
    if page.back == BACK_TO_START:
        return reverse("questionnaire:start")
    return step_url(token, page.back, changing=page.changing)


def expiry_holes(expires: datetime) -> tuple[str, str]:
    """When the session ends as `{{ expires|date:"c" }}` and `{{ expires|date:"H:i T" }}` show it, escaped.

    Written out because the date filter cost more than the rest of a kept page. The same rules: the time in the
    current time zone; no zone name in the hour that a clock change makes ambiguous or skips (Django's `T`).
    """
    return _expiry_texts(expires, timezone.get_current_timezone())


# A person's pages within a few minutes show the same end time (views.SESSION_REFRESH_SECONDS): written once.
@functools.lru_cache(maxsize=1024)
def _expiry_texts(expires: datetime, zone) -> tuple[str, str]:
    local = expires.astimezone(zone)
    ambiguous = zone.utcoffset(local.replace(fold=not local.fold)) != zone.utcoffset(local)
    name = "" if ambiguous else str(zone.tzname(local))
    return escape(local.isoformat()), escape(f"{local.hour:02d}:{local.minute:02d} {name}")


class _PathOnly:
    """Stands for the request in a kept page: the language switch reads only the page's own address from it."""

    def __init__(self, full_path: str):
        self.full_path = full_path

    def get_full_path(self) -> str:
        return self.full_path


def render(request, page: StepPage, form, holes: Holes, *, kept: bool = False) -> str:
    """The page's HTML. `kept`: rendered with placeholders for the holes, so the request stands only for its path."""
    current = page.current
    context = {
        "step": current,
        "form": form,
        "back_url": _back_url(page, holes.token),
        "action_url": step_url(holes.token, current.slug, changing=page.changing),
        "is_single_question": len(current.keys) == 1,
        "question_number": page.question_number,
        "question_total": page.question_total,
        "session_expires_iso": holes.expires_iso,
        "session_expires_time": holes.expires_time,
        "csrf_token": holes.csrf_token,
    }
    if kept:
        context["request"] = _PathOnly(step_url(holes.token, current.slug, changing=page.changing))
    return render_to_string(TEMPLATE, context, request)


def is_plain_view(request) -> bool:
    """Whether nothing but the page itself and the holes can show: no messages, no signed-in user, no parameters."""
    query = request.META.get("QUERY_STRING", "")
    return (
        request.method in ("GET", "HEAD")
        and (not query or query == f"{CHANGE_PARAM}=1")
        and CookieStorage.cookie_name not in request.COOKIES
        and SessionStorage.session_key not in request.session
        and USER_SESSION_KEY not in request.session
    )


def kept_html(request, page: StepPage, holes: Holes) -> bytes | None:
    """The page filled with this person's values, from the page kept in this process (rendered when missing).

    The page comes encoded as HttpResponse would encode its text (settings.DEFAULT_CHARSET): its fixed parts were
    encoded once when kept, so a view encodes only the four short values. None when the request's address is not
    the page's own (the language switch repeats the address as it came), or the charset setting changed since.
    """
    charset, path, *pieces = page_cache.kept(page.cache_key(), lambda: _rendered_pieces(request, page))
    # The kept page's language switch repeats the page's own address (is_plain_view allows no other parameters).
    if not path or request.path != path.replace(TOKEN, holes.token) or charset != settings.DEFAULT_CHARSET:
        return None
    return page_cache.fill(pieces, [value.encode(charset) for value in holes])


def _rendered_pieces(request, page: StepPage) -> tuple:
    current = page.current
    form = current.form_class(initial=page.initial(), today=timezone.localdate())
    html = render(request, page, form, PLACEHOLDER_HOLES, kept=True)
    path = reverse("questionnaire:step", args=[TOKEN, current.slug])
    # The switch shows the address as request.get_full_path() escapes it: kept only if escaping leaves it unchanged
    # (always, but for a script prefix with characters such as spaces, whose pages are then never served kept).
    if escape_uri_path(path) != path:
        path = ""
    charset = settings.DEFAULT_CHARSET
    return (charset, path, *page_cache.cut(html, PLACEHOLDERS, encoding=charset))
