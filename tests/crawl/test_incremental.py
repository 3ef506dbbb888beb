"""Incremental by construction: a re-poll costs one request per watched page.

Real crawl children against real local servers: the demo sites, and a small
news site written here whose listing can change between crawls.  Requests
are counted in the servers' own access logs.
"""

from __future__ import annotations

import collections
import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from crawler.config.settings import Settings, SiteConfig, load_demo_settings, without_demo_channels
from crawler.demo.content import DEMO_SITES, demo_articles
from crawler.demo.server import DemoServer
from scheduler.cycle import CycleResult, open_database, run_cycle
from spiders.base import SiteSpider
from spiders.demo_cctv import DemoCctv
from spiders.demo_cdhtma import DemoCdhtma
from spiders.demo_etown import DemoEtown
from spiders.demo_people_bj import DemoPeopleBj
from storage.models import CrawlRun, PageState

pytestmark = pytest.mark.slow

SPIDERS: tuple[type[SiteSpider], ...] = (DemoEtown, DemoCdhtma, DemoPeopleBj, DemoCctv)


def settings_for(db_url: str, **update: Any) -> Settings:
    """The demo configuration without alert channels, on the test's database."""
    return without_demo_channels(load_demo_settings()).model_copy(
        update={"database_url": db_url, **update}
    )


def crawl_run(factory, result: CycleResult, site: str) -> CrawlRun:
    with factory() as session:
        return session.get_one(CrawlRun, result.outcome.runs[site])


def page_states(factory) -> dict[str, PageState]:
    with factory() as session:
        return {row.url: row for row in session.scalars(select(PageState))}


# --------------------------------------------------------------------------
# The demo sites, unchanged
# --------------------------------------------------------------------------


def watched(spider: type[SiteSpider]) -> list[str]:
    """The URLs a re-poll must ask for: listings, feeds and sitemaps."""
    return [*spider.start_urls, *spider.feeds, *spider.sitemaps]


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def demo(db_url) -> Iterator[tuple[Settings, Any, DemoServer]]:
    with DemoServer() as sites:
        settings = settings_for(db_url, demo_server=sites.url)
        engine, factory = open_database(settings)
        yield settings, factory, sites
        engine.dispose()


def test_unchanged_demo_sites_cost_one_304_per_watched_page(demo):
    settings, factory, sites = demo
    names = [spider.name for spider in SPIDERS]
    first = run_cycle(settings, factory, names)
    assert first.failed_sites == [], first.outcome.stderr_tail

    before = len(sites.access_log)
    second = run_cycle(settings, factory, names)
    assert second.failed_sites == [], second.outcome.stderr_tail

    states = page_states(factory)
    for spider in SPIDERS:
        host = DEMO_SITES[spider.name]
        seen = collections.Counter(
            (r.path, r.status) for r in sites.access_log[before:] if r.host == host
        )
        expected = {("/robots.txt", 200): 1} | {(path_of(u), 304): 1 for u in watched(spider)}
        assert seen == expected, spider.name  # no article, no second listing page
        for url in watched(spider):
            assert states[url].etag and states[url].last_modified, url
            assert states[url].last_status == 304
            assert states[url].site == spider.name
        articles = sum(1 for a in demo_articles() if a.site == spider.name)
        assert crawl_run(factory, first, spider.name).links_found >= articles
        assert crawl_run(factory, first, spider.name).not_modified == 0
        rerun = crawl_run(factory, second, spider.name)
        assert (rerun.status, rerun.links_found, rerun.new_articles) == ("ok", 0, 0)
        assert rerun.not_modified == len(watched(spider))
        assert rerun.requests == len(watched(spider)) + 1
        done = second.outcome.sites[spider.name]
        assert (done["links_found"], done["not_modified"]) == (0, len(watched(spider)))


# --------------------------------------------------------------------------
# A news site that changes
# --------------------------------------------------------------------------

PER_PAGE = 3
EPOCH = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Hit:
    """One request as the news site saw it."""

    path: str
    status: int
    if_none_match: str | None


