"""Reads and writes the crawl side needs; each takes an open Session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Alert, Article, CrawlRun, Event, Site, Subscription, utcnow


@dataclass(frozen=True)
class SiteRow:
    """The config facts of a site mirrored into the database."""

    key: str
    name: str
    start_urls: list[str]
    language: str | None
    schedule: str | None
    enabled: bool


@dataclass(frozen=True)
class SubscriptionRow:
    """One (subscription, channel) pair as the config declares it."""

    name: str
    channel_url: str
    filters: dict[str, Any]
    mode: str


def sync_sites(session: Session, sites: Iterable[SiteRow]) -> None:
    """Mirror the configured sites; sites dropped from the config are disabled."""
    wanted = {site.key: site for site in sites}
    existing = {row.key: row for row in session.scalars(select(Site))}
    for key, site in wanted.items():
        row = existing.get(key) or Site(key=key)
        row.name, row.start_urls, row.language = site.name, site.start_urls, site.language
        row.schedule, row.enabled = site.schedule, site.enabled
        session.add(row)
    for key, row in existing.items():
        if key not in wanted:
            row.enabled = False


def sync_subscriptions(session: Session, subs: Iterable[SubscriptionRow]) -> None:
    """Mirror configured (subscription, channel) pairs; removed ones are disabled.

    Rows are never deleted: the outbox keeps pointing at them.
    """
    wanted = {(s.name, s.channel_url): s for s in subs}
    existing = {(r.name, r.channel_url): r for r in session.scalars(select(Subscription))}
    for key, sub in wanted.items():
        row = existing.get(key) or Subscription(name=sub.name, channel_url=sub.channel_url)
        row.filters, row.mode, row.enabled = sub.filters, sub.mode, True
        session.add(row)
    for key, row in existing.items():
        if key not in wanted:
            row.enabled = False


def known_urls(session: Session, site: str) -> set[str]:
    """Canonical URLs already stored for a site: never fetched again."""
    return set(session.scalars(select(Article.canonical_url).where(Article.site == site)))


def start_run(session: Session, site: str) -> int:
    """Record that a crawl of ``site`` began; returns the run id."""
    run = CrawlRun(site=site, status="running")
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, **fields: Any) -> None:
    """Record how a crawl ended (status, counts, error)."""
    run = session.get_one(CrawlRun, run_id)
    for key, value in fields.items():
        setattr(run, key, value)
    run.finished_at = utcnow()


def events_since(session: Session, since: dt.datetime) -> Sequence[Event]:
    """Events first seen at or after ``since``, oldest first."""
    query = select(Event).where(Event.first_seen >= since).order_by(Event.id)
    return session.scalars(query).all()


def event_site(session: Session, event_id: int) -> str:
    """The site of the first article that reported an event."""
    query = select(Article.site).where(Article.event_id == event_id).order_by(Article.id)
    return session.scalars(query.limit(1)).first() or ""


def counts(session: Session) -> dict[str, int]:
    """Totals for status displays."""
    return {
        "articles": session.scalar(select(func.count(Article.id))) or 0,
        "events": session.scalar(select(func.count(Event.id))) or 0,
        "alerts": session.scalar(select(func.count(Alert.id))) or 0,
    }
