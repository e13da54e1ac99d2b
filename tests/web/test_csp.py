"""The Content-Security-Policy header: the site's policy built once, yet exactly django-csp's, and per-response
policies (django-csp's decorators) still honoured."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from hsct_screen.web.csp import SitePolicyCSPMiddleware, site_policy

pytestmark = pytest.mark.django_db


def _through_middleware(response: HttpResponse, path: str = "/") -> HttpResponse:
    request = RequestFactory().get(path)
    middleware = SitePolicyCSPMiddleware(lambda _request: response)
    middleware.process_request(request)
    return middleware.process_response(request, response)


def test_pages_carry_exactly_the_policy_django_csp_builds_from_the_settings(client):
    response = client.get("/")

    assert response[HEADER] == build_policy()
    assert "script-src 'self'" in response[HEADER] and "style-src 'self'" in response[HEADER]
    assert HEADER_REPORT_ONLY not in response


def test_a_changed_setting_changes_the_header(client, settings):
    client.get("/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}

    assert client.get("/")[HEADER] == "default-src 'none'"


def test_a_report_only_policy_is_sent_when_configured(settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/r"}}

    response = _through_middleware(HttpResponse("ok"))

    assert response[HEADER_REPORT_ONLY] == build_policy(report_only=True)
    assert response[HEADER] == site_policy(False)


def test_a_response_with_a_policy_of_its_own_keeps_it():
    response = HttpResponse("ok")
    response._csp_update = {"img-src": ["https://images.example"]}

    assert "https://images.example" in _through_middleware(response)[HEADER]


def test_a_request_that_used_a_nonce_gets_it_in_the_header(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}
    request = RequestFactory().get("/")
    middleware = SitePolicyCSPMiddleware(lambda _request: HttpResponse("ok"))
    middleware.process_request(request)
    nonce = str(request.csp_nonce)

    response = middleware.process_response(request, HttpResponse("ok"))

    assert f"'nonce-{nonce}'" in response[HEADER]


def test_an_exempt_response_gets_no_header():
    response = HttpResponse("ok")
    response._csp_exempt = True

    assert HEADER not in _through_middleware(response)


def test_a_header_already_set_is_left_alone():
    response = HttpResponse("ok")
    response[HEADER] = "default-src 'self' https://cdn.example"

    assert _through_middleware(response)[HEADER] == "default-src 'self' https://cdn.example"


def test_paths_the_settings_leave_out_get_no_header(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/outside/"],
    }

    assert HEADER not in _through_middleware(HttpResponse("ok"), "/outside/page/")
    assert _through_middleware(HttpResponse("ok"), "/inside/")[HEADER] == build_policy()


def test_a_response_class_with_a_policy_of_its_own_keeps_it():
    class FramedImages(HttpResponse):
        _csp_update = {"img-src": ["https://images.example"]}

    assert "https://images.example" in _through_middleware(FramedImages("ok"))[HEADER]


def test_a_policy_attribute_left_empty_gives_the_site_policy():
    response = HttpResponse("ok")
    response._csp_update = None

    assert _through_middleware(response)[HEADER] == build_policy()
