"""django-simple-history's request context, only for requests that can have a signed-in user to record.

simple_history's HistoryRequestMiddleware keeps the request in a context variable during every request, so that
a historical record saved meanwhile names the signed-in user who made the change (get_history_user: the request's
user if authenticated, else nobody). Setting and clearing that context costs about 5 us a request. A user is
signed in only through the session, so a request without a session cookie records nobody whether or not the
context is set: only requests with one go through simple_history's middleware (and it is the library's own).
The one way to become signed in during such a request is a login view; logging in writes no historical record
(users, devices and login attempts have no history here). Historical records are written by the admin and the
criteria editor, both behind a login.
"""

from django.conf import settings
from simple_history.middleware import HistoryRequestMiddleware as LibraryHistoryRequestMiddleware


class HistoryRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._with_history = LibraryHistoryRequestMiddleware(get_response)

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self._with_history(request)
        return self.get_response(request)
