"""Soak the daemon's own loop: many short crawl cycles, RSS before and after.

    python bench/daemon_soak.py --cycles 1000            # ~40 min on 2 cores
    python bench/daemon_soak.py --cycles 60 --early 50   # a quick look

Also prints the open file descriptors and the database's size on disk, at
the same two moments (a leak of either shows as growth).

Runs the real daemon in this process (APScheduler jobs, the crawl queue,
the runner thread, metrics, after_crawl recording; no HTTP endpoint, no
signal handlers, the warm crawl worker and the daemon's own conditional
GETs as configured by default) with one site polled every second against a
tiny local site: one listing page with no links, answered 304 to its ETag,
whose ETag changes every ``--change-every`` requests.  One cycle = one
poll: most are answered by the daemon's conditional GET (no crawl), every
few go to the warm worker, which is replaced after ``worker_max_crawls``
crawls as configured.  Prints:

- the daemon's RSS (VmRSS from /proc/self/status) after ``--early`` cycles
  and after the last one, and the growth between them (target: < 10 %),
  and the warm worker's RSS at the same moments;
- the crawl start-up in the worker (request -> its first "start" progress
  line) and each poll's wall time;
- CPU per poll: the daemon's own and its workers' (live and replaced).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from crawler.config.settings import Settings, SiteConfig
from scheduler.cycle import check_sites, open_database
from scheduler.daemon import Daemon
from scheduler.logs import configure_logging
from scheduler.schedules import site_schedules

EMPTY_LISTING = b'<!DOCTYPE html><html><body><ul class="news-list"></ul></body></html>'
SITE = "demo_etown"  # a listing spider; its start_urls point at the tiny site


class TinySite(BaseHTTPRequestHandler):
    """One empty listing page with an ETag that changes every ``change_every``
    requests of it; robots.txt is a 404."""

    protocol_version = "HTTP/1.1"
    change_every = 5
    requests = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        if self.path != "/index.html":
            self._send(404, b"")
            return
        with self.lock:
            TinySite.requests += 1
            etag = f'"empty-{TinySite.requests // self.change_every}"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", etag)
        else:
            self._send(200, EMPTY_LISTING, etag)

    def _send(self, status: int, body: bytes, etag: str = '"none"') -> None:
        self.send_response(status)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def rss_kib(pid: int | str = "self") -> int:
    """A process's resident set size, in KiB (0 for one that is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (0 for one that is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_rss_kib(daemon: Daemon) -> int:
    """The warm crawl worker's RSS, in KiB (0 when none is running)."""
    proc = daemon.worker.proc if daemon.worker is not None else None
    return rss_kib(proc.pid) if proc is not None else 0


def open_fds() -> int:
    """File descriptors this process holds open."""
    return len(list(Path("/proc/self/fd").iterdir()))


def db_bytes(folder: Path) -> int:
    """The SQLite database's size on disk, write-ahead log included."""
    return sum(path.stat().st_size for path in folder.glob("soak.db*"))


def cycles_done(daemon: Daemon) -> int:
    """Crawls the daemon has counted, whatever their status."""
    total = 0.0
    for metric in daemon.metrics.registry.collect():
        if metric.name == "healthwatch_crawls":
            total += sum(s.value for s in metric.samples if s.name.endswith("_total"))
    return int(total)


def crawl_figures(log_path: Path) -> tuple[list[float], list[float], dict[str, int]]:
    """Start-up and wall seconds per crawl child, and site statuses, from the JSON log."""
    startup, wall = [], []
    statuses: dict[str, int] = {}
    for line in log_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("event") == "crawl.finished":
            if record.get("startup_seconds") is not None:
                startup.append(float(record["startup_seconds"]))
            wall.append(float(record["wall_seconds"]))
        elif record.get("event") == "crawl.site_finished":
            statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    return startup, wall, statuses


