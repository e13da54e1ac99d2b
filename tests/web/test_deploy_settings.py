"""The documented production settings pass `check --deploy` with no warning; unsafe secrets stop the app."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.web.live import production_env

# The production settings README's "Running in production" section lists.
PRODUCTION = {
    "ALLOWED_HOSTS": "hsct.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://hsct.example.org",
    "BEHIND_TLS_PROXY": "1",
    "TRUSTED_PROXY_COUNT": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_COOKIES": "1",
    "REDIS_URL": "redis://127.0.0.1:6379/3",
    "DATABASE_URL": "postgres://hsct:secret@127.0.0.1:5432/hsct",
}


def manage(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter, manage.py and fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_settings_pass_the_deploy_check_with_no_warning():
    finished = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    # HSTS with subdomains and preload (W005, W021) and the rest come from the environment alone.
    assert finished.returncode == 0, finished.stderr
    assert "no issues (0 silenced)" in finished.stdout


def test_without_a_shared_cache_the_deploy_check_warns():
    production = {key: value for key, value in PRODUCTION.items() if key != "REDIS_URL"}

    finished = manage("check", "--deploy", "--fail-level", "WARNING", **production)

    assert finished.returncode == 1
    assert "hsct_screen.web.W001" in finished.stderr


@pytest.mark.parametrize(
    "secret_key",
    ["replace-me-with-a-long-random-string", "x" * 49],
    ids=["the .env.example placeholder", "49 characters"],
)
def test_an_unsafe_secret_key_stops_the_app_when_debug_is_off(secret_key):
    finished = manage("check", **{**PRODUCTION, "SECRET_KEY": secret_key})

    assert finished.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is the example placeholder or shorter than 50" in finished.stderr


def test_the_placeholder_is_the_one_in_env_example():
    example = (settings.BASE_DIR / ".env.example").read_text()

    assert f"SECRET_KEY={settings.SECRET_KEY_PLACEHOLDER}\n" in example
