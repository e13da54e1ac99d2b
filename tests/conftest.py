"""Shared fixtures; the session header names the database engine and version in use."""

import pytest
from django.db import connection


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    try:
        connection.ensure_connection()
        version = ".".join(str(part) for part in connection.get_database_version())
    except Exception as error:  # the header must never stop the run
        version = f"unreachable ({error.__class__.__name__})"
    return f"database: {engine} {version}"


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()
