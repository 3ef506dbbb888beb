"""Soak the daemon's own loop: many short crawl cycles, RSS before and after.

    python bench/daemon_soak.py --cycles 1000            # ~40 min on 2 cores
    python bench/daemon_soak.py --cycles 60 --early 50   # a quick look

Also prints the open file descriptors and the database's size on disk, at
the same two moments (a leak of either shows as growth).

Runs the real daemon in this process (APScheduler jobs, the crawl queue,
the runner thread, metrics, after_crawl recording; no HTTP endpoint, no
signal handlers) with one site polled every second against a tiny local
site: one listing page with no links, answered 304 once its ETag is known.
One cycle = one crawl child process.  Prints:

- the daemon's RSS (VmRSS from /proc/self/status) after ``--early`` cycles
  and after the last one, and the growth between them (target: < 10 %);
- the child start-up overhead per crawl: spawn -> the child's first "start"
  progress line; and the child's total wall time for this empty crawl;
- the CPU the children used, per crawl (getrusage of waited-for children).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from crawler.config.settings import Settings, SiteConfig
from scheduler.cycle import check_sites, open_database
from scheduler.daemon import Daemon
from scheduler.logs import configure_logging
from scheduler.schedules import site_schedules

EMPTY_LISTING = b'<!DOCTYPE html><html><body><ul class="news-list"></ul></body></html>'
ETAG = '"empty-1"'
SITE = "demo_etown"  # a listing spider; its start_urls point at the tiny site


class TinySite(BaseHTTPRequestHandler):
    """One empty listing page with an ETag; robots.txt is a 404."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path != "/index.html":
            self._send(404, b"")
        elif self.headers.get("If-None-Match") == ETAG:
            self._send(304, b"")
        else:
            self._send(200, EMPTY_LISTING)

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("ETag", ETAG)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def rss_kib() -> int:
    """This process's resident set size, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


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
    startup, wall, statuses = [], [], {}
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=1000, help="crawl cycles to run")
    parser.add_argument("--early", type=int, default=50, help="RSS baseline after this many")
    args = parser.parse_args()

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
        rss_early = None
        fds_early = db_early = 0
        next_report = 100
        while (done := cycles_done(daemon)) < args.cycles:
            if rss_early is None and done >= args.early:
                rss_early, fds_early, db_early = rss_kib(), open_fds(), db_bytes(work)
                print(f"after {done} cycles: RSS {rss_early / 1024:.1f} MiB", flush=True)
            if done >= next_report:
                print(
                    f"after {done} cycles: RSS {rss_kib() / 1024:.1f} MiB, "
                    f"{open_fds()} open fds, database {db_bytes(work) / 1024:.0f} KiB",
                    flush=True,
                )
                next_report += 100
            time.sleep(0.2)
        rss_end, fds_end, db_end = rss_kib(), open_fds(), db_bytes(work)
        elapsed = time.monotonic() - began
        daemon.stopping.set()
        daemon.shutdown()
    server.shutdown()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    startup, wall, statuses = crawl_figures(log_path)
    early = rss_early or rss_end
    print(f"cycles: {done} in {elapsed:.0f} s; site statuses: {statuses}")
    print(
        f"RSS at start {rss_start / 1024:.1f} MiB, after {args.early} cycles "
        f"{early / 1024:.1f} MiB, after {done} cycles {rss_end / 1024:.1f} MiB "
        f"({100 * (rss_end - early) / early:+.1f} %)"
    )
    print(f"open fds after {args.early} cycles {fds_early}, after {done} cycles {fds_end}")
    print(
        f"database after {args.early} cycles {db_early / 1024:.0f} KiB, "
        f"after {done} cycles {db_end / 1024:.0f} KiB"
    )
    print(describe("child start-up (spawn -> first start line)", startup))
    print(describe("child wall time (empty crawl)", wall))
    cpu = children.ru_utime + children.ru_stime
    print(f"child CPU per crawl: {cpu / max(1, len(wall)):.3f} s (user+sys, {len(wall)} children)")
    print(f"log and database kept in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
