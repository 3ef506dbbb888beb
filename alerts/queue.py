"""Queueing alerts in the store's transaction: who gets a new event, and
who hears about a change to one they were already told of.

Called by ``crawler.services.articles.store_article`` inside the single transaction
that writes the article and the event, so an event and its outbox rows
exist together or not at all (unique per event, subscription, revision).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from alerts.rules import EventView, matches, next_digest, suppressed
from crawler.items import FingerprintedArticle
from storage.models import Alert, Event, EventChange, Subscription, utcnow
from storage.outbox import latest_revisions
from storage.runs import crawled_ok_once
from storage.subscriptions import live_subscriptions

# Event fields whose change a subscriber who already got the alert must hear about.
ANNOUNCED_CHANGES = ("status", "start_date", "end_date")


def event_view(session: Session, event: Event, item: FingerprintedArticle) -> EventView:
    """What subscription rules look at, for a new event and its first report."""
    article, analysis = item.article, item.analysis
    return EventView(
        type=analysis.type,
        site=article.site,
        language=analysis.language,
        title=article.title,
        text=article.text,
        start=event.start_date,
        end=event.end_date,
        status=event.status,
        published=analysis.published,
        first_crawl=first_crawl(session, article.site),
        relevant=analysis.relevant,
    )


def first_crawl(session: Session, site: str) -> bool:
    """True until one crawl of ``site`` has finished well: what it finds
    before that is the site's backlog, not news."""
    return not crawled_ok_once(session, site)


def outbox_row(sub: Subscription, event: Event, now: dt.datetime, **fields: object) -> Alert:
    """An outbox row, due now for instant subscribers, at the next digest for others."""
    digest = sub.mode == "digest"
    return Alert(
        event_id=event.id,
        subscription_id=sub.id,
        status="digest" if digest else "pending",
        next_attempt_at=next_digest(sub.filters, now) if digest else now,
        idempotency_key=uuid.uuid4().hex,
        **fields,
    )


def queue_alerts(session: Session, event: Event, view: EventView) -> int:
    """One outbox row per live subscription whose filters accept the event.

    A matching event that the no-flood rules hold back (backfill, too old)
    still gets a ``skipped`` row with the reason, so ``alerts list`` can
    say why nobody heard of it.  Returns the number of alerts queued to send.
    """
    now = utcnow()
    count = 0
    for sub in live_subscriptions(session):
        if sub.mode == "agenda":  # told of what is coming on its own schedule (alerts/agenda.py)
            continue
        if not matches(sub.filters, view, now.date()):
            continue
        reason = suppressed(sub.filters, view, now.date())
        if reason is not None:
            session.add(
                Alert(
                    event_id=event.id,
                    subscription_id=sub.id,
                    status="skipped",
                    last_error=reason,
                    idempotency_key=uuid.uuid4().hex,
                )
            )
            continue
        session.add(outbox_row(sub, event, now))
        count += 1
    return count


def queue_updates(session: Session, event: Event, changes: Sequence[EventChange]) -> int:
    """One short update alert per subscriber who already got (or is getting)
    this event, when its date or status changed.  Subscribers whose first
    alert is still waiting get nothing extra: it is built from the event's
    current facts when it goes out.  Returns the number queued.
    """
    announced = [
        {"field": c.field, "old": c.old, "new": c.new}
        for c in changes
        if c.field in ANNOUNCED_CHANGES
    ]
    if not announced:
        return 0
    told = latest_revisions(session, event.id, delivered=True)
    latest = latest_revisions(session, event.id, delivered=False)
    live = {sub.id: sub for sub in live_subscriptions(session)}
    now, count = utcnow(), 0
    for sub_id in told:
        if sub_id not in live:
            continue
        revision = int(latest[sub_id]) + 1
        session.add(
            outbox_row(
                live[sub_id], event, now, kind="update", revision=revision, changes=announced
            )
        )
        count += 1
    return count
