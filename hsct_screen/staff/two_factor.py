"""Staff two-factor sign-in with django-otp: an authenticator app (TOTP) plus single-use recovery codes."""

import base64

import segno
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def has_device(user: AbstractBaseUser) -> bool:
    """Whether the user has finished enrolling (a confirmed app or recovery codes)."""
    return any(True for _device in devices_for_user(user, confirmed=True))


def has_app(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(user: AbstractBaseUser) -> TOTPDevice:
    """The app being set up: the same secret on every visit until a first code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The enrolment QR code as an inline SVG image: made here, so no request leaves the site."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#0b0c0c")


def clean_code(code: str) -> str:
    """Codes as people type them: spaces and hyphens dropped, recovery codes in lower case."""
    return "".join((code or "").split()).replace("-", "").lower()


@transaction.atomic
def app_confirm(*, user: AbstractBaseUser, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code; returns new recovery codes, or None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(clean_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Only one app per person: a pending device left from an earlier try is dropped.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_replace(*, user: AbstractBaseUser) -> list[str]:
    """New single-use recovery codes; any earlier ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def must_wait(user: AbstractBaseUser) -> bool:
    """Whether every device that could take a code is resting after wrong codes (django-otp's throttling)."""
    devices = list(devices_for_user(user, confirmed=True))
    return bool(devices) and all(not device.verify_is_allowed()[0] for device in devices)


def verify(*, user: AbstractBaseUser, code: str):
    """The device that accepts this code (app or recovery code, which is then used up), or None."""
    code = clean_code(code)
    if not code:
        return None
    return match_token(user, code)
