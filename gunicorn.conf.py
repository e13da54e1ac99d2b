"""gunicorn settings for HSCT Screen (read from this directory automatically; every value from the environment).

gthread workers: each process keeps a pool of threads and waits for a connection's request in an event loop,
so a client that sends its request one byte at a time holds one connection, not a whole worker. Idle and
half-sent connections are dropped after a few seconds. In production nginx sits in front and passes only
complete requests on; these settings keep gunicorn safe when it is reached directly.
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None


bind = f"{os.environ.get('HOST', '0.0.0.0')}:{_int('PORT', 8000)}"  # noqa: S104 (inside a container)
workers = _int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
# A client that trickles its request holds one thread until it is complete, so a worker survives up to
# threads - 1 such clients; more than that needs nginx in front, which passes on only complete requests.
threads = _int("GUNICORN_THREADS", 16)
# A request that takes longer than this is killed: no page here needs more than a second or two, and the
# database timeouts (DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT) end a stuck query well before it.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Idle keep-alive connections are closed after this many seconds.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so a slow leak never becomes an outage. Not too often: a new worker pays for
# Django's first requests again (URLs, templates, translations, per-process caches), and at 2,000 a busy
# 2-core server restarted a worker every few seconds (17 restarts in one `make bench`).
max_requests = _int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = max_requests // 10
# The app is imported once, before the workers are forked: a worker (and each recycled one) starts in
# milliseconds and shares the imported code's memory. Nothing opens a connection at import time; Django
# and django-redis connect on a worker's first request.
preload_app = True
# Small requests only: the largest form or API body is a few kilobytes.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# The control socket needs a writable home directory and is not used.
control_socket_disable = True
# No access log here: addresses, draft tokens and reference codes in URLs are personal. nginx logs what it must.
accesslog = None
