"""Sends due outbox rows through their channels and records the outcome.

Claim (one transaction) -> send (no transaction open) -> record (one
transaction per alert or digest).  A crash after sending and before
recording leaves the rows claimed; when the claim lapses they are sent
again with the same idempotency key, which receivers use to drop the
repeat.  Digest rows are marked sent only after their digest went out.
"""

from __future__ import annotations

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
from storage.outbox import claim_digests, claim_due, mark_dead, mark_failed, mark_sent

# What a dispatch pass sends: one alert, one subscriber's digest, or an agenda.
Message = AlertMessage | DigestMessage | AgendaMessage


@dataclass
class DispatchReport:
    """What one dispatch pass did (a digest counts as one message)."""

    sent: list[Message] = field(default_factory=list)
    retrying: list[tuple[Message, str]] = field(default_factory=list)
    dead: list[tuple[Message, str]] = field(default_factory=list)

    def extend(self, other: DispatchReport) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.dead += other.dead


@dataclass(frozen=True)
class Claimed:
    """One message to send and the outbox rows it stands for."""

    message: Message
    channel_url: str
    alert_ids: tuple[int, ...]
    gone: str | None  # why the subscription no longer takes messages


def dispatch_due(
    factory: sessionmaker[Session],
    options: ChannelOptions,
    max_attempts: int,
    batch: int = 50,
    workers: int = 1,
) -> DispatchReport:
    """Send every instant alert that is due now, batch by batch, until none is left.

    With ``workers`` > 1, that many threads claim and send side by side: a
    slow receiver then holds up one thread, not the whole outbox.  Claims
    are atomic, so threads never share a row (as separate processes don't).
    """
    if workers <= 1:
        return _dispatch_loop(factory, options, max_attempts, batch)
    report = DispatchReport()
    with ThreadPoolExecutor(workers, thread_name_prefix="healthwatch-dispatch") as pool:
        futures = [
            pool.submit(_dispatch_loop, factory, options, max_attempts, batch)
            for _ in range(workers)
        ]
        for future in futures:
            report.extend(future.result())
    return report


def _dispatch_loop(
    factory: sessionmaker[Session], options: ChannelOptions, max_attempts: int, batch: int
) -> DispatchReport:
    """One claimer: claim a batch, send it, record, until nothing is due."""
    report = DispatchReport()
    while True:
        with transaction(factory) as session:
            claimed = [single(session, row) for row in claim_due(session, limit=batch)]
        if not claimed:
            return report
        for item in claimed:
            send_claimed(factory, options, max_attempts, item, report)


def dispatch_digests(
    factory: sessionmaker[Session], options: ChannelOptions, max_attempts: int
) -> DispatchReport:
    """Send one digest per subscriber whose digest time has come.

    Nothing is sent to a subscriber with nothing new: only due rows are
    claimed, so an empty period claims nothing.
    """
    report = DispatchReport()
    with transaction(factory) as session:
        claimed = [
            digest(session, key, rows) for key, rows in claim_digests(session).items() if rows
        ]
    for item in claimed:
        send_claimed(factory, options, max_attempts, item, report)
    return report


def single(session: Session, row: Alert) -> Claimed:
    message = build_message(session, row)
    return Claimed(message, message.channel_url, (row.id,), gone_reason(session, row))


def digest(session: Session, key: str, rows: Sequence[Alert]) -> Claimed:
    message = build_digest(session, key, list(rows))
    ids = tuple(row.id for row in rows)
    return Claimed(message, message.channel_url, ids, gone_reason(session, rows[0]))


def gone_reason(session: Session, row: Alert) -> str | None:
    """Why an alert's subscription takes no more messages, or None."""
    sub = session.get_one(Subscription, row.subscription_id)
    if sub.gone_at is not None:
        return f"subscription disabled: {sub.gone_reason or 'the receiver answered 410 Gone'}"
    return None


def send_claimed(
    factory: sessionmaker[Session],
    options: ChannelOptions,
    max_attempts: int,
    item: Claimed,
    report: DispatchReport,
) -> None:
    """Send one message and record sent / retry / dead for all its rows."""
    if item.gone is not None:
        with transaction(factory) as session:
            for alert_id in item.alert_ids:
                mark_dead(session, alert_id, item.gone)
        report.dead.append((item.message, item.gone))
        return
    try:
        send(item, options)
    except SendFailed as exc:
        status = record_failure(factory, item, exc, max_attempts)
        (report.dead if status == "dead" else report.retrying).append((item.message, str(exc)))
        return
    with transaction(factory) as session:
        for alert_id in item.alert_ids:
            mark_sent(session, alert_id)
    report.sent.append(item.message)


def send(item: Claimed, options: ChannelOptions) -> None:
    """Send through the channel; an unexpected error (a bug, a message a
    library refuses) counts as a failed attempt, so one bad alert ends dead
    after ``max_attempts`` instead of being re-claimed forever."""
    try:
        channel_for(item.channel_url, options).send(item.message)
    except SendFailed:
        raise
    except Exception as exc:  # see docstring: recorded, never swallowed
        raise SendFailed(f"unexpected {type(exc).__name__}: {exc}", retryable=True) from exc


def record_failure(
    factory: sessionmaker[Session], item: Claimed, exc: SendFailed, max_attempts: int
) -> str:
    """Retry later or give up; a 410 also disables the subscription."""
    status = "dead"
    with transaction(factory) as session:
        for alert_id in item.alert_ids:
            status = mark_failed(
                session,
                alert_id,
                str(exc),
                exc.retryable,
                max_attempts,
                retry_after=exc.retry_after,
            )
        if exc.disable:
            disable_subscription(session, item.alert_ids[0], str(exc))
    return status


def disable_subscription(session: Session, alert_id: int, reason: str) -> None:
    """The receiver said 410 Gone: stop sending to this channel for good."""
    alert = session.get_one(Alert, alert_id)
    disable_by_id(session, alert.subscription_id, reason)


def disable_by_id(session: Session, subscription_id: int, reason: str) -> None:
    """Stop sending to this subscription row for good (410 Gone)."""
    sub = session.get_one(Subscription, subscription_id)
    sub.enabled, sub.gone_at, sub.gone_reason = False, utcnow(), reason
