"""Static files as served in production: WhiteNoise's hashed, compressed files, each URL worked out once per process.

`{% static %}` asks the storage for a file's URL on every page (six times on a question page): a manifest lookup,
URL parsing and joining each time. The manifest does not change while a process runs (a deploy starts new
processes), so each URL is kept after its first use. collectstatic builds the manifest through `_url`, never
through `url`, so it is unaffected.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Far more than the files the templates name; a template that built names from input could not fill memory.
MAX_KEPT_URLS = 1000


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = super().url(name)
            if len(self._urls) < MAX_KEPT_URLS:
                self._urls[name] = url
        return url