def describe(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: no data"
    ordered = sorted(values)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return (
        f"{name}: median {statistics.median(values):.3f} s, mean {statistics.fmean(values):.3f} s, "
        f"p90 {p90:.3f} s, max {max(values):.3f} s (n={len(values)})"
    )


@dataclass(frozen=True)
class Reading:
    """What could leak, at one moment: RSS (KiB), open fds, database bytes."""

    rss: int
    worker_rss: int
    fds: int
    db: int

    def line(self) -> str:
        return (
            f"RSS {self.rss / 1024:.1f} MiB, worker {self.worker_rss / 1024:.1f} MiB, "
            f"{self.fds} open fds, database {self.db / 1024:.0f} KiB"
        )


def read(daemon: Daemon, work: Path) -> Reading:
    return Reading(rss_kib(), worker_rss_kib(daemon), open_fds(), db_bytes(work))


def soak(daemon: Daemon, work: Path, cycles: int, early: int) -> tuple[Reading, Reading, int]:
    """Poll the daemon's crawl count until ``cycles``; readings after ``early`` and at the end."""
    first: Reading | None = None
    next_report = 100
    while (done := cycles_done(daemon)) < cycles:
        if first is None and done >= early:
            first = read(daemon, work)
            print(f"after {done} cycles: {first.line()}", flush=True)
        if done >= next_report:
            print(f"after {done} cycles: {read(daemon, work).line()}", flush=True)
            next_report += 100
        time.sleep(0.2)
    last = read(daemon, work)
    return first or last, last, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=1000, help="crawl cycles to run")
    parser.add_argument("--early", type=int, default=50, help="RSS baseline after this many")
    parser.add_argument(
        "--change-every", type=int, default=5, help="the listing changes every N requests"
    )
    args = parser.parse_args()

    TinySite.change_every = args.change_every
    server = ThreadingHTTPServer(("127.0.0.1", 0), TinySite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    work = Path(tempfile.mkdtemp(prefix="healthwatch-soak-"))
    log_path = work / "daemon.log"
    settings = Settings(
        database_url=f"sqlite:///{work}/soak.db",
        download_delay=0,
        crawl_timeout=60,
        max_jitter=0,
        batch_window=0,
        shutdown_grace=10,
        sites={SITE: SiteConfig(every="1s", start_urls=[url])},
    )
    with log_path.open("w", encoding="utf-8") as log:
        configure_logging("INFO", log, as_json=True)
        schedules = site_schedules(settings, check_sites(settings, list(settings.sites)))
        engine, factory = open_database(settings)
        daemon = Daemon(settings, engine, factory, schedules)
        rss_start = rss_kib()
        began = time.monotonic()
        daemon.start()
        early, end, done = soak(daemon, work, args.cycles, args.early)
        workers = daemon.worker.started if daemon.worker else 0
        proc = daemon.worker.proc if daemon.worker is not None else None
        worker_cpu = cpu_seconds(proc.pid) if proc is not None else 0.0
        elapsed = time.monotonic() - began
        daemon.stopping.set()
        daemon.shutdown()
    server.shutdown()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    startup, wall, statuses = crawl_figures(log_path)
    print(f"cycles: {done} in {elapsed:.0f} s; site statuses: {statuses}")
    print(
        f"RSS at start {rss_start / 1024:.1f} MiB, after {args.early} cycles "
        f"{early.rss / 1024:.1f} MiB, after {done} cycles {end.rss / 1024:.1f} MiB "
        f"({100 * (end.rss - early.rss) / early.rss:+.1f} %)"
    )
    print(
        f"warm worker RSS after {args.early} cycles {early.worker_rss / 1024:.1f} MiB, "
        f"after {done} cycles {end.worker_rss / 1024:.1f} MiB; worker processes started: {workers}"
    )
    print(f"listing requests: {TinySite.requests}")
    print(f"open fds after {args.early} cycles {early.fds}, after {done} cycles {end.fds}")
    print(
        f"database after {args.early} cycles {early.db / 1024:.0f} KiB, "
        f"after {done} cycles {end.db / 1024:.0f} KiB"
    )
    print(describe("crawl start-up in the worker (request -> first start line)", startup))
    print(describe("poll wall time (conditional GET or crawl)", wall))
    workers_cpu = children.ru_utime + children.ru_stime + worker_cpu
    polls = max(1, len(wall))
    print(
        f"CPU per poll: daemon {(own.ru_utime + own.ru_stime) / polls * 1000:.1f} ms "
        f"(its HTTP site and start-up included), workers {workers_cpu / polls * 1000:.1f} ms "
        f"({len(startup)} crawls in {polls} polls)"
    )
    print(f"log and database kept in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
