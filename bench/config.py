"""The benchmark's settings, read once from BENCH_* environment variables, with the defaults of issue 9."""

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the bench never listens on or sends to anything else


def _int(name: str, default: int, *, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.removesuffix("s"))
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, not {value}")
    return value


def _sizes(raw: str) -> tuple[int, int]:
    try:
        small, large = (int(part.replace("_", "")) for part in raw.split(","))
    except ValueError:
        raise SystemExit(f"BENCH_STAFF_SIZES must be two whole numbers like 100,100000, not {raw!r}") from None
    if not 0 < small < large:
        raise SystemExit(f"BENCH_STAFF_SIZES must be two increasing numbers above 0, not {raw!r}")
    return small, large


def default_queue_filter(today: date) -> str:
    """The filtered queue: this week's new submissions from people who asked to be contacted."""
    return f"status=new&wants_contact=yes&submitted_from={(today - timedelta(days=6)).isoformat()}"


@dataclass(frozen=True)
class Config:
    duration: int = 8  # seconds of wrk per page, in all
    rounds: int = 4  # the duration is split into rounds; each round loads every page once, bare view first
    threads: int = 2
    connections: int = 16
    warmup: int = 1  # seconds of wrk before each measured run (0 = none)
    workers: int | None = None  # None: the Dockerfile's WEB_CONCURRENCY
    port: int = 8106  # bare view; the app on port + 1 and port + 2, Django's floor views on port + 4
    database_url: str = "postgres://postgres@127.0.0.1:5432/hsct_bench"
    # Production keeps sessions and the cache in Redis (REDIS_URL); the bench does too, in its own db number.
    redis_url: str = "redis://127.0.0.1:6379/5"
    staff_sizes: tuple[int, int] = (100, 100_000)
    staff_requests: int = 15
    learn_page: str = "/learn/what-is-hsct/"
    queue_filter: str = ""  # empty: default_queue_filter(today)
    fresh: bool = False  # drop and re-create the bench databases first
    output_dir: Path = field(default=ROOT / "bench" / "results")

    @classmethod
    def from_env(cls) -> "Config":
        env = os.environ
        return cls(
            duration=_int("BENCH_DURATION", cls.duration),
            rounds=_int("BENCH_ROUNDS", cls.rounds),
            threads=_int("BENCH_THREADS", cls.threads),
            connections=_int("BENCH_CONNECTIONS", cls.connections),
            warmup=_int("BENCH_WARMUP", cls.warmup, minimum=0),
            workers=_int("BENCH_WORKERS", 0, minimum=0) or None,
            port=_int("BENCH_PORT", cls.port, minimum=1024),
            database_url=env.get("BENCH_DATABASE_URL", "").strip() or cls.database_url,
            redis_url=env.get("BENCH_REDIS_URL", "").strip() or cls.redis_url,
            staff_sizes=_sizes(env.get("BENCH_STAFF_SIZES", "").strip() or "100,100000"),
            staff_requests=_int("BENCH_STAFF_REQUESTS", cls.staff_requests),
            learn_page=env.get("BENCH_LEARN_PAGE", "").strip() or cls.learn_page,
            queue_filter=env.get("BENCH_QUEUE_FILTER", "").strip(),
            fresh=env.get("BENCH_FRESH", "").strip().lower() in ("1", "true", "yes", "on"),
            output_dir=Path(env.get("BENCH_OUTPUT_DIR", "").strip() or ROOT / "bench" / "results"),
        )

    @property
    def round_seconds(self) -> int:
        """wrk counts whole seconds: each round is at least one."""
        return max(1, self.duration // self.rounds)

    @property
    def round_count(self) -> int:
        return min(self.rounds, self.duration)

    @property
    def bare_port(self) -> int:
        return self.port

    def app_port(self, index: int) -> int:
        """The app's port for the small (0) or large (1) staff database."""
        return self.port + 1 + index

    @property
    def floor_port(self) -> int:
        """Django's floor for the busier requests (bench.bare's floor views). port + 3 is the smoke tests'."""
        return self.port + 4
