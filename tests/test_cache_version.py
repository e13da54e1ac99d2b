"""The shared version read on every request: each call asks Redis, on a connection of the thread's own."""

import uuid

import pytest
from django.core.cache import caches

from hsct_screen import cache_version, thread_redis
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
    assert thread_redis.for_cache("default").connection is not None  # read on the thread's own connection


@needs_redis
def test_the_reader_reads_what_django_redis_wrote_and_knows_a_missing_key(redis_cache):
    redis_cache.set("test:other", {"any": ["pickled", 1]}, timeout=None)
    assert cache_version._reader.get("test:other") == {"any": ["pickled", 1]}
    assert cache_version._reader.get("test:missing") is None


def test_with_a_cache_in_memory_the_version_is_read_from_it(settings):
    version = CacheVersion("test:version")
    first = version.current()
    caches["default"].set("test:version", "changed", timeout=None)
    assert version.current() == "changed" != first
    assert thread_redis.for_cache("default").connection is None


@needs_redis
def test_a_value_that_is_not_text_is_decoded_afresh_on_every_read(redis_cache):
    redis_cache.set("test:other", {"kept": []}, timeout=None)
    first = cache_version._reader.get("test:other")
    first["kept"].append("changed by the caller")
    assert cache_version._reader.get("test:other") == {"kept": []}


@needs_redis
def test_the_same_text_is_unpickled_once_and_a_new_version_is_read_as_written(redis_cache, monkeypatch):
    redis_cache.set("test:version", "one", timeout=None)
    assert cache_version._reader.get("test:version") == "one"
    decoded = []
    decode = redis_cache.client.decode
    monkeypatch.setattr(redis_cache.client, "decode", lambda value: decoded.append(value) or decode(value))
    assert cache_version._reader.get("test:version") == "one"
    assert decoded == []
    redis_cache.set("test:version", "two", timeout=None)
    assert cache_version._reader.get("test:version") == "two"
    assert len(decoded) == 1
