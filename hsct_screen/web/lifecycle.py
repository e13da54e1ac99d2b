"""What runs at the end of every request: Django's cache clean-up, without its fixed cost.

Django connects django.core.cache.close_caches to request_finished: it asks every cache this thread has opened to
close(). Finding them costs two thread-local look-ups per configured cache (about 5 us a request here), although
only backends that define their own close() have anything to do: BaseCache.close does nothing (the in-process
caches keep it). close_opened_caches does the same work for the caches whose backend defines close() (django-redis,
which drops its connections when DJANGO_REDIS_CLOSE_CONNECTION asks it to), in one look-up each, and for no other.

Django's other receivers stay as they are: the test client and assertNumQueries disconnect close_old_connections
and reset_queries by name while they run, which a stand-in would not follow; and reset_urlconf must keep resetting
a URLconf a request may have chosen.
"""

from django.core import signals
from django.core.cache import caches, close_caches
from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string

# (the CACHES settings they were worked out from, the aliases whose backend has a close() of its own). Tests that
# change CACHES get a new settings dict from Django (django.test.signals), so the aliases are worked out again.
_closing: tuple[object, tuple[str, ...]] = (None, ())


def _aliases_that_close(configured) -> tuple[str, ...]:
    return tuple(
        alias for alias, options in configured.items() if import_string(options["BACKEND"]).close is not BaseCache.close
    )


def close_opened_caches(**_kwargs) -> None:
    """close_caches: close() on each cache this thread has opened, skipping those whose close() does nothing."""
    global _closing
    configured = caches.settings
    if _closing[0] is not configured:
        _closing = (configured, _aliases_that_close(configured))
    opened = caches._connections  # the thread's opened caches, as CacheHandler.all(initialized_only=True) reads them
    for alias in _closing[1]:
        cache = getattr(opened, alias, None)
        if cache is not None:
            cache.close()


def use_cheaper_request_finished() -> None:
    """Put close_opened_caches in the place of Django's close_caches (called once, from WebConfig.ready)."""
    if signals.request_finished.disconnect(close_caches):
        signals.request_finished.connect(close_opened_caches, dispatch_uid="hsct_screen.close_opened_caches")
