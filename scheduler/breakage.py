"""Breakage is loud, not silent: a site that keeps failing, or whose
listings stop yielding article links, is marked unhealthy and ops are told
once — and once more when it recovers.

``assess`` is pure (recent crawl runs in, verdict out); ``update_health``
applies it to the site rows and returns the transitions to announce.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from alerts.channels import ChannelOptions, SendFailed, channel_for
from alerts.notice import Notice
from storage.models import CrawlRun, Site, utcnow
from storage.runs import finished_runs

# How many recent runs a verdict looks at.
HISTORY = 10


@dataclass(frozen=True)
class Verdict:
    """A site's health as its recent runs show it."""

    healthy: bool
    reason: str | None = None


@dataclass(frozen=True)
class HealthChange:
    """A site went unhealthy or recovered: ops should hear of it once."""

    site: str
    healthy: bool
    reason: str | None
    since: dt.datetime


def assess(runs: Sequence[CrawlRun], failure_threshold: int) -> Verdict:
    """Judge a site from its finished runs, newest first.

    Unhealthy when the last ``failure_threshold`` runs all failed (or timed
    out), or when the last successful run found no article links although
    earlier ones did — a changed layout makes selectors find nothing while
    the crawl still "succeeds".  A run answered 304 is unchanged, not broken;
    a run the daemon's own shutdown cancelled says nothing about the site.
    """
    runs = judged(runs)
    if not runs:
        return Verdict(True)
    failures = 0
    for run in runs:
        if run.status == "ok":
            break
        failures += 1
    if failures >= failure_threshold:
        last = runs[0].error or runs[0].status
        return Verdict(False, f"{failures} crawls in a row failed; last: {last}")
    ok_runs = [run for run in runs if run.status == "ok"]
    if ok_runs and lost_links(ok_runs[0], ok_runs[1:]):
        before = max(run.links_found for run in ok_runs[1:])
        return Verdict(False, f"listings yielded no article links (earlier runs found {before})")
    return Verdict(True)


def judged(runs: Sequence[CrawlRun]) -> list[CrawlRun]:
    """The runs that say something about the site (not cancelled by us)."""
    return [run for run in runs if run.status != "cancelled"]


def lost_links(latest: CrawlRun, earlier: Sequence[CrawlRun]) -> bool:
    """No links and no 304 now, while some earlier run found links."""
    if latest.links_found or latest.not_modified:
        return False
    return any(run.links_found for run in earlier)


def recent_runs(session: Session, site: str) -> Sequence[CrawlRun]:
    """The site's finished runs, newest first."""
    return finished_runs(session, site, HISTORY)


def update_health(
    session: Session, sites: Iterable[str], failure_threshold: int
) -> list[HealthChange]:
    """Re-assess the sites just crawled; record and return the transitions."""
    changes: list[HealthChange] = []
    for key in sites:
        row = session.get(Site, key)
        runs = recent_runs(session, key)
        if row is None or not runs:
            continue
        counted = judged(runs)
        failures = next((i for i, run in enumerate(counted) if run.status == "ok"), len(counted))
        row.consecutive_failures = failures
        verdict = assess(runs, failure_threshold)
        if verdict.healthy != row.healthy:
            row.healthy, row.unhealthy_reason = verdict.healthy, verdict.reason
            row.unhealthy_since = None if verdict.healthy else utcnow()
            changes.append(HealthChange(key, verdict.healthy, verdict.reason, utcnow()))
    return changes


def notice_for(change: HealthChange) -> Notice:
    """The ops message announcing one transition."""
    if change.healthy:
        subject = f"site {change.site} recovered"
        text = f"The site {change.site} crawls normally again."
    else:
        subject = f"site {change.site} is unhealthy"
        text = f"The site {change.site} needs attention: {change.reason}."
    kind = "site.recovered" if change.healthy else "site.unhealthy"
    details: dict[str, object] = {"site": change.site, "reason": change.reason}
    return Notice(uuid.uuid4().hex, kind, subject, text, details, change.since)


def notify_ops(
    changes: Iterable[HealthChange], channels: Iterable[str], options: ChannelOptions
) -> list[str]:
    """Send each transition to every ops channel; return the errors (one line each)."""
    errors: list[str] = []
    urls = list(channels)
    for change in changes:
        notice = notice_for(change)
        for url in urls:
            try:
                channel_for(url, options).send(notice)
            except SendFailed as exc:
                errors.append(f"ops notice for {change.site} not sent: {exc}")
    return errors
