"""The answers the edge gives instead of a page: 429 (slow down, or a login locked out) and 503 (briefly unavailable).

The API gets JSON in its own error shape; people get a plain page. All are rendered without the request's
context processors, so they never read the session or the database that may be the reason for them (the request
is there only for the language switch's way back to the page).
"""

import math

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from hsct_screen.questionnaire.answers import NON_FIELD

API_PREFIX = "/api/"
# Long enough for a restarting database or a failover; clients and proxies may retry after it.
UNAVAILABLE_RETRY_AFTER = 30


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _finish(response: HttpResponse, retry_after: int) -> HttpResponse:
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"errors": {NON_FIELD: [message]}}, status=status, json_dumps_params={"ensure_ascii": False})


def too_many_requests(request, retry_after: int, *, answers_kept: bool = False) -> HttpResponse:
    retry_after = max(1, int(retry_after))
    if _is_api(request):
        message = _("Too many requests from this address. Try again in %(seconds)s seconds.") % {"seconds": retry_after}
        return _finish(_json_error(message, 429), retry_after)
    minutes = math.ceil(retry_after / 60)
    html = render_to_string("429.html", {"minutes": minutes, "answers_kept": answers_kept, "request": request})
    return _finish(HttpResponse(html, status=429), retry_after)


def service_unavailable(request) -> HttpResponse:
    if _is_api(request):
        message = _("The service is briefly unavailable. Please try again in a minute.")
        return _finish(_json_error(message, 503), UNAVAILABLE_RETRY_AFTER)
    html = render_to_string("503.html", {"request": request})
    return _finish(HttpResponse(html, status=503), UNAVAILABLE_RETRY_AFTER)


def login_locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer once one username has failed too often from one address (AXES_LOCKOUT_CALLABLE)."""
    html = render_to_string("registration/locked_out.html", {"request": request})
    return _finish(HttpResponse(html, status=429), int(settings.AXES_COOLOFF_TIME * 3600))
