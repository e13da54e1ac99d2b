"""A version number kept in Django's shared cache, so every app process can tell when cached data went stale.

Data cached under a key that includes the current version is dropped for every process at once by writing a
new version. `invalidate` writes it twice: at once (so the rest of the saving transaction, and tests, which
never commit, see the change) and again when the transaction commits (so a process that rebuilt from rows
not yet committed in between does not keep what it built).
"""

import threading
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

from hsct_screen import thread_redis


class _ThreadReader(threading.local):
    """The version read every request makes: on the thread's own connection (hsct_screen.thread_redis)."""

    backend = None
    last_stored: bytes | None = None
    last_value = None

    def _decode(self, backend, stored: bytes):
        # The same stored bytes decode to the same text: unpickle only when the version changed. (Only text is
        # kept, which nobody can change in place; anything else is decoded afresh each time.)
        if stored == self.last_stored and backend is self.backend:
            return self.last_value
        decoded = backend.client.decode(stored)
        if type(decoded) is str:
            self.backend, self.last_stored, self.last_value = backend, stored, decoded
        return decoded

    def get(self, key: str):
        return thread_redis.for_cache("default").get(key, decode=self._decode)


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
