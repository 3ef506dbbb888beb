"""Events and the articles that report them: lookups for merging and for display."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, Event


def events_since(session: Session, since: dt.datetime) -> Sequence[Event]:
    """Events first seen at or after ``since``, oldest first."""
    query = select(Event).where(Event.first_seen >= since).order_by(Event.id)
    return session.scalars(query).all()


def first_reports(session: Session, event_ids: Iterable[int]) -> dict[int, Article]:
    """Per event, the first article that reported it, in one query for all."""
    first = (
        select(func.min(Article.id))
        .where(Article.event_id.in_(list(event_ids)))
        .group_by(Article.event_id)
        .scalar_subquery()
    )
    rows = session.scalars(select(Article).where(Article.id.in_(first)))
    return {row.event_id: row for row in rows if row.event_id is not None}


def event_sites(session: Session, event_ids: Iterable[int]) -> dict[int, str]:
    """Per event, the site of its first report."""
    return {event: article.site for event, article in first_reports(session, event_ids).items()}


def reports_of(session: Session, event_id: int) -> Sequence[Article]:
    """Every article that reported an event, in the order they were stored."""
    query = select(Article).where(Article.event_id == event_id).order_by(Article.id)
    return session.scalars(query).all()


def event_with_key(session: Session, key: str) -> Event | None:
    """The event stored under a same-event key, if any."""
    return session.scalars(select(Event).where(Event.key == key).limit(1)).first()


def events_near(
    session: Session, event_type: str, start: dt.date, end: dt.date, limit: int
) -> Sequence[Event]:
    """Events of a type starting between ``start`` and ``end``, newest first."""
    query = select(Event).where(
        Event.type == event_type, Event.start_date >= start, Event.start_date <= end
    )
    return session.scalars(query.order_by(Event.id.desc()).limit(limit)).all()


def events_keyed(session: Session, event_type: str, key: str, limit: int) -> Sequence[Event]:
    """Events of a type stored under one key, newest first."""
    query = select(Event).where(Event.type == event_type, Event.key == key)
    return session.scalars(query.order_by(Event.id.desc()).limit(limit)).all()


def newest_events(
    session: Session, event_type: str | None, since: dt.datetime | None
) -> Sequence[Event]:
    """Stored events, newest first, of one type and first seen since a time."""
    query = select(Event).order_by(Event.id.desc())
    if event_type:
        query = query.where(Event.type == event_type)
    if since:
        query = query.where(Event.first_seen >= since)
    return session.scalars(query).all()
