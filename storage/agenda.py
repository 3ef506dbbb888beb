"""The agenda outbox: one row per (agenda subscription, period), claimed and
recorded like alerts (``storage/outbox.py``), with the same claim rules."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Agenda, utcnow
from storage.outbox import BACKOFF_CAP, RetryPolicy, as_policy, backoff


def agenda_written(session: Session, subscription_id: int, period: str) -> bool:
    """Whether this subscription's agenda of ``period`` exists (sent or not)."""
    query = select(Agenda.id).where(
        Agenda.subscription_id == subscription_id, Agenda.period == period
    )
    return session.scalar(query.limit(1)) is not None


def add_agenda(
    session: Session,
    subscription_id: int,
    period: str,
    window: tuple[dt.date, dt.date],
    event_ids: Sequence[int],
    *,
    now: dt.datetime,
) -> Agenda:
    """Write one period's agenda: due now, or ``skipped`` when it lists nothing."""
    row = Agenda(
        subscription_id=subscription_id,
        period=period,
        window_start=window[0],
        window_end=window[1],
        event_ids=list(event_ids),
        status="pending" if event_ids else "skipped",
        last_error=None if event_ids else "nothing in the window: not sent",
        next_attempt_at=now,
        idempotency_key=uuid.uuid4().hex,
    )
    session.add(row)
    session.flush()
    return row


def _due(now: dt.datetime) -> ColumnElement[bool]:
    return or_(
        (Agenda.status == "pending") & (Agenda.next_attempt_at <= now),
        (Agenda.status == "sending") & (Agenda.claimed_until < now),
    )


def claim_agendas(
    session: Session,
    limit: int = 50,
    now: dt.datetime | None = None,
    hold: dt.timedelta = RetryPolicy.claim_for,
) -> Sequence[Agenda]:
    """Mark up to ``limit`` due agendas as ``sending`` for ``hold`` (SKIP
    LOCKED on PostgreSQL, one UPDATE ... RETURNING under BEGIN IMMEDIATE on
    SQLite)."""
    now = now or utcnow()
    until = now + hold
    if session.get_bind().dialect.name == "postgresql":
        query = select(Agenda).where(_due(now)).order_by(Agenda.id).limit(limit)
        rows = session.scalars(query.with_for_update(skip_locked=True)).all()
        for row in rows:
            row.status, row.claimed_until = "sending", until
        session.flush()
        return rows
    ids = select(Agenda.id).where(_due(now)).order_by(Agenda.id).limit(limit).scalar_subquery()
    stmt = (
        update(Agenda)
        .where(Agenda.id.in_(ids))
        .values(status="sending", claimed_until=until)
        .returning(Agenda)
        .execution_options(synchronize_session=False)
    )
    return sorted(session.scalars(stmt).all(), key=lambda row: row.id)


def mark_agenda_sent(session: Session, agenda_id: int) -> None:
    row = session.get_one(Agenda, agenda_id)
    row.status, row.sent_at, row.claimed_until, row.last_error = "sent", utcnow(), None, None
    row.attempts += 1


def mark_agenda_failed(
    session: Session,
    agenda_id: int,
    error: str,
    retryable: bool,
    retry: RetryPolicy | int = RetryPolicy(),  # noqa: B008 - frozen
    *,
    retry_after: float | None = None,
) -> str:
    """Retry later with backoff (``pending``) or give up (``dead``): the
    same budget and cap as alerts (``storage.outbox.mark_failed``)."""
    policy = as_policy(retry)
    row = session.get_one(Agenda, agenda_id)
    row.attempts += 1
    row.last_error, row.claimed_until = error[:2000], None
    delay = backoff(row.attempts)
    if retry_after is not None:
        delay = max(delay, min(dt.timedelta(seconds=retry_after), BACKOFF_CAP))
    next_try = utcnow() + delay
    capped = policy.max_attempts is not None and row.attempts >= policy.max_attempts
    if not retryable or capped or next_try > row.created_at + policy.budget:
        row.status = "dead"
        return row.status
    row.status, row.next_attempt_at = "pending", next_try
    return row.status


def newest_agendas(session: Session, limit: int) -> Sequence[Agenda]:
    """Agenda rows, newest first."""
    return session.scalars(select(Agenda).order_by(Agenda.id.desc()).limit(limit)).all()
