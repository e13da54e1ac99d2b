"""The client address comes from REMOTE_ADDR or the configured number of trusted proxies, never from a header alone."""

import pytest
from django.test import RequestFactory

from hsct_screen.web.client import UNKNOWN, client_ip

PROXY = "172.18.0.2"


def request(remote=PROXY, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request(remote="203.0.113.9", forwarded="198.51.100.1")) == "203.0.113.9"


def test_with_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request(forwarded="203.0.113.9")) == "203.0.113.9"


def test_with_one_proxy_addresses_the_client_wrote_itself_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # The client sent "X-Forwarded-For: 198.51.100.1, 198.51.100.2"; nginx appended the real address.
    assert client_ip(request(forwarded="198.51.100.1, 198.51.100.2, 203.0.113.9")) == "203.0.113.9"


def test_with_two_proxies_the_second_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request(forwarded="198.51.100.1, 203.0.113.9, 10.0.0.7")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "203.0.113.9, 300.1.1.1"])
def test_a_missing_or_malformed_chain_falls_back_to_the_direct_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request(forwarded=forwarded)) == PROXY


def test_a_chain_shorter_than_the_trusted_proxies_falls_back_to_the_direct_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request(forwarded="203.0.113.9")) == PROXY


def test_ipv6_addresses_are_kept_as_given(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request(forwarded="2001:db8::1")) == "2001:db8::1"


@pytest.mark.parametrize("remote", ["", "unix:/run/gunicorn.sock"])
def test_a_peer_without_an_address_gets_one_shared_label(settings, remote):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request(remote=remote)) == UNKNOWN == "0.0.0.0"  # noqa: S104 (a label, not a bind)
