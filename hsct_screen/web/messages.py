"""Django's message storage (a signed cookie, then the session), built only when a request has messages to read
or to keep.

Django's MessageMiddleware gives every request a FallbackStorage, which at once builds a CookieStorage (with a
cookie signer: the secret key's derivations) and a SessionStorage, and imports the storage class by name: about
14 us on every request, also on the many (the API, the start and learn pages, redirects) that never show or add a
message. Here the two storages are built the first time messages are read or stored, and the cookie's signer the
first time a cookie is signed or checked: a page that only asks whether there are messages (`{% if messages %}`
in base.html) and has no messages cookie builds the two storages and reads one cookie, nothing more. What is
stored, read and deleted, and when, is Django's code unchanged (settings.MESSAGE_STORAGE points here).
"""

import functools

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.messages.storage import cookie, fallback, session
from django.contrib.messages.storage.base import BaseStorage
from django.core import signing
from django.utils.functional import cached_property
from django.utils.module_loading import import_string


class CookieStorage(cookie.CookieStorage):
    """Django's CookieStorage with its signer made when first needed (no messages cookie: never)."""

    def __init__(self, *args, **kwargs):
        BaseStorage.__init__(self, *args, **kwargs)  # all of CookieStorage.__init__ but the signer

    @cached_property
    def signer(self):
        return signing.get_cookie_signer(salt=self.key_salt)


class FallbackStorage(fallback.FallbackStorage):
    """Django's FallbackStorage (cookie first, then the session) with both storages made when first needed."""

    storage_classes = (CookieStorage, session.SessionStorage)

    def __init__(self, request, *args, **kwargs):
        # All of FallbackStorage.__init__ but building the storages; SessionStorage's check is kept here so that a
        # missing SessionMiddleware still fails on every request, not only on one that has messages.
        if not hasattr(request, "session"):
            raise session.ImproperlyConfigured(
                "The session-based temporary message storage requires session middleware to be installed, and "
                "come before the message middleware in the MIDDLEWARE list."
            )
        BaseStorage.__init__(self, request, *args, **kwargs)
        self._storage_arguments = (request, *args), kwargs
        self._used_storages = set()

    @cached_property
    def storages(self):
        args, kwargs = self._storage_arguments
        return [storage_class(*args, **kwargs) for storage_class in self.storage_classes]


@functools.lru_cache(maxsize=8)
def _storage_class(dotted_path: str):
    return import_string(dotted_path)


class MessageMiddleware(DjangoMessageMiddleware):
    """Django's MessageMiddleware, importing settings.MESSAGE_STORAGE once per value instead of on every request."""

    def process_request(self, request):
        request._messages = _storage_class(settings.MESSAGE_STORAGE)(request)
