"""healthwatch against urlwatch and changedetection.io on one local site (issue 18, item 4).

    python -m bench.peers --quick            # ~15 min: 1 rep, 90 s daemon windows, 30 s schedule
    python -m bench.peers --reps 3 --window 600 --every 5m

Needs the peers in their own venvs from PyPI (pinned; not part of the test
suite because it installs them)::

    python3.11 -m venv /tmp/peer-urlwatch && /tmp/peer-urlwatch/bin/pip install urlwatch==2.29
    python3.11 -m venv /tmp/peer-cdio
    /tmp/peer-cdio/bin/pip install changedetection.io==0.50.43 'openapi-core[flask]==0.19.5'

(openapi-core 0.23, which pip picks otherwise, breaks changedetection.io's
API: every POST answers 500 on an import error.)

All traffic is to 127.0.0.1 (``bench/peer_site.py``: 100 real corpus pages
behind 4 listings, ETag/Last-Modified/304).  Proxies are cleared, and
changedetection.io runs with ``DISABLE_VERSION_CHECK`` and ``-u`` (so it adds
no default watches of internet sites).  CPU is user + system seconds of the
whole process tree (``resource.RUSAGE_CHILDREN`` for children we wait for,
psutil for long-lived servers, reaped children included).  Per repetition,
alternating: healthwatch, urlwatch, changedetection.io, each from a fresh
state:

- first check of the 100 articles, then an unchanged re-check;
- healthwatch's daemon for 1, 20 and 100 sites: CPU % of a core and RSS of
  daemon + worker over a window after every site's first crawl;
- one new article (a real health-forum announcement) published on the
  1-site daemon's listing: seconds until healthwatch's signed webhook
  arrives at a local receiver, and until changedetection.io's notification
  (Apprise ``json://``) arrives for its watch of the same listing.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import random
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

try:
    import psutil
except ImportError:
    raise SystemExit("psutil missing: pip install -e '.[bench]'") from None

from bench.local_server import answering, child_cpu, serving
from bench.peer_site import LISTINGS, PeerSite, corpus_pages, listing_path, site_settings
from crawler.demo.receivers import free_port
from scheduler.runner import run_crawl
from storage.db import upgrade

ROOT = Path(__file__).resolve().parents[1]
URLWATCH = Path("/tmp/peer-urlwatch/bin/urlwatch")
CDIO = Path("/tmp/peer-cdio/bin/changedetection.io")
LOCAL_ENV = {"no_proxy": "*", "NO_PROXY": "*", "http_proxy": "", "https_proxy": ""}
LOCAL_ENV |= {"HTTP_PROXY": "", "HTTPS_PROXY": "", "DISABLE_VERSION_CHECK": "true"}


def env() -> dict[str, str]:
    return os.environ | LOCAL_ENV


def tree_cpu(proc: psutil.Process) -> float:
    """CPU seconds of a process, its live descendants and its reaped children."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def tree_rss_mb(proc: psutil.Process) -> float:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total / 1e6


def wait_for(check: Callable[[], bool], timeout: float, what: str, step: float = 0.5) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(step)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


# --- the webhook receiver -------------------------------------------------------------


class Receiver:
    """A local HTTP server that notes when each POST arrived, by path."""

    def __init__(self) -> None:
        self.got: list[tuple[str, float, bytes]] = []
        self.lock = threading.Lock()

    def since(self, path: str, after: float) -> list[tuple[float, bytes]]:
        with self.lock:
            return [(t, b) for p, t, b in self.got if p.startswith(path) and t >= after]


