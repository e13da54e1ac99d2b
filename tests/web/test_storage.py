"""Static file URLs in production: the manifest's hashed names, worked out once per process, never kept in DEBUG."""

import json

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from hsct_screen.web.storage import MAX_KEPT_URLS, StaticFilesStorage


@pytest.fixture
def storages(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"paths": {"css/site.css": "css/site.0123456789ab.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    options = {"location": str(tmp_path), "base_url": "/static/"}
    return StaticFilesStorage(**options), CompressedManifestStaticFilesStorage(**options)


def test_urls_are_the_hashed_names_whitenoise_gives(storages):
    ours, whitenoise = storages

    assert ours.url("css/site.css") == whitenoise.url("css/site.css") == "/static/css/site.0123456789ab.css"


def test_a_url_is_worked_out_once_per_process(storages):
    ours, _ = storages
    ours.url("css/site.css")
    ours.hashed_files.clear()  # the manifest is no longer read for this file

    assert ours.url("css/site.css") == "/static/css/site.0123456789ab.css"


def test_a_file_missing_from_the_manifest_is_still_an_error(storages):
    ours, _ = storages

    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        ours.url("css/unknown.css")
    assert "css/unknown.css" not in ours._urls


def test_with_debug_on_urls_are_never_kept(storages, settings):
    ours, _ = storages
    settings.DEBUG = True

    assert ours.url("css/site.css") == "/static/css/site.css"
    assert ours._urls == {}


def test_kept_urls_are_bounded(storages):
    ours, _ = storages
    ours.hashed_files.update({f"f{index}.css": f"f{index}.1.css" for index in range(MAX_KEPT_URLS + 5)})

    for index in range(MAX_KEPT_URLS + 5):
        ours.url(f"f{index}.css")

    assert len(ours._urls) == MAX_KEPT_URLS
