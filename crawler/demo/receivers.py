"""Real local alert receivers for the demo: a webhook server and an SMTP sink.

They let ``healthwatch demo`` show the whole path, alerts included, with no
network: both listen on 127.0.0.1 on a free port and keep what they got.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class ReceivedWebhook:
    """One POST as the receiver saw it."""

    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class _Running:
    """``with`` support for the receivers: start on enter, stop on exit."""

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class WebhookReceiver(_Running):
    """An HTTP server that answers 200 to POSTs and remembers them."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, path: str = "/webhook") -> None:
        self.received: list[ReceivedWebhook] = []
        self.path = path
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._thread: threading.Thread | None = None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver._lock:
                    receiver.received.append(ReceivedWebhook(self.path, headers, body))
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.path}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Collect:
    """aiosmtpd handler keeping each message as an EmailMessage."""

    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.sink.lock:
            self.sink.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpSink(_Running):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, recipient: str = "analyst@example.org"
    ) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.recipient = recipient
        self._controller = Controller(_Collect(self), hostname=host, port=port or free_port(host))

    @property
    def url(self) -> str:
        """The channel URL that delivers to this sink."""
        return f"smtp://{self._controller.hostname}:{self._controller.port}?to={self.recipient}"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


def free_port(host: str = "127.0.0.1") -> int:
    """A port free on ``host`` right now: aiosmtpd needs a concrete port to
    connect its readiness probe to, and tests restart a server on a known one."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port
