"""Old crawl runs are pruned (``keep_runs_days``), each site's newest kept,
on both backends: through the storage call and the daemon's hourly job."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crawler.config.settings import Settings
from scheduler.daemon import PRUNE_BATCH, Daemon
from storage.db import make_engine, transaction
from storage.models import CrawlRun, CrawlSlot, utcnow
from storage.runs import forget_old_runs, newest_run_ids

NOW = utcnow()


def run(session: Session, site: str, days_ago: float | None, status: str = "ok") -> int:
    """A run that finished ``days_ago`` days ago (None: still running)."""
    finished = None if days_ago is None else NOW - dt.timedelta(days=days_ago)
    started = (finished or NOW) - dt.timedelta(minutes=1)
    row = CrawlRun(site=site, status=status, started_at=started, finished_at=finished)
    session.add(row)
    session.flush()
    return row.id


def run_ids(factory: sessionmaker[Session]) -> dict[str, list[int]]:
    with factory() as session:
        rows = session.execute(select(CrawlRun.site, CrawlRun.id).order_by(CrawlRun.id)).all()
    found: dict[str, list[int]] = {}
    for site, ident in rows:
        found.setdefault(site, []).append(ident)
    return found


def test_runs_older_than_the_cutoff_go_but_each_sites_newest_stays(
    factory: sessionmaker[Session],
) -> None:
    with transaction(factory) as session:
        old_a = [run(session, "a", 200), run(session, "a", 95, "failed")]
        recent_a = run(session, "a", 10)
        only_b = run(session, "b", 400)  # a site that stopped long ago: its last run stays
        running_c = run(session, "c", None, "running")  # never finished: not history yet
        newest_a = run(session, "a", 1)
    with transaction(factory) as session:
        keep = newest_run_ids(session)
        assert keep == {newest_a, only_b, running_c}
        assert forget_old_runs(session, NOW - dt.timedelta(days=90), keep) == len(old_a)
    assert run_ids(factory) == {"a": [recent_a, newest_a], "b": [only_b], "c": [running_c]}
    with transaction(factory) as session:
        assert forget_old_runs(session, NOW - dt.timedelta(days=90), keep) == 0


def test_a_long_history_goes_in_batches_oldest_first(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        ids = [run(session, "a", 100 + n) for n in range(7)]  # ids[6] is the oldest
        newest = run(session, "a", 0.5)
    counts = []
    for _ in range(4):
        with transaction(factory) as session:
            keep = newest_run_ids(session)
            counts.append(forget_old_runs(session, NOW - dt.timedelta(days=30), keep, limit=3))
        if len(counts) == 1:  # the three that finished first went first
            assert run_ids(factory) == {"a": [*ids[:4], newest]}
    assert counts == [3, 3, 1, 0]
    assert run_ids(factory) == {"a": [newest]}


@pytest.mark.parametrize("keep_days", [30.0, 0.0])
def test_the_daemon_prune_job_keeps_what_the_setting_says(
    factory: sessionmaker[Session], db_url: str, keep_days: float
) -> None:
    with transaction(factory) as session:
        old = [run(session, "a", 40 + n % 10) for n in range(PRUNE_BATCH + 2)]
        newest = run(session, "a", 2)
        session.add(CrawlSlot(site="a", slot=NOW - dt.timedelta(days=20), node="n", claimed_at=NOW))
        session.add(CrawlSlot(site="a", slot=NOW - dt.timedelta(days=1), node="n", claimed_at=NOW))
    settings = Settings(database_url=db_url, keep_runs_days=keep_days)
    daemon = Daemon(settings, make_engine(db_url), factory, {})
    try:
        daemon.prune()
    finally:
        daemon.engine.dispose()
    kept = run_ids(factory)["a"]
    assert kept == ([newest] if keep_days else [*old, newest])  # more than one batch went
    with factory() as session:
        slots = session.scalars(select(CrawlSlot.slot)).all()
    assert len(slots) == 1  # slot claims are forgotten after 14 days either way
