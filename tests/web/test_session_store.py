"""The session store: an existing session saved in Redis with one command, never brought back once deleted."""

import uuid

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache import caches

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
    """Wraps the Redis client's execute_command to list the commands sent."""

    def __init__(self, cache, monkeypatch):
        self.sent = []
        client = cache.client.get_client(write=True)
        original = client.execute_command

        def execute_command(*args, **kwargs):
            self.sent.append(args[0])
            return original(*args, **kwargs)

        monkeypatch.setattr(client, "execute_command", execute_command)


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
