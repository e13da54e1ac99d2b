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
# Per language: the texts in the specs and comparisons are those of the language they were built for.
DATA_KEY = "criteria:published:{version}:{language}"
# Old versions are never read again; let the cache drop them after a day.
DATA_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class PublishedCriteria:
    """What an evaluation needs: the published set (a model instance, for the submission's foreign key),
    its enabled criteria as the rules engine's specs, and the other listed sets as comparisons."""

    criteria_set: object  # CriteriaSet; not imported here, so the models can import this module
    specs: tuple[CriterionSpec, ...]
    comparisons: tuple[ComparisonSet, ...]


# This process's last build per language: {language: (version, data)}. Each entry is replaced whole.
_memo: dict[str, tuple[str, PublishedCriteria]] = {}


def _forget_this_process_build() -> None:
    _memo.clear()


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


def published_criteria(build, language: str) -> PublishedCriteria:
    """The cached PublishedCriteria in `language`; `build()` makes them from the database when this version has none.

    `build()` returns {language: PublishedCriteria} for every language from one read of the database,
    so a second language costs no queries; each is cached under its own key (one language's texts are
    never served for another). Raises whatever `build` raises (NoPublishedCriteria), and caches nothing then.
    """
    version = current_version()
    memo = _memo.get(language)
    if memo is not None and memo[0] == version:
        return memo[1]
    data = cache.get(DATA_KEY.format(version=version, language=language))
    if data is None:
        built = build()
        cache.set_many(
            {DATA_KEY.format(version=version, language=code): value for code, value in built.items()},
            timeout=DATA_TIMEOUT,
        )
        for code, value in built.items():
            _memo[code] = (version, value)
        return built[language]
    _memo[language] = (version, data)
    return data
