"""Where a request's time goes: the start page, a question page, the API and saving an answer, in process.

Run `.venv/bin/python -m bench.profile` after `make bench` (it uses the bench's small database and the
collected static files, with DEBUG=0 as in production). For each request it prints the mean time and
the SQL queries of one request, the time by area (templates, database, sessions, middleware...), and the
five largest separate costs in the call tree, from pyinstrument; the whole trees go to
bench/results/profile/. Profiling needs the development requirements (pyinstrument).
"""

import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench import databases
from bench.config import ROOT, Config

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "300"))
WARMUP = 30
INTERVAL = 0.0005  # seconds between samples
TOP = 5

# Self time is grouped by where the code lives: first matching prefix of the frame's module path wins.
AREAS = (
    ("django/template/", "templates (Django engine)"),
    ("crispy_forms", "crispy forms"),
    ("django/forms/", "forms and widgets"),
    ("django/contrib/sessions/", "sessions"),
    ("django/core/signing", "signing (sessions, CSRF)"),
    ("django/middleware/csrf", "CSRF"),
    ("django/db/", "ORM and database layer"),
    ("psycopg", "psycopg and PostgreSQL round trips"),
    ("django/urls/", "URL resolving and reverse"),
    ("django/utils/translation", "translation"),
    ("csp/", "django-csp"),
    ("axes/", "django-axes"),
    ("whitenoise/", "WhiteNoise"),
    ("simple_history", "simple-history"),
    ("markdown", "Markdown"),
    ("django/", "rest of Django (handlers, middleware, HTTP)"),
    ("hsct_screen/rules/", "rules engine"),
    ("hsct_screen/", "app code"),
    ("json/", "json"),
)


def area_of(path: str) -> str:
    for prefix, area in AREAS:
        if prefix in path:
            return area
    return "Python standard library and other"


@dataclass(frozen=True)
class Cost:
    seconds: float
    label: str


def _key(frame) -> tuple[str, str]:
    name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
    return name, frame.file_path_short or ""


@dataclass
class Profile:
    """Per-function inclusive and self time over a whole pyinstrument session, recursion counted once."""

    inclusive: dict
    self_time: dict
    areas: dict
    descendants: dict  # function -> functions seen below it

    @classmethod
    def of(cls, root) -> "Profile":
        inclusive, self_time, areas = defaultdict(float), defaultdict(float), defaultdict(float)
        descendants = defaultdict(set)
        stack = [(root, (), "")]
        while stack:
            frame, above, parent_path = stack.pop()
            own = frame.time - sum(child.time for child in frame.children)
            if frame.is_synthetic or not frame.file_path:
                # pyinstrument's "[self]" and similar leaves: time spent in the parent's own code.
                if above:
                    self_time[above[-1]] += own
                areas[area_of(parent_path)] += own
                continue
            key = _key(frame)
            self_time[key] += own
            areas[area_of(frame.file_path)] += own
            if key not in above:
                inclusive[key] += frame.time
            for ancestor in above:
                descendants[ancestor].add(key)
            for child in frame.children:
                stack.append((child, (*above, key), frame.file_path))
        return cls(dict(inclusive), dict(self_time), dict(areas), dict(descendants))

    def matching(self, function: str, path: str) -> list[tuple[str, str]]:
        """Keys of `function` (any class) defined in a file whose path contains `path`."""
        return [key for key in self.inclusive if key[0].rsplit(".", 1)[-1] == function and path in key[1]]

    def request_time(self) -> float:
        """Time inside Django's request handling (the 100% of the percentages)."""
        keys = self.matching("get_response", "django/core/handlers/base.py")
        return max((self.inclusive[key] for key in keys), default=max(self.inclusive.values(), default=0.0))

    def centre_time(self, functions: tuple[tuple[str, str], ...]) -> float:
        """Inclusive time of the outermost calls of any of these functions (nested calls counted once)."""
        keys = [key for function, path in functions for key in self.matching(function, path)]
        outer = [
            key for key in keys if not any(other != key and key in self.descendants.get(other, ()) for other in keys)
        ]
        return sum(self.inclusive[key] for key in set(outer))

    def top_costs(self, count: int = TOP) -> list[Cost]:
        costs = [Cost(self.centre_time(functions), label) for label, functions in COST_CENTRES]
        return sorted((cost for cost in costs if cost.seconds), key=lambda cost: -cost.seconds)[:count]


