"""The floor to compare with: a fresh `django-admin startproject` whose one view returns "ok".

It keeps startproject's settings and default middleware; only DEBUG, ALLOWED_HOSTS and the one URL are
changed, as anybody deploying it would. It lives in a temporary folder for one run.

The same project also gives Django's floor for the app's busier requests, served separately with its own
settings module so the "ok" view's figures stay those of a plain startproject: a view that reads its session
from Redis and masks a CSRF token (what any form page in the middle of a session must do), a POST that passes
the CSRF check, changes its session and redirects (saving an answer), and a POST that parses a JSON body and
answers with the app's own API answer, byte for byte (the API). Each does only that and nothing of the app.
"""

import subprocess
import sys
from pathlib import Path

PROJECT = "bareproject"
WSGI_MODULE = f"{PROJECT}.wsgi"

SETTINGS_TAIL = """

# Added by the HSCT Screen bench: served like production.
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
"""

URLS = '''"""The bench's one view."""

from django.http import HttpResponse
from django.urls import path


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("", ok)]
'''


def create(folder: Path) -> Path:
    """Make the project in `folder` (which must exist) and return the folder gunicorn starts in."""
    django_admin = [sys.executable, "-m", "django", "startproject", PROJECT, str(folder)]
    subprocess.run(django_admin, check=True, capture_output=True)  # noqa: S603 - fixed arguments
    package = folder / PROJECT
    settings = package / "settings.py"
    settings.write_text(settings.read_text(encoding="utf-8") + SETTINGS_TAIL, encoding="utf-8")
    (package / "urls.py").write_text(URLS, encoding="utf-8")
    return folder


FLOOR_SETTINGS_MODULE = f"{PROJECT}.settings_floor"
API_ANSWER_FILE = "api_answer.json"

FLOOR_SETTINGS = """\"\"\"Django's floor for requests with a session: startproject's settings, sessions in Redis as the app keeps them.\"\"\"

import os

from .settings import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["BENCH_REDIS_URL"],
        "KEY_PREFIX": "bench-floor",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
ROOT_URLCONF = "bareproject.urls_floor"
"""

FLOOR_URLS = '''"""Django's floor for the app's busier requests: each view does what such a request must, nothing more."""

import json
from pathlib import Path

from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

# The app's own answer to the bench's API request, written here by the bench before it starts this server.
API_ANSWER = Path(__file__).with_name("api_answer.json").read_bytes()


def session_start(request):
    request.session["step"] = "1"
    return HttpResponse(get_token(request))


def session_page(request):
    """A form page in the middle of a session: the session read from Redis, a masked CSRF token."""
    request.session.get("step")
    return HttpResponse(get_token(request))


def session_save(request):
    """Saving an answer: the CSRF check (middleware), the session changed and saved, a redirect."""
    request.session["step"] = request.POST.get("step", "")
    return HttpResponseRedirect("/session/")


@csrf_exempt  # as the app's API is: no cookie, nothing to forge
def json_answer(request):
    """An API call: the JSON body parsed, the answer sent."""
    json.loads(request.body)
    return HttpResponse(API_ANSWER, content_type="application/json")


urlpatterns = [
    path("session/start/", session_start),
    path("session/", session_page),
    path("session/save/", session_save),
    path("json/", json_answer),
]
'''


def create_floor(folder: Path, api_answer: bytes) -> Path:
    """Add the floor's settings, views and the app's API answer to the project made by create()."""
    package = folder / PROJECT
    (package / "settings_floor.py").write_text(FLOOR_SETTINGS, encoding="utf-8")
    (package / "urls_floor.py").write_text(FLOOR_URLS, encoding="utf-8")
    (package / API_ANSWER_FILE).write_bytes(api_answer)
    return folder
