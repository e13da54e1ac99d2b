"""The published criteria and the listed comparison sets, cached for evaluation and dropped on every change.

Every evaluation (the questionnaire's submit, the API) needs the published set with its criteria and the
listed comparison sets: four queries and a few hundred model rows each time, most of an API call's work.
They change only when an admin saves or publishes a set or a criterion, so they are kept in Django's cache
(Redis in production, shared by every app process) under a version number that lives in the same cache.
Any save or delete of a set or a criterion (bulk updates included), and every `migrate`, writes a new version; the next request in
any process reads the new version and rebuilds. Each process also keeps the last version it built in its
own memory, so a request costs one small cache read, not the unpickling of the sets.

The version itself is hsct_screen.cache_version's: written at once and again when the change commits.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import models

from hsct_screen.cache_version import CacheVersion
from hsct_screen.rules import ComparisonSet, CriterionSpec

VERSION_KEY = "criteria:published:version"
DATA_KEY = "criteria:published:{version}"
# Old versions are never read again; let the cache drop them after a day.
DATA_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class PublishedCriteria:
    """What an evaluation needs: the published set (a model instance, for the submission's foreign key),
    its enabled criteria as the rules engine's specs, and the other listed sets as comparisons."""

    criteria_set: object  # CriteriaSet; not imported here, so the models can import this module
    specs: tuple[CriterionSpec, ...]
    comparisons: tuple[ComparisonSet, ...]


# This process's last build: (version, data). Replaced whole, so threads never see half of one.
_memo: tuple[str, PublishedCriteria] | None = None


def _forget_this_process_build() -> None:
    global _memo
    _memo = None


_VERSION = CacheVersion(VERSION_KEY, on_new_version=_forget_this_process_build)
current_version = _VERSION.current
invalidate = _VERSION.invalidate


class InvalidatingQuerySet(models.QuerySet):
    """The managers of sets and criteria: bulk writes send no save signal, so they drop the cache themselves."""

    def update(self, **kwargs):
        invalidate()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        invalidate()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        invalidate()
        return super().bulk_create(objs, *args, **kwargs)


def published_criteria(build) -> PublishedCriteria:
    """The cached PublishedCriteria; `build()` makes it from the database when this version has none yet.

    Raises whatever `build` raises (NoPublishedCriteria), and caches nothing then.
    """
    global _memo
    version = current_version()
    memo = _memo
    if memo is not None and memo[0] == version:
        return memo[1]
    key = DATA_KEY.format(version=version)
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, timeout=DATA_TIMEOUT)
    _memo = (version, data)
    return data
