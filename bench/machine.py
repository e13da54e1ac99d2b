"""What the bench ran on, printed at the top of every run: numbers only mean something next to these."""

import os
import platform
import shutil
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from bench import wrk
from bench.config import ROOT


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def _commit() -> str:
    git = shutil.which("git")
    if not git:
        return "unknown"
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [git, "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return out.stdout.strip() or "unknown"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def describe(postgres_version: str) -> list[tuple[str, str]]:
    memory_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    memory = f"{int(memory_kb) / 1024 / 1024:.1f} GiB" if memory_kb.isdigit() else "unknown"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("commit", _commit()),
        ("nproc", str(cpus)),
        ("CPU", _first("/proc/cpuinfo", "model name")),
        ("memory", memory),
        ("OS", _os_name()),
        ("load average at start", load()),
        ("Python", platform.python_version()),
        ("Django", _version("Django")),
        ("gunicorn", _version("gunicorn")),
        ("psycopg", _version("psycopg")),
        ("PostgreSQL", postgres_version),
        ("wrk", wrk.version()),
    ]
