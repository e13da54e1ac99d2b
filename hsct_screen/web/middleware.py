"""Middleware of the edge: health probe, privacy headers, rate limits, database faults as 503, the language, the host
check, and request.user with its second factor."""

import functools
import logging
import time

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.core.cache import cache
from django.core.handlers.exception import convert_exception_to_response
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import http_date
from django_otp.middleware import OTPMiddleware

from hsct_screen.web import faults, limits, responses

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
# Pages anyone may cache: they show nothing about the person. Everything else that a URL resolves to
# (questions, check, result, contact, staff, admin, API) may show answers or contact details.
PUBLIC_VIEW_NAMES = frozenset({"questionnaire:start"})
PUBLIC_NAMESPACES = frozenset({"learn"})


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every response; Cache-Control: no-store on every page that is not public. Also answers
    the health probe (see health_check), which therefore gets the Permissions-Policy header too.

    The probe used to be a middleware of its own, the next one in; one layer fewer on every request. Its answer
    goes through Django's exception-to-response wrapper as that middleware's did, so even a probe that fails in an
    unexpected way still gets this middleware's headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._health_check = convert_exception_to_response(health_check)

    def __call__(self, request):
        response = self._health_check(request) if request.path == HEALTH_PATH else self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        match = getattr(request, "resolver_match", None)
        if match is not None and not _is_public(match):
            never_cache(response)
        return response


# add_never_cache_headers parses and rewrites Cache-Control twice on every private page. What it makes of a
# view's own Cache-Control (none on most pages, "no-store" on the API's) depends on that value alone, so it is
# worked out once per value, by Django itself; the Expires date changes once a second, not once a request.
_expires = (-1, "")  # (whole second, its HTTP date)


@functools.lru_cache(maxsize=64)
def _never_cache_control(existing: str | None) -> str:
    scratch = HttpResponse()
    if existing is not None:
        scratch.headers["Cache-Control"] = existing
    add_never_cache_headers(scratch)
    return scratch.headers["Cache-Control"]


def never_cache(response) -> None:
    """add_never_cache_headers(response): the same headers, without parsing them again on every request."""
    global _expires
    if "Expires" in response:  # a view that dated its own response: Django's way, which keeps that date
        add_never_cache_headers(response)
        return
    second = int(time.time())
    if _expires[0] != second:
        _expires = (second, http_date(second))
    response.headers["Expires"] = _expires[1]
    response.headers["Cache-Control"] = _never_cache_control(response.headers.get("Cache-Control"))


def _is_public(match) -> bool:
    return match.view_name in PUBLIC_VIEW_NAMES or bool(PUBLIC_NAMESPACES & set(match.namespaces))


def health_check(request):
    """GET /healthz: 200 when the database and the cache answer, 503 when not. Answered before the host check and
    the HTTPS redirect on purpose (PrivacyHeadersMiddleware, the outermost): a load balancer probes by address, not
    by the public host name, and over plain HTTP.
    """
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"status": "error"}, status=405)
        response["Allow"] = "GET, HEAD"
        return response
    checks = {"database": _check(_database_answers), "cache": _check(_cache_answers)}
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_answers() -> None:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise faults.CacheUnavailable("the cache did not keep a value")


def _check(probe) -> str:
    try:
        probe()
    except faults.UNAVAILABLE as error:
        faults.log_unavailable(error, "health check")
        return "unavailable"
    return "ok"


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's AuthenticationMiddleware and django-otp's OTPMiddleware, in one middleware layer instead of two.

    request.user is made exactly as the two did it, one after the other: Django's lazy user, then django-otp's lazy
    wrapper that marks it verified (or not) from the session. Only a layer's fixed cost is saved; the middleware
    that was between them (rate limits, database faults) never reads request.user before the view. A subclass of
    Django's, as the admin's system check asks.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._otp = OTPMiddleware(get_response)

    def process_request(self, request):
        super().process_request(request)
        self._otp._install_lazy_accessors(request)


