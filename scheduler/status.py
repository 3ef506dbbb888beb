"""What ``healthwatch status`` shows per site, read from the database.

Plain data: the last run, the next slot the daemon recorded, health and the
site's stored articles.  The CLI renders it; tests read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from crawler.config.settings import Settings
from crawler.crawl.keys import SELECTOR_MISS
from storage.models import CrawlRun
from storage.runs import last_runs
from storage.sites import article_counts, sites_by_key


@dataclass(frozen=True)
class SiteStatus:
    """One site's line in ``healthwatch status``."""

    site: str
    enabled: bool
    last_run: CrawlRun | None
    next_run_at: dt.datetime | None
    healthy: bool
    unhealthy_reason: str | None
    articles: int


def site_statuses(session: Session, settings: Settings) -> list[SiteStatus]:
    """Every configured site, in config order, with its stored state."""
    rows = sites_by_key(session)
    articles = article_counts(session)
    runs = last_runs(session, settings.sites)
    return [
        SiteStatus(
            site=key,
            enabled=cfg.enabled,
            last_run=runs.get(key),
            next_run_at=rows[key].next_run_at if key in rows else None,
            healthy=rows[key].healthy if key in rows else True,
            unhealthy_reason=rows[key].unhealthy_reason if key in rows else None,
            articles=int(articles.get(key, 0)),
        )
        for key, cfg in settings.sites.items()
    ]


def describe_next(status: SiteStatus, now: dt.datetime) -> str:
    """The next run for people: a time, "due" when past, or why there is none."""
    if not status.enabled:
        return "disabled"
    if status.next_run_at is None:
        return "not scheduled"
    if status.next_run_at <= now:
        return f"due since {status.next_run_at:%Y-%m-%d %H:%M:%S}"
    return f"{status.next_run_at:%Y-%m-%d %H:%M:%S}"


def describe_health(status: SiteStatus) -> str:
    """``ok``, ``ok, warning: layout-changed ...``, ``degraded: selector-miss
    ...`` (pages still read, generically) or ``UNHEALTHY: reason``."""
    if not status.healthy:
        return f"UNHEALTHY: {status.unhealthy_reason or 'unknown reason'}"
    warnings = list(status.last_run.warnings or ()) if status.last_run is not None else []
    if not warnings:
        return "ok"
    misses = [text for text in warnings if text.startswith(SELECTOR_MISS + ":")]
    first = misses[0] if misses else warnings[0]
    more = f" (+{len(warnings) - 1} more)" if len(warnings) > 1 else ""
    return f"{'degraded' if misses else 'ok, warning'}: {first}{more}"
