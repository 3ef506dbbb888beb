"""The daemon's HTTP endpoint: ``/healthz`` and ``/metrics``.

Plain ``http.server`` in a thread: two read-only routes need no framework,
and a crashed handler never touches the scheduler.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST

from crawler.config.settings import ConfigError

# A health check answers None when healthy, else the reason in one line.
HealthCheck = Callable[[], str | None]
RenderMetrics = Callable[[], bytes]


def _not_started() -> str | None:
    return "starting"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.health: HealthCheck = _not_started
        self.metrics: RenderMetrics = bytes


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def version_string(self) -> str:
        return "healthwatch"

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            problem = self.server.health()
            status = HTTPStatus.OK if problem is None else HTTPStatus.SERVICE_UNAVAILABLE
            self._send(status, f"{problem or 'ok'}\n".encode(), "text/plain; charset=utf-8")
        elif path == "/metrics":
            self._send(HTTPStatus.OK, self.server.metrics(), CONTENT_TYPE_LATEST)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found: try /healthz or /metrics\n", "text/plain")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: probes every few seconds would drown the daemon's own log."""


class HealthServer:
    """Serves the two routes from a daemon thread until ``stop()``.

    Binds at construction, so a taken port fails start-up before any other
    work; answers once ``start()`` hands it the two callbacks.
    """

    def __init__(self, address: tuple[str, int]) -> None:
        try:
            self._httpd = _Server(address)
        except OSError as exc:  # port taken, address not local...
            host, port = address
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="healthwatch-http",
            daemon=True,
        )

    @property
    def address(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{host!s}:{port}"

    def start(self, health: HealthCheck, metrics: RenderMetrics) -> None:
        self._httpd.health, self._httpd.metrics = health, metrics
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() would wait forever on a server never started
            self._httpd.shutdown()
        self._httpd.server_close()
