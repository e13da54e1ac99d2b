"""Which errors mean "a backing service is briefly unavailable" rather than a bug."""

import logging

import redis.exceptions
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    pass


# OperationalError covers refused and timed-out connections and statements cancelled by statement_timeout.
UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    CacheUnavailable,
)


def log_unavailable(error: BaseException, where: str) -> None:
    # The first line only: enough to see which service and why, never a query's parameters.
    first_line = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    logger.error("service unavailable at %s: %s: %s", where or "-", error.__class__.__name__, first_line)


def unless_unavailable(read, default=None):
    """`read()`, or `default` while the database (or cache) is unavailable: for extras a page can do without."""
    try:
        return read()
    except UNAVAILABLE as error:
        log_unavailable(error, getattr(read, "__name__", ""))
        return default
