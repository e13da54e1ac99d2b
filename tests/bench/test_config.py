"""The bench serves both projects as the Dockerfile serves the app, with its own clean settings."""

import sys
from datetime import date

import pytest

from bench import databases, run
from bench.config import Config, default_queue_filter
from bench.gunicorn import DOCKERFILE, parse_dockerfile, serve_spec


def test_the_dockerfile_gives_the_worker_count_and_the_gunicorn_options_without_the_address():
    workers, options = parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))
    assert workers is not None and workers >= 1
    assert options is not None
    assert not any(option.startswith(("--bind", "-b")) for option in options)


def test_parsing_keeps_every_option_but_the_address():
    text = (
        "ENV WEB_CONCURRENCY=5\n"
        'CMD ["sh", "-c", "exec gunicorn hsct_screen.wsgi --bind 0.0.0.0:${PORT} --timeout 30 -k sync --no-control-socket"]\n'
    )
    assert parse_dockerfile(text) == (5, ("--timeout", "30", "-k", "sync", "--no-control-socket"))


def test_an_exec_form_cmd_without_options_leaves_everything_to_gunicorn_conf():
    text = 'ENV WEB_CONCURRENCY=2\nCMD ["gunicorn", "hsct_screen.wsgi"]\n'
    assert parse_dockerfile(text) == (2, ())


def test_the_app_runs_production_like_with_redis_and_no_rate_limits():
    env = run.app_env("postgres://postgres@127.0.0.1:5432/hsct_bench_100", 3, "redis://127.0.0.1:6379/9")
    assert env["REDIS_URL"] == "redis://127.0.0.1:6379/9" and env["RATELIMIT_ENABLE"] == "0"
    # The small and the large app share one Redis database; their keys must not meet.
    other = run.app_env("postgres://postgres@127.0.0.1:5432/hsct_bench_100000", 3, "redis://127.0.0.1:6379/9")
    assert env["CACHE_KEY_PREFIX"] != other["CACHE_KEY_PREFIX"]


def test_bench_workers_replaces_only_the_worker_count():
    spec = serve_spec(7)
    assert spec.workers == 7
    assert spec.options == serve_spec().options
    command = spec.command("hsct_screen.wsgi", 8107)
    assert command[:4] == [sys.executable, "-m", "gunicorn", "hsct_screen.wsgi"]
    assert command[4:6] == ["--bind", "127.0.0.1:8107"]


def test_settings_come_from_bench_variables(monkeypatch):
    monkeypatch.setenv("BENCH_DURATION", "3s")
    monkeypatch.setenv("BENCH_STAFF_SIZES", "10,1_000")
    monkeypatch.setenv("BENCH_WORKERS", "2")
    config = Config.from_env()
    assert (config.duration, config.staff_sizes, config.workers) == (3, (10, 1000), 2)
    assert (config.bare_port, config.app_port(0), config.app_port(1), config.floor_port) == (8106, 8107, 8108, 8110)


@pytest.mark.parametrize(
    ("duration", "rounds", "seconds", "count"), [("8", "4", 2, 4), ("2", "4", 1, 2), ("1", "1", 1, 1), ("9", "2", 4, 2)]
)
def test_the_duration_is_split_into_rounds_of_whole_seconds(monkeypatch, duration, rounds, seconds, count):
    monkeypatch.setenv("BENCH_DURATION", duration)
    monkeypatch.setenv("BENCH_ROUNDS", rounds)
    config = Config.from_env()
    assert (config.round_seconds, config.round_count) == (seconds, count)


@pytest.mark.parametrize(("name", "value"), [("BENCH_DURATION", "soon"), ("BENCH_STAFF_SIZES", "100000,100")])
def test_a_bad_setting_stops_the_bench_with_its_name(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit, match=name):
        Config.from_env()


def test_each_staff_size_gets_its_own_database_named_after_the_base():
    url = databases.database_url("postgres://postgres@127.0.0.1:5432/hsct_bench", 100_000)
    assert url == "postgres://postgres@127.0.0.1:5432/hsct_bench_100000"
    assert databases.database_name(url) == "hsct_bench_100000"


def test_the_app_is_configured_for_production_whatever_the_callers_shell_says(monkeypatch):
    monkeypatch.setenv("DEBUG", "1")
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "1")
    env = run.app_env("postgres://postgres@127.0.0.1:5432/hsct_bench_100", 3)
    assert env["DEBUG"] == "0" and env["CONN_MAX_AGE"] == "60" and env["WEB_CONCURRENCY"] == "3"
    assert env["ALLOWED_HOSTS"] == "127.0.0.1"
    assert "SECURE_SSL_REDIRECT" not in env


def test_the_filtered_queue_is_this_weeks_new_people_who_asked_to_be_contacted():
    assert default_queue_filter(date(2026, 11, 24)) == "status=new&wants_contact=yes&submitted_from=2026-11-18"


def test_without_wrk_the_bench_says_how_to_get_it_and_fails(monkeypatch, capsys):
    monkeypatch.setattr(run.wrk, "wrk_path", lambda: None)
    assert run.main() == 2
    assert "apt-get install wrk" in capsys.readouterr().err
