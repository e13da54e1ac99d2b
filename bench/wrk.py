"""Drive a page with wrk: the Lua script for its request, the run, and the figures wrk's done() hands back.

Every run gets a script, even a plain GET, because its `done()` prints the summary as one JSON line:
requests, duration, the 99th percentile and every kind of error, with nothing to scrape from text.
"""

import json
import shutil
import statistics
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.config import HOST

INSTALL_HINT = "wrk is not installed: `apt-get install wrk` (Debian's package), then run `make bench` again."
MARKER = "BENCH_JSON "

DONE = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %.0f, "duration_us": %.0f, "p50_us": %.0f, "p99_us": %.0f, "mean_us": %.1f, '
    .. '"connect": %.0f, "read": %.0f, "write": %.0f, "status": %.0f, "timeout": %.0f}\n',
    "BENCH_JSON ", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def lua_string(text: str | bytes) -> str:
    """A Lua string literal holding exactly these bytes."""
    data = text.encode() if isinstance(text, str) else text
    out = []
    for byte in data:
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


@dataclass(frozen=True)
class Request:
    """One page as the bench sends it, over and over."""

    name: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    expect_status: int = 200

    @classmethod
    def make(cls, name, method, path, headers: Mapping[str, str] | None = None, body=None, expect_status=200):
        return cls(name, method, path, tuple((headers or {}).items()), body, expect_status)


def lua_script(request: Request) -> str:
    lines = [f"wrk.method = {lua_string(request.method)}", f"wrk.path = {lua_string(request.path)}"]
    for name, value in request.headers:
        lines.append(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}")
    if request.body is not None:
        lines.append(f"wrk.body = {lua_string(request.body)}")
    return "\n".join(lines) + "\n" + DONE


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    errors: dict[str, int]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def combine(runs: list[WrkResult]) -> WrkResult:
    """Several runs of the same page as one: requests and time added up, latencies the median of the runs'."""
    errors = {name: sum(run.errors[name] for run in runs) for name in runs[0].errors}
    return WrkResult(
        requests=sum(run.requests for run in runs),
        seconds=sum(run.seconds for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        mean_ms=statistics.fmean(run.mean_ms for run in runs),
        errors=errors,
    )


def parse_output(stdout: str) -> WrkResult:
    for line in stdout.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            return WrkResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                mean_ms=data["mean_us"] / 1000,
                errors={name: data[name] for name in ("connect", "read", "write", "status", "timeout")},
            )
    raise ValueError(f"wrk printed no summary:\n{stdout[-2000:]}")


def wrk_path() -> str | None:
    return shutil.which("wrk")


def version() -> str:
    path = wrk_path()
    if not path:
        return "not installed"
    # `wrk --version` prints its banner and exits 1.
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    banner = (out.stdout or out.stderr).strip()
    return banner.splitlines()[0].split(" Copyright")[0].strip() if banner else "unknown"


def run(request: Request, *, port: int, seconds: int, threads: int, connections: int, script_dir: Path) -> WrkResult:
    """Load one page for `seconds` and return what wrk measured; raises if wrk is missing or fails."""
    path = wrk_path()
    if not path:
        raise FileNotFoundError(INSTALL_HINT)
    script_dir.mkdir(parents=True, exist_ok=True)
    script = script_dir / f"{request.name}.lua"
    script.write_text(lua_script(request), encoding="utf-8")
    command = [
        path,
        f"--threads={threads}",
        f"--connections={max(connections, threads)}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={script}",
        f"http://{HOST}:{port}{request.path}",
    ]
    # subprocess.run kills wrk if we are interrupted.
    out = subprocess.run(command, capture_output=True, text=True, check=False, timeout=seconds + 60)  # noqa: S603
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr.strip() or out.stdout.strip()}")
    return parse_output(out.stdout)
