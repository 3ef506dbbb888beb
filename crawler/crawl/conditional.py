"""Conditional GET for listing pages, feeds and sitemaps.

Re-polling an unchanged site must cost one request per watched page: each
non-article request (robots.txt aside) carries the ``If-None-Match`` /
``If-Modified-Since`` validators stored in ``PageState``, and a 304 answer
ends there, counted, with nothing parsed or followed.

Not Scrapy's HttpCacheMiddleware (LIBRARIES.md): on a 304 it hands the
spider the cached 200 body again, keeps its store outside our database, and
skips the request altogether while a max-age is fresh, which a monitor must
never do.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from sqlalchemy.orm import Session, sessionmaker

from crawler.crawl.database import crawl_sessions
from crawler.crawl.keys import ARTICLE, OFFERED_BY, Skipped
from storage.db import transaction
from storage.models import utcnow
from storage.pagestate import PageCheck, Validators, save_checks, site_validators

# Stat: listing/feed/sitemap answers "304 Not Modified" (CrawlRun.not_modified).
NOT_MODIFIED: Final = "healthwatch/not_modified"
# Article answers that mean "try again later" rather than "no such page".
RETRY_LATER: Final = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
# Longest validators PageState holds; a longer one is not stored, so not sent.
MAX_ETAG: Final = 512
MAX_LAST_MODIFIED: Final = 100


def polled(request: Request) -> bool:
    """Listing pages, feeds and sitemaps; not articles, not robots.txt
    (the robots parser needs a body every crawl)."""
    if request.method != "GET" or request.meta.get(ARTICLE):
        return False
    return urlsplit(request.url).path != "/robots.txt"


def header(response: Response, name: str, limit: int) -> str | None:
    """A validator header as text, or None when missing or too long to store."""
    raw = response.headers.get(name)
    if not raw:
        return None
    value = bytes(raw).decode("latin-1").strip()
    return value if 0 < len(value) <= limit else None


class ConditionalGetMiddleware:
    """Downloader middleware: send stored validators, turn a 304 into "unchanged".

    A page's new validators are written when the crawl ends, and only when it
    finished and every article the page offered arrived (or was already
    stored): a page whose articles timed out, failed or could not be stored
    is fetched in full next time, so no article is lost behind a 304.
    """

    def __init__(self, crawler: Crawler, factory: sessionmaker[Session]) -> None:
        self.crawler = crawler
        self.factory = factory
        self.site = ""
        self.stored: dict[str, Validators] = {}
        self.checks: dict[str, PageCheck] = {}  # this crawl's answers, by URL
        self.incomplete: set[str] = set()  # pages with an article that failed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = cls(crawler, crawl_sessions(crawler.settings))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.item_error, signal=signals.item_error)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        """One query for the validators of every page of the site."""
        self.site = spider.name
        with self.factory() as session:
            self.stored = site_validators(session, spider.name)

    def process_request(self, request: Request) -> None:
        # A rendered page's content comes from what its scripts load, which
        # the shell's validators say nothing about: it is fetched in full.
        if request.meta.get("playwright"):
            return
        sent = self.stored.get(request.url) if polled(request) else None
        if sent is None:
            return
        if sent.etag:
            request.headers.setdefault("If-None-Match", sent.etag)
        if sent.last_modified:
            request.headers.setdefault("If-Modified-Since", sent.last_modified)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(ARTICLE):
            if response.status in RETRY_LATER:
                self.article_failed(request.meta)
            return response
        if not polled(request):
            return response
        self.checks[request.url] = self.check(request.url, response)
        if response.status == 304:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(NOT_MODIFIED)
            raise Skipped(f"not modified: {request.url}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        """An article that could not be fetched (retries spent) keeps its page
        from being marked unchanged; a skipped one (known, robots) does not."""
        if request.meta.get(ARTICLE) and not isinstance(exception, IgnoreRequest):
            self.article_failed(request.meta)

    def item_error(self, item: Any, response: Response | None, spider: Spider) -> None:
        """An article a pipeline failed on (not dropped: stored nowhere) is
        offered again next time, like one that failed to download."""
        if response is not None:
            self.article_failed(response.meta)

    def article_failed(self, meta: dict[str, Any]) -> None:
        if page := meta.get(OFFERED_BY):
            self.incomplete.add(page)

    def check(self, url: str, response: Response) -> PageCheck:
        """This answer, with the validators to send next time: a 200's own;
        otherwise what came with it, else what was stored."""
        if "playwright" in response.flags:  # a rendered page keeps no validators
            return PageCheck(url, self.site, None, None, response.status, utcnow())
        etag = header(response, "ETag", MAX_ETAG)
        last_modified = header(response, "Last-Modified", MAX_LAST_MODIFIED)
        if response.status != 200:
            old = self.stored.get(url, Validators())
            etag, last_modified = etag or old.etag, last_modified or old.last_modified
        return PageCheck(url, self.site, etag, last_modified, response.status, utcnow())

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Write every check in one transaction (validators only where safe)."""
        checks = [self.settled(check, reason) for check in self.checks.values()]
        if checks:
            with transaction(self.factory) as session:
                save_checks(session, checks)

    def settled(self, check: PageCheck, reason: str) -> PageCheck:
        """A 200 whose articles may not all be stored keeps no validators."""
        whole = reason == "finished" and check.url not in self.incomplete
        if check.last_status != 200 or whole:
            return check
        return replace(check, etag=None, last_modified=None)
