"""Two-factor sign-in: without a verified code, staff go to enrol or verify; app codes and recovery codes let them in."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hsct_screen.staff import two_factor

VERIFY = reverse("staff:two_factor_verify")
SETUP = reverse("staff:two_factor_setup")
RECOVERY = reverse("staff:two_factor_recovery")
QUEUE = reverse("staff:queue")


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.STAFF_REQUIRE_2FA = True


def _code(device: TOTPDevice, *, drift: int = 0) -> str:
    """The code the app shows now, or `drift` time steps away from now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


@pytest.fixture
def enrolled(clinic_staff):
    device = TOTPDevice.objects.create(user=clinic_staff, name="Authenticator app", confirmed=True)
    codes = two_factor.recovery_codes_replace(user=clinic_staff)
    return device, codes


def test_without_a_device_staff_are_sent_to_enrolment(staff_client):
    response = staff_client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fstaff%2F"


def test_with_a_device_but_no_code_yet_staff_are_sent_to_verification(staff_client, enrolled):
    detail = reverse("staff:overview") + "?start=2026-01-05"
    response = staff_client.get(detail)

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fstaff%2Foverview%2F%3Fstart%3D2026-01-05"


@pytest.mark.parametrize("role", ["superuser", "criteria_editor"])
def test_the_admin_needs_the_second_step_too(role_clients, role):
    response = role_clients[role].get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_a_valid_app_code_lets_them_in_and_back_to_the_page_asked_for(staff_client, enrolled):
    device, _codes = enrolled

    response = staff_client.post(VERIFY, {"code": _code(device), "next": "/staff/overview/"})

    assert response.status_code == 302
    assert response["Location"] == "/staff/overview/"
    assert staff_client.get(QUEUE).status_code == 200


def test_a_wrong_code_is_refused_with_a_message_naming_the_field(staff_client, enrolled):
    device, _codes = enrolled
    wrong = f"{(int(_code(device)) + 500000) % 1000000:06d}"

    response = staff_client.post(VERIFY, {"code": wrong})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_code"' in html
    assert "That code did not work" in html
    assert staff_client.get(QUEUE).status_code == 302


def test_an_empty_code_is_refused(staff_client, enrolled):
    response = staff_client.post(VERIFY, {"code": "  "})

    assert response.status_code == 400
    assert "Enter the code." in response.content.decode()


def test_a_next_address_on_another_site_is_ignored(staff_client, enrolled):
    device, _codes = enrolled

    response = staff_client.post(VERIFY, {"code": _code(device), "next": "https://evil.example/"})

    assert response["Location"] == QUEUE


def test_a_recovery_code_works_once(clinic_staff, enrolled):
    _device, codes = enrolled
    first, second = Client(), Client()
    first.force_login(clinic_staff)
    second.force_login(clinic_staff)

    assert first.post(VERIFY, {"code": codes[0].upper()})["Location"] == QUEUE
    assert first.get(QUEUE).status_code == 200
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert second.get(QUEUE).status_code == 302
    assert StaticToken.objects.filter(device__user=clinic_staff).count() == len(codes) - 1


def test_enrolment_shows_a_qr_code_and_the_key_as_text_with_nothing_from_elsewhere(staff_client, clinic_staff):
    response = staff_client.get(SETUP)

    html = response.content.decode()
    device = TOTPDevice.objects.get(user=clinic_staff)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in html
    assert two_factor.secret_text(device) in html
    assert "no-store" in response["Cache-Control"]
    # The same secret on a second visit, so a slow first scan still works.
    assert two_factor.secret_text(device) in staff_client.get(SETUP).content.decode()
    assert TOTPDevice.objects.filter(user=clinic_staff).count() == 1


def test_an_unconfirmed_app_does_not_count_as_enrolled(staff_client, clinic_staff):
    staff_client.get(SETUP)
    device = TOTPDevice.objects.get(user=clinic_staff)

    assert staff_client.post(VERIFY, {"code": _code(device)})["Location"].startswith(SETUP)


def test_confirming_the_app_turns_it_on_signs_in_and_shows_ten_recovery_codes(staff_client, clinic_staff):
    staff_client.get(SETUP)
    device = TOTPDevice.objects.get(user=clinic_staff)

    response = staff_client.post(SETUP, {"code": _code(device), "next": "/staff/overview/"})

    html = response.content.decode()
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    tokens = list(StaticToken.objects.filter(device__user=clinic_staff).values_list("token", flat=True))
    assert len(tokens) == 10
    assert all(f"<code>{token}</code>" in html for token in tokens)
    assert 'href="/staff/overview/"' in html
    assert staff_client.get(QUEUE).status_code == 200


def test_a_wrong_first_code_leaves_the_app_off(staff_client, clinic_staff):
    staff_client.get(SETUP)
    device = TOTPDevice.objects.get(user=clinic_staff)
    wrong = f"{(int(_code(device)) + 500000) % 1000000:06d}"

    response = staff_client.post(SETUP, {"code": wrong})

    assert response.status_code == 400
    assert 'href="#id_code"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticToken.objects.exists()


def test_someone_enrolled_cannot_add_another_app_from_the_setup_page(staff_client, enrolled):
    response = staff_client.post(SETUP, {"code": "123456"})

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.count() == 1


def test_new_recovery_codes_replace_the_old_ones(staff_client, clinic_staff, enrolled):
    device, old_codes = enrolled
    staff_client.post(VERIFY, {"code": _code(device)})

    assert "You have 10 unused recovery codes left." in staff_client.get(RECOVERY).content.decode()
    response = staff_client.post(RECOVERY)

    new = set(StaticToken.objects.filter(device__user=clinic_staff).values_list("token", flat=True))
    assert len(new) == 10
    assert not new & set(old_codes)
    assert all(token in response.content.decode() for token in new)


