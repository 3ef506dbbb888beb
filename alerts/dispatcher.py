"""Sends due outbox rows through their channels and records the outcome.

Claim (one transaction) -> send (no transaction open) -> record (one
transaction per alert).  A crash after sending and before recording leaves
the row claimed; when the claim lapses it is sent again with the same
idempotency key, which receivers use to drop the repeat.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import ChannelOptions, SendFailed, channel_for
from alerts.message import AlertMessage, build_message
from storage.db import transaction
from storage.models import Alert, Subscription
from storage.outbox import claim_due, mark_failed, mark_sent


@dataclass
class DispatchReport:
    """What one dispatch pass did."""

    sent: list[AlertMessage] = field(default_factory=list)
    retrying: list[tuple[AlertMessage, str]] = field(default_factory=list)
    dead: list[tuple[AlertMessage, str]] = field(default_factory=list)


def dispatch_due(
    factory: sessionmaker[Session], options: ChannelOptions, max_attempts: int, batch: int = 50
) -> DispatchReport:
    """Send every alert that is due now, batch by batch, until none is left."""
    report = DispatchReport()
    while True:
        with transaction(factory) as session:
            claimed = claim_due(session, limit=batch)
            messages = [(row.id, build_message(session, row)) for row in claimed]
        if not messages:
            return report
        for alert_id, message in messages:
            send_one(
                factory=factory,
                options=options,
                max_attempts=max_attempts,
                alert_id=alert_id,
                message=message,
                report=report,
            )


def send_one(
    *,
    factory: sessionmaker[Session],
    options: ChannelOptions,
    max_attempts: int,
    alert_id: int,
    message: AlertMessage,
    report: DispatchReport,
) -> None:
    """Send one alert and record sent / retry / dead."""
    try:
        channel_for(message.channel_url, options).send(message)
    except SendFailed as exc:
        with transaction(factory) as session:
            status = mark_failed(session, alert_id, str(exc), exc.retryable, max_attempts)
            if exc.disable:
                disable_subscription(session, alert_id)
        (report.dead if status == "dead" else report.retrying).append((message, str(exc)))
        return
    with transaction(factory) as session:
        mark_sent(session, alert_id)
    report.sent.append(message)


def disable_subscription(session: Session, alert_id: int) -> None:
    """The receiver said 410 Gone: stop sending to this channel."""
    alert = session.get_one(Alert, alert_id)
    session.get_one(Subscription, alert.subscription_id).enabled = False
