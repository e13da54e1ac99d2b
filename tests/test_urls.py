"""The root URL map: every named address resolves to its own view, whatever the order of the includes."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

# A value of each path converter's type that its pattern accepts.
SAMPLES = {
    "SlugConverter": "a-slug",
    "StringConverter": "a-str",
    "IntConverter": 7,
    "PathConverter": "a/path",
    "UUIDConverter": "12345678-1234-5678-1234-567812345678",
}


def _named_patterns(resolver=None, namespace=""):
    """(namespaced name, the pattern) for every named URL pattern under the root URLconf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _sample_kwargs(pattern: URLPattern) -> dict:
    converters = pattern.pattern.converters
    return {name: SAMPLES[type(converter).__name__] for name, converter in converters.items()}


def _ours():
    return [(name, pattern) for name, pattern in _named_patterns() if not name.startswith("admin:")]


@pytest.mark.parametrize(("name", "pattern"), _ours(), ids=[name for name, _ in _ours()])
def test_each_named_address_resolves_to_its_own_view(name, pattern):
    address = reverse(name, kwargs=_sample_kwargs(pattern))
    match = resolve(address)
    assert match.view_name == name
    assert match.func is pattern.callback


@pytest.mark.parametrize(
    ("address", "view_name"),
    [
        ("/", "questionnaire:start"),
        ("/api/v1/evaluate", "api:evaluate"),
        ("/api/v1/openapi.json", "api:openapi"),
        ("/learn/", "learn:index"),
        ("/learn/what-is-hsct/", "learn:page"),
        ("/screening/abc/check/", "questionnaire:check"),
        ("/screening/abc/ms-type/", "questionnaire:step"),
        ("/r/abc/", "questionnaire:private_result"),
        ("/language/es/", "web:language"),
    ],
)
def test_hot_addresses_resolve_to_the_expected_view(address, view_name):
    assert resolve(address).view_name == view_name