def test_recovery_codes_need_the_second_step_first(staff_client, enrolled):
    assert staff_client.post(RECOVERY)["Location"].startswith(VERIFY)


@pytest.mark.parametrize("url", [VERIFY, SETUP, RECOVERY])
def test_outsiders_are_sent_to_log_in(db, url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


@pytest.mark.parametrize("url", [VERIFY, SETUP, RECOVERY])
def test_other_methods_are_refused(staff_client, enrolled, url):
    device, _codes = enrolled
    staff_client.post(VERIFY, {"code": _code(device)})

    assert staff_client.put(url).status_code == 405


def test_log_in_and_out_stay_open_before_the_second_step(staff_client, clinic_staff):
    assert Client().get(reverse("staff:login")).status_code == 200
    assert staff_client.post(reverse("staff:logout")).status_code == 302


def test_a_password_login_leads_on_to_the_second_step(clinic_staff, enrolled):
    client = Client()
    response = client.post(
        reverse("staff:login"), {"username": "carla-staff", "password": "correct horse battery staple"}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fstaff%2F"
    assert response.status_code == 200


def test_when_not_required_staff_get_in_without_the_second_step(staff_client, settings):
    settings.STAFF_REQUIRE_2FA = False

    assert staff_client.get(QUEUE).status_code == 200


def test_the_verify_page_queries_do_not_grow_with_other_peoples_devices(
    staff_client, enrolled, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(VERIFY).status_code == 200
        return len(context)

    few = count()
    for _ in range(10):
        TOTPDevice.objects.create(user=UserFactory(), confirmed=True)
    assert count() == few


@pytest.mark.parametrize(("debug", "required"), [("1", "False"), ("0", "True")])
def test_two_factor_is_required_by_default_when_debug_is_off(debug, required):
    env = {
        **os.environ,
        "DEBUG": debug,
        "SECRET_KEY": "a-test-key-that-is-long-enough-for-any-deploy-check-" + "x" * 20,
        "DJANGO_SETTINGS_MODULE": "hsct_screen.settings",
    }
    env.pop("STAFF_REQUIRE_2FA", None)
    output = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.STAFF_REQUIRE_2FA)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()

    assert output == required


def test_codes_from_the_step_before_are_still_accepted(staff_client, enrolled):
    """A code typed just as it changes still works: the app and server clocks need not agree to the second."""
    device, _codes = enrolled

    assert staff_client.post(VERIFY, {"code": _code(device, drift=-1)})["Location"] == QUEUE


def test_after_several_wrong_codes_even_the_right_one_must_wait_and_the_page_says_so(staff_client, enrolled):
    from django.utils import timezone
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _codes = enrolled
    # Five wrong codes in a row: django-otp then refuses every try for 2**4 seconds.
    for model in (TOTPDevice, StaticDevice):
        model.objects.update(throttling_failure_count=5, throttling_failure_timestamp=timezone.now())

    response = staff_client.post(VERIFY, {"code": _code(device)})

    assert response.status_code == 400
    assert "Too many wrong codes in a row." in response.content.decode()
    assert staff_client.get(QUEUE).status_code == 302


def test_a_first_wrong_code_says_the_code_did_not_work(staff_client, enrolled):
    device, _codes = enrolled
    wrong = f"{(int(_code(device)) + 500000) % 1000000:06d}"

    assert "Too many" not in staff_client.post(VERIFY, {"code": wrong}).content.decode()


def test_a_recovery_code_from_an_administrator_leads_on_to_setting_up_the_app(staff_client, clinic_staff):
    """`manage.py addstatictoken` gives a first code to someone without an app; after it they enrol one."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("addstatictoken", "carla-staff", stdout=out)
    token = out.getvalue().strip()

    assert staff_client.get(SETUP)["Location"].startswith(VERIFY)
    response = staff_client.post(VERIFY, {"code": token, "next": "/staff/overview/"})

    assert response["Location"] == f"{SETUP}?next=%2Fstaff%2Foverview%2F"
    assert staff_client.get(response["Location"]).status_code == 200
    assert TOTPDevice.objects.filter(user=clinic_staff, confirmed=False).count() == 1


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_setup_and_recovery_pages_queries_do_not_grow_with_other_peoples_devices(clinic_staff, other_staff):
    from tests.factories import UserFactory

    newcomer = Client()
    newcomer.force_login(other_staff)
    enrolled_client = Client()
    enrolled_client.force_login(clinic_staff)
    device = TOTPDevice.objects.create(user=clinic_staff, confirmed=True)
    two_factor.recovery_codes_replace(user=clinic_staff)
    enrolled_client.post(VERIFY, {"code": _code(device)})
    newcomer.get(SETUP)  # the pending app exists from here on

    few = (_queries(newcomer, SETUP), _queries(enrolled_client, RECOVERY))
    for _ in range(10):
        user = UserFactory()
        TOTPDevice.objects.create(user=user, confirmed=True)
        two_factor.recovery_codes_replace(user=user)

    assert (_queries(newcomer, SETUP), _queries(enrolled_client, RECOVERY)) == few


def test_the_recovery_page_offers_the_app_to_someone_signed_in_with_a_recovery_code_only(staff_client, clinic_staff):
    codes = two_factor.recovery_codes_replace(user=clinic_staff)
    staff_client.post(VERIFY, {"code": codes[0]})

    html = staff_client.get(RECOVERY).content.decode()

    assert "You have 9 unused recovery codes left." in html
    assert f'href="{SETUP}"' in html
