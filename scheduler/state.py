"""The daemon's schedule state in the database: what a restart resumes from.

The scheduler itself keeps its jobs in memory (one process, LIBRARIES.md);
each site's last and next run are written to the ``site`` table instead, so
a restart neither re-crawls every site at once nor forgets one.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from crawler.config.settings import Settings
from scheduler.runner import KILL_GRACE
from storage.runs import finish_run, running_runs
from storage.sites import sites_by_key

# Slack added to crawl_timeout before a "running" run is known to be dead.
STALE_SLACK = 60.0


def schedule_state(
    session: Session, sites: list[str], settings: Settings, now: dt.datetime
) -> tuple[dict[str, dt.datetime | None], dict[str, dt.datetime]]:
    """Each site's stored next run, and when crawls left running may still end.

    A run still marked "running" after crawl_timeout (plus slack) is dead
    (its daemon was killed): it is closed as failed.  A younger one may be
    an orphaned child still crawling: its site waits until the child's
    deadline, so two crawls of one site never overlap across a restart.
    """
    stored = {key: row.next_run_at for key, row in sites_by_key(session, sites).items()}
    limit = dt.timedelta(seconds=settings.crawl_timeout + KILL_GRACE)
    busy: dict[str, dt.datetime] = {}
    for run in running_runs(session):
        if run.started_at < now - limit - dt.timedelta(seconds=STALE_SLACK):
            finish_run(session, run.id, status="failed", error="abandoned: its daemon stopped")
        else:
            busy[run.site] = max(busy.get(run.site, now), run.started_at + limit)
    return stored, busy


def record_schedule(
    session: Session, next_runs: dict[str, dt.datetime | None], last_run: dt.datetime | None
) -> None:
    """Store each site's next slot (kept when unknown) and, after a crawl, its last run."""
    for row in sites_by_key(session, next_runs).values():
        row.next_run_at = next_runs[row.key] or row.next_run_at
        if last_run is not None:
            row.last_run_at = last_run
