"""The bare project answers "ok" under gunicorn, a one-second wrk run measures it, and stopping leaves nothing;
Django's floor views keep a session, check CSRF and answer JSON."""

import os

import pytest

from bench import bare, client, procs, wrk
from bench.config import Config
from bench.gunicorn import serve_spec
from tests.web.test_session_store import REDIS_URL, needs_redis

# The last of the bench's ports; `make bench` itself uses the first three.
PORT = Config().port + 3


def test_the_bare_project_is_a_startproject_with_one_ok_view(tmp_path):
    bare.create(tmp_path)
    package = tmp_path / bare.PROJECT
    assert "django.middleware.csrf.CsrfViewMiddleware" in (package / "settings.py").read_text()
    assert 'HttpResponse("ok")' in (package / "urls.py").read_text()


def _bare_server(folder):
    if not procs.port_is_free(PORT):
        pytest.skip(f"port {PORT} is in use")
    bare.create(folder)
    return procs.Server(
        "bare",
        serve_spec(1).command(bare.WSGI_MODULE, PORT),
        port=PORT,
        cwd=folder,
        env={"PATH": os.environ["PATH"], "WEB_CONCURRENCY": "1", "PYTHONPATH": str(folder)},
        log=folder / "gunicorn.log",
    )


def test_gunicorn_serves_it_and_every_process_is_gone_after_stop(tmp_path):
    server = _bare_server(tmp_path)
    with server:
        group = server.process.pid
        response = client.socket_fetch(PORT)("GET", "/", {}, None)
        assert (response.status, response.body) == (200, b"ok")
    assert server.process is None
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)
    assert procs.port_is_free(PORT)


@pytest.mark.skipif(not wrk.wrk_path(), reason="wrk is not installed (apt-get install wrk)")
def test_one_second_of_wrk_measures_it_without_errors(tmp_path):
    with _bare_server(tmp_path):
        result = wrk.run(
            wrk.Request.make("bare", "GET", "/"), port=PORT, seconds=1, threads=1, connections=2, script_dir=tmp_path
        )
    assert result.requests > 0 and result.error_count == 0
    assert result.rate > 0 and result.p99_ms > 0


def test_a_busy_port_is_refused_with_its_number(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        server = procs.Server("x", ["true"], port=port, cwd=tmp_path, env={}, log=tmp_path / "log")
        with pytest.raises(procs.ServerError, match=str(port)):
            server.start()


# Django's floor views get a port of their own, so this test never waits for the ones above.
FLOOR_PORT = Config().port + 5


@needs_redis
def test_the_floor_views_keep_a_session_check_csrf_and_send_the_api_answer_given(tmp_path):
    if not procs.port_is_free(FLOOR_PORT):
        pytest.skip(f"port {FLOOR_PORT} is in use")
    bare.create(tmp_path)
    bare.create_floor(tmp_path, b'{"outcome": "possible_candidate"}')
    env = {
        "PATH": os.environ["PATH"],
        "WEB_CONCURRENCY": "1",
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": bare.FLOOR_SETTINGS_MODULE,
        "BENCH_REDIS_URL": REDIS_URL,
    }
    server = procs.Server(
        "floor",
        serve_spec(1).command(bare.WSGI_MODULE, FLOOR_PORT),
        port=FLOOR_PORT,
        cwd=tmp_path,
        env=env,
        log=tmp_path / "gunicorn.log",
    )
    with server:
        fetch = client.socket_fetch(FLOOR_PORT)
        made = client.floor_requests(fetch)
        path, headers, _body = made["session"]
        assert fetch("GET", path, headers, None).status == 200
        save_path, save_headers, save_body = made["save"]
        saved = fetch("POST", save_path, save_headers, save_body)
        assert (saved.status, saved.location) == (302, "/session/")
        # Without its token the same POST is refused: the floor pays for the CSRF check as the app does.
        refused = fetch("POST", save_path, save_headers, b"step=2")
        assert refused.status == 403
        json_path, json_headers, _none = made["json"]
        answer = fetch("POST", json_path, json_headers, b'{"ms_type": "rrms"}')
        assert (answer.status, answer.body) == (200, b'{"outcome": "possible_candidate"}')
