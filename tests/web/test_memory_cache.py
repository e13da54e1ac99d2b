"""The process-memory cache: Django's LocMemCache, handing out values that cannot change without copying them."""

import warnings

import pytest
from django.core.cache import CacheKeyWarning
from django.core.cache.backends.locmem import LocMemCache as DjangoLocMemCache
from django.utils.safestring import SafeString, mark_safe

from hsct_screen.web.memory_cache import LocMemCache


@pytest.fixture
def cache():
    made = LocMemCache("test-memory-cache", {"OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2}})
    yield made
    made.clear()


@pytest.mark.parametrize(
    "value",
    ["text", b"bytes", 3, 2.5, True, None, ("page", 1, ("nested", b"x", None)), mark_safe("<b>safe</b>")],
    ids=["str", "bytes", "int", "float", "bool", "none", "tuple", "safe-text"],
)
def test_a_value_that_cannot_change_is_handed_out_as_it_is(cache, value):
    cache.set("key", value)
    assert cache.get("key") is value


def test_safe_text_stays_safe(cache):
    cache.set("key", mark_safe("<b>safe</b>"))
    assert type(cache.get("key")) is SafeString


@pytest.mark.parametrize(
    "value",
    [["list"], {"dict": 1}, ("tuple", ["with a list"]), {"set"}],
    ids=["list", "dict", "tuple-with-list", "set"],
)
def test_a_value_that_can_change_is_copied_so_a_caller_never_changes_what_the_next_one_gets(cache, value):
    cache.set("key", value)
    first = cache.get("key")
    assert first == value and first is not value
    assert cache.get("key") is not first
    cache.add("other", value)
    assert cache.get("other") == value and cache.get("other") is not value


class Labelled(str):
    """Text with attributes of its own, which a caller could change."""


def test_a_subclass_of_text_is_copied_as_it_may_carry_attributes(cache):
    value = Labelled("text")
    value.label = "mine"
    cache.set("key", value)
    copy = cache.get("key")
    assert copy is not value and copy.label == "mine"
    copy.label = "changed"
    assert cache.get("key").label == "mine"


def test_it_is_djangos_locmem_cache_with_its_expiry_limits_and_counters(cache, monkeypatch):
    assert isinstance(cache, DjangoLocMemCache)
    assert cache.add("counter", 1) is True
    assert cache.add("counter", 5) is False
    assert cache.incr("counter") == 2
    assert cache.decr("counter", 3) == -1
    assert cache.get("counter") == -1
    cache.set("list", [1])
    with pytest.raises(TypeError):
        cache.incr("list")
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    cache.set("short", "gone soon", timeout=10)
    real_time = __import__("time").time
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: real_time() + 11)
    assert cache.get("short", "default") == "default"
    monkeypatch.undo()
    for number in range(6):  # past MAX_ENTRIES: culled as Django culls
        cache.set(f"key-{number}", number)
    assert len(cache._cache) <= 4
    assert cache.get("key-5") == 5
    assert cache.get_many(["key-5", "nothing"]) == {"key-5": 5}
    assert cache.has_key("key-5") and cache.delete("key-5") and not cache.has_key("key-5")


@pytest.mark.parametrize(
    "key",
    ["with space", "tab\there", "bell\x07", "del\x7f", "x" * 251],
    ids=["space", "tab", "control", "del", "too-long"],
)
def test_keys_memcached_would_refuse_get_djangos_warnings_word_for_word(cache, key):
    django_cache = DjangoLocMemCache("test-memory-cache-django", {})
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        cache.get(key)
    with warnings.catch_warnings(record=True) as djangos:
        warnings.simplefilter("always")
        django_cache.get(key)
    assert [str(warning.message) for warning in ours] == [str(warning.message) for warning in djangos]
    assert ours and all(warning.category is CacheKeyWarning for warning in ours)


def test_an_ordinary_key_gives_no_warning(cache):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cache.set("step:0123456789abcdef", "page")
        assert cache.get("step:0123456789abcdef") == "page"
