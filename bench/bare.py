"""The floor to compare with: a fresh `django-admin startproject` whose one view returns "ok".

It keeps startproject's settings and default middleware; only DEBUG, ALLOWED_HOSTS and the one URL are
changed, as anybody deploying it would. It lives in a temporary folder for one run.
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
