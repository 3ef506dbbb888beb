"""Crawl runs: one row per crawl of a site, and what the daemon reads of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import CrawlRun, utcnow


def start_run(session: Session, site: str, node: str | None = None) -> int:
    """Record that a crawl of ``site`` began (on ``node``); returns the run id."""
    run = CrawlRun(site=site, status="running", node=node or None)
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, **fields: Any) -> None:
    """Record how a crawl ended (status, counts, error)."""
    run = session.get_one(CrawlRun, run_id)
    for key, value in fields.items():
        setattr(run, key, value)
    run.finished_at = utcnow()


def last_runs(session: Session, sites: Iterable[str]) -> dict[str, CrawlRun]:
    """Each site's newest run, finished or not, in two queries for all sites."""
    newest = (
        select(func.max(CrawlRun.id))
        .where(CrawlRun.site.in_(list(sites)))
        .group_by(CrawlRun.site)
        .scalar_subquery()
    )
    return {
        run.site: run for run in session.scalars(select(CrawlRun).where(CrawlRun.id.in_(newest)))
    }


def finished_runs(session: Session, site: str, limit: int) -> Sequence[CrawlRun]:
    """The site's finished runs, newest first."""
    query = (
        select(CrawlRun)
        .where(CrawlRun.site == site, CrawlRun.status != "running")
        .order_by(CrawlRun.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def running_runs(session: Session) -> Sequence[CrawlRun]:
    """Runs still marked running (a live crawl, or one its daemon left behind)."""
    return session.scalars(select(CrawlRun).where(CrawlRun.status == "running")).all()


def runs_by_id(session: Session, ids: Iterable[int]) -> Sequence[CrawlRun]:
    """The CrawlRun rows with these ids."""
    return session.scalars(select(CrawlRun).where(CrawlRun.id.in_(list(ids)))).all()


def crawled_ok_once(session: Session, site: str) -> bool:
    """Whether one crawl of ``site`` has ever finished well."""
    query = select(CrawlRun.id).where(CrawlRun.site == site, CrawlRun.status == "ok").limit(1)
    return session.scalar(query) is not None


def last_successes(session: Session) -> dict[str, float]:
    """Per site, the time of its newest successful crawl (epoch seconds)."""
    query = (
        select(CrawlRun.site, func.max(CrawlRun.finished_at))
        .where(CrawlRun.status == "ok")
        .group_by(CrawlRun.site)
    )
    return {site: when.timestamp() for site, when in session.execute(query) if when is not None}


def close_abandoned(session: Session, site: str, why: str) -> int:
    """Mark the site's runs still "running" as failed: the caller knows no
    crawl of the site is alive (it holds the site's crawl lock)."""
    runs = session.scalars(
        select(CrawlRun).where(CrawlRun.site == site, CrawlRun.status == "running")
    ).all()
    for run in runs:
        run.status, run.error, run.finished_at = "failed", why, utcnow()
    return len(runs)


def list_runs(
    session: Session, sites: Iterable[str] = (), before: int | None = None, limit: int = 50
) -> list[CrawlRun]:
    """Crawl runs, newest first, optionally of some sites; ``before``: ids below it."""
    query = select(CrawlRun).order_by(CrawlRun.id.desc())
    wanted = list(sites)
    if wanted:
        query = query.where(CrawlRun.site.in_(wanted))
    if before is not None:
        query = query.where(CrawlRun.id < before)
    return list(session.scalars(query.limit(limit)))


def newest_run_ids(session: Session) -> set[int]:
    """Each site's newest run id: what pruning always keeps."""
    return set(session.scalars(select(func.max(CrawlRun.id)).group_by(CrawlRun.site)))


def forget_old_runs(
    session: Session, before: dt.datetime, keep: Collection[int], limit: int = 5000
) -> int:
    """Delete up to ``limit`` runs that finished before ``before``, oldest
    first, never one of ``keep`` (``newest_run_ids``: ``status``, the sites
    page and the health verdicts read them); returns how many.  Call again
    while it returns ``limit``: each call is one short transaction, not one
    long lock over millions of rows, and each reads the finish-time index."""
    doomed = (
        select(CrawlRun.id)
        .where(CrawlRun.finished_at < before)
        .order_by(CrawlRun.finished_at)
        .limit(limit + len(keep))
    )
    ids = [ident for ident in session.scalars(doomed) if ident not in keep][:limit]
    if ids:
        session.execute(delete(CrawlRun).where(CrawlRun.id.in_(ids)))
    return len(ids)
