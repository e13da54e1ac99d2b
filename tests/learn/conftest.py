"""Learn fixtures: a content folder of the test's own, so a test never depends on which translations exist."""

import shutil

import pytest

from hsct_screen.learn import content

# The committed folder, read before any test points the loader elsewhere.
COMMITTED_CONTENT_DIR = content.CONTENT_DIR


@pytest.fixture
def content_dir(tmp_path, monkeypatch):
    """A copy of the English pages only (no translations yet), used by the loader for this test; add files to it."""
    folder = tmp_path / "content"
    folder.mkdir()
    for page in COMMITTED_CONTENT_DIR.glob("*.md"):
        shutil.copy2(page, folder / page.name)
    (folder / "es").mkdir()
    monkeypatch.setattr(content, "CONTENT_DIR", folder)
    content._load.cache_clear()
    yield folder
    content._load.cache_clear()
