"""The daemon asks each due site's entry pages conditionally before a crawl.

A site whose pages all answer 304 gets its ``ok`` run without the crawl
worker; anything else (a 200, a page without validators, robots.txt that
forbids it or cannot be read, a SOCKS proxy) goes to the crawl.  Real
HTTP servers on 127.0.0.1 throughout; the last test runs a real daemon.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.config.settings import Settings, SiteConfig
from crawler.demo.newsroom import Sites
from scheduler.precheck import Entry, Prechecker, site_entries
from storage.db import make_engine, session_factory, transaction, upgrade
from storage.models import utcnow
from storage.pagestate import PageCheck, Validators, save_checks

from .conftest import wait_for


class Origin:
    """A site with one listing (ETag "v1"), a robots.txt to set, and hit counts."""

    def __init__(self) -> None:
        self.etag = '"v1"'
        self.robots: tuple[int, str] = (404, "")
        self.hits: Counter[str] = Counter()
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                origin.hits[self.path] += 1
                if self.path == "/robots.txt":
                    status, body = origin.robots
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body.encode())
                    return
                fresh = self.headers.get("If-None-Match") == origin.etag
                self.send_response(304 if fresh else 200)
                self.send_header("ETag", origin.etag)
                if not fresh:
                    body = b"<html><body><a href='/a/1.html'>one</a></body></html>"
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/news/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def origin() -> Iterator[Origin]:
    served = Origin()
    yield served
    served.close()


def check_one(checker: Prechecker, url: str, etag: str | None, cfg: SiteConfig | None = None):
    entries = {"site": [Entry(url, Validators(etag=etag))]}
    return checker.check(entries, {"site": cfg or SiteConfig(url=url)})["site"]


def test_a_site_answering_304_is_unchanged_and_robots_is_read_once_a_day(origin):
    checker = Prechecker(Settings())
    first = check_one(checker, origin.url, '"v1"')
    again = check_one(checker, origin.url, '"v1"')
    assert first.unchanged and again.unchanged
    assert first.requests == 2 and again.requests == 1  # robots.txt only the first time
    assert origin.hits["/robots.txt"] == 1
    [page] = first.checks
    assert (page.url, page.last_status, page.etag) == (origin.url, 304, '"v1"')


def test_a_changed_page_goes_to_the_crawl_with_the_reason(origin):
    checker = Prechecker(Settings())
    origin.etag = '"v2"'
    result = check_one(checker, origin.url, '"v1"')
    assert not result.unchanged and result.checks == []
    assert "answered 200" in result.why


@pytest.mark.parametrize(
    ("robots", "unchanged", "why"),
    [
        ((200, "User-agent: *\nDisallow: /news/\n"), False, "robots.txt forbids"),
        ((200, "User-agent: *\nDisallow: /private/\n"), True, ""),
        ((404, ""), True, ""),  # RFC 9309: a 4xx robots.txt means no rules
        ((503, ""), False, "robots.txt of"),  # unreadable: the crawl decides
    ],
)
def test_robots_txt_is_obeyed_as_the_crawl_obeys_it(origin, robots, unchanged, why):
    origin.robots = robots
    result = check_one(Prechecker(Settings()), origin.url, '"v1"')
    assert result.unchanged is unchanged
    assert why in result.why
    if not unchanged:
        assert origin.hits["/news/"] == 0  # a forbidden page is never asked


def test_settings_the_check_cannot_meet_leave_the_site_to_the_crawl(origin):
    checker = Prechecker(Settings())
    socks = SiteConfig(url=origin.url, proxy="socks5://127.0.0.1:9")
    assert "SOCKS" in check_one(checker, origin.url, '"v1"', socks).why
    missing = SiteConfig(url=origin.url, headers={"X-Key": "${NO_SUCH_VARIABLE_HW}"})
    assert "network settings" in check_one(checker, origin.url, '"v1"', missing).why
    assert origin.hits["/news/"] == 0
    # a server that is gone: no answer, so the crawl records what happened
    origin.close()
    assert "unreadable (no answer)" in check_one(Prechecker(Settings()), origin.url, '"v1"').why


def test_only_pages_with_stored_validators_are_checked(tmp_path):
    url = f"sqlite:///{tmp_path}/p.db"
    upgrade(url)
    factory = session_factory(make_engine(url))
    listing = "http://127.0.0.1:9/news/"
    cfg = SiteConfig(url=listing)
    with factory() as session:
        assert site_entries(session, "watched", cfg) is None  # never crawled
    with transaction(factory) as session:
        save_checks(session, [PageCheck(listing, "watched", '"v1"', None, 200, utcnow())])
    with factory() as session:
        assert site_entries(session, "watched", cfg) == [Entry(listing, Validators('"v1"'))]
        # a site with two feeds, one of them never answered with validators
        two = SiteConfig(url=listing, feeds=[listing, "http://127.0.0.1:9/feed.xml"])
        assert site_entries(session, "watched", two) is None


@pytest.mark.slow
def test_the_daemon_crawls_only_when_a_site_changed(start_daemon, tmp_path: Path):
    sites = Sites(2)
    sites.publish()
    sites.start()
    try:
        daemon = start_daemon(sites.site_tables("2s"))
        daemon.wait_healthy()

        def settled(count: int) -> list:
            runs = [r for r in daemon.runs() if r.status == "ok"]
            unchanged = [r for r in runs if r.not_modified and not r.new_articles]
            return unchanged if len(unchanged) >= count else []

        wait_for(lambda: settled(4), 90, "four unchanged polls")
        crawls_before = crawl_starts(daemon)
        wait_for(lambda: settled(8), 90, "four more unchanged polls")
        assert crawl_starts(daemon) == crawls_before  # no crawl while nothing changed
        for run in settled(8)[-4:]:
            assert (run.requests, run.not_modified, run.error) == (1, 1, None)

        sites.publish()  # a new article on each site: their listings answer 200
        wait_for(lambda: sum(r.new_articles for r in daemon.runs()) >= 4, 90, "the new articles")
        assert crawl_starts(daemon) > crawls_before
        # robots.txt: once for the daemon's checks, once for the worker's crawls
        assert sites.local.hits[("/robots.txt", 404)] <= 2
    finally:
        sites.stop()


def crawl_starts(daemon) -> int:
    return sum(1 for event in daemon.log_events() if event["event"] == "crawl.started")
