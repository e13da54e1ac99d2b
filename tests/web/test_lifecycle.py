"""The end of a request: every cache this thread opened and whose backend has a close() of its own is closed."""

import weakref

from django.core import signals
from django.core.cache import caches, close_caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from hsct_screen.web.lifecycle import close_opened_caches

closed: list[str] = []


class ClosingCache(LocMemCache):
    """A cache whose close() does something, like django-redis's."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self.location = name

    def close(self, **kwargs):
        closed.append(self.location)


CLOSING = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "closing": {"BACKEND": "tests.web.test_lifecycle.ClosingCache", "LOCATION": "closing"},
    "other": {"BACKEND": "tests.web.test_lifecycle.ClosingCache", "LOCATION": "other"},
}


def test_the_end_of_a_request_closes_caches_through_this_module_and_not_djangos():
    receivers = [
        receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
        for _key, receiver, _is_async in signals.request_finished.receivers
    ]
    assert close_opened_caches in receivers
    assert close_caches not in receivers


@override_settings(CACHES=CLOSING)
def test_a_cache_opened_during_the_request_is_closed_at_its_end_and_one_never_opened_is_left_alone():
    closed.clear()
    caches["closing"].get("anything")

    close_opened_caches()  # as request_finished calls it (the test above checks it is connected)

    assert closed == ["closing"]
    assert not any(getattr(cache, "location", None) == "other" for cache in caches.all(initialized_only=True))
