"""How the app is served in production, read from the Dockerfile, so the bench serves both projects that way.

The Dockerfile's CMD runs `gunicorn hsct_screen.wsgi --bind ... <options>` with WEB_CONCURRENCY workers
(gunicorn reads that variable itself). The bench keeps the options, replaces only the address, and gives
the bare project exactly the same command line.
"""

import json
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.config import HOST, ROOT

DOCKERFILE = ROOT / "Dockerfile"
CONFIG_FILE = ROOT / "gunicorn.conf.py"
# When the Dockerfile cannot be read: what issue 9 measured with.
FALLBACK_WORKERS = 4
FALLBACK_OPTIONS = ("--timeout", "30")


@dataclass(frozen=True)
class ServeSpec:
    workers: int
    options: tuple[str, ...]
    source: str  # where the settings came from, for the report
    # gunicorn reads ./gunicorn.conf.py of the folder it starts in; the bare project gets the app's too.
    config_file: Path | None = None

    def command(self, wsgi_module: str, port: int) -> list[str]:
        # The same interpreter as the bench: the project's virtualenv.
        config = ["--config", str(self.config_file)] if self.config_file else []
        return [sys.executable, "-m", "gunicorn", wsgi_module, "--bind", f"{HOST}:{port}", *config, *self.options]

    def describe(self) -> str:
        if self.config_file:
            # Both servers get the production config: gthread workers with its default thread count.
            kind = f"{self.workers} gthread workers, {self.config_file.name} as in production"
        else:
            kind = f"{self.workers} sync workers"
        return f"gunicorn, {kind}, options {' '.join(self.options) or '(none)'} ({self.source})"


def _strip_bind(args: list[str]) -> tuple[str, ...]:
    kept, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("--bind", "-b"):
            skip = True
        elif not arg.startswith(("--bind=", "-b")):
            kept.append(arg)
    return tuple(kept)


def parse_dockerfile(text: str) -> tuple[int | None, tuple[str, ...] | None]:
    """WEB_CONCURRENCY and the gunicorn options (without the address) of a Dockerfile, None where absent."""
    workers = None
    match = re.search(r"\bWEB_CONCURRENCY=(\d+)", text)
    if match:
        workers = int(match.group(1))
    options = None
    for line in text.splitlines():
        if not line.startswith("CMD"):
            continue
        exec_form = line.removeprefix("CMD").strip()
        if exec_form.startswith("["):
            # CMD ["gunicorn", "module", options...]: the options after the module (none: all in gunicorn.conf.py)
            try:
                args = json.loads(exec_form)
            except ValueError:
                args = []
            if len(args) >= 2 and args[0] == "gunicorn":
                options = _strip_bind(args[2:])
                continue
        gunicorn = re.search(r"gunicorn\s+(\S+)\s+([^\"\]]*)", line)
        if gunicorn:
            options = _strip_bind(shlex.split(gunicorn.group(2)))
    return workers, options


def serve_spec(workers_override: int | None = None, dockerfile: Path = DOCKERFILE) -> ServeSpec:
    """The app's gunicorn setup; BENCH_WORKERS (workers_override) replaces only the worker count."""
    try:
        workers, options = parse_dockerfile(dockerfile.read_text(encoding="utf-8"))
    except OSError:
        workers, options = None, None
    source = "from the Dockerfile" if workers and options is not None else "Dockerfile unreadable: issue 9's setup"
    if workers_override:
        workers, source = workers_override, f"{source}; workers from BENCH_WORKERS"
    return ServeSpec(
        workers=workers or FALLBACK_WORKERS,
        options=options if options is not None else FALLBACK_OPTIONS,
        source=source,
        config_file=CONFIG_FILE if CONFIG_FILE.exists() else None,
    )
