"""Cache-Control: no-store wherever answers, results or contact details may show; Permissions-Policy everywhere."""

from unittest import mock

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

from hsct_screen.web.middleware import never_cache
from tests.factories import SubmissionFactory, UserFactory, answers
from tests.questionnaire import journey
from tests.staff.conftest import clinic_staff_group


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def person(db):
    client = Client()
    token = journey.answer_all(client, answers())
    client.token = token
    return client


def test_question_and_check_pages_are_never_stored(person):
    first = person.get(journey.step_url(person.token, "ms-type"))
    check = person.get(journey.check_url(person.token))

    assert first.status_code == 200 and no_store(first)
    assert check.status_code == 200 and no_store(check)


def test_the_result_page_and_contact_answers_are_never_stored(person):
    response = journey.submit(person, person.token)
    result = person.get(response["Location"])
    code = result.context["submission"].reference_code
    # Errors come back through a redirect to the result page (post/redirect/get), which shows them.
    contact = person.post(reverse("questionnaire:contact", args=[code]), {"name": "", "email": "bad"}, follow=True)

    assert result.status_code == 200 and no_store(result)
    assert contact.status_code == 200 and no_store(contact)


def test_staff_pages_are_never_stored(db):
    user = UserFactory()
    user.groups.add(clinic_staff_group())
    client = Client()
    client.force_login(user)
    submission = SubmissionFactory()

    for url in [
        reverse("staff:queue"),
        reverse("staff:overview"),
        reverse("staff:detail", args=[submission.reference_code]),
        reverse("staff:login"),
    ]:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert no_store(response), url


def test_api_responses_are_never_stored(db):
    response = Client().post(reverse("api:evaluate"), answers(), content_type="application/json")

    assert response.status_code == 200 and no_store(response)


@pytest.mark.parametrize("url", ["/", "/learn/", "/learn/what-is-hsct/"])
def test_public_pages_may_be_cached(db, url):
    response = Client().get(url)

    assert response.status_code == 200
    assert not no_store(response)


@pytest.mark.parametrize("url", ["/", "/learn/", "/api/v1/openapi.json", "/no-such-page/", "/healthz"])
def test_every_response_has_a_permissions_policy(db, url):
    response = Client().get(url)

    policy = response["Permissions-Policy"]
    assert "camera=()" in policy
    assert "geolocation=()" in policy
    assert "microphone=()" in policy


@pytest.mark.django_db
def test_pages_are_compressed_for_browsers_that_accept_gzip_and_the_api_is_not(client):
    page = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    api = client.get("/api/v1/openapi.json", HTTP_ACCEPT_ENCODING="gzip")
    assert api.status_code == 200 and not api.has_header("Content-Encoding")


@pytest.mark.parametrize(
    "own", [None, "no-store", "public, max-age=600", "private", "max-age=30, s-maxage=60", "no-cache=Set-Cookie"]
)
def test_never_cache_writes_what_django_writes_whatever_caching_header_the_view_set(own):
    ours, djangos = HttpResponse("page"), HttpResponse("page")
    if own is not None:
        ours["Cache-Control"] = djangos["Cache-Control"] = own
    with mock.patch("time.time", return_value=1_800_000_000.75):
        never_cache(ours)
        add_never_cache_headers(djangos)
    assert ours.headers["Cache-Control"] == djangos.headers["Cache-Control"]
    assert ours.headers["Expires"] == djangos.headers["Expires"]


def test_never_cache_keeps_an_expires_date_the_view_set():
    response = HttpResponse("page")
    response["Expires"] = "Thu, 01 Jan 2037 00:00:00 GMT"
    never_cache(response)
    assert response["Expires"] == "Thu, 01 Jan 2037 00:00:00 GMT"
    assert "no-store" in response["Cache-Control"]


def test_the_expires_date_follows_the_clock():
    for now in (1_800_000_000.2, 1_800_000_001.9, 1_800_000_061.0):
        response = HttpResponse("page")
        with mock.patch("time.time", return_value=now):
            never_cache(response)
        assert response["Expires"] == http_date(now)
