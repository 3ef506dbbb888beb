"""Runs one crawl as a child process and relays its progress.

A crawl that hangs, leaks or crashes must not take the caller down, and a
Twisted reactor cannot restart in one process: so every crawl is a fresh
``python -m crawler.worker.process`` in its own process group, ended with SIGTERM,
then SIGKILL, when it overruns its wall-clock limit.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.config.settings import Settings

ProgressCallback = Callable[[dict[str, Any]], None]
SpawnCallback = Callable[[subprocess.Popen[bytes]], None]
# How long a child gets to stop after SIGTERM before SIGKILL.
KILL_GRACE = 5.0
# How often the wait loop looks at the caller's stop event.
STOP_POLL = 0.2


@dataclass
class CrawlOutcome:
    """How one crawl child ended, per site and overall."""

    exit_code: int
    timed_out: bool = False
    cancelled: bool = False  # the caller's stop event ended it (daemon shutdown)
    startup_seconds: float | None = None  # spawn -> the child's first "start" line
    wall_seconds: float = 0.0  # spawn -> exit
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)  # the "done" lines
    runs: dict[str, int] = field(default_factory=dict)  # site -> CrawlRun id ("start" lines)
    stderr_tail: str = ""

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out and not self.cancelled

    @property
    def unfinished_status(self) -> str:
        """How to record a run the child never reported done."""
        if self.cancelled:
            return "cancelled"
        return "timeout" if self.timed_out else "failed"

    def totals(self) -> dict[str, int]:
        """Counts summed over the sites' "done" lines (new_articles, duplicates...)."""
        keys = ("requests", "new_articles", "new_events", "duplicates", "merged_reports")
        return {key: sum(int(line.get(key, 0)) for line in self.sites.values()) for key in keys}

    def unfinished(self) -> dict[str, int]:
        """Runs the child started but never reported done (killed, crashed)."""
        return {site: run for site, run in self.runs.items() if site not in self.sites}


def settings_file(settings: Settings, folder: Path) -> Path:
    """Hand the child the crawl's part of the resolved settings (no secrets:
    a crawl signs and sends nothing)."""
    path = folder / "settings.json"
    path.write_text(settings.crawl.model_dump_json(), encoding="utf-8")
    path.chmod(0o600)
    return path


def run_crawl(
    settings: Settings,
    sites: list[str],
    on_progress: ProgressCallback | None = None,
    timeout: float | None = None,
    *,
    stop: threading.Event | None = None,
    on_spawn: SpawnCallback | None = None,
) -> CrawlOutcome:
    """Crawl ``sites`` in one child process; block until it ends or times out.

    ``stop`` lets a daemon end the crawl early (shutdown): when it is set the
    child is stopped like an overrun one and the outcome is ``cancelled``.
    ``on_spawn`` receives the child, so a forced exit can kill its group.
    """
    limit = settings.crawl_timeout if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="healthwatch-crawl-") as tmp:
        folder = Path(tmp)
        argv = [
            sys.executable,
            "-m",
            "crawler.worker.process",
            "--settings",
            str(settings_file(settings, folder)),
            "--parent",
            str(os.getpid()),
            *sites,
        ]
        with (folder / "stderr.log").open("w+b") as err:
            spawned = time.monotonic()
            child = subprocess.Popen(
                argv, stdout=subprocess.PIPE, stderr=err, start_new_session=True
            )
            if on_spawn is not None:
                on_spawn(child)
            outcome = CrawlOutcome(exit_code=-1)
            on_progress = _timing_start(outcome, spawned, on_progress)
            reader = threading.Thread(
                target=_read_progress, args=(child, outcome, on_progress), daemon=True
            )
            reader.start()
            try:
                ended = _wait(child, limit, stop)
                outcome.timed_out = ended == "timeout"
                outcome.cancelled = ended == "cancelled"
            except BaseException:  # Ctrl-C or a signal in the parent: leave no orphan crawl
                _stop(child)
                raise
            reader.join(timeout=KILL_GRACE)
            outcome.exit_code = child.returncode
            outcome.wall_seconds = time.monotonic() - spawned
            err.seek(0)
            outcome.stderr_tail = _tail(err.read().decode("utf-8", "replace"))
    return outcome


def _read_progress(
    child: subprocess.Popen[bytes], outcome: CrawlOutcome, callback: ProgressCallback | None
) -> None:
    """Parse the child's JSON lines; anything else on stdout is ignored."""
    assert child.stdout is not None
    for raw in child.stdout:
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(line, dict):
            continue
        if line.get("kind") == "start" and isinstance(line.get("run"), int):
            outcome.runs[str(line.get("site"))] = line["run"]
        if line.get("kind") == "done":
            outcome.sites[str(line.get("site"))] = line
        if callback is not None:
            callback(line)


def _timing_start(
    outcome: CrawlOutcome, spawned: float, callback: ProgressCallback | None
) -> ProgressCallback:
    """Wrap the progress callback to note when the child first said "start":
    the start-up cost of a fresh interpreter, a number DESIGN.md budgets."""

    def relay(line: dict[str, Any]) -> None:
        if line.get("kind") == "start" and outcome.startup_seconds is None:
            outcome.startup_seconds = time.monotonic() - spawned
        if callback is not None:
            callback(line)

    return relay


def _wait(child: subprocess.Popen[bytes], limit: float, stop: threading.Event | None) -> str:
    """Wait up to ``limit`` seconds, or until ``stop`` is set; then end the
    whole process group.  Returns "exited", "timeout" or "cancelled"."""
    if stop is None:
        try:
            child.wait(timeout=limit)
            return "exited"
        except subprocess.TimeoutExpired:
            _stop(child)
            return "timeout"
    deadline = time.monotonic() + limit
    while True:
        try:
            child.wait(timeout=max(0.0, min(STOP_POLL, deadline - time.monotonic())))
            return "exited"
        except subprocess.TimeoutExpired:
            pass
        if stop.is_set() or time.monotonic() >= deadline:
            _stop(child)
            return "cancelled" if stop.is_set() else "timeout"


def _stop(child: subprocess.Popen[bytes]) -> None:
    """SIGTERM the child's group, SIGKILL what is left after the grace time."""
    _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + KILL_GRACE
    while child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    _signal_group(child, signal.SIGKILL)
    child.wait()


def _signal_group(child: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal the child and everything it started (browsers outlive parents)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, sig)


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
