"""Sends due outbox rows through their channels and records the outcome.

Claim (one transaction) -> renew and send (no transaction open during the
send) -> record (one transaction per alert or digest).  A claim is owned: a
dispatcher renews it right before each send and records only rows it still
holds, so a batch that outlives its claim is never sent twice by two
dispatchers.  A crash after sending and before recording leaves the rows
claimed; when the claim lapses they are sent again with the same
idempotency key, which receivers use to drop the repeat.

Each subscription's alerts are claimed together and sent one by one in
event order; when a receiver fails, the rest of its queue waits with the
failed alert (``hold_subscription``), so after an outage it gets everything,
in order.  Retries run on a time budget (``RetryPolicy``).  Digest rows are
marked sent only after their digest went out.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import ChannelOptions, SendFailed, channel_for
from alerts.message import (
    AgendaMessage,
    AlertMessage,
    DigestMessage,
    build_digest,
    build_message,
)
from storage.db import transaction
from storage.models import Alert, Subscription, utcnow
from storage.outbox import (
    RetryPolicy,
    as_policy,
    claim_digests,
    claim_due,
    hold_subscription,
    mark_dead,
    mark_failed,
    mark_sent,
    renew,
)

# What a dispatch pass sends: one alert, one subscriber's digest, or an agenda.
Message = AlertMessage | DigestMessage | AgendaMessage


@dataclass
class DispatchReport:
    """What one dispatch pass did (a digest counts as one message)."""

    sent: list[Message] = field(default_factory=list)
    retrying: list[tuple[Message, str]] = field(default_factory=list)
    dead: list[tuple[Message, str]] = field(default_factory=list)
    lost: int = 0  # claims another dispatcher took over (nothing sent, nothing recorded)
    held: int = 0  # alerts left waiting behind a failed one of their receiver

    def extend(self, other: DispatchReport) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.dead += other.dead
        self.lost += other.lost
        self.held += other.held


@dataclass(frozen=True)
class Claimed:
    """One message to send and the outbox rows it stands for."""

    message: Message
    channel_url: str
    alert_ids: tuple[int, ...]
    gone: str | None  # why the subscription no longer takes messages
    token: str = ""  # the claim's owner token
    subscription_id: int = 0


def dispatch_due(
    factory: sessionmaker[Session],
    options: ChannelOptions,
    retry: RetryPolicy | int = RetryPolicy(),  # noqa: B008 - frozen
    batch: int = 50,
    workers: int = 1,
) -> DispatchReport:
    """Send every instant alert that is due now, batch by batch, until none is left.

    With ``workers`` > 1, that many threads claim and send side by side: a
    slow receiver then holds up one thread, not the whole outbox.  Claims
    are atomic, so threads never share a row (as separate processes don't).
    """
    policy = as_policy(retry)
    if workers <= 1:
        return _dispatch_loop(factory, options, policy, batch)
    report = DispatchReport()
    with ThreadPoolExecutor(workers, thread_name_prefix="healthwatch-dispatch") as pool:
        futures = [
            pool.submit(_dispatch_loop, factory, options, policy, batch) for _ in range(workers)
        ]
        for future in futures:
            report.extend(future.result())
    return report


def _dispatch_loop(
    factory: sessionmaker[Session], options: ChannelOptions, policy: RetryPolicy, batch: int
) -> DispatchReport:
    """One claimer: claim whole subscriptions' due alerts, send each
    subscription's in order, record, until nothing is due."""
    report = DispatchReport()
    while True:
        token = uuid.uuid4().hex
        with transaction(factory) as session:
            claimed = [
                single(session, row, token)
                for row in claim_due(session, batch, token=token, hold=policy.claim_for)
            ]
        if not claimed:
            return report
        queues: dict[int, list[Claimed]] = {}
        for item in claimed:
            queues.setdefault(item.subscription_id, []).append(item)
        for queue in queues.values():
            for item in queue:
                if send_claimed(factory, options, policy, item, report) in ("retry", "lost"):
                    break  # the receiver failed (its queue waits) or the claim is gone


def dispatch_digests(
    factory: sessionmaker[Session],
    options: ChannelOptions,
    retry: RetryPolicy | int = RetryPolicy(),  # noqa: B008 - frozen
) -> DispatchReport:
    """Send one digest per subscriber whose digest time has come.

    Nothing is sent to a subscriber with nothing new: only due rows are
    claimed, so an empty period claims nothing.
    """
    report = DispatchReport()
    token = uuid.uuid4().hex
    with transaction(factory) as session:
        claimed = [
            digest(session, key, rows, token)
            for key, rows in claim_digests(
                session, token=token, hold=as_policy(retry).claim_for
            ).items()
            if rows
        ]
    for item in claimed:
        send_claimed(factory, options, as_policy(retry), item, report)
    return report


def single(session: Session, row: Alert, token: str = "") -> Claimed:
    message = build_message(session, row)
    gone = gone_reason(session, row)
    return Claimed(message, message.channel_url, (row.id,), gone, token, row.subscription_id)


def digest(session: Session, key: str, rows: Sequence[Alert], token: str = "") -> Claimed:
    message = build_digest(session, key, list(rows))
    ids = tuple(row.id for row in rows)
    gone = gone_reason(session, rows[0])
    return Claimed(message, message.channel_url, ids, gone, token, rows[0].subscription_id)


def gone_reason(session: Session, row: Alert) -> str | None:
    """Why an alert's subscription takes no more messages, or None."""
    sub = session.get_one(Subscription, row.subscription_id)
    if sub.gone_at is not None:
        return f"subscription disabled: {sub.gone_reason or 'the receiver answered 410 Gone'}"
    return None


def send_claimed(
    factory: sessionmaker[Session],
    options: ChannelOptions,
    policy: RetryPolicy,
    item: Claimed,
    report: DispatchReport,
) -> str:
    """Send one message and record sent / retry / dead for all its rows.

    Returns what happened: ``sent``, ``retry``, ``dead`` or ``lost`` (the
    claim was no longer ours when renewed before the send: nothing sent).
    """
    token = item.token or None
    if item.gone is not None:
        with transaction(factory) as session:
            for alert_id in item.alert_ids:
                mark_dead(session, alert_id, item.gone, token)
        report.dead.append((item.message, item.gone))
        return "dead"
    if token is not None:
        with transaction(factory) as session:
            if not renew(session, item.alert_ids, token, hold=policy.claim_for):
                report.lost += 1
                return "lost"
    try:
        send(item, options)
    except SendFailed as exc:
        status, held = record_failure(factory, item, exc, policy)
        report.held += held
        if status == "lost":
            report.lost += 1
            return status
        (report.dead if status == "dead" else report.retrying).append((item.message, str(exc)))
        return "dead" if status == "dead" else "retry"
    with transaction(factory) as session:
        recorded = [mark_sent(session, alert_id, token) for alert_id in item.alert_ids]
    if not all(recorded):
        report.lost += 1  # sent, but another dispatcher owns the rows now: it records them
    report.sent.append(item.message)
    return "sent"


def send(item: Claimed, options: ChannelOptions) -> None:
    """Send through the channel; an unexpected error (a bug, a message a
    library refuses) counts as a failed attempt, so one bad alert ends dead
    when its retry budget is spent instead of being re-claimed forever."""
    try:
        channel_for(item.channel_url, options).send(item.message)
    except SendFailed:
        raise
    except Exception as exc:  # see docstring: recorded, never swallowed
        raise SendFailed(f"unexpected {type(exc).__name__}: {exc}", retryable=True) from exc


def record_failure(
    factory: sessionmaker[Session], item: Claimed, exc: SendFailed, policy: RetryPolicy
) -> tuple[str, int]:
    """Retry later or give up; a 410 also disables the subscription.

    A retry holds the rest of the receiver's queue until the same moment,
    so its alerts still go out in order when it is back.  Returns the
    status and how many other alerts now wait behind this one.
    """
    status, held = "dead", 0
    token = item.token or None
    with transaction(factory) as session:
        for alert_id in item.alert_ids:
            status = mark_failed(
                session,
                alert_id,
                str(exc),
                exc.retryable,
                policy,
                retry_after=exc.retry_after,
                token=token,
            )
        if status in ("pending",) and item.alert_ids:
            until = session.get_one(Alert, item.alert_ids[0]).next_attempt_at
            held = hold_subscription(session, item.subscription_id, until, token)
        if exc.disable:
            disable_subscription(session, item.alert_ids[0], str(exc))
    return status, held


def disable_subscription(session: Session, alert_id: int, reason: str) -> None:
    """The receiver said 410 Gone: stop sending to this channel for good."""
    alert = session.get_one(Alert, alert_id)
    disable_by_id(session, alert.subscription_id, reason)


def disable_by_id(session: Session, subscription_id: int, reason: str) -> None:
    """Stop sending to this subscription row for good (410 Gone)."""
    sub = session.get_one(Subscription, subscription_id)
    sub.enabled, sub.gone_at, sub.gone_reason = False, utcnow(), reason
