"""Ops notices: site breakage and recovery, sent through the alert channels.

Unlike an event alert a notice is not queued in the outbox: it is sent at
once, best effort, and a failure is logged by the caller (the daemon) —
the site's health state itself lives in the database either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate

NOTICE_SCHEMA = "healthwatch.notice/1"


@dataclass(frozen=True)
class Notice:
    """One message for ops; ``key`` identifies it across channels and retries."""

    key: str
    kind: str  # "site.unhealthy" | "site.recovered"
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
