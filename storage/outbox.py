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
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Alert, Event, Subscription, utcnow

# How long a claimed row is reserved for the dispatcher that claimed it; a
# dispatcher renews its claim right before each send (``renew``), so this
# only has to outlast one send (a channel gives up after 20 s) and its record.
CLAIM_FOR = dt.timedelta(minutes=2)
# Waits between tries: quick at first (a blip), then at most an hour, so a
# receiver that comes back gets its queue within the hour.  Jittered.
BACKOFF = (
    dt.timedelta(seconds=30),
    dt.timedelta(minutes=2),
    dt.timedelta(minutes=10),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=1),
)
BACKOFF_CAP = BACKOFF[-1]
JITTER = (0.8, 1.2)
# Subscriptions claimed whole per claim (their due alerts, oldest first).
SUBSCRIPTIONS_PER_CLAIM = 8


@dataclass(frozen=True)
class RetryPolicy:
    """When a failed alert is tried again, and when it is given up.

    Retries run on a time budget counted from the alert's creation (a
    receiver down for an hour or a night still gets everything), with an
    optional cap on attempts.
    """

    budget: dt.timedelta = dt.timedelta(hours=48)
    max_attempts: int | None = None
    # How long a claim is held before another dispatcher may take the rows.
    claim_for: dt.timedelta = CLAIM_FOR


def as_policy(retry: RetryPolicy | int) -> RetryPolicy:
    """A policy from a policy, or from a bare attempt count (the budget stays)."""
    return retry if isinstance(retry, RetryPolicy) else RetryPolicy(max_attempts=retry)


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


def _in_flight(now: dt.datetime) -> ColumnElement[bool]:
    """Instant rows someone holds right now (claimed, claim not lapsed)."""
    return (Alert.status == "sending") & (Alert.claimed_until >= now) & Alert.digest_key.is_(None)


def _mark_claimed(
    session: Session, rows: Sequence[Alert], now: dt.datetime, token: str, hold: dt.timedelta
) -> Sequence[Alert]:
    until = now + hold
    for row in rows:
        row.status, row.claimed_until, row.claimed_by = "sending", until, token
    session.flush()
    return rows


