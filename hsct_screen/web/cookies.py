"""Responses whose set_cookie makes Django's cookie from a kept pattern instead of setting each attribute anew.

A question page renews the CSRF cookie (Django does on every get_token) and saving an answer renews the session
cookie. HttpResponse.set_cookie builds the cookie attribute by attribute, each a checked Morsel item, and dates
it with http_date: about 6 us a cookie. Everything but the cookie's value depends only on the arguments (the same
settings on every request) and, for a cookie dated by max_age alone, on the current second. So the attributes are
set once per such combination, by Django's own set_cookie on a scratch response, and each response copies that
cookie and sets its own value the way SimpleCookie does. The Set-Cookie header is the same text.

Anything unusual (a cookie already set on this response, a datetime or timedelta, a float max_age) goes through
Django's set_cookie unchanged.
"""

import functools
import time
from http.cookies import Morsel

from django import http
from django.utils.http import http_date


@functools.lru_cache(maxsize=64)
def _pattern(key: str, max_age, expires: str, path, domain, secure, httponly, samesite) -> Morsel:
    """The cookie Django's set_cookie makes with these arguments (its value is replaced by each response)."""
    scratch = http.HttpResponse()
    http.HttpResponseBase.set_cookie(scratch, key, "", max_age, expires, path, domain, secure, httponly, samesite)
    return scratch.cookies[key]


# The date http_date(time.time() + max_age) gives, worked out once a second: (whole second, its HTTP date).
_dated = (-1, "")


def _date_in(seconds: int) -> str:
    global _dated
    when = time.time() + seconds
    second = int(when)
    # http_date rounds to the microsecond before it drops the fraction: only the last half microsecond of a
    # second can round up into the next one, so that moment gets http_date itself.
    if when - second >= 0.9999995:
        return http_date(when)
    if _dated[0] != second:
        _dated = (second, http_date(second))
    return _dated[1]


class QuickCookies:
    """set_cookie for an HttpResponse subclass: Django's cookie, from a kept pattern when the arguments allow."""

    def set_cookie(
        self,
        key,
        value="",
        max_age=None,
        expires=None,
        path="/",
        domain=None,
        secure=False,
        httponly=False,
        samesite=None,
    ):
        plain_age = max_age is None or type(max_age) is int
        if (
            key in self.cookies
            or type(key) is not str
            or not plain_age
            or not (expires is None or type(expires) is str)
        ):
            return super().set_cookie(key, value, max_age, expires, path, domain, secure, httponly, samesite)
        if max_age is not None and not expires:
            expires = _date_in(max_age)  # as Django dates a cookie given max_age alone
        cookie = _pattern(key, max_age, expires or "", path, domain, secure, httponly, samesite).copy()
        # What SimpleCookie does with `cookies[key] = value`; a Morsel is then stored as it is.
        real_value, coded_value = self.cookies.value_encode(value)
        cookie.set(key, real_value, coded_value)
        self.cookies[key] = cookie


class HttpResponse(QuickCookies, http.HttpResponse):
    pass


class HttpResponseRedirect(QuickCookies, http.HttpResponseRedirect):
    pass
