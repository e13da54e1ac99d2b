"""Fixtures shared by the edge tests that run a real gunicorn."""

import pytest

from tests.web import live


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Collected static files with a manifest, as DEBUG off needs them (built once per run)."""
    root = tmp_path_factory.mktemp("static")
    live.collect_static(root)
    return root
