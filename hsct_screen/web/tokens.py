"""CSRF tokens and session keys made as Django makes them, at a fraction of the CPU.

Every page with a form pays for a masked CSRF token (BREACH: each response masks the secret anew), a first visit
also for a new secret, and every POST for unmasking the token it sent. Django spends about 30 us on the first two
and 10 us on the third, for two reasons worked around here:

- get_random_string picks each character with secrets.choice, which reads the OS's random source once per
  character. random_string() reads it once per string (os.urandom, the source secrets reads too). A byte becomes
  the character at byte % len(allowed_chars), but only bytes below the largest multiple of that length are used
  (the rest are dropped and more read), so every character stays exactly as likely as with secrets.choice.
- Masking adds the secret and the mask character by character (modulo the 62 letters and digits), looking each
  up with str.index in a generator. The same sums come here from a table of all 62 x 62 pairs, made once.

use_for_tokens() (called when the app is ready) points Django's CSRF and session modules at these functions:
there is no setting for either. It refuses to patch anything that is no longer what it expects, so an upgrade of
Django that renames them fails at start-up instead of silently losing the speed-up; tests compare the results with
Django's own functions.
"""

import os

from django.contrib.sessions.backends import base as session_base
from django.middleware import csrf
from django.utils.crypto import RANDOM_STRING_CHARS, get_random_string

CHARS = csrf.CSRF_ALLOWED_CHARS
SECRET_LENGTH = csrf.CSRF_SECRET_LENGTH
_INDEX = {char: index for index, char in enumerate(CHARS)}
# As in Django, zip stops at the shorter string (the lengths are checked before a token is unmasked).
# (secret char, mask char) -> the masked char, and (masked char, mask char) -> the secret char: Django's arithmetic.
_MASKED = {(a, b): CHARS[(_INDEX[a] + _INDEX[b]) % len(CHARS)] for a in CHARS for b in CHARS}
_UNMASKED = {(a, b): CHARS[(_INDEX[a] - _INDEX[b]) % len(CHARS)] for a in CHARS for b in CHARS}

# Django's own, as they were before use_for_tokens(): the reference the tests compare with.
DJANGO = {
    "get_random_string": get_random_string,
    "_mask_cipher_secret": csrf._mask_cipher_secret,
    "_unmask_cipher_token": csrf._unmask_cipher_token,
}


def random_string(length: int, allowed_chars: str = RANDOM_STRING_CHARS) -> str:
    """get_random_string(length, allowed_chars), from one read of the OS's random source."""
    size = len(allowed_chars)
    if not 0 < size <= 256:  # a byte cannot pick from more than 256 characters
        return get_random_string(length, allowed_chars)
    # Bytes from `limit` up would make the first 256 % size characters likelier than the rest: they are dropped.
    limit = 256 - 256 % size
    picked = []
    while len(picked) < length:
        # A few bytes more than needed, so that a second read is rare (for 62 characters one byte in 32 is dropped).
        picked += [allowed_chars[byte % size] for byte in os.urandom(length + 8) if byte < limit]
    return "".join(picked[:length])


def mask_with(secret: str, mask: str) -> str:
    """The token Django's _mask_cipher_secret makes from `secret` with `mask`."""
    return mask + "".join(map(_MASKED.__getitem__, zip(secret, mask, strict=False)))


def mask_cipher_secret(secret: str) -> str:
    """Django's _mask_cipher_secret: the secret masked with a new random mask."""
    try:
        return mask_with(secret, random_string(SECRET_LENGTH, CHARS))
    except KeyError:  # not letters and digits: Django's own function raises its own error
        return DJANGO["_mask_cipher_secret"](secret)


def unmask_cipher_token(token: str) -> str:
    """Django's _unmask_cipher_token: the secret in a masked token (its first half is the mask)."""
    try:
        return "".join(map(_UNMASKED.__getitem__, zip(token[SECRET_LENGTH:], token[:SECRET_LENGTH], strict=False)))
    except KeyError:
        return DJANGO["_unmask_cipher_token"](token)


def use_for_tokens() -> None:
    """Make Django's CSRF tokens and session keys with the functions above (the same values, cheaper to make)."""
    replacements = [
        (csrf, "get_random_string", random_string),
        (session_base, "get_random_string", random_string),
        (csrf, "_mask_cipher_secret", mask_cipher_secret),
        (csrf, "_unmask_cipher_token", unmask_cipher_token),
    ]
    for module, name, ours in replacements:
        current = getattr(module, name, None)
        if current is not ours and current is not DJANGO[name]:
            raise RuntimeError(f"{module.__name__}.{name} is not the function this module replaces")
        setattr(module, name, ours)
