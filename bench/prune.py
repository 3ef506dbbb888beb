"""What the daemon's hourly prune of old crawl runs costs on a long history.

    python bench/prune.py [--sites 100] [--days 180] [--every 5] [--postgres]

Writes the run history of ``--sites`` sites polled every ``--every`` minutes
for ``--days`` days into a fresh SQLite file (and, with ``--postgres``, a
fresh database on the local server), then times, in CPU and wall seconds:

- the first prune pass with ``keep_runs_days = 90`` (the backlog of the
  older half goes, 5,000 runs per transaction, as ``Daemon.prune`` does);
- the next pass, with nothing left to delete (what every later hour costs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from crawler.demo.newsroom import pg_database
from storage.db import make_engine, session_factory, transaction, upgrade
from storage.models import CrawlRun, utcnow

ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
BATCH = 5000  # scheduler.daemon.PRUNE_BATCH
KEEP_DAYS = 90


def fill(factory: sessionmaker[Session], sites: int, days: int, every: int) -> int:
    """A run per site per poll, oldest first; returns how many."""
    now = utcnow()
    polls = days * 24 * 60 // every
    rows = []
    total = 0
    for poll in range(polls, 0, -1):
        finished = now - dt.timedelta(minutes=poll * every)
        for site in range(sites):
            rows.append(
                {
                    "site": f"site_{site}",
                    "status": "ok",
                    "started_at": finished - dt.timedelta(seconds=1),
                    "finished_at": finished,
                    "requests": 1,
                    "not_modified": 1,
                }
            )
        if len(rows) >= 50_000 or poll == 1:
            with transaction(factory) as session:
                session.execute(insert(CrawlRun), rows)
            total += len(rows)
            rows = []
    return total


def prune_pass(factory: sessionmaker[Session]) -> tuple[int, float, float]:
    """One pass as ``Daemon.prune`` makes it: deleted, CPU s, wall s."""
    from storage.runs import forget_old_runs, newest_run_ids  # noqa: PLC0415

    cpu, wall = time.process_time(), time.perf_counter()
    before = utcnow() - dt.timedelta(days=KEEP_DAYS)
    with factory() as session:
        keep = newest_run_ids(session)
    total, batch = 0, BATCH
    while batch == BATCH:
        with transaction(factory) as session:
            batch = forget_old_runs(session, before, keep, BATCH)
        total += batch
    return total, time.process_time() - cpu, time.perf_counter() - wall


def measure(url: str, args: argparse.Namespace) -> None:
    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    began = time.perf_counter()
    rows = fill(factory, args.sites, args.days, args.every)
    print(f"  {rows:,} runs written in {time.perf_counter() - began:.0f} s")
    for name in ("first pass (the backlog)", "next pass (nothing to delete)"):
        deleted, cpu, wall = prune_pass(factory)
        print(f"  {name}: {deleted:,} runs deleted, {cpu:.2f} s CPU, {wall:.2f} s wall")
    with factory() as session:
        left = session.scalar(select(func.count()).select_from(CrawlRun))
    print(f"  runs left: {left:,}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--every", type=int, default=5, help="minutes between polls")
    parser.add_argument("--postgres", action="store_true", help="also on 127.0.0.1:5432")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hw-prune-") as tmp:
        print("SQLite")
        measure(f"sqlite:///{Path(tmp) / 'prune.db'}", args)
    if args.postgres:
        with pg_database(ADMIN) as url:
            print("PostgreSQL")
            measure(url, args)


if __name__ == "__main__":
    main()
