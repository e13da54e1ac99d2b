"""A real gunicorn (this repo's gunicorn.conf.py) in a subprocess, for tests that need real sockets and settings."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    """A port nothing listens on (bound, read and closed again)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**overrides) -> dict[str, str]:
    """The documented production settings, over plain HTTP on the loopback address."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "SESSION_STORE", "RATELIMIT_"))
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_COOKIES": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(overrides)
    return env


def collect_static(static_root: Path) -> None:
    """DEBUG off serves hashed static files from a manifest; build one where the test says."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE_DIR,
        env=production_env(STATIC_ROOT=str(static_root)),
        check=True,
        timeout=120,
    )


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, port: int | None = None, workers: int = 1):
    """Serve the app with gunicorn and yield its base URL; stopped (and waited for) afterwards."""
    port = port or int(os.environ.get("TEST_GUNICORN_PORT", 0)) or free_port()
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "hsct_screen.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@contextlib.contextmanager
def hung_server():
    """A TCP server that accepts connections and never says a word: a database that hangs. Yields its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever():
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
            except OSError:
                continue
            held.append(connection)

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        listener.close()


class LiveClient:
    """Just enough of Django's test client over real HTTP for tests/questionnaire/journey.py."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def get(self, path: str, **kwargs):
        return _Response(self.session.get(self.base_url + path, allow_redirects=False, timeout=30, **kwargs))

    def post(self, path: str, data=None, **kwargs):
        if "csrftoken" not in self.session.cookies:
            self.get("/")
        data = {**(data or {}), "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return _Response(
            self.session.post(self.base_url + path, data=data, allow_redirects=False, timeout=30, **kwargs)
        )


class _Response:
    def __init__(self, response: requests.Response):
        self.raw = response
        self.status_code = response.status_code
        self.content = response.content
        self.seconds = response.elapsed.total_seconds()

    def __getitem__(self, header: str) -> str:
        return self.raw.headers[header]

    def json(self):
        return self.raw.json()
