"""Alert channels: one small class per URL scheme, one registry dict.

A channel raises ``SendFailed`` and never swallows an error: the
dispatcher records it and decides retry or dead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import ClassVar, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from alerts.targets import TargetRefusedError, check_target

# Seconds a channel waits for the other side (Standard Webhooks: 15-30 s).
SEND_TIMEOUT = 20.0


class SendFailed(Exception):  # noqa: N818 - the name says what happened, as STYLE.md asks
    """Sending failed; ``retryable`` says whether a later try may succeed,
    ``disable`` that the receiver asked never to be called again (410)."""

    def __init__(self, message: str, retryable: bool, disable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.disable = disable


@dataclass(frozen=True)
class ChannelOptions:
    """Settings every channel may need, taken from the typed config."""

    secret: str = ""  # webhook signing secret
    sender: str = "healthwatch@localhost"  # e-mail From
    allow_private: bool = False  # SSRF guard opt-out


class Outgoing(Protocol):
    """What a channel sends: an event alert or an ops notice.

    ``key`` is stable across retries (webhook-id, Message-ID); ``payload``
    is the JSON body of a webhook; ``email`` renders the message as a mail.
    """

    @property
    def key(self) -> str: ...

    def payload(self) -> dict[str, object]: ...

    def email(self, sender: str, recipients: list[str]) -> EmailMessage: ...


class Channel(Protocol):
    """What the dispatcher needs of a channel: built from a URL, sends or raises."""

    schemes: ClassVar[tuple[str, ...]]

    def send(self, message: Outgoing) -> None: ...


class WebhookChannel:
    """JSON POST signed per Standard Webhooks (webhook-id/-timestamp/-signature).

    URL: ``https://host/path``.  2xx = sent; 410 = gone, disable; other 4xx =
    dead; 5xx, timeouts and refused connections = retry.  Redirects are not
    followed (a redirect could lead past the SSRF guard).
    """

    schemes: ClassVar[tuple[str, ...]] = ("http", "https")

    def __init__(self, url: str, options: ChannelOptions) -> None:
        self.url = url
        self.key = signing_key(options.secret)
        self.allow_private = options.allow_private

    def send(self, message: Outgoing) -> None:
        parts = urlsplit(self.url)
        guard(
            parts.hostname or "",
            parts.port or (443 if parts.scheme == "https" else 80),
            self.allow_private,
        )
        body = json.dumps(message.payload(), ensure_ascii=False).encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {
            "content-type": "application/json",
            "user-agent": "healthwatch-webhook/1",
            "webhook-id": message.key,
            "webhook-timestamp": timestamp,
            "webhook-signature": sign(self.key, message.key, timestamp, body),
        }
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked by registry
        try:
            with _NO_REDIRECTS.open(request, timeout=SEND_TIMEOUT) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise http_failure(exc.code) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SendFailed(f"webhook {parts.netloc}: {reason}", retryable=True) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_NO_REDIRECTS = urllib.request.build_opener(_NoRedirect)


def http_failure(code: int) -> SendFailed:
    """Map a webhook's HTTP error status to retry / dead / disable."""
    if code == 410:
        return SendFailed(
            "webhook answered 410 Gone: subscription disabled", retryable=False, disable=True
        )
    if 300 <= code < 400:
        return SendFailed(
            f"webhook answered a redirect ({code}); redirects are not followed", retryable=False
        )
    retryable = code >= 500 or code in (408, 429)
    return SendFailed(f"webhook answered HTTP {code}", retryable=retryable)


def signing_key(secret: str) -> bytes:
    """``whsec_<base64>`` secrets carry raw key bytes; others are used as is."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode("utf-8")


def sign(key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` (Standard Webhooks)."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


class SmtpChannel:
    """E-mail through an SMTP server.

    URL: ``smtp://[user:password@]host[:port]?to=a@x.org,b@y.org[&from=...][&starttls=1]``
    or ``smtps://`` for implicit TLS (port 465).  Plain ``smtp://`` without
    starttls suits a local relay only.
    """

    schemes: ClassVar[tuple[str, ...]] = ("smtp", "smtps")

    def __init__(self, url: str, options: ChannelOptions) -> None:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        self.tls = parts.scheme == "smtps"
        self.starttls = query.get("starttls", ["0"])[0] in ("1", "true", "yes")
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = query.get("from", [options.sender])[0]
        self.recipients = [
            a.strip() for v in query.get("to", []) for a in v.split(",") if a.strip()
        ]
        self.allow_private = options.allow_private

    def send(self, message: Outgoing) -> None:
        if not self.recipients:
            raise SendFailed("smtp channel has no ?to= recipients", retryable=False)
        guard(self.host, self.port, self.allow_private)
        mail = message.email(self.sender, self.recipients)
        try:
            with self.connect() as smtp:
                if self.user and self.password:
                    smtp.login(self.user, self.password)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendFailed(
                f"smtp {self.host}: recipients refused {list(exc.recipients)}", retryable=False
            ) from None
        except smtplib.SMTPResponseException as exc:
            text = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            raise SendFailed(
                f"smtp {self.host}: {exc.smtp_code} {text}", retryable=exc.smtp_code < 500
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise SendFailed(f"smtp {self.host}:{self.port}: {exc}", retryable=True) from None

    def connect(self) -> smtplib.SMTP:
        if self.tls:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=SEND_TIMEOUT, context=ssl.create_default_context()
            )
        smtp = smtplib.SMTP(self.host, self.port, timeout=SEND_TIMEOUT)
        if self.starttls:
            smtp.starttls(context=ssl.create_default_context())
        return smtp


def guard(host: str, port: int, allow_private: bool) -> None:
    """The SSRF check, as a permanent send failure."""
    try:
        check_target(host, port, allow_private)
    except TargetRefusedError as exc:
        raise SendFailed(str(exc), retryable=False) from None


# The registry: a new channel is a class (built from its URL and the
# options, with a ``send`` method) plus its schemes here.
ChannelClass = Callable[[str, ChannelOptions], Channel]
CHANNELS: dict[str, ChannelClass] = {
    **dict.fromkeys(WebhookChannel.schemes, WebhookChannel),
    **dict.fromkeys(SmtpChannel.schemes, SmtpChannel),
}


def channel_for(url: str, options: ChannelOptions) -> Channel:
    """The channel object for a channel URL, chosen by its scheme."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in CHANNELS:
        known = ", ".join(sorted(CHANNELS))
        raise SendFailed(f"no channel for URL {url!r} (known schemes: {known})", retryable=False)
    return CHANNELS[scheme](url, options)
