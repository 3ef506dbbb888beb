"""Totals for status displays and metrics, each one grouped query."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Alert, Article, Event


def counts(session: Session) -> dict[str, int]:
    """Totals for status displays."""
    return {
        "articles": session.scalar(select(func.count(Article.id))) or 0,
        "events": session.scalar(select(func.count(Event.id))) or 0,
        "alerts": session.scalar(select(func.count(Alert.id))) or 0,
    }


def alert_states(session: Session) -> dict[str, int]:
    """Alerts per outbox state."""
    rows = session.execute(select(Alert.status, func.count()).group_by(Alert.status))
    return {str(state): int(count) for state, count in rows}


def alert_backlog(session: Session, now: dt.datetime) -> int:
    """Alerts due now and not sent yet."""
    query = (
        select(func.count())
        .select_from(Alert)
        .where(Alert.status == "pending", Alert.next_attempt_at <= now)
    )
    return int(session.scalar(query) or 0)
