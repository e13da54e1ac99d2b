"""Django's cache session store, with a session read and saved on the thread's own connection to Redis.

Django's cache backend saves a changed session by first reading it back (a deleted session must not come back:
that is an UpdateError) and then writing it: two round trips to Redis on every saved answer, and a gap between
them. With django-redis the same rule is one atomic command, `SET ... XX` (write only if the key still exists).
Both that command and the read of the session every questionnaire page makes go through
hsct_screen.thread_redis: the same key, serializer and compressor as django-redis's, on a connection of the
thread's own, and the cache's ordinary way on any error. Any other cache (this process's memory in development
and tests) gets Django's own load and save, unchanged.

A store is made for every request, so it looks up its cache and serializer only when first needed.
"""

from django.conf import settings
from django.contrib.sessions.backends import cache as django_cache
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache import caches
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

from hsct_screen import thread_redis

try:
    from django_redis.cache import RedisCache
except ImportError:  # pragma: no cover - django-redis is in requirements.txt
    RedisCache = None


class SessionStore(django_cache.SessionStore):
    def __init__(self, session_key=None):
        # Django's __init__ (the cache store's and SessionBase's) without its two look-ups, which are made when first
        # needed instead: SessionMiddleware makes a store for every request, and most never load or save one.
        self._session_key = session_key
        self.accessed = False
        self.modified = False

    @cached_property
    def _cache(self):
        return caches[settings.SESSION_CACHE_ALIAS]

    @cached_property
    def serializer(self):
        # SessionBase's (used only to encode and decode sessions; the cache store keeps the dictionary as it is).
        return import_string(settings.SESSION_SERIALIZER)

    def _redis(self):
        """The per-thread connections for the session cache, or None when it is not django-redis's."""
        if RedisCache is None or not isinstance(self._cache, RedisCache):
            return None
        return thread_redis.for_cache(settings.SESSION_CACHE_ALIAS)

    def load(self):
        redis = self._redis()
        if redis is None:
            return super().load()
        # Django's load, the read made on the thread's own connection.
        try:
            session_data = redis.get(self.cache_key, backend=self._cache)
        except Exception:
            session_data = None
        if session_data is not None:
            return session_data
        self._session_key = None
        return {}

    def save(self, must_create=False):
        redis = None if must_create or self.session_key is None else self._redis()
        if redis is None:
            return super().save(must_create=must_create)
        # False when the key is gone (deleted, or expired meanwhile): as Django's backend, never bring it back.
        if not redis.set_existing(self.cache_key, self._get_session(), self.get_expiry_age(), backend=self._cache):
            raise UpdateError
