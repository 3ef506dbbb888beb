"""What every alert channel shares: options, the failure it raises, what it sends.

A channel raises ``SendFailed`` and never swallows an error: the
dispatcher records it and decides retry or dead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import ClassVar, Protocol

from alerts.targets import TargetRefusedError, check_target

# Seconds a channel waits for the other side (Standard Webhooks: 15-30 s).
SEND_TIMEOUT = 20.0


class SendFailed(Exception):  # noqa: N818 - the name says what happened, as STYLE.md asks
    """Sending failed; ``retryable`` says whether a later try may succeed,
    ``disable`` that the receiver asked never to be called again (410)."""

    def __init__(
        self,
        message: str,
        retryable: bool,
        disable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.disable = disable
        self.retry_after = retry_after  # seconds the receiver asked us to wait (Retry-After)


@dataclass(frozen=True)
class ChannelOptions:
    """Settings every channel may need, taken from the typed config."""

    secret: str = field(default="", repr=False)  # webhook signing secret: never in a repr
    sender: str = "healthwatch@localhost"  # e-mail From
    allow_private: bool = False  # SSRF guard opt-out
    timeout: float = SEND_TIMEOUT  # seconds to wait for the other side


class Outgoing(Protocol):
    """What a channel sends: an event alert, a digest or an ops notice.

    ``key`` is stable across retries (webhook-id, Message-ID); ``payload``
    is the JSON body of a webhook; ``email`` renders the message as a mail;
    ``subject`` and ``text`` are the title and body of a chat message.
    """

    @property
    def key(self) -> str: ...

    @property
    def subject(self) -> str: ...

    @property
    def text(self) -> str: ...

    def payload(self) -> dict[str, object]: ...

    def email(self, sender: str, recipients: list[str]) -> EmailMessage: ...


class Channel(Protocol):
    """What the dispatcher needs of a channel: built from a URL, sends or raises."""

    schemes: ClassVar[tuple[str, ...]]

    def send(self, message: Outgoing) -> None: ...


def guard(host: str, port: int, allow_private: bool) -> None:
    """The SSRF check, as a send failure (permanent, unless DNS failed)."""
    try:
        check_target(host, port, allow_private)
    except TargetRefusedError as exc:
        raise SendFailed(str(exc), retryable=exc.retryable) from None
