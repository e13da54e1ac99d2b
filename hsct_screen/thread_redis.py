"""A thread's own connection to the shared cache's Redis server, for the few commands every request makes.

`cache.get` and `cache.set` through django-redis and redis-py cost about twice the work of the command itself:
the pool's lock, a check that the borrowed connection has no stray data (one more system call), retries and
metrics, on every call. A connection that only this thread uses needs none of that: nothing else can leave data
on it, and redis-py's own Connection drops its socket on any error or timeout, so a failed command never leaves
half a reply behind.

The connection is made exactly as django-redis's pool makes its connections (same address, database, password,
protocol and timeouts), again after a fork, and again when the cache settings change. Keys are made by the
cache's own key function (prefix and version included) and values encoded and decoded by django-redis's own
serializer and compressor, so what one way writes the other reads. Anything unusual (another cache backend or
client, replicas, redis-py's client-side caching, connections closed after each request) and any error go the
ordinary way through the cache, which keeps django-redis's handling of errors (raised, or ignored when the
settings say so).
"""

import os
import threading
import time

from django.conf import settings
from django.core.cache import caches

try:
    from django_redis.cache import RedisCache
    from django_redis.client import DefaultClient
except ImportError:  # pragma: no cover (django-redis is a requirement; this keeps the module importable)
    RedisCache = DefaultClient = None


def _own_connection(backend):
    """A new connection made like the backend's pooled ones, or None when the ordinary way should be used."""
    client = getattr(backend, "client", None)
    if RedisCache is None or type(backend) is not RedisCache or type(client) is not DefaultClient:
        return None  # another cache (memory in development and tests): its own calls are cheap there
    if len(client._server) != 1:
        return None  # replicas: which server a read or write goes to stays django-redis's choice
    if client._options.get("CLOSE_CONNECTION", getattr(settings, "DJANGO_REDIS_CLOSE_CONNECTION", False)):
        return None  # connections are not to outlive a request
    pool = client.get_client(write=True).connection_pool
    if getattr(pool, "cache", None) is not None:
        return None  # redis-py's client-side caching: leave it to redis-py
    return pool.connection_class(**pool.connection_kwargs)


def _packed(connection, args) -> list[bytes] | None:
    """The command as redis-py's packer sends it (one RESP array of bulk strings), for text, bytes and integers.

    redis-py's packer handles every kind of argument and splits large values into chunks, for about 2 us a
    command; these commands hold a key, a short number or two and at most a session. None: anything else, which
    redis-py packs itself."""
    encoder = connection.encoder
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, str):
            arg = arg.encode(encoder.encoding, encoder.encoding_errors)
        elif type(arg) is int:
            arg = b"%d" % arg
        elif type(arg) is not bytes:
            return None
        parts.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return [b"".join(parts)]


class ThreadRedis(threading.local):
    """Commands on this thread's own connection to the Redis server behind the cache named `alias`."""

    # After a failed command, this many seconds go the ordinary way before the own connection is tried again,
    # so a Redis that is down costs one connection timeout per command, as before, not two.
    RETRY_AFTER = 10.0

    def __init__(self, alias: str = "default"):
        self.alias = alias
        self.backend = None
        self.pid = 0
        self.connection = None
        self.retry_at = 0.0

    def reset(self, backend) -> None:
        self.backend, self.pid, self.connection, self.retry_at = backend, os.getpid(), None, 0.0
        try:
            self.connection = _own_connection(backend)
        except Exception:  # anything unexpected: the ordinary way, which reports errors as it always did
            self.connection = None

    def _ready(self, backend):
        """(backend, connection): the connection is None when this command goes the ordinary way."""
        if backend is None:
            backend = caches[self.alias]
        if self.backend is not backend or self.pid != os.getpid():
            self.reset(backend)
        connection = self.connection
        if connection is not None and self.retry_at:
            if time.monotonic() < self.retry_at:
                return backend, None
            self.retry_at = 0.0
        return backend, connection

    def _command(self, connection, *args):
        packed = _packed(connection, args)
        if packed is None:
            connection.send_command(*args)
        else:
            connection.send_packed_command(packed)  # what send_command does with what its packer made
        return connection.read_response()

    def _failed(self) -> None:
        # On a socket error or timeout the connection has dropped its socket (an error reply from Redis is read
        # whole), so the next command starts clean; this one goes the ordinary way, which decides.
        self.retry_at = time.monotonic() + self.RETRY_AFTER

    def get(self, key: str, *, backend=None, decode=None):
        """`cache.get(key)`. `backend` saves looking the cache up again when the caller has it (it must be the
        alias's); `decode(backend, stored)` may stand in for django-redis's decoding of the stored bytes."""
        backend, connection = self._ready(backend)
        if connection is None:
            return backend.get(key)
        try:
            stored = self._command(connection, "GET", backend.make_key(key))
        except Exception:
            self._failed()
            return backend.get(key)
        if stored is None:
            return None
        return backend.client.decode(stored) if decode is None else decode(backend, stored)

    def set_existing(self, key: str, value, timeout: int, *, backend=None) -> bool:
        """django-redis's `cache.set(key, value, timeout, xx=True)`: write only if the key is there, else False.

        For django-redis caches only (Django's other caches have no `xx`)."""
        backend, connection = self._ready(backend)
        if connection is None or type(timeout) is not int or timeout <= 0:
            # No expiry, or one already past (django-redis deletes the key then): as django-redis does it.
            return backend.set(key, value, timeout, xx=True)
        try:
            # django-redis's own command for this call: SET key value PX milliseconds XX.
            reply = self._command(
                connection, "SET", backend.make_key(key), backend.client.encode(value), "PX", timeout * 1000, "XX"
            )
        except Exception:
            self._failed()
            return backend.set(key, value, timeout, xx=True)
        # "OK" when written; nothing when the key was not there (redis-py reads the reply the same way).
        return reply is not None and (reply == b"OK" or reply == "OK")


_per_alias: dict[str, ThreadRedis] = {}


def for_cache(alias: str = "default") -> ThreadRedis:
    """The per-thread connections for one cache alias (shared by everything that uses that cache)."""
    thread_redis = _per_alias.get(alias)
    if thread_redis is None:
        thread_redis = _per_alias.setdefault(alias, ThreadRedis(alias))
    return thread_redis
