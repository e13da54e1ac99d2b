"""A version number kept in Django's shared cache, so every app process can tell when cached data went stale.

Data cached under a key that includes the current version is dropped for every process at once by writing a
new version. `invalidate` writes it twice: at once (so the rest of the saving transaction, and tests, which
never commit, see the change) and again when the transaction commits (so a process that rebuilt from rows
not yet committed in between does not keep what it built).
"""

import os
import threading
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache, caches
from django.db import transaction

try:
    from django_redis.cache import RedisCache
    from django_redis.client import DefaultClient
except ImportError:  # pragma: no cover (django-redis is a requirement; this keeps the module importable)
    RedisCache = DefaultClient = None


class _ThreadReader(threading.local):
    """This thread's own connection to the cache's Redis server, for the version read every request makes.

    `cache.get` through django-redis and redis-py costs about twice the work of the GET itself: the pool's
    lock, a check that the borrowed connection has no stray data (one more system call), retries and
    metrics, on every call. A connection that only this thread uses needs none of that: nothing else can
    leave data on it, and redis-py's own Connection drops its socket on any error or timeout, so a
    failed read never leaves half a reply behind. It is made exactly as the pool makes its connections
    (same address, database, password, protocol and timeouts), again after a fork, and again when the
    cache settings change. Anything unusual, and any error, goes the ordinary way through `cache.get`,
    which keeps django-redis's handling of errors.
    """

    backend = None
    pid = 0
    connection = None
    keys: dict | None = None
    last_stored: bytes | None = None
    last_value = None

    # After a failed read, this many seconds go the ordinary way before the own connection is tried again,
    # so a Redis that is down costs one connection timeout per request, as before, not two.
    RETRY_AFTER = 10.0
    retry_at = 0.0

    def reset(self, backend) -> None:
        self.backend, self.pid, self.connection, self.keys = backend, os.getpid(), None, {}
        self.last_stored = self.last_value = None
        self.retry_at = 0.0
        client = getattr(backend, "client", None)
        if RedisCache is None or type(backend) is not RedisCache or type(client) is not DefaultClient:
            return  # another cache (memory in development and tests): `cache.get` is cheap there
        try:
            pool = client.get_client(write=False).connection_pool
            if getattr(pool, "cache", None) is None:  # with redis-py's client-side caching, leave it to redis-py
                self.connection = pool.connection_class(**pool.connection_kwargs)
        except Exception:  # anything unexpected: the ordinary way, which reports errors as it always did
            self.connection = None

    def get(self, key: str):
        backend = caches["default"]
        if self.backend is not backend or self.pid != os.getpid():
            self.reset(backend)
        connection = self.connection
        if connection is None or (self.retry_at and time.monotonic() < self.retry_at):
            return cache.get(key)
        stored_key = self.keys.get(key)
        if stored_key is None:
            stored_key = self.keys[key] = backend.make_key(key)
        try:
            connection.send_command("GET", stored_key)
            value = connection.read_response()
        except Exception:
            # On a socket error or timeout the connection has dropped its socket (an error reply from Redis
            # is read whole), so the next read starts clean; this one goes the ordinary way, which decides.
            self.retry_at = time.monotonic() + self.RETRY_AFTER
            return cache.get(key)
        self.retry_at = 0.0
        if value is None:
            return None
        # The same stored bytes decode to the same text: unpickle only when the version changed. (Only
        # text is kept, which nobody can change in place; anything else is decoded afresh each time.)
        if value == self.last_stored:
            return self.last_value
        decoded = backend.client.decode(value)
        if type(decoded) is str:
            self.last_value, self.last_stored = decoded, value
        return decoded


_reader = _ThreadReader()


class CacheVersion:
    def __init__(self, key: str, *, on_new_version: Callable[[], None] | None = None):
        self.key = key
        # Anything a process keeps in its own memory for the current version, dropped with it.
        self.on_new_version = on_new_version

    def current(self) -> str:
        version = _reader.get(self.key)
        if version is None:
            # First use, or the cache was emptied: start a version (add: if two processes race, one wins).
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self.key)
        return version

    def new_version(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
        if self.on_new_version is not None:
            self.on_new_version()

    def invalidate(self, **_signal_kwargs) -> None:
        """Make every process rebuild on its next read: now, and again once the change is committed."""
        self.new_version()
        transaction.on_commit(self.new_version)
