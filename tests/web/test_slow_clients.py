"""Clients that send their request a byte at a time cannot keep others waiting (gunicorn.conf.py's gthread workers).

Before: sync workers, and 8 such connections made `GET /` take 62 s. nginx in front (docker/nginx.conf) buffers
whole requests, so in production gunicorn never sees a trickle at all; this checks gunicorn on its own.
"""

import socket
import threading
import time

import requests

from tests.web import live

TRICKLERS = 8


def test_eight_trickling_connections_do_not_delay_a_normal_request(static_root):
    env = live.production_env(SESSION_STORE="cache", STATIC_ROOT=str(static_root))
    stop = threading.Event()
    with live.gunicorn(env, workers=2) as base_url:
        port = int(base_url.rsplit(":", 1)[1])

        def trickle():
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                while not stop.wait(0.5):
                    try:
                        sock.sendall(b"X")
                    except OSError:
                        return

        threads = [threading.Thread(target=trickle, daemon=True) for _ in range(TRICKLERS)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(1)  # every trickler has connected and is mid-request
            timings = []
            for _ in range(3):
                start = time.monotonic()
                response = requests.get(base_url + "/", timeout=30)
                timings.append(time.monotonic() - start)
                assert response.status_code == 200
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=5)

    assert max(timings) < 2, timings
