"""Fixtures for daemon tests: the real daemon in a subprocess, real local servers.

``start_daemon(config)`` writes a healthwatch.toml (the demo sites routed to
a live DemoServer, a fresh SQLite file) and starts ``python -m crawler.cli
run`` on a free port; the returned handle polls /healthz and /metrics, reads
the daemon's JSON log and the database, and sends signals.  Nothing of our
own is mocked.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.demo.receivers import free_port
from crawler.demo.server import DemoServer
from storage.db import make_engine, session_factory
from storage.models import CrawlRun, Site

# Daemons with webhook subscriptions refuse to start without a secret.
WEBHOOK_SECRET = "whsec_ZGFlbW9uLXRlc3RzLXNlY3JldA=="


def wait_for(check: Callable[[], Any], timeout: float, what: str, every: float = 0.1) -> Any:
    """Poll ``check`` until it returns something truthy; fail with ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def children_of(pid: int) -> list[int]:
    """Live (non-zombie) child processes of ``pid``, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def close_listener(sock: socket.socket) -> None:
    """Close a listening socket for good: shutdown() first wakes the thread
    blocked in accept(), which otherwise keeps the kernel socket accepting."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class HangingServer:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/index.html"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        close_listener(self.sock)
        for conn in self.held:
            conn.close()


@dataclass
class RunningDaemon:
    """A ``healthwatch run`` subprocess and what it can be asked."""

    proc: subprocess.Popen[bytes]
    port: int
    db_url: str
    stderr_path: Path
    config_path: Path
    sessions: Any = None
    _engine: Any = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, str]:
        """GET a path of the daemon's endpoint: (status, body); (0, error) if down."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()
        except OSError as exc:
            return 0, str(exc)

    def wait_healthy(self, timeout: float = 30) -> None:
        def healthy() -> bool:
            assert self.proc.poll() is None, f"daemon exited early:\n{self.log_text()}"
            return self.get("/healthz")[0] == 200

        wait_for(healthy, timeout, "/healthz 200")

    def metric(self, name: str, **labels: str) -> float:
        """A sample's value from /metrics (0 when absent)."""
        status, body = self.get("/metrics")
        assert status == 200, body
        want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
        for line in body.splitlines():
            if line.startswith("#"):
                continue
            key, _, value = line.rpartition(" ")
            metric, _, rest = key.partition("{")
            got = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
            if metric == name and got == want:
                return float(value)
        return 0.0

    def log_text(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def log_events(self) -> list[dict[str, Any]]:
        """The daemon's stderr, one JSON object per line (asserts the format)."""
        events = []
        for line in self.log_text().splitlines():
            record = json.loads(line)
            assert "event" in record and "level" in record and "timestamp" in record, line
            events.append(record)
        return events

    def runs(self, site: str | None = None) -> list[CrawlRun]:
        with self.session() as session:
            query = select(CrawlRun).order_by(CrawlRun.id)
            if site:
                query = query.where(CrawlRun.site == site)
            return list(session.scalars(query))

    def site(self, key: str) -> Site | None:
        with self.session() as session:
            return session.get(Site, key)

    def session(self) -> Session:
        if self.sessions is None:
            self._engine = make_engine(self.db_url)
            self.sessions = session_factory(self._engine)
        result: Session = self.sessions()
        return result

    def crawl_children(self) -> list[int]:
        return children_of(self.proc.pid)

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def wait_exit(self, timeout: float) -> int:
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            children = self.crawl_children()
            self.proc.kill()
            self.proc.wait()
            for pid in children:  # crawl children run in their own process groups
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        if self._engine is not None:
            self._engine.dispose()


@pytest.fixture
def demo_sites() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


@pytest.fixture
def hanging_server() -> Iterator[HangingServer]:
    server = HangingServer()
    yield server
    server.close()


@pytest.fixture
def start_daemon(tmp_path: Path, demo_sites: DemoServer) -> Iterator[Callable[..., RunningDaemon]]:
    """Start daemons; each gets the given TOML body plus the demo routing."""
    started: list[RunningDaemon] = []
    db_url = f"sqlite:///{tmp_path}/healthwatch.db"

    def start(config: str, *, database_url: str | None = None) -> RunningDaemon:
        url = database_url or db_url
        path = tmp_path / f"healthwatch-{len(started)}.toml"
        path.write_text(
            f'database_url = "{url}"\n'
            f'demo_server = "{demo_sites.url}"\n'
            "download_delay = 0\n"
            "max_jitter = 0.2\n"
            "batch_window = 0.3\n"
            "allow_private_targets = true\n"
            f'webhook_secret = "{WEBHOOK_SECRET}"\n' + config,
            encoding="utf-8",
        )
        port = free_port()
        stderr_path = tmp_path / f"daemon-{len(started)}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
        with stderr_path.open("wb") as err:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "crawler.cli",
                    "--config",
                    str(path),
                    "run",
                    "--http",
                    f"127.0.0.1:{port}",
                ],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        daemon = RunningDaemon(proc, port, url, stderr_path, path)
        started.append(daemon)
        return daemon

    yield start
    for daemon in started:
        daemon.close()


class TcpProxy:
    """A TCP relay on 127.0.0.1 to a real server; ``cut()`` drops the listener
    and every relayed connection (the server "goes away"), ``restore()``
    listens again on the same port; ``stall()`` keeps every connection open
    but swallows what flows (a network that eats packets), ``flow()`` ends it."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.stalled = threading.Event()
        self.restore()

    def stall(self) -> None:
        self.stalled.set()

    def flow(self) -> None:
        self.stalled.clear()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(50)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        assert self.listener is not None
        close_listener(self.listener)
        with self.lock:
            for conn in self.conns:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self.conns.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.conns += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                if not self.stalled.is_set():
                    dst.sendall(data)
        except OSError:
            pass
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
