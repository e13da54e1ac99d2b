"""`make bench`: one run that measures the bare view, the app's pages, the staff pages and the first visit.

Steps: check wrk; create (or reuse) one PostgreSQL database per staff size and seed it; collect static
files as the Dockerfile does; serve a fresh startproject and the app with the same gunicorn command;
load the bare view and each page with wrk, in rounds; time the staff pages at both sizes in turns; weigh
the start page's first visit; print
the machine and the tables, and write them to bench/results/. Every server is stopped at the end,
also on failure or Ctrl-C.
"""

import json
import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg

from bench import bare, client, databases, machine, report, staff, weight, wrk
from bench.config import ROOT, Config, default_queue_filter
from bench.gunicorn import ServeSpec, serve_spec
from bench.procs import Server, ServerError, install_signal_handlers

APP_WSGI = "hsct_screen.wsgi"
# Signs nothing that outlives the run: the bench's sessions live in its own databases.
SECRET_KEY = "bench-only-secret-key-for-local-measurements-not-for-any-real-site"  # noqa: S105
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")


def _progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


class Output:
    """The results, printed as they come and kept for the file written at the end."""

    def __init__(self):
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def write(self, *paths: Path) -> None:
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def base_env(**extra: str) -> dict[str, str]:
    """A clean environment: nothing from the caller's shell changes how the app is configured."""
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    env.update(extra)
    return env


def app_env(database_url: str, workers: int, redis_url: str = Config.redis_url) -> dict[str, str]:
    """Production's setup: sessions and the cache in Redis, rate limits off as the README says for load tests.

    Each database gets its own cache key prefix, so the small and the large app never read each other's
    cached criteria or sessions in the one Redis database.
    """
    return base_env(
        DJANGO_SETTINGS_MODULE="hsct_screen.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"bench-{databases.database_name(database_url)}",
        RATELIMIT_ENABLE="0",
        WEB_CONCURRENCY=str(workers),
        PYTHONPATH=str(ROOT),
    )


def collectstatic(env: dict[str, str], log: Path) -> None:
    """As the Dockerfile does at build time: WhiteNoise serves the hashed, compressed files from there."""
    with log.open("ab") as out:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )


