"""A thread's own Redis connection: the same keys and stored bytes as django-redis, the cache's way on errors."""

import threading
import uuid

import pytest
import redis
from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError

from hsct_screen import thread_redis
from tests.web.test_session_store import REDIS_URL, needs_redis


def _redis_settings(prefix: str, **options) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
        **({"OPTIONS": options} if options else {}),
    }


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": _redis_settings(f"test-thread-{uuid.uuid4().hex}")}
    cache = caches["default"]
    yield cache
    cache.clear()
    cache.close()


@pytest.fixture
def own():
    return thread_redis.for_cache("default")


@needs_redis
def test_a_value_written_by_the_cache_is_read_on_the_own_connection_and_a_missing_key_is_none(redis_cache, own):
    redis_cache.set("test:value", {"any": ["pickled", 1]}, timeout=60)
    redis_cache.set("test:number", 7, timeout=60)  # django-redis keeps integers unpickled
    assert own.get("test:value") == {"any": ["pickled", 1]}
    assert own.get("test:number") == 7
    assert own.get("test:missing") is None
    assert own.connection is not None


@needs_redis
def test_a_value_written_on_the_own_connection_is_read_by_the_cache_with_its_expiry(redis_cache, own):
    redis_cache.set("test:value", "before", timeout=60)
    assert own.set_existing("test:value", {"after": [1, 2]}, 120) is True
    assert redis_cache.get("test:value") == {"after": [1, 2]}
    assert 60 < redis_cache.ttl("test:value") <= 120


@needs_redis
def test_writing_only_when_there_never_brings_a_missing_key_back(redis_cache, own):
    assert own.set_existing("test:gone", "value", 60) is False
    assert redis_cache.get("test:gone") is None
    assert own.connection is not None


@needs_redis
def test_keys_carry_the_cache_prefix_and_version(redis_cache, own, settings):
    own.get("test:value")  # the connection is made
    redis_cache.set("test:value", "ours", timeout=60)
    connection = own.connection
    connection.send_command("GET", f"{settings.CACHES['default']['KEY_PREFIX']}:1:test:value")
    assert redis_cache.client.decode(connection.read_response()) == "ours"
    # A cache under another prefix in the same database does not see it.
    settings.CACHES = {**settings.CACHES, "default": _redis_settings("test-thread-other-prefix")}
    assert thread_redis.for_cache("default").get("test:value") is None
    assert own.connection is not connection


@needs_redis
def test_a_compressed_and_differently_serialized_cache_is_read_and_written_as_django_redis_does(settings, own):
    settings.CACHES = {
        **settings.CACHES,
        "default": _redis_settings(
            f"test-thread-{uuid.uuid4().hex}",
            SERIALIZER="django_redis.serializers.json.JSONSerializer",
            COMPRESSOR="django_redis.compressors.zlib.ZlibCompressor",
        ),
    }
    cache = caches["default"]
    try:
        long_text = "x" * 1000  # long enough to be compressed
        cache.set("test:value", {"text": long_text}, timeout=60)
        assert own.get("test:value") == {"text": long_text}
        assert own.set_existing("test:value", {"text": long_text + "y"}, 60)
        assert cache.get("test:value") == {"text": long_text + "y"}
        assert own.connection is not None
    finally:
        cache.clear()
        cache.close()


@needs_redis
def test_a_failed_command_goes_the_ordinary_way_and_a_later_one_reconnects(redis_cache, own, monkeypatch):
    redis_cache.set("test:value", "after-a-failure", timeout=60)
    own.get("test:value")
    connection = own.connection

    def broken(*args, **kwargs):
        connection.disconnect()
        raise RedisConnectionError("the server went away")

    monkeypatch.setattr(connection, "send_packed_command", broken)
    assert own.get("test:value") == "after-a-failure"
    monkeypatch.undo()
    # For a while the ordinary way is used (a Redis that is down is not waited for twice per command)...
    monkeypatch.setattr(connection, "send_packed_command", broken)
    assert own.set_existing("test:value", "while-waiting", 60) is True
    assert redis_cache.get("test:value") == "while-waiting"
    monkeypatch.undo()
    # ...then the own connection again, which reconnects.
    monkeypatch.setattr(own, "retry_at", 0.0)
    redis_cache.set("test:value", "reconnected", timeout=60)
    assert own.get("test:value") == "reconnected"
    assert own.set_existing("test:value", "written-again", 60) is True
    assert redis_cache.get("test:value") == "written-again"
    assert own.retry_at == 0.0 and own.connection is connection


