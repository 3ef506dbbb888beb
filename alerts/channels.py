"""Alert channels: one small class per URL scheme, one registry dict.

A channel raises ``SendFailed`` and never swallows an error: the
dispatcher records it and decides retry or dead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import ClassVar, Protocol
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit, urlunsplit

from alerts.targets import TargetRefusedError, check_target, public_addresses

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
        self.timeout = options.timeout

    def send(self, message: Outgoing) -> None:
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = resolve(host, port, self.allow_private)
        body = json.dumps(message.payload(), ensure_ascii=False).encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {
            "content-type": "application/json",
            "user-agent": "healthwatch-webhook/1",
            "webhook-id": message.key,
            "webhook-timestamp": timestamp,
            "webhook-signature": sign(self.key, message.key, timestamp, body),
        }
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn = pinned_connection(parts.scheme, host, port, addresses, self.timeout)
        try:
            conn.request("POST", target, body, headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            reason = str(exc) or type(exc).__name__
            raise SendFailed(f"webhook {host}:{port}: {reason}", retryable=True) from None
        finally:
            conn.close()
        if not 200 <= response.status < 300:
            raise http_failure(response.status, response.getheader("retry-after"))


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address the SSRF guard checked, not to a fresh DNS
    answer: a rebinding DNS server cannot swap in a private address."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = connect_first(self.addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked address; the certificate is still verified
    against the host name (SNI and the hostname check use ``host``)."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.addresses = addresses

    def connect(self) -> None:
        raw = connect_first(self.addresses, self.port, self.timeout)
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)


def pinned_connection(
    scheme: str, host: str, port: int, addresses: list[str], timeout: float
) -> http.client.HTTPConnection:
    """An HTTP(S) connection to one of ``addresses`` that speaks to ``host``.
    Plain http.client follows no redirects, so a 3xx is only ever reported."""
    if scheme == "https":
        return _PinnedHTTPS(host, port, addresses, timeout)
    return _PinnedHTTP(host, port, addresses, timeout)


def connect_first(addresses: list[str], port: int, timeout: float | None) -> socket.socket:
    """The first of the checked addresses that accepts a connection (as
    ``socket.create_connection`` tries each DNS answer, but with no new lookup)."""
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            error = exc
    raise error


def resolve(host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses to connect to: resolved once, checked by the SSRF guard."""
    try:
        return public_addresses(host, port, allow_private)
    except TargetRefusedError as exc:
        raise SendFailed(str(exc), retryable=exc.retryable) from None


def http_failure(code: int, retry_after: str | None = None) -> SendFailed:
    """Map a webhook's HTTP error status to retry / dead / disable; a
    ``Retry-After`` of some seconds is kept so the retry waits at least that."""
    if code == 410:
        return SendFailed(
            "webhook answered 410 Gone: subscription disabled", retryable=False, disable=True
        )
    if 300 <= code < 400:
        return SendFailed(
            f"webhook answered a redirect ({code}); redirects are not followed", retryable=False
        )
    retryable = code >= 500 or code in (408, 429)
    wait = float(retry_after) if retry_after and retry_after.strip().isdigit() else None
    return SendFailed(f"webhook answered HTTP {code}", retryable=retryable, retry_after=wait)


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
        self.timeout = options.timeout

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
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.starttls:
            smtp.starttls(context=ssl.create_default_context())
        return smtp


def guard(host: str, port: int, allow_private: bool) -> None:
    """The SSRF check, as a send failure (permanent, unless DNS failed)."""
    try:
        check_target(host, port, allow_private)
    except TargetRefusedError as exc:
        raise SendFailed(str(exc), retryable=exc.retryable) from None


# The registry: a new channel is a class (built from its URL and the
# options, with a ``send`` method) plus its schemes here.  Every other
# scheme goes to Apprise, which knows ~100 services (alerts/apprise_channel.py).
ChannelClass = Callable[[str, ChannelOptions], Channel]
CHANNELS: dict[str, ChannelClass] = {
    **dict.fromkeys(WebhookChannel.schemes, WebhookChannel),
    **dict.fromkeys(SmtpChannel.schemes, SmtpChannel),
}


def channel_for(url: str, options: ChannelOptions) -> Channel:
    """The channel object for a channel URL, chosen by its scheme; any scheme
    we do not implement ourselves is tried as an Apprise URL."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in CHANNELS:
        return CHANNELS[scheme](url, options)
    from alerts.apprise_channel import AppriseChannel  # noqa: PLC0415 - Apprise loads ~100 plugins

    return AppriseChannel(url, options)


# Query parameters whose values are secrets wherever they appear.
SECRET_PARAMS = re.compile(r"(token|secret|pass|key|auth|sig|code|webhook)", re.IGNORECASE)


def masked(url: str) -> str:
    """A channel URL fit for logs and ``alerts list``: passwords, secret query
    values and (for Apprise URLs) the service tokens are replaced by ``***``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme and scheme not in CHANNELS:
        from alerts.apprise_channel import apprise_masked  # noqa: PLC0415 - see channel_for

        return apprise_masked(url)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", ":***@", 1)
    query = "&".join(
        f"{name}=***" if SECRET_PARAMS.search(name) else f"{name}={value}"
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
