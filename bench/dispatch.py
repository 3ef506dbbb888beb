"""Alert dispatch through the outbox to a local webhook receiver (issue 7).

    python bench/dispatch.py [--alerts 2000] [--workers 1 4] [--backends sqlite postgresql]
                             [--events 60] [--rate 4] [--dispatch-every 1]
                             [--receiver-delay 0] [--no-latency]

Throughput: seeds N due alerts (one event and article each) in a fresh
database, starts W dispatcher processes (each runs ``dispatch_due``, what
the daemon's dispatch job runs) and times from their start to the last
receipt at a local webhook receiver (``ThreadingHTTPServer`` on 127.0.0.1,
answering 200 after checking the signature header is there, optionally
after ``--receiver-delay`` seconds like a remote endpoint).  Process
start-up is included.  Every alert must arrive exactly once.

Latency: starts the real daemon (``healthwatch run``, no sites, one webhook
subscription, ``dispatch_every`` seconds between dispatch passes) and stores
events through ``crawler.services.articles.store_article`` at ``--rate`` per second;
latency is from each event's commit to its webhook's receipt (p50/p95).  In
production the daemon also wakes the dispatcher right after each crawl that
found events, so this is the worst case between crawls.

PostgreSQL runs use a throwaway database on 127.0.0.1:5432 (trust auth),
skipped when the server does not answer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from alerts.channels import ChannelOptions
from alerts.dispatcher import dispatch_due
from crawler.demo.receivers import free_port
from crawler.identity.dedup import canonical_url, content_hash, simhash
from crawler.items import Analysis, Article, EventFacts, FingerprintedArticle
from crawler.services.articles import store_article
from storage.db import make_engine, session_factory, transaction, upgrade
from storage.models import Alert, Event, Subscription
from storage.models import Article as ArticleRow

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
SECRET = "whsec_" + "YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldC0xMjM0NTY="
OPTIONS = ChannelOptions(secret=SECRET, allow_private=True)
ROOT = Path(__file__).resolve().parent.parent


class Receiver:
    """Counts webhooks and when each arrived, by webhook-id."""

    def __init__(self, delay: float = 0.0) -> None:
        self.arrivals: dict[str, float] = {}
        self.repeats = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                key = self.headers.get("webhook-id", "")
                ok = bool(self.headers.get("webhook-signature", "").startswith("v1,"))
                time.sleep(delay)  # a remote receiver's round trip and work
                with receiver.lock:
                    if key in receiver.arrivals:
                        receiver.repeats += 1
                    receiver.arrivals.setdefault(key, time.time())
                self.send_response(200 if ok else 400)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def database(backend: str) -> Iterator[str]:
    """A fresh, migrated database URL on ``backend``."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            upgrade(url)
            yield url
        return
    name = f"hw_bench_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
        upgrade(url)
        yield url
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def seed(url: str, hook: str, count: int) -> None:
    """``count`` due alerts, each for its own event with one article."""
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        sub = Subscription(name="bench", channel_url=hook, filters={}, mode="instant")
        session.add(sub)
        events = [Event(type="forum", title=f"Bench forum {n}") for n in range(count)]
        session.add_all(events)
        session.flush()
        for event in events:
            session.add(
                ArticleRow(
                    canonical_url=f"http://bench.test/{event.id}",
                    url=f"http://bench.test/{event.id}",
                    site="bench",
                    title=event.title,
                    text=event.title,
                    language="en",
                    content_hash=uuid.uuid4().hex,
                    event_id=event.id,
                )
            )
            session.add(
                Alert(event_id=event.id, subscription_id=sub.id, idempotency_key=uuid.uuid4().hex)
            )
    engine.dispose()


def worker(url: str, threads: int) -> None:
    """One dispatcher process: send everything due, then exit."""
    engine = make_engine(url)
    dispatch_due(session_factory(engine), OPTIONS, retry=3, batch=10, workers=threads)
    engine.dispose()


def throughput(
    backend: str, count: int, workers: int, delay: float, threads: int = 1
) -> dict[str, float]:
    """Alerts per second with ``workers`` dispatcher processes of ``threads`` threads."""
    receiver = Receiver(delay)
    try:
        with database(backend) as url:
            seed(url, receiver.url, count)
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            start = time.time()
            children = [
                subprocess.Popen(
                    [sys.executable, __file__, "--worker", url, "--threads", str(threads)],
                    env=env,
                )
                for _ in range(workers)
            ]
            for child in children:
                child.wait(timeout=600)
            done = time.time()
            assert len(receiver.arrivals) == count, (len(receiver.arrivals), count)
            assert receiver.repeats == 0, receiver.repeats
            last = max(receiver.arrivals.values())
            first = min(receiver.arrivals.values())
            return {
                "alerts_per_s": count / (last - start),
                "steady_per_s": count / (last - first),
                "wall_s": done - start,
            }
    finally:
        receiver.stop()


