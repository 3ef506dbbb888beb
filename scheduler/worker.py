"""The daemon's side of the warm crawl worker (``crawler.worker.serve``).

One worker process lives across crawls, so a poll no longer pays a fresh
interpreter's imports.  What a child per crawl gave stays true:

- a crawl that overruns its time limit (or is cancelled by a shutdown) ends
  with the worker: its whole process group is killed, and the next crawl
  starts a new worker;
- a worker that crashed (its stdout closed), that grew past ``max_rss_mb``
  or that has run ``max_crawls`` crawls is replaced before the next crawl;
- a crawl that floods the worker's memory past ``kill_rss_mb`` (twice
  ``max_rss_mb`` unless set) is stopped mid-crawl, like a crash;
- the worker dies with the daemon, however the daemon dies.

The daemon never imports the reactor: it talks to the worker in JSON lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from crawler.config.settings import Settings
from scheduler.runner import KILL_GRACE, CrawlOutcome, ProgressCallback, SpawnCallback

# Seconds a new worker may take to import everything and say "ready".
READY_TIMEOUT = 120.0
STOP_POLL = 0.2
# How often a running crawl's memory is looked at (it reads /proc).
MEMORY_POLL = 2.0


class WarmWorker:
    """One long-lived crawl worker, running one crawl at a time."""

    def __init__(
        self, max_crawls: int = 200, max_rss_mb: float = 1024.0, kill_rss_mb: float | None = None
    ) -> None:
        self.max_crawls = max_crawls
        self.max_rss_mb = max_rss_mb
        self.kill_rss_mb = kill_rss_mb if kill_rss_mb is not None else 2 * max_rss_mb
        self.proc: subprocess.Popen[bytes] | None = None
        self.crawls = 0  # crawls the current process has run
        self.started = 0  # worker processes started so far
        self._lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._stderr: IO[bytes] | None = None
        self._next_id = 0

    # ----------------------------------------------------------------- crawls

    def crawl(
        self,
        settings: Settings,
        sites: list[str],
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
        *,
        stop: threading.Event | None = None,
        on_spawn: SpawnCallback | None = None,
    ) -> CrawlOutcome:
        """Crawl ``sites`` in the worker; block until done, overrun or cancelled."""
        began = time.monotonic()
        outcome = CrawlOutcome(exit_code=-1)
        limit = settings.crawl_timeout if timeout is None else timeout
        deadline = began + limit
        try:
            proc = self._ready(deadline, stop, on_spawn)
        except WorkerFailed as exc:
            outcome.stderr_tail = str(exc)
            outcome.timed_out = time.monotonic() >= deadline
            outcome.cancelled = stop is not None and stop.is_set()
            outcome.wall_seconds = time.monotonic() - began
            return outcome
        self._next_id += 1
        crawl_id = self._next_id
        command = {"crawl": crawl_id, "settings": settings.crawl.model_dump(mode="json")}
        command["sites"] = sites
        assert proc.stdin is not None
        try:
            proc.stdin.write((json.dumps(command) + "\n").encode())
            proc.stdin.flush()
        except OSError:
            self.retire(kill=True)
            outcome.stderr_tail = "the crawl worker stopped before the crawl began"
            return outcome
        sent = time.monotonic()
        ended = self._follow(crawl_id, outcome, on_progress, (sent, deadline), stop)
        outcome.wall_seconds = time.monotonic() - began
        if ended == "finished":
            self.crawls += 1
            self._truncate_stderr()
            if self.crawls >= self.max_crawls or self._rss_mb() > self.max_rss_mb:
                self.retire()
            return outcome
        outcome.timed_out = ended == "timeout"
        outcome.cancelled = ended == "cancelled"
        if ended == "crashed":
            outcome.stderr_tail = self._stderr_tail()
            outcome.exit_code = self._exit_code(proc)
        if ended == "memory":
            outcome.stderr_tail = (
                f"the crawl worker grew past kill_rss_mb ({self.kill_rss_mb:g} MB) and was stopped"
            )
            outcome.exit_code = -signal.SIGKILL
        self.retire(kill=True)
        return outcome

    def _follow(
        self,
        crawl_id: int,
        outcome: CrawlOutcome,
        on_progress: ProgressCallback | None,
        times: tuple[float, float],
        stop: threading.Event | None,
    ) -> str:
        """Relay the crawl's progress lines until it finishes; how it ended.
        ``times``: when the command was sent, and the crawl's deadline."""
        sent, deadline = times
        memory_due = sent + MEMORY_POLL
        while True:
            if stop is not None and stop.is_set():
                return "cancelled"
            now = time.monotonic()
            left = deadline - now
            if left <= 0:
                return "timeout"
            if now >= memory_due:
                memory_due = now + MEMORY_POLL
                if self._rss_mb() > self.kill_rss_mb:
                    return "memory"
            try:
                line = self._lines.get(timeout=min(STOP_POLL, left))
            except queue.Empty:
                continue
            if line is None:
                return "crashed"
            if line.get("kind") == "finished":
                if line.get("crawl") == crawl_id:
                    outcome.exit_code = int(line.get("exit", 1))
                    return "finished"
                continue
            _record(line, outcome, sent)
            if on_progress is not None:
                on_progress(line)

    # ---------------------------------------------------------------- process

    def _ready(
        self, deadline: float, stop: threading.Event | None, on_spawn: SpawnCallback | None
    ) -> subprocess.Popen[bytes]:
        """The running worker, or a new one that said "ready"."""
        if self.proc is not None and self.proc.poll() is None:
            return self.proc
        self.retire(kill=True)
        self._stderr = _append_only_tempfile()
        argv = [sys.executable, "-m", "crawler.worker.serve", "--parent", str(os.getpid())]
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            start_new_session=True,
        )
        self.proc, self.crawls = proc, 0
        self.started += 1
        self._lines = queue.Queue()
        threading.Thread(target=self._read, args=(proc, self._lines), daemon=True).start()
        if on_spawn is not None:
            on_spawn(proc)
        limit = min(deadline, time.monotonic() + READY_TIMEOUT)
        while True:
            if stop is not None and stop.is_set():
                self.retire(kill=True)
                raise WorkerFailed("the crawl was ended before the worker was ready")
            left = limit - time.monotonic()
            if left <= 0:
                self.retire(kill=True)
                raise WorkerFailed("the crawl worker did not start in time")
            try:
                line = self._lines.get(timeout=min(STOP_POLL, left))
            except queue.Empty:
                continue
            if line is None:
                tail = self._stderr_tail()
                self.retire(kill=True)
                raise WorkerFailed(f"the crawl worker failed to start: {tail}")
            if line.get("kind") == "ready":
                return proc

    @staticmethod
    def _read(proc: subprocess.Popen[bytes], lines: queue.Queue[dict[str, Any] | None]) -> None:
        """The worker's stdout, parsed; None when it closes (the worker is gone)."""
        assert proc.stdout is not None
        for raw in proc.stdout:
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if isinstance(line, dict):
                lines.put(line)
        lines.put(None)

    def retire(self, kill: bool = False) -> None:
        """End the worker: gently (close its stdin) unless ``kill``; the group goes."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if not kill and proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=KILL_GRACE)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=KILL_GRACE)
                break
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    @staticmethod
    def _exit_code(proc: subprocess.Popen[bytes]) -> int:
        """How a worker that closed its stdout ended (negative: the signal
        that killed it), so the run says "killed by SIGKILL", not a guess."""
        try:
            return proc.wait(timeout=KILL_GRACE)
        except subprocess.TimeoutExpired:
            return 1  # it closed its output but lives on: retire() ends it

    def _rss_mb(self) -> float:
        """The worker's resident memory, its browser's included (its process group)."""
        if self.proc is None:
            return 0.0
        total = 0
        for status in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = status.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == self.proc.pid:  # process group id
                    total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        return total / (1024 * 1024)

    def _stderr_tail(self, lines: int = 20) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace")
        return "\n".join(text.strip().splitlines()[-lines:])

    def _truncate_stderr(self) -> None:
        """A long-lived worker's log would grow forever: keep each crawl's only."""
        if self._stderr is not None:
            self._stderr.seek(0)
            self._stderr.truncate()


def _record(line: dict[str, Any], outcome: CrawlOutcome, sent: float) -> None:
    """What a progress line tells the outcome: a site's run began or ended."""
    kind = line.get("kind")
    if kind == "start":
        if outcome.startup_seconds is None:
            outcome.startup_seconds = time.monotonic() - sent
        if isinstance(line.get("run"), int):
            outcome.runs[str(line.get("site"))] = line["run"]
    elif kind == "done":
        outcome.sites[str(line.get("site"))] = line


def _append_only_tempfile() -> IO[bytes]:
    """A nameless temporary file opened for appending: the worker writes its
    log at the end however often the daemon empties it."""
    folder = tempfile.mkdtemp(prefix="healthwatch-worker-")
    path = Path(folder) / "stderr.log"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    path.unlink()
    Path(folder).rmdir()
    return os.fdopen(fd, "ab+")


class WorkerFailed(Exception):  # noqa: N818 - says what happened
    """The worker could not be started or stopped before the crawl began."""
