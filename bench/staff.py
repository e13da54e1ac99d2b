"""Staff page timings: medians of sequential requests by a logged-in member of clinic staff.

The small and the large database are timed in turns, request by request, so both see the same machine
load: on a shared machine a burst of someone else's work then slows both, not only one side of the ratio.
"""

import statistics
import time
from collections.abc import Mapping, Sequence

from bench.client import Fetch, JourneyError


def timed_get(fetch: Fetch, path: str, headers: Mapping[str, str]) -> float:
    """Wall time of one GET in ms; anything but a 200 stops the bench (a login page would be fast and wrong)."""
    started = time.perf_counter()
    response = fetch("GET", path, headers, None)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise JourneyError(f"GET {path} as staff gave HTTP {response.status}, not 200 (is the cookie logged in?)")
    return elapsed


def median_ms(fetch: Fetch, path: str, headers: Mapping[str, str], *, requests: int, warmup: int) -> float:
    """Median wall time of `requests` GETs of `path` (after `warmup` untimed ones)."""
    return interleaved_medians([(fetch, headers)], path, requests=requests, warmup=warmup)[0]


def interleaved_medians(
    sides: Sequence[tuple[Fetch, Mapping[str, str]]], path: str, *, requests: int, warmup: int
) -> list[float]:
    """One median per (fetch, headers) side, taking turns: side 1, side 2, side 1, ..."""
    for _index in range(warmup):
        for fetch, headers in sides:
            timed_get(fetch, path, headers)
    timings: list[list[float]] = [[] for _side in sides]
    for _index in range(requests):
        for side, (fetch, headers) in enumerate(sides):
            timings[side].append(timed_get(fetch, path, headers))
    return [statistics.median(side) for side in timings]
