"""Servers the bench starts, and the promise to stop every one of them: on success, failure or Ctrl-C.

Each server runs in its own process group, so stopping it stops its workers too; `stop_all` runs at exit
and from the signal handlers `install_signal_handlers` sets, and only ever signals groups started here.
"""

import atexit
import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from bench.config import HOST

_RUNNING: list["Server"] = []


class ServerError(RuntimeError):
    """A server did not start, or died; the message says where its log is."""


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


class Server:
    """One server process (gunicorn) on 127.0.0.1:port; use as a context manager or call stop()."""

    def __init__(self, name: str, command: Sequence[str], *, port: int, cwd: Path, env: Mapping[str, str], log: Path):
        self.name, self.command, self.port, self.cwd, self.env, self.log = name, list(command), port, cwd, env, log
        self.process: subprocess.Popen | None = None

    def start(self, *, ready_path: str = "/", timeout: float = 60.0) -> "Server":
        if not port_is_free(self.port):
            raise ServerError(
                f"port {self.port} on {HOST} is in use; stop whatever listens there or set BENCH_PORT to another base"
            )
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn command, no shell
                self.command,
                cwd=self.cwd,
                env=dict(self.env),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopping it reaches every worker
            )
        _RUNNING.append(self)
        self.wait_ready(ready_path, timeout)
        return self

    def wait_ready(self, path: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"{self.name} exited with status {self.process.returncode}; see {self.log}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
                connection.request("GET", path)
                status = connection.getresponse().status
                connection.close()
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise ServerError(f"{self.name} did not answer on port {self.port} within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if self in _RUNNING:
            _RUNNING.remove(self)
        if process is None or process.poll() is not None:
            return
        # The group id is the server's own pid (start_new_session), so this reaches only what it started.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        # Workers that outlived their master (they should not) get the same end.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)

    def __enter__(self) -> "Server":
        return self.start() if self.process is None else self

    def __exit__(self, *exc) -> None:
        self.stop()


def stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()


def _raise_on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def install_signal_handlers() -> None:
    """SIGTERM and SIGHUP unwind like Ctrl-C, so every `with` block and `finally` stops its servers.

    Ctrl-C itself is set too: a shell that starts a job in the background makes it ignore SIGINT.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_on_signal)


atexit.register(stop_all)
