"""Breakage is loud, not silent: a site that keeps failing, or whose
listings stop yielding article links, is marked unhealthy and ops are told
once — and once more when it recovers.

A site whose selectors stop matching is not broken (its pages are still
read, generically) but **degraded**: ops are told once when its crawls
start recording ``selector-miss`` warnings and once when the selectors
match again.  That state is read from the runs themselves, so nothing new
is stored and a restart announces nothing twice.

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
from crawler.crawl.keys import SELECTOR_MISS
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


@dataclass(frozen=True)
class DegradedChange:
    """A site's selectors stopped matching (generic extraction took over), or
    match again: ops should hear of it once."""

    site: str
    degraded: bool
    reason: str | None
    since: dt.datetime


def selector_misses(run: CrawlRun) -> list[str]:
    """The run's ``selector-miss`` warnings."""
    return [text for text in run.warnings or () if text.startswith(SELECTOR_MISS + ":")]


def degraded_state(run: CrawlRun) -> bool | None:
    """True: the run met selectors that missed; False: it stored articles and
    none missed; None: it read no article, so it says nothing about them."""
    if selector_misses(run):
        return True
    return False if run.new_articles else None


def degraded_transition(runs: Sequence[CrawlRun], site: str) -> DegradedChange | None:
    """The change the newest run makes, if it makes one (runs newest first)."""
    runs = judged(runs)
    states = [(run, state) for run in runs if (state := degraded_state(run)) is not None]
    if not states or states[0][0] is not runs[0]:
        return None
    latest = states[0][1]
    before = states[1][1] if len(states) > 1 else False
    if latest == before:
        return None
    reason = selector_misses(runs[0])[0] if latest else None
    return DegradedChange(site, latest, reason, utcnow())


def degraded_changes(session: Session, sites: Iterable[str]) -> list[DegradedChange]:
    """The sites just crawled whose selectors started or stopped missing."""
    changes = []
    for key in sites:
        change = degraded_transition(recent_runs(session, key), key)
        if change is not None:
            changes.append(change)
    return changes


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


def notice_for(change: HealthChange | DegradedChange) -> Notice:
    """The ops message announcing one transition."""
    if isinstance(change, DegradedChange):
        return degraded_notice(change)
    if change.healthy:
        subject = f"site {change.site} recovered"
        text = f"The site {change.site} crawls normally again."
    else:
        subject = f"site {change.site} is unhealthy"
        text = f"The site {change.site} needs attention: {change.reason}."
    kind = "site.recovered" if change.healthy else "site.unhealthy"
    details: dict[str, object] = {"site": change.site, "reason": change.reason}
    return Notice(uuid.uuid4().hex, kind, subject, text, details, change.since)


def degraded_notice(change: DegradedChange) -> Notice:
    """The ops message: selectors started missing, or match again."""
    if change.degraded:
        subject = f"site {change.site} is degraded: its selectors miss"
        text = (
            f"The site {change.site} changed its markup: {change.reason}. Its pages are "
            "still read, stored and alerted with generic extraction; fix the spider's "
            f"selectors (healthwatch sites check {change.site})."
        )
    else:
        subject = f"site {change.site}: selectors match again"
        text = f"The site {change.site}'s selectors read its pages again."
    kind = "site.degraded" if change.degraded else "site.selectors-ok"
    details: dict[str, object] = {"site": change.site, "reason": change.reason}
    return Notice(uuid.uuid4().hex, kind, subject, text, details, change.since)


def notify_ops(
    changes: Iterable[HealthChange | DegradedChange],
    channels: Iterable[str],
    options: ChannelOptions,
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