# Named operations a request is made of: (label, ((function, where it is defined), ...)).
# They may overlap (a template can reverse URLs), so their shares do not add up to 100%.
COST_CENTRES = (
    ("rendering templates (whole)", (("render", "django/template/backends/django.py"),)),
    ("crispy form rendering", (("render", "crispy_forms/templatetags/crispy_forms_tags.py"),)),
    ("{% translate %} / {% blocktranslate %} tags", (("render", "django/templatetags/i18n.py"),)),
    ("{% static %} tags", (("render", "django/templatetags/static.py"),)),
    ("reverse() and {% url %}", (("reverse", "django/urls/base.py"),)),
    ("database: execute a query and wait for PostgreSQL", (("execute", "django/db/backends/utils.py"),)),
    ("database: COMMIT round trip", (("commit", "django/db/backends/base/base.py"),)),
    ("loading the session", (("_get_session", "django/contrib/sessions/backends/base.py"),)),
    ("saving the session", (("process_response", "django/contrib/sessions/middleware.py"),)),
    ("CSRF check", (("process_view", "django/middleware/csrf.py"),)),
    (
        "CSRF token (masking) and cookie",
        (("get_token", "django/middleware/csrf.py"), ("process_response", "django/middleware/csrf.py")),
    ),
    ("Content-Security-Policy header", (("process_response", "csp/middleware.py"),)),
    ("published criteria (query + prefetch)", (("published_criteria_set", "hsct_screen/criteria/selectors.py"),)),
    ("criteria as specs (each with a learn-more reverse())", (("specs", "hsct_screen/criteria/models.py"),)),
    ("rules engine evaluate()", (("evaluate", "hsct_screen/rules/engine.py"),)),
    ("answer validation", (("validate_answers", "hsct_screen/questionnaire/answers.py"),)),
    (
        "question form: build and validate",
        (("__init__", "hsct_screen/questionnaire/forms.py"), ("full_clean", "django/forms/forms.py")),
    ),
    ("JSON response", (("__init__", "django/http/response.py"),)),
    ("learn page: Markdown and sanitising", (("convert", "markdown/core.py"), ("clean", "nh3"))),
)


def _configure() -> Path:
    """App settings as the bench serves it, on the bench's small database."""
    config = Config.from_env()
    url = databases.database_url(config.database_url, config.staff_sizes[0])
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hsct_screen.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY")
        or "bench-only-profile-key-not-for-any-real-site-made-long-enough-for-checks",
        ALLOWED_HOSTS="testserver,127.0.0.1",
        DATABASE_URL=url,
        CONN_MAX_AGE="60",
        # As the bench serves it: cache and sessions in Redis, rate limits off.
        REDIS_URL=config.redis_url,
        CACHE_KEY_PREFIX=f"bench-profile-{databases.database_name(url)}",
        RATELIMIT_ENABLE="0",
    )
    databases.ensure(url)
    return config.output_dir / "profile"


def scenarios():
    """(name, one request as a zero-argument call) for each profiled request; sessions made as a browser would."""
    import json
    from datetime import date

    from django.test import Client

    from bench import client, run

    browser = Client(enforce_csrf_checks=True)
    fetch = client.client_fetch(browser)
    reading = client.start_questionnaire(fetch)
    saving = client.start_questionnaire(client.client_fetch(Client(enforce_csrf_checks=True)))
    save_path, save_headers, save_body = client.answer_request(saving)
    api_body = run.api_body(date.today().year)
    json.loads(api_body)
    anonymous = Client()

    def start():
        return anonymous.get("/")

    def question():
        return fetch("GET", reading.question_path, {"Cookie": reading.cookie}, None)

    def api():
        return anonymous.post("/api/v1/evaluate", api_body, content_type="application/json")

    def save():
        return fetch("POST", save_path, save_headers, save_body)

    expected = {"start page": 200, "a question page": 200, "POST /api/v1/evaluate": 200, "saving an answer": 302}
    calls = {"start page": start, "a question page": question, "POST /api/v1/evaluate": api, "saving an answer": save}
    for name, call in calls.items():
        status = getattr(call(), "status_code", None) or call().status
        if status != expected[name]:
            raise SystemExit(f"{name}: HTTP {status}, expected {expected[name]}")
    return calls


def main() -> int:
    out_dir = _configure()
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is missing: .venv/bin/pip install -r requirements-dev.txt", file=sys.stderr)
        return 2
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", interactive=False, verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"# Profile: {REQUESTS} requests each, in process, DEBUG=0, PostgreSQL ({connection.settings_dict['NAME']})")
    for name, call in scenarios().items():
        for _warm in range(WARMUP):
            call()
        timings = []
        for _index in range(REQUESTS):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            call()
        # Copied now: the context reads the connection's log, which the next request clears.
        captured = [query["sql"] for query in queries.captured_queries]
        profiler = Profiler(interval=INTERVAL)
        profiler.start()
        for _index in range(REQUESTS):
            call()
        profiler.stop()
        found = Profile.of(profiler.last_session.root_frame())
        slug = name.lower().replace(" ", "-").replace("/", "")
        (out_dir / f"{slug}.txt").write_text(profiler.output_text(show_all=False), encoding="utf-8")
        print()
        print(
            f"## {name}: {statistics.mean(timings):.2f} ms a request (median {statistics.median(timings):.2f}), "
            f"{len(captured)} queries"
        )
        for sql in captured:
            print(f"    query: {sql[:160]}")
        total = found.request_time()
        print("  time by area (self time, % of the time in Django's request handling):")
        for area, seconds in sorted(found.areas.items(), key=lambda item: -item[1])[:8]:
            print(f"    {100 * seconds / total:5.1f}%  {area}")
        print(f"  top {TOP} costs (inclusive; they may overlap, e.g. templates contain tags):")
        for cost in found.top_costs():
            print(f"    {100 * cost.seconds / total:5.1f}%  {cost.label}")
    print()
    print(f"Full call trees: {out_dir}/")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
