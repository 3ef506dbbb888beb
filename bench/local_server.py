"""The local HTTP sites of the benchmarks (loopback only, answers from a
function), and the CPU the crawl children they serve have used.

The benchmark scripts that share it run as modules from the project root
(``python -m bench.first_crawl``), so that ``bench.local_server`` imports.
"""

from __future__ import annotations

import resource
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (path, request headers) -> status, body, response headers
Answer = Callable[[str, Message], tuple[int, bytes, Mapping[str, str]]]


class Server(ThreadingHTTPServer):
    """``http.server`` listens with a backlog of 5: a crawler's bursts of
    short-lived connections overflow it and each dropped SYN costs a 1 s
    retransmit, which a benchmark would measure as crawl time.  Real
    servers queue 511."""

    request_queue_size = 511
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer is not news; anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def answering(answer: Answer) -> type[BaseHTTPRequestHandler]:
    """A GET handler that sends what ``answer`` returns (``text/html`` unless
    it names a content type; no body headers on a 304)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without TCP_NODELAY each
        # answer waits ~40 ms for a delayed ACK, and the bench measures that.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            status, body, headers = answer(self.path, self.headers)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                if "Content-Type" not in headers:
                    self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the sites count their own answers."""

    return Handler


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` on a free 127.0.0.1 port; yields the base URL."""
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def not_modified(headers: Message, etag: str, modified: datetime) -> bool:
    """Whether a GET with these headers gets a 304: If-None-Match wins over
    If-Modified-Since (RFC 9110, 13.2.2)."""
    if (tags := headers.get("If-None-Match")) is not None:
        return etag in {tag.strip() for tag in tags.split(",")}
    if (since := headers.get("If-Modified-Since")) is not None:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def child_cpu() -> float:
    """User + system CPU seconds of this process's waited-for children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
