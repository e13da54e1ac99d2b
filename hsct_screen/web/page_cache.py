"""Whole pages that are the same for every visitor who has no session yet, kept rendered in this process's memory.

The start page and most learn pages change only with a deploy, yet rendering them was most of their cost. For a
request that carries no session cookie, no pending messages and no query string, nothing on such a page can be the
visitor's own: it is rendered once per process, path and language and then reused. Everyone else (a person in the
middle of a questionnaire, staff, a link with parameters) gets the page rendered as before.

What is kept is the page's HTML only (encoded), never a response: headers and cookies are made for each request as usual.
A form's CSRF token is rendered as a placeholder and each response gets its own masked token from the person's own
CSRF cookie (or a new one), exactly as `{% csrf_token %}` gives it. Pages that read the database (a learn page with
the clinic's details or the trials table) are not rendered through here.
"""

import re
import secrets
from collections.abc import Callable, Sequence

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

CACHE_ALIAS = "fragments"  # this process's memory (settings.CACHES), emptied by every restart, so by every deploy
TIMEOUT = 24 * 60 * 60
KEY_PREFIX = "page"


def placeholder(name: str) -> str:
    """A stand-in for a hole: letters and digits only (nothing escapes or encodes them), new in every process."""
    return f"{name}{secrets.token_hex(16)}"


# Stands for the CSRF token in a kept page; new for every process, so no text on a page can match it by chance.
TOKEN_PLACEHOLDER = placeholder("csrftoken")
_TOKEN_PLACEHOLDER_BYTES = TOKEN_PLACEHOLDER.encode("ascii")


def is_shared_visit(request) -> bool:
    """True when nothing on a public page can belong to this visitor: no session, no messages, no parameters."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def cache_key(request) -> str:
    return f"{KEY_PREFIX}:{get_language()}:{request.path}"


def render_shared(request, template_name: str, context: dict | None = None) -> HttpResponse:
    """`render()` for a page that shows nothing per person; kept per path and language for visitors without a session."""
    if not is_shared_visit(request):
        return render(request, template_name, context)

    def make() -> bytes:
        html = render_to_string(template_name, {**(context or {}), "csrf_token": TOKEN_PLACEHOLDER}, request)
        # Kept encoded, as HttpResponse would encode it (its charset when none is given): a response sends bytes as
        # they are, whereas text is encoded again for every response, which cost as much as the rest of this.
        return html.encode(settings.DEFAULT_CHARSET)

    page = kept(cache_key(request), make)
    if _TOKEN_PLACEHOLDER_BYTES in page:
        # The page holds a form: this visitor's own masked token (get_token also sets the CSRF cookie when new).
        # The token and its placeholder are letters and digits, the same bytes in any charset Django allows.
        page = page.replace(_TOKEN_PLACEHOLDER_BYTES, get_token(request).encode("ascii"))
    return HttpResponse(page)


# Pages with holes: HTML that is the same for everyone at one point of a journey but for a few per-person values
# (a private token in its links, the CSRF token, a time). The page is rendered once with a placeholder in each
# hole and kept cut at the placeholders, so filling it for a request is one join, not a render.


def cut(html: str, placeholders: Sequence[str], *, encoding: str | None = None) -> tuple:
    """The page as (text, hole, text, hole, ..., text): each hole the index of its placeholder in `placeholders`.

    With `encoding`, each text is kept encoded, ready for the response (see `fill`)."""
    pattern = "|".join(re.escape(name) for name in placeholders)
    parts = re.split(f"({pattern})", html)
    index = {name: number for number, name in enumerate(placeholders)}
    if encoding is not None:
        return tuple(index[part] if number % 2 else part.encode(encoding) for number, part in enumerate(parts))
    return tuple(index[part] if number % 2 else part for number, part in enumerate(parts))


def fill(pieces: tuple, values: Sequence):
    """The page of `cut` with each hole replaced by its value: text, or bytes from encoded pieces and values."""
    parts = list(pieces)
    for number in range(1, len(parts), 2):
        parts[number] = values[parts[number]]
    return pieces[0][:0].join(parts)  # "" or b"", as the pieces are


def kept(key: str, make: Callable[[], object]):
    """What `make()` gives, kept in this process under `key` until the process ends (or the entry is culled)."""
    pages = caches[CACHE_ALIAS]
    value = pages.get(key)
    if value is None:
        value = make()
        pages.set(key, value, TIMEOUT)
    return value
