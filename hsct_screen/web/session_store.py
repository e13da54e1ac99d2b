"""Django's cache session store, saving an existing session in one Redis command instead of two.

Django's cache backend saves a changed session by first reading it back (a deleted session must not come back:
that is an UpdateError) and then writing it: two round trips to Redis on every saved answer, and a gap between
them. With django-redis the same rule is one atomic command, `SET ... XX` (write only if the key still exists).
Any other cache (this process's memory in development and tests) gets Django's own save, unchanged.
"""

from django.contrib.sessions.backends import cache as django_cache
from django.contrib.sessions.backends.base import UpdateError

try:
    from django_redis.cache import RedisCache
except ImportError:  # pragma: no cover - django-redis is in requirements.txt
    RedisCache = None


class SessionStore(django_cache.SessionStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None or RedisCache is None or not isinstance(self._cache, RedisCache):
            return super().save(must_create=must_create)
        # False when the key is gone (deleted, or expired meanwhile): as Django's backend, never bring it back.
        if not self._cache.set(self.cache_key, self._get_session(), self.get_expiry_age(), xx=True):
            raise UpdateError
