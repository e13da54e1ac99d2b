"""Choosing the language: the browser's Accept-Language first, then the switch link on every page.

GET /language/<code>/?next=<path> keeps the choice in Django's language cookie for the browser session and
goes back to the page. A link, not a form, so it works without JavaScript; URLs are the same in every language.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

FALLBACK_NEXT = "/"


def language_codes() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def safe_next(request) -> str:
    """The page to go back to: a path on this site only, never another host or scheme."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return FALLBACK_NEXT


@require_safe
def switch(request, code):
    if code not in language_codes():
        raise Http404
    response = HttpResponseRedirect(safe_next(request))
    # The cookie's lifetime, path and flags come from the LANGUAGE_COOKIE_* settings (a browser-session cookie,
    # flagged as the session cookie is).
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