def _claim(
    session: Session,
    condition: ColumnElement[bool],
    limit: int,
    now: dt.datetime,
    token: str,
    *,
    hold: dt.timedelta = CLAIM_FOR,
) -> Sequence[Alert]:
    """Mark up to ``limit`` rows matching ``condition`` as ``sending``, oldest first."""
    query = select(Alert).where(condition).order_by(Alert.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        rows = session.scalars(query.with_for_update(skip_locked=True)).all()
    else:  # SQLite: the claim runs under BEGIN IMMEDIATE, alone among writers
        rows = session.scalars(query).all()
    return _mark_claimed(session, rows, now, token, hold)


def claim_due(
    session: Session,
    limit: int = 50,
    now: dt.datetime | None = None,
    token: str | None = None,
    hold: dt.timedelta = CLAIM_FOR,
) -> Sequence[Alert]:
    """Claim due instant alerts of whole subscriptions, oldest first.

    A subscription some dispatcher is sending to right now is skipped, and a
    claimed subscription's due alerts come together in event order: each
    receiver gets its alerts in order, one at a time, whichever dispatcher
    (thread or node) sends them.  On PostgreSQL the subscriptions' rows are
    locked for the claim (``SKIP LOCKED``), so two claimers never take one.
    """
    now = now or utcnow()
    token = token or uuid.uuid4().hex
    busy = select(Alert.subscription_id).where(_in_flight(now))
    waiting = select(Alert.subscription_id).where(_due(now), Alert.subscription_id.not_in(busy))
    if session.get_bind().dialect.name == "postgresql":
        # Lock the subscriptions themselves: a second claimer skips them and
        # takes the next ones (LIMIT counts only the rows it could lock).
        lock = (
            select(Subscription.id)
            .where(Subscription.id.in_(waiting))
            .order_by(Subscription.id)
            .limit(min(SUBSCRIPTIONS_PER_CLAIM, limit))
            .with_for_update(skip_locked=True)
        )
        subs = list(session.scalars(lock))
    else:  # SQLite: the claim runs under BEGIN IMMEDIATE, alone among writers
        firsts = waiting.group_by(Alert.subscription_id).order_by(func.min(Alert.id))
        subs = list(session.scalars(firsts.limit(min(SUBSCRIPTIONS_PER_CLAIM, limit))))
    if not subs:
        return []
    condition = _due(now) & Alert.subscription_id.in_(subs)
    return _claim(session, condition, limit, now, token, hold=hold)


def claim_digests(
    session: Session,
    limit: int = 1000,
    now: dt.datetime | None = None,
    token: str | None = None,
    hold: dt.timedelta = CLAIM_FOR,
) -> dict[str, list[Alert]]:
    """Claim due digest rows, grouped by digest key.

    Rows from a digest that failed or crashed keep their key (a re-sent
    digest is the same digest); rows new to a digest get one fresh key per
    subscriber.
    """
    now = now or utcnow()
    fresh: dict[int, str] = {}
    groups: dict[str, list[Alert]] = {}
    for row in _claim(session, _digest_due(now), limit, now, token or uuid.uuid4().hex, hold=hold):
        if row.digest_key is None:
            row.digest_key = fresh.setdefault(row.subscription_id, uuid.uuid4().hex)
        groups.setdefault(row.digest_key, []).append(row)
    session.flush()
    return groups


def renew(
    session: Session,
    ids: Sequence[int],
    token: str,
    now: dt.datetime | None = None,
    hold: dt.timedelta = CLAIM_FOR,
) -> bool:
    """Extend the claim on ``ids`` just before sending; False when any of them
    is no longer ours (the claim lapsed and another dispatcher took it)."""
    now = now or utcnow()
    stmt = (
        update(Alert)
        .where(Alert.id.in_(list(ids)), Alert.claimed_by == token, Alert.status == "sending")
        .values(claimed_until=now + hold)
        .execution_options(synchronize_session=False)
    )
    updated: int = session.execute(stmt).rowcount  # type: ignore[attr-defined]
    return updated == len(ids)


def _held(session: Session, alert_id: int, token: str | None) -> Alert | None:
    """The row, if ``token`` still holds its claim (any row when token is None)."""
    row = session.get_one(Alert, alert_id)
    if token is not None and (row.status != "sending" or row.claimed_by != token):
        return None
    return row


def mark_sent(session: Session, alert_id: int, token: str | None = None) -> bool:
    """The channel accepted the alert; False when the claim was no longer ours."""
    row = _held(session, alert_id, token)
    if row is None:
        return False
    row.status, row.sent_at, row.claimed_until, row.claimed_by = "sent", utcnow(), None, None
    row.attempts += 1
    row.last_error = None
    return True


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after ``attempts`` failed ones (BACKOFF, then
    its last step), times a random factor so receivers are not hit in waves."""
    delay = BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]
    factor = random.uniform(*JITTER)  # noqa: S311 - jitter, not crypto
    jittered: dt.timedelta = delay * factor
    return jittered


def mark_failed(
    session: Session,
    alert_id: int,
    error: str,
    retryable: bool,
    retry: RetryPolicy | int = RetryPolicy(),
    *,
    retry_after: float | None = None,
    token: str | None = None,
) -> str:
    """Schedule a retry with backoff and jitter, or give up.

    Gives up when the error is not retryable, when the next try would fall
    after the policy's time budget (counted from the alert's creation), or
    after its attempt cap.  A receiver's ``Retry-After`` (seconds, capped
    like the backoff) makes the retry wait at least that long.  Returns the
    new status: ``pending`` or ``digest`` (retry later), ``dead``, or
    ``lost`` when the claim was no longer ours (nothing recorded).
    """
    policy = as_policy(retry)
    row = _held(session, alert_id, token)
    if row is None:
        return "lost"
    row.attempts += 1
    row.last_error, row.claimed_until, row.claimed_by = error[:2000], None, None
    delay = backoff(row.attempts)
    if retry_after is not None:
        delay = max(delay, min(dt.timedelta(seconds=retry_after), BACKOFF_CAP))
    next_try = utcnow() + delay
    capped = policy.max_attempts is not None and row.attempts >= policy.max_attempts
    if not retryable or capped or next_try > row.created_at + policy.budget:
        row.status = "dead"
        return row.status
    row.next_attempt_at = next_try
    row.status = "digest" if row.digest_key else "pending"
    return row.status


def hold_subscription(
    session: Session, subscription_id: int, until: dt.datetime, token: str | None = None
) -> int:
    """A receiver failed: its other instant alerts wait until ``until`` too
    (no attempt counted), so they go out after the failed one, in order.
    Alerts ``token`` holds are released; returns how many alerts were held."""
    released = 0
    if token is not None:
        stmt = (
            update(Alert)
            .where(
                Alert.subscription_id == subscription_id,
                Alert.claimed_by == token,
                Alert.status == "sending",
                Alert.digest_key.is_(None),
            )
            .values(status="pending", claimed_until=None, claimed_by=None, next_attempt_at=until)
            .execution_options(synchronize_session=False)
        )
        released = session.execute(stmt).rowcount  # type: ignore[attr-defined]
    stmt = (
        update(Alert)
        .where(
            Alert.subscription_id == subscription_id,
            Alert.status == "pending",
            Alert.next_attempt_at < until,
        )
        .values(next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    held = session.execute(stmt).rowcount  # type: ignore[attr-defined]
    return int(released) + int(held)


def mark_dead(session: Session, alert_id: int, error: str, token: str | None = None) -> None:
    """Give up on an alert without sending it (its subscription is gone)."""
    row = _held(session, alert_id, token)
    if row is not None:
        row.status, row.last_error, row.claimed_until, row.claimed_by = (
            "dead",
            error[:2000],
            None,
            None,
        )


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
        row.attempts, row.next_attempt_at, row.claimed_until, row.claimed_by = 0, now, None, None
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