def item(n: int) -> FingerprintedArticle:
    tag = uuid.uuid4().hex
    title = f"Forum {tag} announced"
    text = f"The {tag} forum will be held in Beijing. " * 3
    start = dt.date.today() + dt.timedelta(days=30 * (n + 1))  # far apart: never one event
    facts = EventFacts(title=title, type="forum", start=start, place="Beijing", status="upcoming")
    analysis = Analysis(language="en", type="forum", event=facts)
    article = Article(url=f"http://bench.test/live/{n}", title=title, text=text, site="bench")
    return FingerprintedArticle(
        article, analysis, canonical_url(article.url), content_hash(title, text), simhash(text)
    )


def latency(backend: str, events: int, rate: float, every: float) -> dict[str, float]:
    """Event commit -> webhook receipt through the running daemon."""
    receiver = Receiver()
    try:
        with database(backend) as url, tempfile.TemporaryDirectory() as folder:
            config = Path(folder) / "healthwatch.toml"
            port = free_port()
            config.write_text(
                f'database_url = "{url}"\nallow_private_targets = true\n'
                f'webhook_secret = "{SECRET}"\ndispatch_every = {every}\n'
                'alert_backfill = true\nalert_max_age = "off"\nlog_level = "WARNING"\n'
                f'[[subscriptions]]\nname = "bench"\nchannels = ["{receiver.url}"]\n',
                encoding="utf-8",
            )
            daemon = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "crawler.cli",
                    "--config",
                    str(config),
                    "run",
                    "--http",
                    f"127.0.0.1:{port}",
                ],
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_healthy(port)
                commits = produce(url, events, rate)
                deadline = time.time() + 60 + every * 2
                while len(receiver.arrivals) < len(commits) and time.time() < deadline:
                    time.sleep(0.05)
            finally:
                daemon.send_signal(signal.SIGTERM)
                daemon.wait(timeout=60)
        delays = sorted(receiver.arrivals[key] - at for key, at in commits.items())
        assert len(delays) == events, (len(delays), events)
        return {
            "p50_ms": 1000 * statistics.median(delays),
            "p95_ms": 1000 * delays[int(0.95 * (len(delays) - 1))],
            "max_ms": 1000 * delays[-1],
        }
    finally:
        receiver.stop()


def produce(url: str, events: int, rate: float) -> dict[str, float]:
    """Store ``events`` new events at ``rate``/s; commit time by alert key."""
    engine = make_engine(url)
    factory = session_factory(engine)
    commits: dict[str, float] = {}
    for n in range(events):
        with transaction(factory) as session:
            result = store_article(session, item(n))
            assert result.new_event is not None, "merged into an earlier event"
            assert result.alerts == 1, result.alerts
            session.flush()
            key = (
                session.query(Alert.idempotency_key)
                .filter_by(event_id=result.new_event.id)
                .scalar()
            )
        commits[str(key)] = time.time()
        time.sleep(1 / rate)
    engine.dispose()
    return commits


def wait_healthy(port: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the daemon did not become healthy")


def postgres_up() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--events", type=int, default=60)
    parser.add_argument("--rate", type=float, default=4.0)
    parser.add_argument("--dispatch-every", type=float, default=1.0)
    parser.add_argument(
        "--receiver-delay", type=float, default=0.0, help="seconds the receiver takes per request"
    )
    parser.add_argument("--no-latency", action="store_true", help="throughput runs only")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument(
        "--threads", type=int, default=0, help="also time one process with this many threads"
    )
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, max(args.threads, 1))
        return
    print(
        f"{os.cpu_count()} CPUs; {args.alerts} alerts per throughput run; "
        f"receiver answers after {1000 * args.receiver_delay:g} ms"
    )
    for backend in args.backends:
        if backend == "postgresql" and not postgres_up():
            print("postgresql: skipped, 127.0.0.1:5432 does not answer")
            continue
        for workers in args.workers:
            r = throughput(backend, args.alerts, workers, args.receiver_delay)
            print(
                f"{backend:10} {workers} worker(s): {r['alerts_per_s']:7.1f} alerts/s "
                f"(start-up included; {r['steady_per_s']:.1f}/s first to last receipt; "
                f"wall {r['wall_s']:.1f} s), each delivered once"
            )
        if args.threads:
            r = throughput(backend, args.alerts, 1, args.receiver_delay, args.threads)
            print(
                f"{backend:10} 1 worker x {args.threads} threads (the daemon's dispatch_workers): "
                f"{r['alerts_per_s']:7.1f} alerts/s (start-up included), each delivered once"
            )
        if args.no_latency:
            continue
        r = latency(backend, args.events, args.rate, args.dispatch_every)
        print(
            f"{backend:10} daemon, dispatch_every={args.dispatch_every:g}s, "
            f"{args.events} events at {args.rate:g}/s: commit->receipt p50 {r['p50_ms']:.0f} ms, "
            f"p95 {r['p95_ms']:.0f} ms, max {r['max_ms']:.0f} ms"
        )


if __name__ == "__main__":
    main()
