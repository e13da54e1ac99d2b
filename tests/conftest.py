"""Shared fixtures; the session header names the database engine and version in use."""

import pytest
from django.db import connection
from pytest_django.plugin import blocking_manager_key


def pytest_configure(config):
    """Pages are translated from the compiled catalogues: compile any that changed since (as `make messages`)."""
    from tools import compile_messages

    for po_path in compile_messages.catalogues():
        if compile_messages.is_stale(po_path):
            compile_messages.compile_catalogue(po_path)


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    try:
        # pytest-django blocks database access outside tests; the header may look once, then lets go.
        with config.stash[blocking_manager_key].unblock():
            connection.ensure_connection()
            version = ".".join(str(part) for part in connection.get_database_version())
            connection.close()
    except Exception as error:  # the header must never stop the run
        version = f"unreachable ({error.__class__.__name__})"
    return f"database: {engine} {version}"


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


def pytest_collection_modifyitems(items):
    """Refuse a transactional test that would wipe the seeded rows (default criteria, groups) for later tests.

    A transactional test empties the database when it ends. Without serialized rollback the flush also re-runs
    post_migrate, after which a later serialized test cannot load its copy and the data-migration rows (the
    published default criteria) are gone for every test after it. Say it in the marker, where readers look.
    """
    unsafe = [
        item.nodeid
        for item in items
        if (marker := item.get_closest_marker("django_db"))
        and marker.kwargs.get("transaction")
        and not marker.kwargs.get("serialized_rollback")
    ]
    if unsafe:
        raise pytest.UsageError("transactional tests must also set serialized_rollback=True: " + ", ".join(unsafe))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches (rate-limit counters, sessions, cached criteria and page fragments)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test ends in the default language. A request through the test client runs in the test's own
    thread, and the language middleware leaves the language it chose active there (harmless in production,
    where every request chooses again), so a Spanish request would otherwise make later tests Spanish."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def spanish_for(monkeypatch):
    """Give msgids a Spanish text for this test only, whatever the committed catalogue holds yet:
    `spanish_for({"Start now": "Empezar"})`. Restored when the test ends."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("es")._catalog

    def give(texts: dict[str, str]) -> None:
        for msgid, msgstr in texts.items():
            monkeypatch.setitem(catalogue._catalogs[0], msgid, msgstr)

    return give