@dataclass
class NewsSite:
    """A paginated listing (newest first, 3 a page) with ETag / Last-Modified
    and 304 answers, like a CMS; ``publish`` adds articles on top."""

    newest: int = 0
    version: int = 0
    failing: set[str] = field(default_factory=set)  # paths answering 503
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def publish(self, count: int) -> None:
        with self.lock:
            self.newest += count
            self.version += 1

    def since(self, mark: int) -> collections.Counter[tuple[str, int]]:
        with self.lock:
            return collections.Counter((h.path, h.status) for h in self.hits[mark:])

    def page(self, path: str) -> tuple[bytes, datetime] | None:
        """Body and modification time of ``path``, or None."""
        modified = EPOCH + timedelta(hours=self.version)
        if path == "/robots.txt":
            return b"User-agent: *\nDisallow:\n", EPOCH
        if path == "/news/index.html":
            return self.listing(1), modified
        if path.startswith("/news/index_") and path.endswith(".html"):
            number = int(path.removeprefix("/news/index_").removesuffix(".html"))
            return (self.listing(number), modified) if 1 < number <= self.pages() else None
        ident = path.removeprefix("/news/").removesuffix(".html")
        if ident.isdigit() and 1 <= int(ident) <= self.newest:
            return self.article(int(ident)), EPOCH + timedelta(hours=int(ident))
        return None

    def pages(self) -> int:
        return -(-self.newest // PER_PAGE)

    def listing(self, number: int) -> bytes:
        top = self.newest - (number - 1) * PER_PAGE
        links = "".join(
            f'<li><a href="{i}.html">Hospital notice {i}</a></li>'
            for i in range(top, max(top - PER_PAGE, 0), -1)
        )
        more = f'<a class="next" href="index_{number + 1}.html">Next</a>'
        nav = more if number < self.pages() else ""
        return f'<html><body><ul class="news-list">{links}</ul>{nav}</body></html>'.encode()

    def article(self, ident: int) -> bytes:
        text = " ".join(
            f"Ward {ident * 7 + n} of the district hospital reported routine figure {n * ident}."
            for n in range(1, 8)
        )
        return (
            f"<html><head><title>Hospital notice {ident}</title></head><body>"
            f"<h1>Hospital notice {ident}</h1><div class='info'>Updated: 2024-05-0{1 + ident % 9}</div>"
            f"<div class='article'><p>{text}</p></div></body></html>"
        ).encode()


def is_fresh(headers: Any, etag: str, modified: datetime) -> bool:
    if (tags := headers.get("If-None-Match")) is not None:
        return etag in {t.strip() for t in tags.split(",")}
    if (since := headers.get("If-Modified-Since")) is not None:
        return modified <= parsedate_to_datetime(since)
    return False


class Server(ThreadingHTTPServer):
    """A real server's listen backlog: http.server's 5 drops SYNs under a crawl."""

    request_queue_size = 511
    daemon_threads = True


def handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes

        def do_GET(self) -> None:
            with site.lock:
                found = None if self.path in site.failing else site.page(self.path)
            status, body, headers = 404, b"", {}
            if self.path in site.failing:
                status = 503
            elif found is not None:
                body, modified = found
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
                status = 304 if is_fresh(self.headers, etag, modified) else 200
                body = b"" if status == 304 else body
            with site.lock:
                site.hits.append(Hit(self.path, status, self.headers.get("If-None-Match")))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def news(db_url) -> Iterator[tuple[Settings, Any, NewsSite]]:
    site = NewsSite()
    site.server = Server(("127.0.0.1", 0), handler(site))
    threading.Thread(target=site.server.serve_forever, args=(0.05,), daemon=True).start()
    listing = SiteConfig(start_urls=[f"{site.url}/news/index.html"])
    settings = settings_for(db_url, sites={"demo_etown": listing})
    engine, factory = open_database(settings)
    yield settings, factory, site
    engine.dispose()
    site.server.shutdown()
    site.server.server_close()


def crawl(settings: Settings, factory) -> CycleResult:
    result = run_cycle(settings, factory, ["demo_etown"])
    assert result.failed_sites == [], result.outcome.stderr_tail
    return result


def test_changed_listing_fetches_only_new_articles_and_stops_paging(news):
    settings, factory, site = news
    site.publish(12)  # 4 listing pages
    first = crawl(settings, factory)
    pages = {("/news/index.html", 200)} | {(f"/news/index_{n}.html", 200) for n in (2, 3, 4)}
    articles = {(f"/news/{i}.html", 200) for i in range(1, 13)}
    assert set(site.since(0)) == {("/robots.txt", 200)} | pages | articles
    assert crawl_run(factory, first, "demo_etown").links_found == 12
    etag = page_states(factory)[f"{site.url}/news/index.html"].etag

    mark = len(site.hits)
    site.publish(2)  # page 1: 14 13 12, page 2: 11 10 9 (all known), ...
    second = crawl(settings, factory)
    assert site.since(mark) == collections.Counter(
        {
            ("/robots.txt", 200): 1,
            ("/news/index.html", 200): 1,
            ("/news/index_2.html", 200): 1,  # the first page of known articles: stop
            ("/news/13.html", 200): 1,
            ("/news/14.html", 200): 1,
        }
    )
    asked = {h.path: h.if_none_match for h in site.hits[mark:]}
    assert asked["/news/index.html"] == etag  # a conditional GET the server refused
    run = crawl_run(factory, second, "demo_etown")
    assert (run.links_found, run.not_modified, run.new_articles) == (6, 0, 2)

    mark = len(site.hits)
    third = crawl(settings, factory)
    assert site.since(mark) == collections.Counter(
        {("/robots.txt", 200): 1, ("/news/index.html", 304): 1}
    )
    run = crawl_run(factory, third, "demo_etown")
    assert (run.links_found, run.not_modified, run.requests) == (0, 1, 2)


def test_a_failed_article_keeps_its_listing_from_being_marked_unchanged(news):
    settings, factory, site = news
    site.publish(3)
    site.failing.add("/news/2.html")
    crawl(settings, factory)
    state = page_states(factory)[f"{site.url}/news/index.html"]
    assert (state.last_status, state.etag, state.last_modified) == (200, None, None)

    site.failing.clear()  # the article is back; the listing never changed
    mark = len(site.hits)
    crawl(settings, factory)
    assert site.since(mark) == collections.Counter(
        {("/robots.txt", 200): 1, ("/news/index.html", 200): 1, ("/news/2.html", 200): 1}
    )

    mark = len(site.hits)
    crawl(settings, factory)
    assert site.since(mark) == collections.Counter(
        {("/robots.txt", 200): 1, ("/news/index.html", 304): 1}
    )