@needs_redis
def test_a_failed_write_is_made_the_ordinary_way(redis_cache, own, monkeypatch):
    redis_cache.set("test:value", "before", timeout=60)
    own.get("test:value")

    def broken(*args, **kwargs):
        raise RedisConnectionError("the server went away")

    monkeypatch.setattr(own.connection, "send_packed_command", broken)
    assert own.set_existing("test:value", "after", 60) is True
    assert own.set_existing("test:gone", "after", 60) is False
    assert redis_cache.get("test:value") == "after"
    assert redis_cache.get("test:gone") is None


@needs_redis
def test_errors_the_ordinary_way_raises_are_raised_as_before(redis_cache, own, monkeypatch):
    own.get("test:value")

    def broken(*args, **kwargs):
        raise RedisConnectionError("the server went away")

    monkeypatch.setattr(own.connection, "send_packed_command", broken)
    monkeypatch.setattr(redis_cache.client, "get", broken)
    with pytest.raises(RedisConnectionError):
        own.get("test:value")


@needs_redis
def test_an_expiry_already_past_or_none_is_left_to_django_redis(redis_cache, own, monkeypatch):
    redis_cache.set("test:value", "before", timeout=60)
    own.get("test:value")
    sent = []
    send = own.connection.send_packed_command
    monkeypatch.setattr(own.connection, "send_packed_command", lambda *args, **kwargs: sent.append(args) or send(*args))
    assert own.set_existing("test:value", "kept", None) is True
    assert redis_cache.ttl("test:value") is None  # no expiry
    assert own.set_existing("test:value", "gone", 0) is True  # django-redis deletes the key then
    assert redis_cache.get("test:value") is None
    assert sent == []


@needs_redis
def test_a_forked_process_makes_its_own_connection(redis_cache, own, monkeypatch):
    own.get("test:value")
    parent = own.connection
    monkeypatch.setattr(thread_redis.os, "getpid", lambda: -1)
    redis_cache.set("test:value", "in-the-child", timeout=60)
    assert own.get("test:value") == "in-the-child"
    assert own.connection is not parent and own.connection is not None


@needs_redis
def test_each_thread_has_its_own_connection(redis_cache, own):
    redis_cache.set("test:value", "shared", timeout=60)
    assert own.get("test:value") == "shared"
    seen = {}

    def other_thread():
        other_cache = caches["default"]  # each thread has its own cache object, as Django makes them
        seen["value"] = own.get("test:value")
        seen["connection"] = own.connection
        own.connection.disconnect()
        other_cache.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen["value"] == "shared"
    assert seen["connection"] is not None and seen["connection"] is not own.connection


def test_with_a_cache_in_memory_the_cache_itself_is_read(own):
    caches["default"].set("test:value", "in-memory", timeout=60)
    assert own.get("test:value") == "in-memory"
    assert own.get("test:missing") is None
    assert own.connection is None


@needs_redis
@pytest.mark.parametrize(
    "options",
    [{"CLOSE_CONNECTION": True}, {"CLIENT_CLASS": "django_redis.client.HerdClient"}],
    ids=["connections-closed-after-each-request", "another-client"],
)
def test_setups_it_does_not_know_go_the_ordinary_way(settings, own, options):
    settings.CACHES = {**settings.CACHES, "default": _redis_settings(f"test-thread-{uuid.uuid4().hex}", **options)}
    _assert_read_the_ordinary_way(own)


def _assert_read_the_ordinary_way(own) -> None:
    cache = caches["default"]
    try:
        cache.set("test:value", "ordinary", timeout=60)
        assert own.get("test:value") == "ordinary"
        assert own.connection is None
    finally:
        cache.clear()
        cache.close()


@needs_redis
def test_replicas_go_the_ordinary_way(settings, own):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**_redis_settings(f"test-thread-{uuid.uuid4().hex}"), "LOCATION": [REDIS_URL, REDIS_URL]},
    }
    _assert_read_the_ordinary_way(own)


@pytest.mark.parametrize(
    "args",
    [
        ("GET", "prefix:1:key"),
        ("SET", "prefix:1:ñandú", b"\x80\x05pickled\r\n" * 1000, "PX", 14_400_000, "XX"),
        ("SET", "k", 7, "PX", 0, "XX"),
        ("GET", ""),
    ],
    ids=["get", "set-a-large-value", "set-an-integer", "empty-key"],
)
def test_commands_are_packed_as_redis_py_packs_them(args):
    connection = redis.Connection()
    assert b"".join(thread_redis._packed(connection, args)) == b"".join(connection._command_packer.pack(*args))


@pytest.mark.parametrize("odd", [1.5, True, memoryview(b"x"), None], ids=["float", "bool", "memoryview", "none"])
def test_other_arguments_are_left_to_redis_py(odd):
    assert thread_redis._packed(redis.Connection(), ("SET", "key", odd)) is None
