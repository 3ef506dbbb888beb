"""The alert outbox: claim due rows, then record what sending did.

Claiming is atomic on both backends: PostgreSQL locks rows with
``FOR UPDATE SKIP LOCKED``; SQLite runs one ``UPDATE ... RETURNING`` inside
``BEGIN IMMEDIATE`` (a single writer).  A claim expires, so a dispatcher
killed mid-send leaves rows that are claimed again later, with the same
idempotency key.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Alert, utcnow

# How long a claimed row is reserved for the dispatcher that claimed it.
CLAIM_FOR = dt.timedelta(minutes=5)
# First retry delay; doubles per attempt, with jitter, capped.
BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_CAP = dt.timedelta(hours=6)


def _due(now: dt.datetime) -> ColumnElement[bool]:
    """Pending rows whose time has come, or sending rows whose claim lapsed."""
    return or_(
        (Alert.status == "pending") & (Alert.next_attempt_at <= now),
        (Alert.status == "sending") & (Alert.claimed_until < now),
    )


def claim_due(session: Session, limit: int = 50, now: dt.datetime | None = None) -> Sequence[Alert]:
    """Mark up to ``limit`` due alerts as ``sending`` and return them."""
    now = now or utcnow()
    until = now + CLAIM_FOR
    if session.get_bind().dialect.name == "postgresql":
        query = select(Alert).where(_due(now)).order_by(Alert.id).limit(limit)
        rows = session.scalars(query.with_for_update(skip_locked=True)).all()
        for row in rows:
            row.status, row.claimed_until = "sending", until
        session.flush()
        return rows
    ids = select(Alert.id).where(_due(now)).order_by(Alert.id).limit(limit).scalar_subquery()
    stmt = (
        update(Alert)
        .where(Alert.id.in_(ids))
        .values(status="sending", claimed_until=until)
        .returning(Alert)
        .execution_options(synchronize_session=False)
    )
    return session.scalars(stmt).all()


def mark_sent(session: Session, alert_id: int) -> None:
    """The channel accepted the alert."""
    row = session.get_one(Alert, alert_id)
    row.status, row.sent_at, row.claimed_until = "sent", utcnow(), None
    row.attempts += 1
    row.last_error = None


def mark_failed(
    session: Session, alert_id: int, error: str, retryable: bool, max_attempts: int
) -> str:
    """Schedule a retry with exponential backoff and jitter, or give up.

    Returns the new status: ``pending`` (retry later) or ``dead``.
    """
    row = session.get_one(Alert, alert_id)
    row.attempts += 1
    row.last_error, row.claimed_until = error[:2000], None
    if not retryable or row.attempts >= max_attempts:
        row.status = "dead"
        return row.status
    # Cap the exponent too: 30 s * 2**42 overflows timedelta (max_attempts is unbounded).
    delay = min(BACKOFF_BASE * 2 ** min(row.attempts - 1, 20), BACKOFF_CAP)
    row.next_attempt_at = utcnow() + delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not crypto
    row.status = "pending"
    return row.status
