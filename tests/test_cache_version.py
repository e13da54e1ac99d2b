"""The shared version read on every request: each call asks Redis, on a connection of the thread's own."""

import uuid

import pytest
from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError

from hsct_screen import cache_version
from hsct_screen.cache_version import CacheVersion
from tests.web.test_session_store import REDIS_URL, needs_redis


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-version-{uuid.uuid4().hex}",
        },
    }
    cache = caches["default"]
    yield cache
    cache.clear()
    cache.close()


@needs_redis
def test_every_read_asks_redis_so_a_version_written_by_another_process_is_seen_at_once(redis_cache):
    version = CacheVersion("test:version")
    first = version.current()
    assert first == redis_cache.get("test:version")
    redis_cache.set("test:version", "written-elsewhere", timeout=None)  # another app process publishes
    assert version.current() == "written-elsewhere"
    assert cache_version._reader.connection is not None  # read on the thread's own connection


@needs_redis
def test_the_reader_reads_what_django_redis_wrote_and_knows_a_missing_key(redis_cache):
    redis_cache.set("test:other", {"any": ["pickled", 1]}, timeout=None)
    assert cache_version._reader.get("test:other") == {"any": ["pickled", 1]}
    assert cache_version._reader.get("test:missing") is None


@needs_redis
def test_a_failed_read_goes_the_ordinary_way_and_the_next_read_reconnects(redis_cache, monkeypatch):
    version = CacheVersion("test:version")
    version.current()
    redis_cache.set("test:version", "after-a-failure", timeout=None)
    connection = cache_version._reader.connection

    def broken(*args, **kwargs):
        connection.disconnect()
        raise RedisConnectionError("the server went away")

    monkeypatch.setattr(connection, "send_command", broken)
    assert version.current() == "after-a-failure"
    monkeypatch.undo()
    # For a while the ordinary way is used (a Redis that is down is not waited for twice per request)...
    monkeypatch.setattr(connection, "send_command", broken)
    redis_cache.set("test:version", "while-waiting", timeout=None)
    assert version.current() == "while-waiting"
    monkeypatch.undo()
    # ...then the own connection again, which reconnects.
    monkeypatch.setattr(cache_version._reader, "retry_at", 0.0)
    redis_cache.set("test:version", "reconnected", timeout=None)
    assert version.current() == "reconnected"
    assert cache_version._reader.retry_at == 0.0


@needs_redis
def test_a_forked_process_makes_its_own_connection(redis_cache, monkeypatch):
    CacheVersion("test:version").current()
    parent = cache_version._reader.connection
    monkeypatch.setattr(cache_version.os, "getpid", lambda: -1)
    CacheVersion("test:version").current()
    assert cache_version._reader.connection is not parent


def test_with_a_cache_in_memory_the_version_is_read_from_it(settings):
    version = CacheVersion("test:version")
    first = version.current()
    caches["default"].set("test:version", "changed", timeout=None)
    assert version.current() == "changed" != first
    assert cache_version._reader.connection is None


@needs_redis
def test_a_value_that_is_not_text_is_decoded_afresh_on_every_read(redis_cache):
    redis_cache.set("test:other", {"kept": []}, timeout=None)
    first = cache_version._reader.get("test:other")
    first["kept"].append("changed by the caller")
    assert cache_version._reader.get("test:other") == {"kept": []}
