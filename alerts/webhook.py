"""Signed JSON webhooks (Standard Webhooks), sent to pinned, checked addresses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
from typing import ClassVar
from urllib.parse import urlsplit

from alerts.channel import ChannelOptions, Outgoing, SendFailed
from alerts.targets import TargetRefusedError, public_addresses


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
