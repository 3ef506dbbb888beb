"""The alert outbox: claim due rows, then record what sending did.

Claiming is atomic on both backends: PostgreSQL locks rows with
``FOR UPDATE SKIP LOCKED``; SQLite runs one ``UPDATE ... RETURNING`` inside
``BEGIN IMMEDIATE`` (a single writer).  A claim expires, so a dispatcher
killed mid-send leaves rows that are claimed again later, with the same
idempotency key.

Instant alerts wait as ``pending``; a digest subscriber's alerts wait as
``digest`` until the subscriber's digest time, and are then claimed together
under one ``digest_key`` that stays with them until the digest went out.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Alert, Event, Subscription, utcnow

# How long a claimed row is reserved for the dispatcher that claimed it.
CLAIM_FOR = dt.timedelta(minutes=5)
# First retry delay; doubles per attempt, with jitter, capped.
BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_CAP = dt.timedelta(hours=6)
JITTER = (0.8, 1.2)


def _due(now: dt.datetime) -> ColumnElement[bool]:
    """Instant rows whose time has come, or whose claim lapsed mid-send."""
    return or_(
        (Alert.status == "pending") & (Alert.next_attempt_at <= now),
        (Alert.status == "sending") & (Alert.claimed_until < now) & Alert.digest_key.is_(None),
    )


def _digest_due(now: dt.datetime) -> ColumnElement[bool]:
    """Digest rows whose subscriber's digest time has come, or whose digest
    claim lapsed mid-send."""
    return or_(
        (Alert.status == "digest") & (Alert.next_attempt_at <= now),
        (Alert.status == "sending") & (Alert.claimed_until < now) & Alert.digest_key.is_not(None),
    )


def _claim(
    session: Session, condition: ColumnElement[bool], limit: int, now: dt.datetime
) -> Sequence[Alert]:
    """Mark up to ``limit`` rows matching ``condition`` as ``sending``, oldest first."""
    until = now + CLAIM_FOR
    if session.get_bind().dialect.name == "postgresql":
        query = select(Alert).where(condition).order_by(Alert.id).limit(limit)
        rows = session.scalars(query.with_for_update(skip_locked=True)).all()
        for row in rows:
            row.status, row.claimed_until = "sending", until
        session.flush()
        return rows
    ids = select(Alert.id).where(condition).order_by(Alert.id).limit(limit).scalar_subquery()
    stmt = (
        update(Alert)
        .where(Alert.id.in_(ids))
        .values(status="sending", claimed_until=until)
        .returning(Alert)
        .execution_options(synchronize_session=False)
    )
    return sorted(session.scalars(stmt).all(), key=lambda row: row.id)


def claim_due(session: Session, limit: int = 50, now: dt.datetime | None = None) -> Sequence[Alert]:
    """Mark up to ``limit`` due instant alerts as ``sending`` and return them."""
    now = now or utcnow()
    return _claim(session, _due(now), limit, now)


def claim_digests(
    session: Session, limit: int = 1000, now: dt.datetime | None = None
) -> dict[str, list[Alert]]:
    """Claim due digest rows, grouped by digest key.

    Rows from a digest that failed or crashed keep their key (a re-sent
    digest is the same digest); rows new to a digest get one fresh key per
    subscriber.
    """
    now = now or utcnow()
    fresh: dict[int, str] = {}
    groups: dict[str, list[Alert]] = {}
    for row in _claim(session, _digest_due(now), limit, now):
        if row.digest_key is None:
            row.digest_key = fresh.setdefault(row.subscription_id, uuid.uuid4().hex)
        groups.setdefault(row.digest_key, []).append(row)
    session.flush()
    return groups


def mark_sent(session: Session, alert_id: int) -> None:
    """The channel accepted the alert."""
    row = session.get_one(Alert, alert_id)
    row.status, row.sent_at, row.claimed_until = "sent", utcnow(), None
    row.attempts += 1
    row.last_error = None


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after ``attempts`` failed ones: 30 s doubling,
    capped at 6 h, times a random factor so receivers are not hit in waves."""
    # Cap the exponent too: 30 s * 2**42 overflows timedelta (max_attempts is unbounded).
    delay = min(BACKOFF_BASE * 2 ** min(attempts - 1, 20), BACKOFF_CAP)
    factor = random.uniform(*JITTER)  # noqa: S311 - jitter, not crypto
    jittered: dt.timedelta = delay * factor
    return jittered


def mark_failed(
    session: Session,
    alert_id: int,
    error: str,
    retryable: bool,
    max_attempts: int,
    *,
    retry_after: float | None = None,
) -> str:
    """Schedule a retry with exponential backoff and jitter, or give up.

    A receiver's ``Retry-After`` (seconds, capped like the backoff) makes the
    retry wait at least that long.  Returns the new status: ``pending`` or
    ``digest`` (retry later) or ``dead``.
    """
    row = session.get_one(Alert, alert_id)
    row.attempts += 1
    row.last_error, row.claimed_until = error[:2000], None
    if not retryable or row.attempts >= max_attempts:
        row.status = "dead"
        return row.status
    delay = backoff(row.attempts)
    if retry_after is not None:
        delay = max(delay, min(dt.timedelta(seconds=retry_after), BACKOFF_CAP))
    row.next_attempt_at = utcnow() + delay
    row.status = "digest" if row.digest_key else "pending"
    return row.status


def mark_dead(session: Session, alert_id: int, error: str) -> None:
    """Give up on an alert without sending it (its subscription is gone)."""
    row = session.get_one(Alert, alert_id)
    row.status, row.last_error, row.claimed_until = "dead", error[:2000], None


def requeue(session: Session, ids: Iterable[int] = (), dead: bool = False) -> list[int]:
    """Make alerts due again (``alerts retry``): the given ids, or every dead one.

    The idempotency key (and a digest's key) is kept, so a receiver that
    did get an earlier try can still drop the repeat.  Attempts start over.
    """
    query = select(Alert).where(Alert.status.in_(("dead", "pending", "digest", "skipped")))
    wanted = list(ids)
    if dead:
        query = query.where(Alert.status == "dead")
    elif wanted:
        query = query.where(Alert.id.in_(wanted))
    else:
        return []
    now, done = utcnow(), []
    for row in session.scalars(query.order_by(Alert.id)):
        row.status = "digest" if row.digest_key else "pending"
        row.attempts, row.next_attempt_at, row.claimed_until = 0, now, None
        done.append(row.id)
    return done


def latest_revisions(session: Session, event_id: int, *, delivered: bool) -> dict[int, int]:
    """Per subscription, the newest alert revision of an event (``delivered``:
    only alerts sent or being sent)."""
    query = select(Alert.subscription_id, func.max(Alert.revision)).where(
        Alert.event_id == event_id
    )
    if delivered:
        query = query.where(Alert.status.in_(("sent", "sending")))
    rows = session.execute(query.group_by(Alert.subscription_id))
    return {int(sub): int(revision) for sub, revision in rows}


def newest_alerts(
    session: Session, state: str | None, limit: int
) -> list[tuple[Alert, Subscription, Event]]:
    """Outbox rows with their subscription and event, newest first, in one query."""
    query = (
        select(Alert, Subscription, Event)
        .join(Subscription, Alert.subscription_id == Subscription.id)
        .join(Event, Alert.event_id == Event.id)
        .order_by(Alert.id.desc())
        .limit(limit)
    )
    if state:
        query = query.where(Alert.status == state)
    return [(alert, sub, event) for alert, sub, event in session.execute(query)]
