"""The JSON API: evaluate answers without storing anything, and describe itself in OpenAPI."""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from hsct_screen.criteria.selectors import NoPublishedCriteria
from hsct_screen.criteria.services import evaluate_answers_json
from hsct_screen.questionnaire.answers import NON_FIELD, InvalidAnswers, validate_answers
from hsct_screen.questionnaire.openapi import MAX_BODY_BYTES, openapi_document


def _json(data, *, status: int = 200, allow: str = "") -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    return _private(response, allow=allow)


def _private(response: HttpResponse, *, allow: str = "") -> HttpResponse:
    # Results are personal health answers: no browser or proxy may keep a copy.
    response["Cache-Control"] = "no-store"
    if allow:
        response["Allow"] = allow
    return response


def _errors(field: str, message, *, status: int = 400) -> JsonResponse:
    return _json({"errors": {field: [str(message)]}}, status=status)


def _not_allowed(allow: str) -> JsonResponse:
    message = _("Use %(methods)s for this address.") % {"methods": allow}
    return _json({"errors": {NON_FIELD: [str(message)]}}, status=405, allow=allow)


def _body_error(message) -> InvalidAnswers:
    return InvalidAnswers({NON_FIELD: [str(message)]})


def _too_big() -> InvalidAnswers:
    # Filled in only when needed: "%" on a lazy text translates it, which every request would pay for.
    return _body_error(
        _("The request is too large: send only the answers (at most %(n)s bytes).") % {"n": MAX_BODY_BYTES}
    )


def _read_json_body(request):
    """The request body as parsed JSON; raises InvalidAnswers when it is too big or not JSON."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise _too_big()
    try:
        body = request.body
    except RequestDataTooBig:  # Django's own limit; without this it would be a 400 page in HTML
        raise _too_big() from None
    if len(body) > MAX_BODY_BYTES:
        raise _too_big()
    try:
        return json.loads(body.decode("utf-8"))
    # ValueError covers bad JSON, bad UTF-8 and over-long numbers; deep nesting raises RecursionError.
    except (ValueError, RecursionError):
        raise _body_error(
            _('The body is not valid JSON. Send the answers as a JSON object, like {"ms_type": "rrms", ...}.')
        ) from None


@csrf_exempt  # nothing is stored and no login is used, so there is nothing to forge
def evaluate(request):
    """POST answers as JSON, get the screening result as JSON."""
    if request.method != "POST":
        return _not_allowed("POST")
    today = timezone.localdate()
    try:
        answers = validate_answers(_read_json_body(request), today=today)
    except InvalidAnswers as invalid:
        return _json({"errors": invalid.errors}, status=400)
    try:
        # Titles and explanations in the language Accept-Language chose (LocaleMiddleware); keys stay English.
        result = evaluate_answers_json(answers, on=today, language=request.LANGUAGE_CODE)
    except NoPublishedCriteria:
        return _errors(NON_FIELD, _("The screening is not available right now. Please try again later."), status=503)
    # The result's JSON as JsonResponse would send it (same bytes and headers), joined from pieces encoded once.
    # Given as bytes, encoded as HttpResponse would (its charset is DEFAULT_CHARSET for this Content-Type): for text
    # it works the charset out of the Content-Type header again, which cost more than the encoding itself.
    return _private(HttpResponse(result.encode(settings.DEFAULT_CHARSET), content_type="application/json"))


def openapi(request):
    """The OpenAPI 3.1 document describing this API."""
    if request.method not in ("GET", "HEAD"):
        return _not_allowed("GET, HEAD")
    return _json(openapi_document())
