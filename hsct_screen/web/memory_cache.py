"""Django's cache in this process's memory (LocMemCache), keeping values that cannot change as they are.

LocMemCache pickles every value it stores and unpickles it on every read, so that a caller who changes what it got
never changes what the next caller gets. A kept question page is read on every question page view, and copying it
out of its pickle, with the check of its key for memcached's rules, was about a third of serving it. Values that
nobody can change in place (text, bytes, numbers, None, and tuples of them) need no copy: they are kept as they
are and the same object is handed out. Anything else is pickled as before. The key check gives the same warnings
as Django's, looking at the key once with a regular expression instead of a character at a time.

Everything else (limits, culling, expiry, the lock, the one store per LOCATION shared by the process) is
LocMemCache's own.
"""

import pickle
import re

from django.core.cache.backends import locmem
from django.core.cache.backends.base import DEFAULT_TIMEOUT, MEMCACHE_MAX_KEY_LENGTH
from django.utils.safestring import SafeString

# Exactly these types (not subclasses, which could carry attributes that change), but for Django's safe text,
# which has no attributes of its own (__slots__ = ()).
_UNCHANGING = frozenset({str, bytes, int, float, bool, type(None), SafeString})
# What memcache_key_warnings warns about: control characters, spaces and DEL.
_NOT_FOR_MEMCACHED = re.compile(r"[\x00-\x20\x7f]")


def _unchanging(value) -> bool:
    kind = type(value)
    if kind in _UNCHANGING:
        return True
    return kind is tuple and all(_unchanging(item) for item in value)


class _AsIs:
    """A value kept unpickled (so it is never mistaken for the pickled bytes LocMemCache keeps)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class LocMemCache(locmem.LocMemCache):
    def _stored(self, value):
        return _AsIs(value) if _unchanging(value) else pickle.dumps(value, self.pickle_protocol)

    @staticmethod
    def _value(stored):
        return stored.value if type(stored) is _AsIs else pickle.loads(stored)  # noqa: S301 - this process's own

    def validate_key(self, key):
        if len(key) > MEMCACHE_MAX_KEY_LENGTH or _NOT_FOR_MEMCACHED.search(key):
            super().validate_key(key)  # Django's warnings, word for word

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        stored = self._stored(value)
        with self._lock:
            if self._has_expired(key):
                self._set(key, stored, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            stored = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return self._value(stored)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        stored = self._stored(value)
        with self._lock:
            self._set(key, stored, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")  # Django's message
            new_value = self._value(self._cache[key]) + delta
            self._cache[key] = self._stored(new_value)
            self._cache.move_to_end(key, last=False)
        return new_value
