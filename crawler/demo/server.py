"""One local HTTP server for all demo sites, reached as an HTTP proxy.

The crawler keeps its real URLs (``http://etown.demo.test/...``) and sends
them to this server as its proxy, so demo URLs stay stable across runs while
the port changes, and ``.demo.test`` names never need to resolve. A request
is routed by the host in an absolute-form target (proxy style) or, failing
that, by the ``Host`` header (``curl -H 'Host: etown.demo.test'``).

Run ``python -m crawler.demo.server [--port N]`` to browse the sites by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from dataclasses import dataclass
from datetime import UTC
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final
from urllib.parse import urlsplit

from crawler.demo.content import DEMO_SITES
from crawler.demo.sites import Resource, Routes, build_all

__all__ = ["DEMO_SITES", "AccessLog", "AccessRecord", "DemoServer", "main"]

NOT_FOUND: Final = (
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    b"<body><h1>Not Found</h1></body></html>\n"
)


@dataclass(frozen=True)
class AccessRecord:
    """One request as the server saw it, for tests that count fetches (e.g. 304s)."""

    host: str
    path: str
    status: int
    method: str


class AccessLog:
    """Thread-safe append-only list of requests; outlives the socket it records."""

    def __init__(self) -> None:
        self._records: list[AccessRecord] = []
        self._lock = threading.Lock()

    def append(self, record: AccessRecord) -> None:
        with self._lock:
            self._records.append(record)

    def snapshot(self) -> list[AccessRecord]:
        with self._lock:
            return list(self._records)


class _HTTPServer(ThreadingHTTPServer):
    """Carries the rendered sites and the access log to the handler threads."""

    daemon_threads = True
    request_queue_size = 128  # the default 5 drops connections under a crawl's burst

    def __init__(self, address: tuple[str, int], routes: dict[str, Routes], log: AccessLog) -> None:
        super().__init__(address, _Handler)
        self.routes = routes
        self.log = log


class _Handler(BaseHTTPRequestHandler):
    """Serves pre-rendered resources; answers conditional GETs with 304."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, like the real sites
    timeout = 10  # drop idle keep-alive connections
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stall

    def version_string(self) -> str:
        return "nginx"  # what the real sites answer; no Python version leaked

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: requests are recorded in the access log, not printed."""

    def _serve(self, *, send_body: bool) -> None:
        host, path = split_target(self.path, self.headers.get("Host", ""))
        found = self.server.routes.get(host, {}).get(path)
        if found is None:
            status = HTTPStatus.NOT_FOUND
            body, headers = NOT_FOUND, {"Content-Type": "text/html"}
        else:
            status = HTTPStatus.NOT_MODIFIED if is_fresh(self.headers, found) else HTTPStatus.OK
            headers = {
                "Content-Type": found.content_type,
                "Last-Modified": format_datetime(found.last_modified, usegmt=True),
                "ETag": found.etag,
            }
            body = b"" if status == HTTPStatus.NOT_MODIFIED else found.body
        # Logged before answering: once a client has its response, the log has it.
        self.server.log.append(AccessRecord(host, path, int(status), self.command))
        self._send(status, body, headers, send_body)

    def _send(
        self, status: HTTPStatus, body: bytes, headers: dict[str, str], send_body: bool
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if status != HTTPStatus.NOT_MODIFIED or name != "Content-Type":
                self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)


def split_target(target: str, host_header: str) -> tuple[str, str]:
    """(host, path-with-query) from an absolute-form target, else from the Host header."""
    if target.lower().startswith(("http://", "https://")):
        parts = urlsplit(target)
        host = parts.hostname or ""
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return host, path
    host = urlsplit(f"//{host_header.strip()}").hostname or ""
    return host, target


def is_fresh(headers: Message, found: Resource) -> bool:
    """True when the client's copy is current; If-None-Match wins over If-Modified-Since."""
    if (tags := headers.get("If-None-Match")) is not None:
        given = {t.strip().removeprefix("W/") for t in tags.split(",")}
        return "*" in given or found.etag in given
    if (since := headers.get("If-Modified-Since")) is not None:
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return found.last_modified <= when
    return False


class DemoServer:
    """The demo sites on a free local port, served from a daemon thread.

    Use as a context manager, or call ``start()`` / ``stop()``. ``url`` is
    the proxy URL to give the crawler.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._address = (host, port)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._routes = build_all()
        self._log = AccessLog()

    def start(self) -> None:
        """Bind and start serving; the port is known once this returns."""
        if self._httpd is not None:
            raise RuntimeError("demo server already started")
        self._httpd = _HTTPServer(self._address, self._routes, self._log)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="healthwatch-demo-server",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket; safe to call twice."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = self._thread = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``, for use as an HTTP proxy URL."""
        if self._httpd is None:
            raise RuntimeError("demo server not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def access_log(self) -> list[AccessRecord]:
        """A copy of every request served so far, oldest first."""
        return self._log.snapshot()

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Serve the demo sites until Ctrl-C, printing the proxy URL and the sites."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.demo.server", description="Serve healthwatch's demo sites."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default: a free one)")
    args = parser.parse_args(argv)
    with DemoServer(args.host, args.port) as server:
        sites = "".join(f"  {key:<16} http://{host}/\n" for key, host in DEMO_SITES.items())
        sys.stdout.write(
            f"demo sites served at {server.url}; use it as an HTTP proxy:\n{sites}"
            f"e.g. curl -x {server.url} http://{DEMO_SITES['demo_etown']}/\n"
        )
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
