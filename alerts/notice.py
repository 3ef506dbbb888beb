"""Ops notices: site breakage and recovery, alerts that went dead, sent
through the alert channels.

Unlike an event alert a notice is not queued in the outbox: it is sent at
once, best effort, and a failure is logged by the caller (the daemon) —
the site's health state itself lives in the database either way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from typing import Protocol

from alerts.channel import ChannelOptions, SendFailed

NOTICE_SCHEMA = "healthwatch.notice/1"


@dataclass(frozen=True)
class Notice:
    """One message for ops; ``key`` identifies it across channels and retries."""

    key: str
    kind: str  # "site.unhealthy" | "site.recovered" | "alerts.dead"
    subject: str
    text: str
    details: dict[str, object] = field(default_factory=dict)
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def payload(self) -> dict[str, object]:
        """The webhook body (schema ``healthwatch.notice/1``)."""
        return {
            "schema": NOTICE_SCHEMA,
            "id": self.key,
            "kind": self.kind,
            "subject": self.subject,
            "text": self.text,
            "at": self.at.isoformat(),
            **self.details,
        }

    def email(self, sender: str, recipients: list[str]) -> EmailMessage:
        """A plain-text mail; Message-ID from the key, like alerts."""
        mail = EmailMessage()
        mail["Subject"] = " ".join(f"[healthwatch] {self.subject}".split())[:200]
        mail["From"] = sender
        mail["To"] = ", ".join(recipients)
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = f"<{self.key}@healthwatch>"
        mail.set_content(self.text + "\n\n-- healthwatch\n")
        return mail


class Undelivered(Protocol):
    """What a dead alert or digest tells ops about itself."""

    @property
    def key(self) -> str: ...

    @property
    def subscription(self) -> str: ...

    @property
    def channel_url(self) -> str: ...

    @property
    def title(self) -> str: ...


# At most this many dead alerts are listed in one notice (the rest counted).
MAX_LISTED = 10


def dead_alerts_notice(dead: Sequence[tuple[Undelivered, str]]) -> Notice:
    """One notice for the alerts a dispatch pass gave up on (each alert
    dies once, so each is told once), with how to send them again."""
    count = len(dead)
    lines = [
        f"- {message.subscription} ({message.channel_url.split(':', 1)[0]}): "
        f"{message.title}: {error}"
        for message, error in dead[:MAX_LISTED]
    ]
    if count > MAX_LISTED:
        lines.append(f"- and {count - MAX_LISTED} more")
    text = (
        f"{count} alert{'s' * (count != 1)} could not be delivered and will not be retried:\n"
        + "\n".join(lines)
        + "\nSee `healthwatch alerts list --state dead`; send them again with "
        "`healthwatch alerts retry --dead` once the receiver works."
    )
    details: dict[str, object] = {
        "alerts": [{"key": m.key, "subscription": m.subscription, "error": e} for m, e in dead]
    }
    subject = f"{count} alert{'s' * (count != 1)} went dead"
    return Notice(uuid.uuid4().hex, "alerts.dead", subject, text, details)


def tell_ops(notice: Notice, channels: Iterable[str], options: ChannelOptions) -> list[str]:
    """Send one notice to every ops channel; the errors, one line each."""
    from alerts.channels import channel_for  # noqa: PLC0415 - Apprise loads lazily there

    errors = []
    for url in channels:
        try:
            channel_for(url, options).send(notice)
        except SendFailed as exc:
            errors.append(f"ops notice {notice.kind} not sent: {exc}")
    return errors
