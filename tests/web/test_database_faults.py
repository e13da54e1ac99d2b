"""A database that is down or hung: 503 within seconds where it is needed, 200 where it is not, never a 500.

Real gunicorn, real PostgreSQL driver, real addresses: a closed port (connection refused) and a local socket that
accepts and never answers (the hang that used to block every worker for 30 s).
"""

import contextlib
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import answers
from tests.questionnaire import journey
from tests.web import live

# The bar: a person waiting on a broken database hears back within 10 s.
MAX_SECONDS = 10


@contextlib.contextmanager
def unreachable_database():
    yield live.free_port()


DATABASES = {"down": unreachable_database, "hung": live.hung_server}


def timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


@pytest.mark.parametrize("fault", sorted(DATABASES))
def test_a_broken_database_gives_503_where_needed_and_200_where_not(fault, static_root):
    with DATABASES[fault]() as db_port:
        env = live.production_env(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{db_port}/hsct_unreachable",
            # The production shape: sessions in the cache (Redis there; this one process's memory here).
            SESSION_STORE="cache",
            STATIC_ROOT=str(static_root),
        )
        with live.gunicorn(env) as base_url:
            person = live.LiveClient(base_url)

            # Pages that need no database keep working, fast.
            for path in ["/", "/learn/", "/learn/what-is-hsct/", "/static/css/site.css", "/staff/login/"]:
                response, seconds = timed(lambda path=path: person.get(path))
                assert response.status_code == 200, path
                assert seconds < 2, (path, seconds)
                assert "camera=()" in response["Permissions-Policy"], path
            # The learn pages that show the clinic's details wait for the database once, then give general advice.
            privacy, seconds = timed(lambda: person.get("/learn/privacy/"))
            assert privacy.status_code == 200
            assert seconds < MAX_SECONDS
            assert "Ask your GP or neurologist" in privacy.content.decode()
            # The whole questionnaire lives in the session, so it can still be filled in.
            token = journey.answer_all(person, answers())

            def submit():
                return person.post(journey.check_url(token))

            def api():
                return live._Response(
                    person.session.post(base_url + reverse("api:evaluate"), json=answers(), timeout=30)
                )

            def health():
                return person.get("/healthz")

            def login():
                return person.post(reverse("staff:login"), {"username": "carla", "password": "x" * 12})

            # In parallel, so the hung case costs one connect timeout, not four.
            with ThreadPoolExecutor(4) as pool:
                futures = {
                    name: pool.submit(timed, call)
                    for name, call in [("submit", submit), ("api", api), ("health", health), ("login", login)]
                }
                results = {name: future.result() for name, future in futures.items()}

            for name, (response, seconds) in results.items():
                assert response.status_code == 503, name
                assert seconds < MAX_SECONDS, (name, seconds)
                assert "no-store" in response["Cache-Control"], name
            assert int(results["submit"][0]["Retry-After"]) > 0
            page = results["submit"][0].content.decode()
            assert "briefly unavailable" in page
            assert "Answers you have already given are kept" in page
            assert page.count("<h1") == 1
            assert "briefly unavailable" in results["login"][0].content.decode()
            assert results["api"][0].json()["errors"]["__all__"]
            assert results["health"][0].json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
            # The answers are still there to send again.
            again = person.get(journey.check_url(token))
            assert again.status_code == 200


def test_health_is_200_when_the_database_answers(db):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_needs_no_allowed_host(db):
    assert Client().get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200


def test_health_is_only_read(db):
    assert Client().post("/healthz").status_code == 405


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_postgresql_connections_carry_the_statement_timeout(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (value,) = cursor.fetchone()

    assert value == f"{settings.DB_STATEMENT_TIMEOUT}s"
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT
