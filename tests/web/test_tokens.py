"""CSRF tokens and session keys: the same values Django makes, from fewer calls to the OS's random source."""

import string
from unittest import mock

import pytest
from django.contrib.sessions.backends import base as session_base
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.middleware import csrf
from django.test import Client

from hsct_screen.web import tokens
from hsct_screen.web.session_store import SessionStore

LETTERS_AND_DIGITS = string.ascii_letters + string.digits


def test_django_csrf_and_session_modules_use_the_fast_functions():
    assert csrf.get_random_string is tokens.random_string
    assert session_base.get_random_string is tokens.random_string
    assert csrf._mask_cipher_secret is tokens.mask_cipher_secret
    assert csrf._unmask_cipher_token is tokens.unmask_cipher_token


@pytest.mark.parametrize("allowed", [LETTERS_AND_DIGITS, VALID_KEY_CHARS, "ab", "x"])
def test_random_strings_have_the_length_and_characters_asked_for(allowed):
    for length in (1, 32, 100):
        value = tokens.random_string(length, allowed)
        assert len(value) == length
        assert set(value) <= set(allowed)


def test_each_byte_picks_the_character_at_its_remainder_and_bytes_that_would_favour_some_are_dropped():
    # 62 characters: bytes 0..247 map to byte % 62, bytes 248..255 are dropped and more are read.
    first = bytes([0, 61, 62, 247, 248, 255, 123]) + bytes(33)
    second = bytes([5] * 40)
    with mock.patch("os.urandom", side_effect=[first, second]) as urandom:
        value = tokens.random_string(40, LETTERS_AND_DIGITS)
    assert value[:5] == "a9a9" + LETTERS_AND_DIGITS[123 % 62]
    assert value[5:38] == "a" * 33
    assert value[38:] == "ff"  # the two characters the first read lacked, from a second read
    assert urandom.call_count == 2


def test_more_characters_than_a_byte_can_pick_fall_back_to_django():
    alphabet = "".join(chr(0x100 + n) for n in range(300))
    value = tokens.random_string(20, alphabet)
    assert len(value) == 20 and set(value) <= set(alphabet)


def test_a_masked_token_is_what_djangos_masking_makes_with_the_same_mask():
    for _ in range(200):
        secret = tokens.random_string(32, LETTERS_AND_DIGITS)
        djangos = tokens.DJANGO["_mask_cipher_secret"](secret)
        assert tokens.mask_with(secret, djangos[:32]) == djangos


def test_masking_then_unmasking_gives_the_secret_back_as_djangos_unmasking_does():
    for _ in range(200):
        secret = tokens.random_string(32, LETTERS_AND_DIGITS)
        token = tokens.mask_cipher_secret(secret)
        assert len(token) == 64 and set(token) <= set(LETTERS_AND_DIGITS)
        assert tokens.unmask_cipher_token(token) == tokens.DJANGO["_unmask_cipher_token"](token) == secret


def test_each_response_gets_a_new_mask():
    secret = tokens.random_string(32, LETTERS_AND_DIGITS)
    assert len({tokens.mask_cipher_secret(secret) for _ in range(50)}) == 50


def test_characters_that_are_not_letters_or_digits_fail_as_in_django():
    with pytest.raises(ValueError):
        tokens.mask_cipher_secret("!" * 32)
    with pytest.raises(ValueError):
        tokens.unmask_cipher_token("!" * 64)


def test_a_module_that_no_longer_holds_djangos_function_is_not_patched():
    with (
        mock.patch.object(csrf, "_mask_cipher_secret", lambda secret: secret),
        pytest.raises(RuntimeError, match="_mask_cipher_secret"),
    ):
        tokens.use_for_tokens()


def test_new_session_keys_are_djangos_length_and_characters(db):
    keys = set()
    for _ in range(20):
        store = SessionStore()
        store.create()
        keys.add(store.session_key)
    assert len(keys) == 20
    assert all(len(key) == 32 and set(key) <= set(VALID_KEY_CHARS) for key in keys)


@pytest.mark.django_db
def test_a_form_posted_with_its_token_is_accepted_and_a_tampered_token_refused():
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1][:64]
    tampered = token[:40] + ("a" if token[40] != "a" else "b") + token[41:]

    assert (
        Client(enforce_csrf_checks=True, cookies=browser.cookies)
        .post("/", {"csrfmiddlewaretoken": tampered})
        .status_code
        == 403
    )
    assert browser.post("/", {"csrfmiddlewaretoken": token}).status_code == 302