class ViewGuardsMiddleware:
    """Two hooks around the view, in one middleware layer (they used to be two layers that only passed requests on):

    - rate limits: 429 with Retry-After when the client address is over a limit in hsct_screen.web.limits;
    - a database (or cache) that is down, hung or timed out is a 503 the person can understand, never a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        exceeded = limits.exceeded(request)
        if exceeded is None:
            return None
        limit, retry_after = exceeded
        logger.warning("rate limit %s reached on %s", limit.group, request.resolver_match.view_name)
        return responses.too_many_requests(request, retry_after, answers_kept=limit.during_questionnaire)

    def process_exception(self, request, exception):
        if not isinstance(exception, faults.UNAVAILABLE):
            return None
        faults.log_unavailable(exception, request.resolver_match.view_name if request.resolver_match else "")
        return responses.service_unavailable(request)


class PageGZipMiddleware(GZipMiddleware):
    """Compresses HTML pages only: they are most of a first visit's bytes. The API's small JSON answers are left
    as they are, so every API client reads them without decoding. BREACH: Django masks the CSRF token anew in
    every response, so compressing a page that holds it does not leak it."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        # Django's steps before compressing, with the Vary header worked out once per value (patched_vary): a
        # client that does not accept gzip is answered here; one that does goes through Django's code, whose Vary
        # update then finds Accept-Encoding already there and leaves the header as it is.
        if not response.streaming and len(response.content) < 200:
            return response
        if response.has_header("Content-Encoding"):
            return response
        response.headers["Vary"] = patched_vary(response.headers.get("Vary"), ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        return super().process_response(request, response)


class LanguageMiddleware:
    """Django's LocaleMiddleware (Accept-Language, then the language cookie) that also says Vary: Cookie: the
    cookie set by the switch link chooses the language as much as the header does, so a shared cache must not
    give one visitor's language to another.

    The site's URLs are the same in every language (no i18n_patterns), so a request takes the short way: the
    language chosen exactly as LocaleMiddleware chooses it, and one Vary update instead of two. Should a URLconf
    ever use i18n_patterns, its requests go through Django's LocaleMiddleware unchanged (prefixes, redirects).

    Both the choice and the Vary header are Django's own functions of a few strings (the language cookie and the
    Accept-Language header; the Vary header the response already has), so each is worked out once per value and
    kept (a bounded number of them, in this process, see patched_vary): the same for everyone who sends the same
    strings.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._with_prefixes = LocaleMiddleware(get_response)

    def __call__(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if is_language_prefix_patterns_used(urlconf)[0]:
            response = self._with_prefixes(request)
            patch_vary_headers(response, ("Cookie",))
            return response
        chosen = _chosen_language(
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME), request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        )
        translation.activate(chosen)
        # What translation.get_language() now answers, without reading the thread's active translation back: with
        # translations on, activate() made `chosen` (never empty) active, whose language is to_language(chosen).
        request.LANGUAGE_CODE = translation.to_language(chosen) if settings.USE_I18N else translation.get_language()
        response = self.get_response(request)
        # The language now, as LocaleMiddleware reads it (a view may have activated another).
        language = translation.get_language()
        response.headers["Vary"] = patched_vary(response.headers.get("Vary"), ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response


class _LanguageInputs:
    """All that get_language_from_request reads from a request (without check_path): the language cookie and the
    Accept-Language header."""

    __slots__ = ("COOKIES", "META")

    def __init__(self, cookie: str | None, accept_language: str):
        self.COOKIES = {} if cookie is None else {settings.LANGUAGE_COOKIE_NAME: cookie}
        self.META = {"HTTP_ACCEPT_LANGUAGE": accept_language}


@functools.lru_cache(maxsize=512)
def _chosen_language(cookie: str | None, accept_language: str) -> str:
    """translation.get_language_from_request for a request with this language cookie and Accept-Language."""
    return translation.get_language_from_request(_LanguageInputs(cookie, accept_language))


@functools.lru_cache(maxsize=128)
def patched_vary(existing: str | None, added: tuple[str, ...]) -> str:
    """The Vary header patch_vary_headers(response, added) makes of a response whose Vary header is `existing`.

    patch_vary_headers splits, compares and joins the header on every call; the result depends on these two values
    alone, which come from the code (never from a request), so there are few of them.
    """
    scratch = HttpResponse()
    if existing is not None:
        scratch.headers["Vary"] = existing
    patch_vary_headers(scratch, added)
    return scratch.headers["Vary"]


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's CommonMiddleware (host check, APPEND_SLASH, Content-Length), with a Host header it has already
    found valid not checked again.

    Its only work before the view here is request.get_host(): the Host header checked against ALLOWED_HOSTS, a
    DisallowedHost error (a 400) when it is not there. Whether a Host header passes depends on that header and the
    settings alone, so one that passed once is kept (a few dozen at most: only names ALLOWED_HOSTS lets through
    can be kept) and every other one is checked by Django exactly as before, error and log included. With settings
    that give the request phase more to do (DISALLOWED_USER_AGENTS, PREPEND_WWW, USE_X_FORWARDED_HOST) every
    request goes through Django's code unchanged.
    """

    def process_request(self, request):
        if settings.DISALLOWED_USER_AGENTS or settings.PREPEND_WWW or settings.USE_X_FORWARDED_HOST:
            return super().process_request(request)
        host = request.META.get("HTTP_HOST")
        if host not in _valid_hosts:
            request.get_host()  # raises DisallowedHost for a host ALLOWED_HOSTS does not let through
            if host is not None and len(_valid_hosts) < MAX_VALID_HOSTS:
                _valid_hosts.add(host)
        return None


MAX_VALID_HOSTS = 64
_valid_hosts: set[str] = set()

# What the settings decide, worked out again when a test changes them.
_LANGUAGE_SETTINGS = frozenset({"LANGUAGES", "LANGUAGE_CODE", "LANGUAGE_COOKIE_NAME", "LOCALE_PATHS", "USE_I18N"})
_HOST_SETTINGS = frozenset({"ALLOWED_HOSTS", "DEBUG", "USE_X_FORWARDED_HOST"})


@receiver(setting_changed)
def _forget_settings_results(*, setting, **_kwargs):
    if setting in _LANGUAGE_SETTINGS:
        _chosen_language.cache_clear()
    if setting in _HOST_SETTINGS:
        _valid_hosts.clear()
