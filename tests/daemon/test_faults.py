"""Hostile sites end their own crawl with a clear status; the others go on.

A real crawl child crawls two sites at once: ``demo_etown`` pointed at a
hostile local server (500s, connection resets, a redirect loop, an endless
calendar, a 50 MB page) and the normal ``demo_cctv`` demo site, which must
still be crawled to the end every time.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from crawler.config.settings import SiteConfig, load_demo_settings
from scheduler.runner import run_crawl
from storage.db import make_engine, session_factory, upgrade
from storage.models import CrawlRun

pytestmark = pytest.mark.slow

HUGE = 50 * 1024 * 1024
CHUNK = b"<p>" + b"x" * 65_530 + b"</p>"


class HostileHandler(BaseHTTPRequestHandler):
    """Every way a site can misbehave, one path prefix each."""

    protocol_version = "HTTP/1.1"
    hits: dict[str, int]

    def do_GET(self) -> None:
        kind = self.path.split("/")[1]
        self.hits[kind] = self.hits.get(kind, 0) + 1
        getattr(self, f"serve_{kind}", self.serve_404)()

    def serve_500(self) -> None:
        self._send(500, b"<h1>Internal Server Error</h1>")

    def serve_reset(self) -> None:
        # SO_LINGER 0: close() sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def serve_loop(self) -> None:
        target = "/loop/b.html" if self.path.endswith("index.html") else "/loop/index.html"
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def serve_calendar(self) -> None:
        # Every day links to its articles and to the next day, forever.
        day = int(self.path.rsplit("=", 1)[1]) if "=" in self.path else 0
        if "/article/" in self.path:
            body = f"<h1>Day {self.path}</h1><div class='article'><p>Nothing.</p></div>"
            self._send(200, body.encode())
            return
        links = "".join(
            f'<li><a href="/calendar/article/{day}-{n}.html">item {n}</a></li>' for n in range(3)
        )
        nxt = f'<a class="next" href="/calendar/index.html?day={day + 1}">next</a>'
        self._send(200, f'<ul class="news-list">{links}</ul>{nxt}'.encode())

    def serve_huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        sent = 0
        try:
            while sent < HUGE:
                self.wfile.write(CHUNK)
                sent += len(CHUNK)
        except OSError:
            pass  # the crawler hung up: that is the point

    def serve_404(self) -> None:
        self._send(404, b"not found")

    def _send(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[tuple[str, dict[str, int]]]:
    hits: dict[str, int] = {}
    handler = type("Handler", (HostileHandler,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def crawl_against(tmp_path, start_url: str) -> dict[str, CrawlRun]:
    """Crawl demo_etown (at ``start_url``) and demo_cctv in one child."""
    from crawler.demo.server import DemoServer

    url = f"sqlite:///{tmp_path}/faults.db"
    upgrade(url)
    with DemoServer() as demo:
        settings = load_demo_settings().model_copy(
            update={
                "database_url": url,
                "demo_server": demo.url,
                "download_delay": 0.0,
                "sites": {
                    "demo_etown": SiteConfig(start_urls=[start_url]),
                    "demo_cctv": SiteConfig(),
                },
            }
        )
        outcome = run_crawl(settings, ["demo_etown", "demo_cctv"], timeout=120)
    # the child ended by itself and reported both sites (exit 1: one failed)
    assert not outcome.timed_out and set(outcome.sites) == {"demo_etown", "demo_cctv"}
    engine = make_engine(url)
    with session_factory(engine)() as session:
        runs = {run.site: run for run in session.query(CrawlRun)}
        session.expunge_all()
    engine.dispose()
    assert runs["demo_cctv"].status == "ok" and runs["demo_cctv"].new_articles > 0
    return runs


@pytest.mark.parametrize(
    ("path", "status", "error"),
    [
        ("/500/index.html", "failed", "HTTP 500"),
        ("/reset/index.html", "failed", "network errors"),
        ("/loop/index.html", "failed", "redirect loop"),
        ("/huge/index.html", "failed", "larger than"),
    ],
)
def test_a_hostile_site_fails_clearly_while_the_other_site_is_crawled(
    tmp_path, hostile, path, status, error
):
    base, hits = hostile
    runs = crawl_against(tmp_path, base + path)
    run = runs["demo_etown"]
    assert run.status == status, run.error
    assert error in (run.error or ""), run.error
    assert "\n" not in (run.error or "")
    assert hits  # the hostile server was really asked


def test_an_endless_calendar_is_bounded_by_the_pagination_limit(tmp_path, hostile):
    base, hits = hostile
    runs = crawl_against(tmp_path, base + "/calendar/index.html")
    run = runs["demo_etown"]
    assert run.status == "ok", run.error
    # max_pages listing pages, three articles each, and robots.txt: no more
    assert hits["calendar"] == 5 * (1 + 3)
    assert run.links_found == 15
