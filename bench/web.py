"""`healthwatch serve` under load: 100,000 stored events, p95 per page.

Generates N events (1-3 reports each, EN and ZH, dates spread over five
years, some undated) into a fresh SQLite file and, with --postgres, a fresh
PostgreSQL database; starts `healthwatch serve` on 127.0.0.1 in a child
process; then a Python load loop (one keep-alive connection, sequential
requests) times each URL, with a static file measured in the same run for
scale.  Prints p50/p95/max per URL and the events page's weight.

    .venv/bin/python bench/web.py --events 100000 [--postgres] [--requests 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import insert

from crawler.demo.receivers import free_port
from crawler.text.normal import search_form
from storage.db import make_engine, upgrade
from storage.models import Article, Event, Site, utcnow

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TYPES = ("forum", "agreement", "launch")
STATUSES = ("upcoming", "held", "unknown", "postponed", "cancelled")
SITES = [f"site_{i:02d}" for i in range(20)]
EN = ("International {} Health Industry Forum held in Beijing E-Town to discuss medical devices, "
      "biomedicine and digital health. The forum gathered hospitals and investors. ")  # fmt: skip
ZH = "{}国际健康产业论坛在北京经开区举行，医疗器械与生物医药企业参会。"
EVIDENCE = [
    {"field": "type", "text": "Health Industry Forum"},
    {"field": "place", "text": "Beijing E-Town"},
]
# (label, path): what an analyst opens, and a static file for scale.
URLS = [
    ("static file (/static/style.css)", "/static/style.css"),
    ("events page (/events)", "/events"),
    ("events page, filtered", "/events?type=forum&status=upcoming&language=en"),
    ("events page, text search", "/events?q=%E8%AB%96%E5%A3%87+E-Town&type=launch"),
    ("API list, text search", "/api/v1/events?q=%E8%AB%96%E5%A3%87+E-Town&type=launch"),
    ("events page, one short word (论坛)", "/events?q=%E8%AE%BA%E5%9D%9B"),
    ("events page, a rare word (99999号)", "/events?q=99999%E5%8F%B7"),
    ("API list, a common word (forum)", "/api/v1/events?q=forum"),
    ("calendar month", "/calendar?month=2025-05"),
    ("RSS feed (/events.rss)", "/events.rss"),
    ("iCalendar feed, forum", "/events.ics?type=forum&limit=200"),
    ("API list (/api/v1/events)", "/api/v1/events"),
    ("API list, page 50 (cursor)", None),  # filled in: a cursor 50 pages deep
    ("API event (/api/v1/events/ID)", None),
]


def generate(url: str, count: int, seed: int = 17) -> None:
    """``count`` events and their reports, written in batches through Core inserts."""
    rng = random.Random(seed)
    engine = make_engine(url)
    start = dt.date(2022, 1, 1)
    now = utcnow()
    batch = 5000
    article_id = 0
    with engine.begin() as conn:
        conn.execute(
            insert(Site), [{"key": s, "name": s, "start_urls": [], "enabled": True} for s in SITES]
        )
    for first in range(0, count, batch):
        events, articles = [], []
        for event_id in range(first + 1, min(first + batch, count) + 1):
            dated = rng.random() > 0.05
            day = start + dt.timedelta(days=rng.randrange(5 * 365)) if dated else None
            kind = rng.choice(TYPES)
            title = f"{kind} {event_id}: " + EN.format(event_id)[:60]
            span = dt.timedelta(days=rng.choice((0, 0, 1, 2)))
            events.append(
                {
                    "id": event_id,
                    "key": f"k{event_id}",
                    "type": kind,
                    "title": title,
                    "start_date": day,
                    "end_date": day + span if day else None,
                    "place": "Beijing E-Town",
                    "status": rng.choice(STATUSES),
                    "relevant": rng.random() > 0.1,
                    "organisers": ["Beijing Municipal Health Commission"],
                    "parties": [],
                    "also": [],
                    "evidence": EVIDENCE,
                    "first_seen": now - dt.timedelta(minutes=count - event_id),
                }
            )
            for report in range(rng.choice((1, 1, 2, 3))):
                article_id += 1
                zh = report == 1
                text = (ZH.format(event_id) if zh else EN.format(event_id)) * 4
                atitle = title if not zh else f"{event_id}号论坛"
                site = rng.choice(SITES)
                articles.append(
                    {
                        "id": article_id,
                        "canonical_url": f"http://{site}.test/a/{article_id}.html",
                        "url": f"http://{site}.test/a/{article_id}.html",
                        "site": site,
                        "title": atitle,
                        "text": text,
                        "search_text": search_form(f"{atitle}\n{text}"),
                        "language": "zh" if zh else "en",
                        "type": kind,
                        "relevant": True,
                        "content_hash": f"{article_id:064d}",
                        "event_id": event_id,
                        "duplicate_of": None,
                        "fetched_at": now,
                    }
                )
        with engine.begin() as conn:
            conn.execute(insert(Event), events)
            conn.execute(insert(Article), articles)
    # Statistics, as autovacuum (PostgreSQL) or a long-running database would have them.
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT setval('event_id_seq', (SELECT max(id) FROM event))")
    engine.dispose()


def serve(url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    env |= {"HEALTHWATCH_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--http", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/static/style.css")
            conn.getresponse().read()
            return child, port
        except OSError:
            time.sleep(0.2)
    child.kill()
    raise SystemExit(
        f"serve did not start: {child.stderr.read().decode()[-2000:] if child.stderr else ''}"
    )


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, bytes]:
    began = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - began
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status} {body[:300]!r}")
    return elapsed, response.status, body


def run(url: str, label: str, requests: int) -> None:
    child, port = serve(url)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        cursor_path = "/api/v1/events"
        for _ in range(49):
            cursor = json.loads(fetch(conn, cursor_path)[2])["next_cursor"]
            cursor_path = f"/api/v1/events?cursor={cursor}"
        some_event = json.loads(fetch(conn, "/api/v1/events?limit=1")[2])["events"][0]["id"]
        one = f"/api/v1/events/{some_event}"
        urls = [(name, path or (cursor_path if "cursor" in name else one)) for name, path in URLS]
        print(f"\n{label}: {requests} requests per URL after 10 warm-up requests")
        print("| URL | p50 ms | p95 ms | max ms | bytes |\n|---|---|---|---|---|")
        for name, path in urls:
            for _ in range(10):
                fetch(conn, path)
            times, size = [], 0
            for _ in range(requests):
                elapsed, _, body = fetch(conn, path)
                times.append(elapsed * 1000)
                size = len(body)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            median = statistics.median(times)
            print(f"| {name} | {median:.1f} | {p95:.1f} | {times[-1]:.1f} | {size:,} |")
    finally:
        child.terminate()
        child.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--postgres", action="store_true", help="also on PostgreSQL at 127.0.0.1:5432"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{tmp}/bench.db"
        upgrade(sqlite_url)
        began = time.perf_counter()
        generate(sqlite_url, args.events)
        print(f"SQLite: {args.events:,} events generated in {time.perf_counter() - began:.0f} s")
        run(sqlite_url, f"SQLite, {args.events:,} events", args.requests)
    if args.postgres:
        name = f"hw_bench_web_{os.getpid()}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        pg_url = f"postgresql://postgres@127.0.0.1:5432/{name}"
        try:
            upgrade(pg_url)
            began = time.perf_counter()
            generate(pg_url, args.events)
            took = time.perf_counter() - began
            print(f"PostgreSQL: {args.events:,} events generated in {took:.0f} s")
            run(pg_url, f"PostgreSQL, {args.events:,} events", args.requests)
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


if __name__ == "__main__":
    main()
