"""Rate limits per client address: 429 with Retry-After, JSON from the API, a plain page elsewhere."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from hsct_screen.web.limits import LIMITS
from tests.factories import UserFactory, answers
from tests.questionnaire import journey

EVALUATE = reverse("api:evaluate")
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_page_429(response, *, answers_kept: bool):
    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "no-store" in response["Cache-Control"]
    assert html.count("<h1") == 1
    assert "Too many requests" in html
    assert ("Answers you have already given are kept" in html) is answers_kept


def test_every_limit_reads_a_rate_setting_with_a_generous_default(settings):
    for limit in LIMITS:
        count, _, period = getattr(settings, limit.setting).partition("/")
        assert int(count) >= 20, limit.setting
        assert period in {"m", "h"}, limit.setting


@pytest.mark.django_db
def test_the_api_answers_429_json_with_retry_after_past_its_limit(settings):
    settings.RATELIMIT_API = "3/m"
    client = Client(REMOTE_ADDR="203.0.113.9")

    codes = [client.post(EVALUATE, answers(), content_type="application/json").status_code for _ in range(4)]
    response = client.post(EVALUATE, answers(), content_type="application/json")

    assert codes == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Content-Type"] == "application/json"
    assert "Too many requests" in response.json()["errors"]["__all__"][0]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_default_api_limit_lets_sixty_calls_a_minute_through(settings):
    client = Client(REMOTE_ADDR="203.0.113.9")

    codes = {client.get(reverse("api:openapi")).status_code for _ in range(60)}

    assert codes == {200}
    assert client.get(reverse("api:openapi")).status_code == 429


@pytest.mark.django_db
def test_another_address_keeps_its_own_allowance(settings):
    settings.RATELIMIT_API = "1/m"
    Client(REMOTE_ADDR="203.0.113.9").get(reverse("api:openapi"))

    assert Client(REMOTE_ADDR="203.0.113.9").get(reverse("api:openapi")).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.10").get(reverse("api:openapi")).status_code == 200


@pytest.mark.django_db
def test_starting_a_questionnaire_is_limited_with_a_plain_page(settings):
    settings.RATELIMIT_START = "2/h"
    client = Client()

    codes = [client.post(reverse("questionnaire:start")).status_code for _ in range(2)]
    response = client.post(reverse("questionnaire:start"))

    assert codes == [302, 302]
    assert_page_429(response, answers_kept=False)
    assert 1 <= int(response["Retry-After"]) <= 3600
    # Reading the start page is never limited.
    assert client.get(reverse("questionnaire:start")).status_code == 200


@pytest.mark.django_db
def test_the_flood_of_starts_stops_adding_sessions(settings):
    from django.contrib.sessions.models import Session

    settings.RATELIMIT_START = "5/h"
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"

    for _ in range(50):
        Client(REMOTE_ADDR="203.0.113.9").post(reverse("questionnaire:start"))

    assert Session.objects.count() == 5


@pytest.mark.django_db
def test_the_final_submit_is_limited_and_the_answers_stay(settings):
    settings.RATELIMIT_SUBMIT = "1/h"
    client = Client()
    first = journey.answer_all(client, answers())
    journey.submit(client, first)
    second = journey.answer_all(client, answers(age=40))

    response = journey.submit(client, second)

    assert_page_429(response, answers_kept=True)
    assert client.get(journey.check_url(second)).status_code == 200


@pytest.mark.django_db
def test_the_contact_form_is_limited(settings):
    settings.RATELIMIT_CONTACT = "1/h"
    client = Client()
    code = journey.finish(client, answers())
    url = reverse("questionnaire:contact", args=[code])
    data = {"name": "Ana", "email": "ana@example.org", "phone": "", "consent": "on"}

    client.post(url, data)

    assert_page_429(client.post(url, data), answers_kept=True)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["staff:login", "admin:login"])
def test_logins_are_limited_per_address(settings, url_name):
    settings.RATELIMIT_LOGIN = "2/h"
    client = Client()
    for _ in range(2):
        client.post(reverse(url_name), {"username": "nobody", "password": "wrong"})

    response = client.post(reverse(url_name), {"username": "nobody", "password": "wrong"})

    assert_page_429(response, answers_kept=False)
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_each_real_client_has_its_own_allowance(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATELIMIT_API = "1/m"
    proxy = Client(REMOTE_ADDR="172.18.0.2")
    url = reverse("api:openapi")

    assert proxy.get(url, headers={"x-forwarded-for": "203.0.113.9"}).status_code == 200
    assert proxy.get(url, headers={"x-forwarded-for": "203.0.113.10"}).status_code == 200
    assert proxy.get(url, headers={"x-forwarded-for": "203.0.113.9"}).status_code == 429


@pytest.mark.django_db
def test_a_client_cannot_escape_its_limit_by_writing_x_forwarded_for(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATELIMIT_API = "1/m"
    proxy = Client(REMOTE_ADDR="172.18.0.2")
    url = reverse("api:openapi")

    # The client writes a new address each time; nginx appends the one it really came from.
    codes = [proxy.get(url, headers={"x-forwarded-for": f"198.51.100.{n}, 203.0.113.9"}).status_code for n in range(3)]

    assert codes == [200, 429, 429]


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_written_header_does_not_change_the_address(settings):
    settings.RATELIMIT_API = "1/m"
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("api:openapi")

    codes = [client.get(url, headers={"x-forwarded-for": f"198.51.100.{n}"}).status_code for n in range(2)]

    assert codes == [200, 429]


@pytest.mark.django_db
def test_a_stranger_behind_the_proxy_cannot_lock_a_staff_member_out(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATELIMIT_LOGIN = "100/h"
    AccessAttempt.objects.all().delete()
    staff = UserFactory(username="carla-staff")
    proxy = Client(REMOTE_ADDR="172.18.0.2")
    url = reverse("staff:login")

    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        proxy.post(
            url,
            {"username": staff.username, "password": "wrong"},
            headers={"x-forwarded-for": f"198.51.100.{n}, 203.0.113.66"},
        )
    stranger = proxy.post(
        url, {"username": staff.username, "password": PASSWORD}, headers={"x-forwarded-for": "203.0.113.66"}
    )
    carla = proxy.post(
        url, {"username": staff.username, "password": PASSWORD}, headers={"x-forwarded-for": "203.0.113.9"}
    )

    assert stranger.status_code == 429
    assert int(stranger["Retry-After"]) == 3600
    assert "Logging in is paused" in stranger.content.decode()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    assert carla.status_code == 302


@pytest.mark.django_db
def test_emailing_the_private_link_is_limited_so_the_form_cannot_send_mail_in_bulk(settings):
    settings.RATELIMIT_CONTACT = "1/h"
    client = Client()
    code = journey.finish(client, answers())
    page = client.get(reverse("questionnaire:result", args=[code])).content.decode()
    link = re.search(r'id="private-link-url"[^>]*value="http://testserver(/r/[^/"]+/)"', page).group(1)

    client.post(link + "email/", {"link-email": "me@example.com"})
    response = client.post(link + "email/", {"link-email": "me@example.com"})

    assert_page_429(response, answers_kept=True)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_one_time_codes_are_limited_per_address_like_passwords(settings):
    settings.RATELIMIT_LOGIN = "1/h"
    client = Client()
    client.post(reverse("staff:two_factor_verify"), {"otp_token": "000000"})

    assert_page_429(client.post(reverse("staff:two_factor_verify"), {"otp_token": "000000"}), answers_kept=False)
