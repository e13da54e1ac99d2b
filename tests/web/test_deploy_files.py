"""docker-compose.yml has the production shape, and nginx accepts docker/nginx.conf (no Docker engine needed)."""

import shutil
import subprocess

import pytest
import yaml
from django.conf import settings

BASE_DIR = settings.BASE_DIR


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_nginx_web_postgresql_redis_migrations_purge_and_the_notification_digest(compose):
    assert set(compose["services"]) == {"nginx", "web", "db", "redis", "migrate", "purge", "notify-digest"}


def test_the_notification_digest_runs_daily_after_migrations(compose):
    digest = compose["services"]["notify-digest"]
    assert "python manage.py notify_digest; sleep 86400" in " ".join(digest["command"])
    assert digest["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_only_nginx_is_published_and_web_sits_behind_it(compose):
    services = compose["services"]
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"nginx"}
    assert "./docker/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]["volumes"]
    assert services["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_every_app_service_shares_the_database_redis_and_proxy_settings(compose):
    for name in ("web", "migrate", "purge", "notify-digest"):
        environment = compose["services"][name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert environment["REDIS_URL"] == "redis://redis:6379/0", name
        assert environment["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}", name


def test_web_is_health_checked_on_healthz_and_migrations_run_once_before_it(compose):
    web = compose["services"]["web"]
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert compose["services"]["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]


def test_purge_runs_daily(compose):
    command = " ".join(compose["services"]["purge"]["command"])
    assert "python manage.py purge" in command
    assert "sleep 86400" in command


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_config(tmp_path):
    # Docker's service name `web` does not resolve here; the rest of the file is checked as it is.
    server = (BASE_DIR / "docker" / "nginx.conf").read_text().replace("server web:8000", "server 127.0.0.1:8000")
    (tmp_path / "default.conf").write_text(server)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  include {tmp_path}/default.conf;\n}}\n"
    )

    finished = subprocess.run(  # noqa: S603 (nginx's own syntax check)
        [shutil.which("nginx"), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    assert "syntax is ok" in finished.stderr


def test_migrations_and_purge_are_not_cut_off_by_the_page_query_limit(compose):
    for name in ("migrate", "purge"):
        assert compose["services"][name]["environment"]["DB_STATEMENT_TIMEOUT"] == "0", name
    assert "DB_STATEMENT_TIMEOUT" not in compose["services"]["web"]["environment"]
