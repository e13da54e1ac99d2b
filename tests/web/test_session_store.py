"""The session store: an existing session saved in Redis with one command, never brought back once deleted."""

import uuid

import pytest
from django.contrib.sessions.backends import cache as django_cache
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError

from hsct_screen import thread_redis
from hsct_screen.web.session_store import SessionStore

REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_is_there() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


needs_redis = pytest.mark.skipif(not _redis_is_there(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_sessions(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-sessions-{uuid.uuid4().hex}",
        },
    }
    cache = caches["default"]
    yield cache
    cache.clear()
    cache.close()


class CountingCommands:
    """Lists the commands sent, through the Redis client (its pool) and on the thread's own connection."""

    def __init__(self, cache, monkeypatch):
        self.sent = []
        self.sent_on_own_connection = []
        client = cache.client.get_client(write=True)
        original = client.execute_command

        def execute_command(*args, **kwargs):
            self.sent.append(args[0])
            return original(*args, **kwargs)

        monkeypatch.setattr(client, "execute_command", execute_command)
        own = thread_redis.for_cache("default")
        own.get("any key")  # the thread's connection is made for this cache
        send_packed_command = own.connection.send_packed_command

        def send_on_own_connection(packed, *args, **kwargs):
            # The command's name is the first bulk string of the packed array: *<n>, $<length>, <name>.
            name = b"".join(packed).split(b"\r\n")[2].decode()
            self.sent.append(name)
            self.sent_on_own_connection.append(name)
            return send_packed_command(packed, *args, **kwargs)

        monkeypatch.setattr(own.connection, "send_packed_command", send_on_own_connection)


@needs_redis
def test_saving_a_changed_session_sends_one_command_and_keeps_the_data(redis_sessions, monkeypatch):
    session = SessionStore()
    session["answers"] = {"ms_type": "rrms"}
    session.save()
    key = session.session_key

    loaded = SessionStore(key)
    assert loaded["answers"] == {"ms_type": "rrms"}
    loaded["answers"] = {"ms_type": "spms"}
    counting = CountingCommands(redis_sessions, monkeypatch)
    loaded.save()

    assert counting.sent == ["SET"]
    assert counting.sent_on_own_connection == ["SET"]
    assert SessionStore(key)["answers"] == {"ms_type": "spms"}
    assert 0 < redis_sessions.ttl(f"django.contrib.sessions.cache{key}") <= session.get_expiry_age()


@needs_redis
def test_a_deleted_session_is_not_brought_back_by_a_save(redis_sessions):
    session = SessionStore()
    session["answers"] = {"age": 40}
    session.save()
    key = session.session_key

    stale = SessionStore(key)
    assert stale["answers"] == {"age": 40}  # read during a request, as the middleware does
    SessionStore(key).delete()
    stale["answers"] = {"age": 41}

    with pytest.raises(UpdateError):
        stale.save()
    assert not SessionStore().exists(key)


@needs_redis
def test_a_new_session_is_still_created_only_once(redis_sessions):
    session = SessionStore()
    session["a"] = 1
    session.save()
    assert SessionStore(session.session_key)["a"] == 1


@needs_redis
def test_a_session_is_read_with_one_command_on_the_threads_own_connection(redis_sessions, monkeypatch):
    session = SessionStore()
    session["answers"] = {"age": 40}
    session.save()
    counting = CountingCommands(redis_sessions, monkeypatch)

    assert SessionStore(session.session_key)["answers"] == {"age": 40}
    assert counting.sent == counting.sent_on_own_connection == ["GET"]


@needs_redis
def test_a_session_saved_by_djangos_store_is_read_and_saved_by_ours_and_back(redis_sessions):
    theirs = django_cache.SessionStore()
    theirs["answers"] = {"ms_type": "rrms", "age": 40}
    theirs.save()
    key = theirs.session_key

    ours = SessionStore(key)
    assert ours["answers"] == {"ms_type": "rrms", "age": 40}
    ours["answers"] = {"ms_type": "spms"}
    ours.save()
    assert django_cache.SessionStore(key)["answers"] == {"ms_type": "spms"}
    assert 0 < redis_sessions.ttl(f"django.contrib.sessions.cache{key}") <= ours.get_expiry_age()


@needs_redis
def test_an_unknown_or_missing_session_key_reads_as_an_empty_session_and_gets_a_new_key(redis_sessions):
    store = SessionStore("a" * 32)
    assert store.get("answers") is None
    assert store.session_key is None


@needs_redis
def test_when_the_own_connection_fails_the_session_is_read_and_saved_the_ordinary_way(redis_sessions, monkeypatch):
    session = SessionStore()
    session["answers"] = {"age": 40}
    session.save()
    key = session.session_key
    counting = CountingCommands(redis_sessions, monkeypatch)
    own = thread_redis.for_cache("default")

    def broken(*args, **kwargs):
        own.connection.disconnect()
        raise RedisConnectionError("the server went away")

    monkeypatch.setattr(own.connection, "send_packed_command", broken)
    loaded = SessionStore(key)
    assert loaded["answers"] == {"age": 40}
    loaded["answers"] = {"age": 41}
    loaded.save()
    assert counting.sent == ["GET", "SET"]  # through the pool
    assert SessionStore(key)["answers"] == {"age": 41}


def _break_both_ways(monkeypatch, cache, command: str) -> None:
    """Redis gone for the thread's own connection and for the cache's `command` alike."""

    def broken(*args, **kwargs):
        raise RedisConnectionError("the server went away")

    own = thread_redis.for_cache("default")
    own.get("any key")
    monkeypatch.setattr(own.connection, "send_packed_command", broken)
    monkeypatch.setattr(cache.client, command, broken)


@needs_redis
def test_a_session_that_cannot_be_read_at_all_is_an_empty_one_as_with_djangos_store(redis_sessions, monkeypatch):
    session = SessionStore()
    session["answers"] = {"age": 40}
    session.save()

    _break_both_ways(monkeypatch, redis_sessions, "get")
    loaded = SessionStore(session.session_key)
    assert loaded.get("answers") is None
    assert loaded.session_key is None


@needs_redis
def test_a_save_that_fails_both_ways_raises_as_before(redis_sessions, monkeypatch):
    session = SessionStore()
    session["answers"] = {"age": 40}
    session.save()

    _break_both_ways(monkeypatch, redis_sessions, "set")
    session["answers"] = {"age": 41}
    with pytest.raises(RedisConnectionError):
        session.save()


def test_other_caches_get_djangos_own_save(settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    session = SessionStore()
    session["a"] = 1
    session.save()
    key = session.session_key
    SessionStore(key).delete()
    session["a"] = 2
    with pytest.raises(UpdateError):
        session.save()


def test_a_store_that_is_never_used_looks_up_neither_its_cache_nor_its_serializer():
    for key in (None, "a" * 32):  # no session cookie, and one that this request never reads
        store = SessionStore(key)
        assert not store.accessed and not store.modified
        assert "_cache" not in vars(store) and "serializer" not in vars(store)


def test_a_store_finds_its_cache_and_serializer_when_first_used(db):
    store = SessionStore()
    store["answers"] = {"age": 40}
    store.save()

    loaded = SessionStore(store.session_key)
    assert loaded["answers"] == {"age": 40}
    assert loaded._cache is caches["default"]
    assert loaded.decode(loaded.encode({"x": 1})) == {"x": 1}
