"""wrk's Lua scripts carry each request byte for byte, and its summary line is read back whole."""

import pytest

from bench import wrk

SUMMARY = (
    "Running 1s test @ http://127.0.0.1:8107/\n  2 threads and 16 connections\n"
    'BENCH_JSON {"requests": 2400, "duration_us": 1200000, "p50_us": 5100, "p99_us": 20500, "mean_us": 6000.5, '
    '"connect": 0, "read": 0, "write": 0, "status": 3, "timeout": 1}\n'
)


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', r'"say \"hi\""'),
        ("back\\slash", r'"back\\slash"'),
        ("two\nlines", r'"two\010lines"'),
        ("café", r'"caf\195\169"'),
    ],
)
def test_lua_string_escapes_quotes_backslashes_and_every_non_printable_byte(text, literal):
    assert wrk.lua_string(text) == literal


def test_a_post_script_sets_method_path_headers_and_body_and_reports_in_json():
    request = wrk.Request.make(
        "save", "POST", "/screening/abc/ms-type/", {"Cookie": "a=1; b=2"}, b"x=1&y=%22", expect_status=302
    )
    script = wrk.lua_script(request)
    assert 'wrk.method = "POST"' in script
    assert 'wrk.path = "/screening/abc/ms-type/"' in script
    assert 'wrk.headers["Cookie"] = "a=1; b=2"' in script
    assert 'wrk.body = "x=1&y=%22"' in script
    assert "function done(summary, latency, requests)" in script


def test_a_get_script_sends_no_body():
    assert "wrk.body" not in wrk.lua_script(wrk.Request.make("start", "GET", "/"))


def test_the_summary_gives_rate_latency_and_errors():
    result = wrk.parse_output(SUMMARY)
    assert result.rate == pytest.approx(2000)
    assert (result.p50_ms, result.p99_ms) == (5.1, 20.5)
    assert result.error_count == 4


def test_output_without_a_summary_is_an_error_not_zero():
    with pytest.raises(ValueError, match="no summary"):
        wrk.parse_output("Running 1s test @ http://127.0.0.1:8107/\n")


def test_without_wrk_the_run_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(wrk, "wrk_path", lambda: None)
    with pytest.raises(FileNotFoundError, match="apt-get install wrk"):
        wrk.run(wrk.Request.make("x", "GET", "/"), port=1, seconds=1, threads=1, connections=1, script_dir=tmp_path)


def test_rounds_combine_into_one_rate_with_errors_added_up():
    first = wrk.parse_output(SUMMARY)
    quiet = wrk.WrkResult(1000, 2.0, 4.0, 10.0, 5.0, dict.fromkeys(first.errors, 0))
    combined = wrk.combine([first, quiet, quiet])
    assert combined.rate == pytest.approx((2400 + 2000) / (1.2 + 4.0))
    assert combined.p99_ms == 10.0  # the median of the rounds' p99
    assert combined.error_count == 4
