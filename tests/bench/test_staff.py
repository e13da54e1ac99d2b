"""Staff timings take turns between the two databases and refuse anything but a 200."""

import pytest

from bench import client, staff


def _side(name, calls, status=200):
    def fetch(method, path, headers, body):
        calls.append((name, path, headers["Cookie"]))
        return client.Response(status, {}, b"")

    return fetch, {"Cookie": f"sessionid={name}"}


def test_the_sides_take_turns_after_their_warm_up_and_each_gets_a_median():
    calls = []
    medians = staff.interleaved_medians([_side("small", calls), _side("large", calls)], "/staff/", requests=3, warmup=1)
    assert [name for name, _path, _cookie in calls] == ["small", "large"] * 4
    assert all(cookie == f"sessionid={name}" for name, _path, cookie in calls)
    assert len(medians) == 2 and all(median >= 0 for median in medians)


def test_a_redirect_to_the_login_page_stops_the_timing():
    fetch, headers = _side("small", [], status=302)
    with pytest.raises(client.JourneyError, match="HTTP 302"):
        staff.median_ms(fetch, "/staff/", headers, requests=1, warmup=0)