@contextmanager
def receiving(receiver: Receiver) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with receiver.lock:
                receiver.got.append((self.path, time.time(), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    with serving(Handler) as base:
        yield base.removeprefix("http://")


# --- first check and unchanged re-check -----------------------------------------------


def hw_checks(base: str) -> tuple[float, float, float]:
    """healthwatch on a fresh database: the first crawl (a one-shot crawl child, as
    ``healthwatch crawl`` runs it), the same crawl again, and a re-poll as the daemon
    makes it (its own conditional GETs, measured in a child that is already warm)."""
    with tempfile.TemporaryDirectory(prefix="hw-peers-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'hw.db'}"
        upgrade(url)
        settings = site_settings(url, base, "peers")
        names = list(settings.sites)
        figures = []
        for _ in range(2):
            cpu = child_cpu()
            outcome = run_crawl(settings, names)
            figures.append(child_cpu() - cpu)
            if any(outcome.sites.get(n, {}).get("status") != "ok" for n in names):
                raise SystemExit(f"crawl failed: {outcome.sites}\n{outcome.stderr_tail}")
        argv = [sys.executable, "-m", "bench.peers", "--repoll-child", url, base]
        answer = subprocess.run(argv, env=env(), check=True, capture_output=True, cwd=ROOT)
    return figures[0], figures[1], float(answer.stdout.decode().split()[-1])


def daemon_repoll(url: str, base: str, times: int = 20) -> float:
    """CPU seconds of one unchanged re-poll of the 4 sites as the daemon makes it
    (``Daemon.unchanged`` and ``record_unchanged``: entry pages read from the
    database, conditional GETs, the runs written), the median of ``times`` after one
    warm-up poll (imports, connections and robots.txt, which the daemon keeps)."""
    from scheduler.cycle import open_database, record_unchanged  # noqa: PLC0415
    from scheduler.precheck import Prechecker, site_entries  # noqa: PLC0415
    from scheduler.runner import CrawlOutcome  # noqa: PLC0415
    from storage.db import transaction  # noqa: PLC0415

    settings = site_settings(url, base, "peers")
    _, factory = open_database(settings)
    prechecker = Prechecker(settings)
    spent = []
    for _ in range(times + 1):
        began = time.process_time()
        with factory() as session:
            entries = {s: site_entries(session, s, c) for s, c in settings.sites.items()}
        checks = prechecker.check(entries, settings.sites)
        if not all(check.unchanged for check in checks.values()):
            raise SystemExit(f"a site was not unchanged: {checks}")
        with transaction(factory) as session:
            for check in checks.values():
                record_unchanged(session, check, "bench", CrawlOutcome(exit_code=0))
        spent.append(time.process_time() - began)
    prechecker.close()
    return statistics.median(spent[1:])


def urlwatch_checks(site: PeerSite, base: str) -> tuple[float, float]:
    """urlwatch 2.29: the 100 article URLs as jobs, a fresh cache; run twice."""
    with tempfile.TemporaryDirectory(prefix="uw-peers-") as tmp:
        folder = Path(tmp)
        jobs = [f"url: {base}{path}\n" for path, _ in site.articles[:100]]
        (folder / "urls.yaml").write_text("---\n".join(jobs))
        argv = [str(URLWATCH), "--urls", str(folder / "urls.yaml")]
        argv += ["--config", str(folder / "urlwatch.yaml"), "--cache", str(folder / "cache.db")]
        argv += ["--hooks", str(folder / "hooks.py")]
        figures = []
        for _ in range(2):
            cpu = child_cpu()
            subprocess.run(argv, env=env(), check=True, stdout=subprocess.DEVNULL, cwd=tmp)
            figures.append(child_cpu() - cpu)
    return figures[0], figures[1]


class Cdio:
    """A changedetection.io server on a fresh datastore, driven by its REST API."""

    def __init__(self, folder: Path, first_url: str) -> None:
        self.port = free_port()
        self.folder = folder
        argv = [str(CDIO), "-d", str(folder), "-h", "127.0.0.1", "-p", str(self.port)]
        argv += ["-u", first_url, "-l", "WARNING"]  # -u: no default internet watches
        self.log = (folder.parent / "cdio.log").open("ab")
        self.proc = subprocess.Popen(argv, env=env(), stdout=self.log, stderr=self.log)
        self.ps = psutil.Process(self.proc.pid)
        wait_for(self._token, 60, "changedetection.io's datastore")
        wait_for(self._up, 60, "changedetection.io's API")

    def _token(self) -> bool:
        try:
            data = json.loads((self.folder / "url-watches.json").read_text())
            self.key = data["settings"]["application"]["api_access_token"]
            return bool(self.key)
        except (OSError, ValueError, KeyError):
            return False

    def _up(self) -> bool:
        try:
            self.call("GET", "/api/v1/watch")
            return True
        except OSError:
            return False

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method
        )
        request.add_header("x-api-key", self.key)
        request.add_header("Content-Type", "application/json")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text.strip() else None

    def watches(self) -> dict[str, Any]:
        return dict(self.call("GET", "/api/v1/watch"))

    def add(self, url: str, seconds: int) -> None:
        body = {"url": url, "time_between_check_use_default": False}
        body["time_between_check"] = {"seconds": seconds}
        self.call("POST", "/api/v1/watch", body)

    def all_checked_after(self, mark: dict[str, float], count: int) -> bool:
        ws = self.watches()
        done = [u for u, w in ws.items() if (w.get("last_checked") or 0) > mark.get(u, 0)]
        return len(ws) >= count and len(done) >= count

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def cdio_checks(site: PeerSite, base: str) -> tuple[float, float]:
    """changedetection.io 0.50.43: 100 watches added by API; first check, then recheck_all."""
    with tempfile.TemporaryDirectory(prefix="cdio-peers-") as tmp:
        folder = Path(tmp) / "datastore"
        folder.mkdir()
        urls = [base + path for path, _ in site.articles[:100]]
        cdio = Cdio(folder, urls[0])
        try:
            wait_for(lambda: cdio.all_checked_after({}, 1), 120, "the -u watch's check")
            time.sleep(2)
            cpu = tree_cpu(cdio.ps)
            for url in urls[1:]:
                cdio.add(url, 30 * 24 * 3600)  # no scheduled recheck inside the bench
            wait_for(lambda: cdio.all_checked_after({}, 100), 900, "100 first checks", 1)
            first = tree_cpu(cdio.ps) - cpu
            mark = {u: w["last_checked"] for u, w in cdio.watches().items()}
            cpu = tree_cpu(cdio.ps)
            time.sleep(1.5)  # last_checked is in whole seconds: a re-check must show as later
            cdio.call("GET", "/api/v1/watch?recheck_all=1")
            wait_for(lambda: cdio.all_checked_after(mark, 100), 900, "100 re-checks", 1)
            again = tree_cpu(cdio.ps) - cpu
        finally:
            cdio.stop()
    # The -u watch (urls[0]) was checked before the window: first = 99 checks, scaled.
    return first * 100 / 99, again


# --- the healthwatch daemon -------------------------------------------------------------


def daemon_config(folder: Path, base: str, sites: int, every: str, hook: str) -> Path:
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    lines = [
        f'database_url = "sqlite:///{folder / "daemon.db"}"',
        f'webhook_secret = "{secret}"',
        "allow_private_targets = true",
        "download_delay = 0",
        "schedule_jitter = 0",
        'log_level = "WARNING"',
        "",
        "[[subscriptions]]",
        'name = "bench"',
        f'channels = ["http://{hook}/hw"]',
        "",
    ]
    for k in range(sites):
        lines += [f"[sites.peers_{k}]", f'url = "{base}{listing_path(k % LISTINGS)}?site={k}"']
        lines += [f'every = "{every}"', ""]
    path = folder / "healthwatch.toml"
    path.write_text("\n".join(lines))
    return path


def ok_sites(folder: Path) -> int:
    try:
        with sqlite3.connect(folder / "daemon.db", timeout=5) as db:
            row = db.execute("SELECT count(DISTINCT site) FROM crawl_run WHERE status = 'ok'")
            return int(row.fetchone()[0])
    except sqlite3.Error:
        return 0


def runs(folder: Path) -> int:
    try:
        with sqlite3.connect(folder / "daemon.db", timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM crawl_run").fetchone()[0])
    except sqlite3.Error:
        return 0


@contextmanager
def daemon(folder: Path, config: Path) -> Iterator[psutil.Process]:
    log = (folder / "daemon.log").open("ab")
    argv = [str(Path(sys.executable).parent / "healthwatch"), "--config", str(config)]
    argv += ["run", "--http", f"127.0.0.1:{free_port()}"]
    proc = subprocess.Popen(argv, env=env(), stdout=log, stderr=log, cwd=folder)
    try:
        yield psutil.Process(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def daemon_window(base: str, sites: int, every: str, window: float, hook: str) -> dict[str, float]:
    """CPU % of a core, RSS at start and end, CPU per poll, over ``window`` s after warm-up."""
    with tempfile.TemporaryDirectory(prefix="hw-daemon-") as tmp:
        folder = Path(tmp)
        config = daemon_config(folder, base, sites, every, hook)
        with daemon(folder, config) as proc:
            wait_for(lambda: ok_sites(folder) >= sites, 900, f"{sites} sites' first crawls", 2)
            time.sleep(5)
            cpu, polls, rss0, start = tree_cpu(proc), runs(folder), tree_rss_mb(proc), time.time()
            samples = [rss0]
            while (left := start + window - time.time()) > 0:
                time.sleep(min(60.0, left))
                samples.append(tree_rss_mb(proc))  # RSS each minute: flat, or growing?
            used, done = tree_cpu(proc) - cpu, runs(folder) - polls
            rss1, wall = samples[-1], time.time() - start
    return {
        "sites": sites,
        "cpu_pct": 100 * used / wall,
        "cpu_s": used,
        "polls": done,
        "per_poll": used / done if done else float("nan"),
        "rss0": rss0,
        "rss1": rss1,
        "rss_max": max(samples),
    }


def arrival(receiver: Receiver, path: str, published: float) -> float:
    """Seconds from ``published`` to the first POST on ``path`` (inf: none came)."""
    got = receiver.since(path, published)
    return got[0][0] - published if got else math.inf


def latency(
    *, site: PeerSite, base: str, every: str, seconds: int, news: int, receiver: Receiver, hook: str
) -> tuple[list[float], list[float]]:
    """One site (listing 0) watched by the daemon and by changedetection.io; ``news`` articles
    published at random moments; seconds until each one's alert reaches the receiver."""
    hw: list[float] = []
    cd: list[float] = []
    with tempfile.TemporaryDirectory(prefix="hw-latency-") as tmp:
        folder = Path(tmp)
        (folder / "datastore").mkdir()
        config = daemon_config(folder, base, 1, every, hook)
        listing = f"{base}{listing_path(0)}?site=0"
        cdio = Cdio(folder / "datastore", f"{base}/robots.txt")
        try:
            cdio.call(
                "POST", "/api/v1/notifications", {"notification_urls": [f"json://{hook}/cdio"]}
            )
            cdio.add(listing, seconds)
            wait_for(lambda: cdio.all_checked_after({}, 2), 120, "changedetection.io's first check")
            with daemon(folder, config):
                wait_for(lambda: ok_sites(folder) >= 1, 600, "the site's first crawl", 1)
                for _ in range(news):
                    time.sleep(random.uniform(0, seconds))
                    path = site.publish()
                    at = site.published[-1]
                    deadline = time.time() + seconds * 3 + 120
                    while time.time() < deadline and not (
                        receiver.since("/hw", at) and receiver.since("/cdio", at)
                    ):
                        time.sleep(0.5)
                    hw.append(arrival(receiver, "/hw", at))
                    cd.append(arrival(receiver, "/cdio", at))
                    print(
                        f"    new article {path}: healthwatch {hw[-1]:.1f} s, cdio {cd[-1]:.1f} s"
                    )
        finally:
            cdio.stop()
    return hw, cd


# --- report -----------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def seconds_of(every: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return int(every[:-1]) * units[every[-1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 rep, 90 s windows, 30 s schedule")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--window", type=float, default=600, help="daemon window, seconds")
    parser.add_argument("--every", default="5m", help="the daemon's schedule (default 5m)")
    parser.add_argument("--sites", default="1,20,100")
    parser.add_argument("--news", type=int, default=5, help="new articles for the latency")
    parser.add_argument("--skip", default="", help="comma list: checks, daemon, latency")
    parser.add_argument("--repoll-child", nargs=2, metavar=("DB", "BASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.repoll_child:
        print(daemon_repoll(*args.repoll_child))
        return
    if args.quick:
        args.reps, args.window, args.every, args.news = 1, 90, "30s", 3
    skip = set(filter(None, args.skip.split(",")))
    for tool in (URLWATCH, CDIO):
        if not tool.exists():
            raise SystemExit(f"{tool} missing: see this script's docstring")
    site = PeerSite(corpus_pages())
    receiver = Receiver()
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), f"args: {vars(args)}")
    with serving(answering(site.answer)) as base, receiving(receiver) as hook:
        if "checks" not in skip:
            checks(site, base, args.reps)
        if "daemon" not in skip:
            for sites in map(int, args.sites.split(",")):
                row = daemon_window(base, sites, args.every, args.window, hook)
                projected = row["per_poll"] * sites / 300 * 100
                print(
                    f"  daemon {sites:>3} sites every {args.every}: "
                    f"{row['cpu_pct']:.2f} % of a core "
                    f"({row['cpu_s']:.2f} s in {args.window:.0f} s, {row['polls']:.0f} polls, "
                    f"{row['per_poll']:.3f} s/poll; at 5 min ~{projected:.2f} %), "
                    f"RSS {row['rss0']:.0f} -> {row['rss1']:.0f} MB (max {row['rss_max']:.0f})"
                )
        if "latency" not in skip:
            secs = seconds_of(args.every)
            hw, cd = latency(
                site=site,
                base=base,
                every=args.every,
                seconds=secs,
                news=args.news,
                receiver=receiver,
                hook=hook,
            )
            print(
                f"  new article -> alert, poll every {secs} s: healthwatch p95 {p95(hw):.1f} s "
                f"(median {statistics.median(hw):.1f}), changedetection.io p95 {p95(cd):.1f} s "
                f"(median {statistics.median(cd):.1f}); target p95 < {secs + 5} s; "
                f"missed: healthwatch {hw.count(math.inf)}, cdio {cd.count(math.inf)}"
            )


def checks(site: PeerSite, base: str, reps: int) -> None:
    tools: dict[str, Callable[[], tuple[float, ...]]] = {
        "healthwatch": lambda: hw_checks(base),
        "urlwatch": lambda: urlwatch_checks(site, base),
        "changedetection.io": lambda: cdio_checks(site, base),
    }
    got: dict[str, list[tuple[float, ...]]] = {name: [] for name in tools}
    for rep in range(reps):
        for name, run in tools.items():
            before = site.count()
            got[name].append(run())
            answers = site.count() - before
            first, again, *daemon = got[name][-1]
            print(
                f"  rep {rep + 1} {name}: first {first:.2f} s, unchanged re-check {again:.2f} s"
                + (f" (one-shot crawl), {daemon[0] * 1000:.1f} ms (daemon)" if daemon else "")
                + f" CPU; site answers {dict(answers)}",
                flush=True,
            )
    med = {
        n: [statistics.median(column) for column in zip(*v, strict=True)] for n, v in got.items()
    }
    hw, uw, cd = med["healthwatch"], med["urlwatch"], med["changedetection.io"]
    print(f"  first check: hw / cdio = {hw[0] / cd[0]:.2f}x (target <= 0.8x)")
    print(
        f"  unchanged re-check: hw daemon / urlwatch = {hw[2] / uw[1]:.3f}x (target <= 0.25x); "
        f"one-shot `healthwatch crawl` / urlwatch = {hw[1] / uw[1]:.2f}x"
    )


if __name__ == "__main__":
    main()
