"""Staff page timings: the median of sequential requests by a logged-in member of clinic staff."""

import statistics
import time
from collections.abc import Mapping

from bench.client import Fetch, JourneyError


def median_ms(fetch: Fetch, path: str, headers: Mapping[str, str], *, requests: int, warmup: int) -> float:
    """Median wall time of `requests` GETs of `path` (after `warmup` untimed ones), each checked to be a 200."""
    timings = []
    for index in range(warmup + requests):
        started = time.perf_counter()
        response = fetch("GET", path, headers, None)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise JourneyError(f"GET {path} as staff gave HTTP {response.status}, not 200 (is the cookie logged in?)")
        if index >= warmup:
            timings.append(elapsed)
    return statistics.median(timings)
