"""The bench's own PostgreSQL databases: one per staff size, named after the base URL (hsct_bench_100, ...)."""

from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def database_url(base_url: str, size: int) -> str:
    """The base URL with `_<size>` added to its database name."""
    parts = urlsplit(base_url)
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit(f"BENCH_DATABASE_URL needs a database name, like .../hsct_bench: {base_url!r}")
    return urlunsplit(parts._replace(path=f"/{name}_{size}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def ensure(url: str, *, fresh: bool = False) -> bool:
    """Create the database if missing (dropping it first when `fresh`); True when it was created now."""
    name = database_name(url)
    with psycopg.connect(_maintenance_url(url), autocommit=True) as connection:
        if fresh:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def server_version(url: str) -> str:
    try:
        with psycopg.connect(_maintenance_url(url), connect_timeout=5) as connection:
            return str(connection.execute("SHOW server_version").fetchone()[0])
    except psycopg.Error as error:
        return f"unreachable ({error.__class__.__name__})"