def seed(env: dict[str, str], count: int, log: Path) -> dict:
    """Migrate and seed one database in its own process; returns its report and a staff session cookie."""
    with log.open("ab") as err:
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.seed", "--count", str(count)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            check=False,
        )
    if out.returncode != 0:
        raise RuntimeError(
            f"seeding {count} submissions failed; see {log}. If the migrations changed shape, BENCH_FRESH=1 starts over."
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def api_body(year: int) -> bytes:
    """A typical person's answers for POST /api/v1/evaluate."""
    answers = {
        "ms_type": "rrms",
        "diagnosis_year": year - 5,
        "walking": "one_aid",
        "relapses_12m": "one",
        "mri_activity_12m": "yes",
        "dmt_failures": "two_or_more",
        "high_efficacy_dmt_failed": "no",
        "age": 38,
        "health_conditions": [],
    }
    return json.dumps(answers).encode()


def patient_requests(fetch: client.Fetch, config: Config, year: int) -> list[tuple[wrk.Request, float]]:
    """The app's pages as wrk sends them, each with its goal; the sessions are made here through the server."""
    reading = client.start_questionnaire(fetch)
    saving = client.start_questionnaire(fetch)
    path, headers, body = client.answer_request(saving)
    return [
        (wrk.Request.make("start", "GET", "/"), report.THROUGHPUT_GOAL),
        (wrk.Request.make("learn", "GET", config.learn_page), report.THROUGHPUT_GOAL),
        (
            wrk.Request.make("question", "GET", reading.question_path, {"Cookie": reading.cookie}),
            report.THROUGHPUT_GOAL,
        ),
        (
            wrk.Request.make("api", "POST", "/api/v1/evaluate", {"Content-Type": "application/json"}, api_body(year)),
            report.THROUGHPUT_GOAL,
        ),
        (wrk.Request.make("save", "POST", path, headers, body, expect_status=302), report.SAVE_ANSWER_GOAL),
    ]


LABELS = {
    "bare": "bare Django view (startproject, returns “ok”)",
    "start": "start page",
    "learn": "a learn page",
    "question": "a question page (with its session)",
    "api": "`POST /api/v1/evaluate`",
    "save": "saving an answer (POST a question page)",
    "floor_question": "↳ Django's floor for it: a startproject view that reads its session from Redis and masks a CSRF token",
    "floor_api": "↳ Django's floor for it: a startproject POST that parses the JSON and sends the same {size} answer",
    "floor_save": "↳ Django's floor for it: a startproject POST that passes the CSRF check, saves its session, redirects",
}
# Each floor row follows the page it is the floor of; no goal is judged on a floor.
FLOOR_AFTER = {"question": "floor_question", "api": "floor_api", "save": "floor_save"}


def floor_targets(fetch: client.Fetch, body: bytes) -> dict[str, wrk.Request]:
    """The floor's requests as wrk sends them (name -> request), the session made through the floor server."""
    made = client.floor_requests(fetch)
    path, headers, _body = made["session"]
    save_path, save_headers, save_body = made["save"]
    json_path, json_headers, _none = made["json"]
    return {
        "floor_question": wrk.Request.make("floor_question", "GET", path, headers),
        "floor_api": wrk.Request.make("floor_api", "POST", json_path, json_headers, body),
        "floor_save": wrk.Request.make("floor_save", "POST", save_path, save_headers, save_body, expect_status=302),
    }


def check_once(fetch: client.Fetch, request: wrk.Request) -> None:
    """One request as wrk will send it: it must give the expected status, or the figures would mean nothing."""
    response = fetch(request.method, request.path, dict(request.headers), request.body)
    client.expect(response, request.expect_status, f"{request.method} {request.path}")


def warm_up(request: wrk.Request, port: int, config: Config, scripts: Path) -> None:
    if config.warmup:
        wrk.run(
            request,
            port=port,
            seconds=config.warmup,
            threads=config.threads,
            connections=config.connections,
            script_dir=scripts,
        )


def load(request: wrk.Request, port: int, config: Config, scripts: Path) -> wrk.WrkResult:
    return wrk.run(
        request,
        port=port,
        seconds=config.round_seconds,
        threads=config.threads,
        connections=config.connections,
        script_dir=scripts,
    )


def staff_pages(config: Config, today) -> list[tuple[str, str]]:
    queue_filter = config.queue_filter or default_queue_filter(today)
    return [
        ("queue, first page", "/staff/"),
        (f"queue, filtered (`{queue_filter}`)", f"/staff/?{queue_filter}"),
        ("overview (default period: last 12 weeks)", "/staff/overview/"),
    ]


def time_staff(sides: list[tuple[int, dict]], pages, config: Config, workers: int) -> list[list[float]]:
    """For each page, the median per side (port, cookies), the sides timed in turns."""
    fetches = [(client.socket_fetch(port), {"Cookie": client.cookie_header(cookies)}) for port, cookies in sides]
    # Every worker has rendered each page once and holds its database connection before timing starts.
    return [
        staff.interleaved_medians(fetches, path, requests=config.staff_requests, warmup=2 * workers)
        for _label, path in pages
    ]


def main() -> int:
    config = Config.from_env()
    if not wrk.wrk_path():
        print(wrk.INSTALL_HINT, file=sys.stderr)
        return 2
    install_signal_handlers()
    started = datetime.now(UTC)
    run_dir = config.output_dir / started.strftime("%Y%m%d-%H%M%S")
    logs = run_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    out = Output()
    spec: ServeSpec = serve_spec(config.workers)
    small, large = config.staff_sizes
    urls = [databases.database_url(config.database_url, size) for size in (small, large)]
    status = 1
    try:
        with ExitStack() as stack:
            status = _run(config, spec, urls, run_dir, logs, out, stack)
    except KeyboardInterrupt:
        _progress("interrupted; every server it started has been stopped")
        status = 130
    except (
        client.JourneyError,
        ServerError,
        RuntimeError,
        OSError,
        subprocess.CalledProcessError,
        psycopg.Error,
    ) as error:
        _progress(f"failed: {error}")
        _progress(f"logs are in {logs}")
    finally:
        # Only a whole run becomes latest.txt; a broken one stays in its own folder.
        paths = [run_dir / "output.txt", *([config.output_dir / "latest.txt"] if status == 0 else [])]
        out.write(*paths)
        _progress(f"output written to {' and '.join(str(path) for path in paths)}")
    return status


def _run(config, spec, urls, run_dir, logs, out, stack) -> int:
    small, large = config.staff_sizes
    today = date.today()
    out("# HSCT Screen benchmark")
    out()
    out(report.markdown_table(["machine", ""], machine.describe(databases.server_version(urls[0]))))
    out()
    out(
        f"Served by {spec.describe()}, DEBUG=0, PostgreSQL, CONN_MAX_AGE=60, "
        f"REDIS_URL={config.redis_url} (cache and sessions in Redis), RATELIMIT_ENABLE=0, on 127.0.0.1."
    )
    out(
        f"Load: wrk, {config.threads} threads, {config.connections} connections, "
        f"{config.round_count * config.round_seconds} s per page in {config.round_count} rounds, "
        f"after {config.warmup} s of warm-up."
    )
    out()

    for url in urls:
        if databases.ensure(url, fresh=config.fresh):
            _progress(f"created database {databases.database_name(url)}")
    _progress("collecting static files (DEBUG=0, as the Dockerfile does)")
    collectstatic(app_env(urls[0], spec.workers, config.redis_url), logs / "collectstatic.log")
    seeded = {}
    for url, size in zip(urls, (small, large), strict=True):
        _progress(f"migrating and seeding {databases.database_name(url)} to {size:,} submissions")
        seeded[size] = seed(app_env(url, spec.workers, config.redis_url), size, logs / f"seed-{size}.log")
        _progress("  reused as it was" if seeded[size]["reused"] else f"  done in {seeded[size]['seconds']} s")

    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hsct-bench-bare-")))
    bare.create(folder)
    bare_server = Server(
        "bare project",
        spec.command(bare.WSGI_MODULE, config.bare_port),
        port=config.bare_port,
        cwd=folder,
        env=base_env(WEB_CONCURRENCY=str(spec.workers), PYTHONPATH=str(folder)),
        log=logs / "gunicorn-bare.log",
    )
    app_port = config.app_port(0)
    app_server = Server(
        "app",
        spec.command(APP_WSGI, app_port),
        port=app_port,
        cwd=ROOT,
        env=app_env(urls[0], spec.workers, config.redis_url),
        log=logs / f"gunicorn-app-{small}.log",
    )
    _progress("starting gunicorn: bare project and app")
    stack.enter_context(bare_server)
    stack.enter_context(app_server)

    fetch = client.socket_fetch(app_port)
    scripts = run_dir / "lua"
    bare_request = wrk.Request.make("bare", "GET", "/")
    check_once(client.socket_fetch(config.bare_port), bare_request)
    pages = patient_requests(fetch, config, today.year)
    for request, _goal in pages:
        check_once(fetch, request)

    # Django's floor for the busier requests, answering the API call with the app's own answer, byte for byte.
    body = api_body(today.year)
    api_answer = client.expect(
        fetch("POST", "/api/v1/evaluate", {"Content-Type": "application/json"}, body), 200, "POST the API"
    ).body
    bare.create_floor(folder, api_answer)
    floor_server = Server(
        "Django's floor",
        spec.command(bare.WSGI_MODULE, config.floor_port),
        port=config.floor_port,
        cwd=folder,
        env=base_env(
            WEB_CONCURRENCY=str(spec.workers),
            PYTHONPATH=str(folder),
            DJANGO_SETTINGS_MODULE=bare.FLOOR_SETTINGS_MODULE,
            BENCH_REDIS_URL=config.redis_url,
        ),
        log=logs / "gunicorn-floor.log",
    )
    stack.enter_context(floor_server)
    floor_fetch = client.socket_fetch(config.floor_port)
    floors = floor_targets(floor_fetch, body)
    for request in floors.values():
        check_once(floor_fetch, request)

    targets = [(bare_request, config.bare_port)]
    for request, _goal in pages:
        targets.append((request, app_port))
        if request.name in FLOOR_AFTER:
            targets.append((floors[FLOOR_AFTER[request.name]], config.floor_port))
    labels = {**LABELS, "floor_api": LABELS["floor_api"].format(size=report.kb(len(api_answer)))}
    _progress(f"wrk: warm-up, {config.warmup} s per page")
    for request, port in targets:
        warm_up(request, port, config, scripts)
    # Rounds, each loading every page once: the ratio of a round compares pages under the same machine load.
    runs: dict[str, list[wrk.WrkResult]] = {request.name: [] for request, _port in targets}
    for number in range(1, config.round_count + 1):
        _progress(f"wrk: round {number} of {config.round_count}, {config.round_seconds} s per page")
        for request, port in targets:
            runs[request.name].append(load(request, port, config, scripts))
    results = {name: wrk.combine(page_runs) for name, page_runs in runs.items()}
    bare_rate = results["bare"].rate

    def round_ratios(name: str) -> tuple[float, ...]:
        return tuple(run.rate / bare.rate for run, bare in zip(runs[name], runs["bare"], strict=True) if bare.rate)

    out("## Pages under load")
    out()
    rows = [
        report.Throughput(
            LABELS["bare"],
            bare_rate,
            results["bare"].p99_ms,
            None,
            results["bare"].error_count,
            round_ratios=tuple(run.rate / bare_rate for run in runs["bare"]),
        )
    ]
    goals = {request.name: goal for request, goal in pages}
    rows += [
        report.Throughput(
            labels[request.name],
            results[request.name].rate,
            results[request.name].p99_ms,
            goals.get(request.name),
            results[request.name].error_count,
            round_ratios=round_ratios(request.name),
        )
        for request, _port in targets[1:]
    ]
    out(report.throughput_table(bare_rate, rows))
    out()
    out(
        f"{config.round_count} rounds of {config.round_seconds} s per page, each round loading the bare view and "
        "then every page; req/s over all rounds. \"By round\": each round's rate over the bare view's in "
        "that round (for the bare view: over its mean), a measure of the noise. p99: the median of the rounds' p99. "
        "The ↳ rows are no page of the app: each is a startproject view (served like the bare view, with sessions in "
        "the same Redis) doing only what the page above it cannot avoid, so it shows the ratio Django itself "
        "reaches for such a request."
    )
    out()

    _progress("first-visit weight of the start page")
    first_visit = weight.measure(fetch, "/")

    staff_list = staff_pages(config, today)
    large_port = config.app_port(1)
    _progress(f"staff pages at {small:,} and {large:,} submissions, in turns")
    large_server = Server(
        "app (large)",
        spec.command(APP_WSGI, large_port),
        port=large_port,
        cwd=ROOT,
        env=app_env(urls[1], spec.workers, config.redis_url),
        log=logs / f"gunicorn-app-{large}.log",
    )
    with large_server:
        medians = time_staff(
            [(app_port, seeded[small]["cookies"]), (large_port, seeded[large]["cookies"])],
            staff_list,
            config,
            spec.workers,
        )
    small_ms = [pair[0] for pair in medians]
    large_ms = [pair[1] for pair in medians]

    out(
        f"## Staff pages: median of {config.staff_requests} requests, {small:,} vs {large:,} submissions "
        "(timed in turns)"
    )
    out()
    out(
        report.staff_table(
            (small, large),
            [
                report.StaffTiming(label, s, lg)
                for (label, _path), s, lg in zip(staff_list, small_ms, large_ms, strict=True)
            ],
        )
    )
    out()
    out("## First visit: everything the start page loads (no cookies, empty cache)")
    out()
    out(report.weight_table(first_visit))
    out()
    out(f"Load average at the end: {machine.load()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
