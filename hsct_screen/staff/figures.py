"""The staff queue's counts and the overview's weekly figures, cached until the next write to what they count.

Counting every submission by outcome and review status (the queue) or grouping a quarter's submissions by day
(the overview) reads every row, which at 100,000 submissions is most of the page's time. The figures are
kept in Django's cache (Redis in production, shared by every app process) under a version number in the same
cache; every save or delete of a submission, a review or a contact request writes a new version, so staff
always see exact figures: the first page after a change counts again, the others read the cache. A code path
that changes these rows with a queryset `update()` (which sends no signal) must call `invalidate()`; as a
safety net no figure is kept longer than FIGURES_TIMEOUT.
"""

import hashlib

from django.core.cache import cache

from hsct_screen.cache_version import CacheVersion

VERSION_KEY = "staff:figures:version"
FIGURES_TIMEOUT = 5 * 60


_VERSION = CacheVersion(VERSION_KEY)
# Connected to the save and delete signals of what the figures count (see apps.py).
invalidate = _VERSION.invalidate


def cached(name: str, identity: str, compute):
    """`compute()`'s value for this `identity` (a query's SQL, a period), from the cache while nothing changed."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"staff:figures:{name}:{_VERSION.current()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=FIGURES_TIMEOUT)
    return value
