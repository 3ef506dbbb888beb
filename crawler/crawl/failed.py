"""An article page that could not be read is not read again until it changes.

A page dropped with ``PageFailed`` (not an article, not HTML, over its time
budget, an extractor failure) is remembered in ``page_state`` with the
reason, the sha256 of its body and its validators.  Offered again by a
listing, it is asked for with ``If-None-Match`` / ``If-Modified-Since``: a
304, or the same body, ends there (counted, nothing parsed).  A changed page
is read again, and forgotten as failed once it is stored.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response
from sqlalchemy.orm import Session, sessionmaker

from crawler.crawl.conditional import MAX_ETAG, MAX_LAST_MODIFIED, header
from crawler.crawl.database import crawl_sessions
from crawler.crawl.keys import ARTICLE, Skipped
from crawler.items import StoredArticle
from storage.db import transaction
from storage.models import utcnow
from storage.pagestate import FailedPage, failed_pages, forget_failures, remember_failures

# Stat: failed article pages offered again and found unchanged (not read).
FAILED_UNCHANGED: Final = "healthwatch/failed_unchanged"
# Stat: article pages recorded as failed in this crawl.
PAGES_FAILED: Final = "healthwatch/pages_failed"


class PageFailed(DropItem):
    """A page that cannot be stored for a reason of its own: recorded as
    failed with that reason, and not read again until it changes."""


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def first_url(request: Request) -> str:
    """The URL the article was offered under (before any redirect)."""
    redirects = request.meta.get("redirect_urls") or [request.url]
    return str(redirects[0])


class FailedPageMiddleware:
    """Downloader middleware: failed article pages are asked for
    conditionally and skipped while unchanged; new failures are written
    when the crawl ends, in one transaction."""

    def __init__(self, crawler: Crawler, factory: sessionmaker[Session]) -> None:
        self.crawler = crawler
        self.factory = factory
        self.site = ""
        self.known: dict[str, FailedPage] = {}  # failed in earlier crawls
        self.new: dict[str, FailedPage] = {}  # failed in this one
        self.recovered: set[str] = set()  # failed before, stored now

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = cls(crawler, crawl_sessions(crawler.settings))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(mw.item_scraped, signal=signals.item_scraped)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        self.site = spider.name
        with self.factory() as session:
            self.known = failed_pages(session, spider.name)

    def process_request(self, request: Request) -> None:
        if not request.meta.get(ARTICLE) or request.meta.get("playwright"):
            return
        known = self.known.get(first_url(request))
        if known is None:
            return
        if known.etag:
            request.headers.setdefault("If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault("If-Modified-Since", known.last_modified)

    def process_response(self, request: Request, response: Response) -> Response:
        known = self.known.get(first_url(request)) if request.meta.get(ARTICLE) else None
        if known is None:
            return response
        unchanged = response.status == 304 or (
            response.status == 200 and body_hash(response.body) == known.body_hash
        )
        if unchanged:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(FAILED_UNCHANGED)
            raise Skipped(f"unchanged since it failed ({known.failure}): {request.url}")
        return response

    def item_dropped(
        self, item: Any, response: Response | None, exception: BaseException, spider: Spider
    ) -> None:
        if not isinstance(exception, PageFailed) or not isinstance(response, Response):
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(PAGES_FAILED)
        url = first_url(response.request) if response.request else response.url
        self.new[url] = FailedPage(
            url=url,
            site=self.site,
            failure=str(exception)[:1000],
            body_hash=body_hash(response.body),
            etag=header(response, "ETag", MAX_ETAG),
            last_modified=header(response, "Last-Modified", MAX_LAST_MODIFIED),
            checked_at=utcnow(),
        )

    def item_scraped(self, item: Any, response: Response | None, spider: Spider) -> None:
        if isinstance(item, StoredArticle) and isinstance(response, Response) and response.request:
            url = first_url(response.request)
            if url in self.known:
                self.recovered.add(url)

    def spider_closed(self, spider: Spider) -> None:
        if self.new or self.recovered:
            with transaction(self.factory) as session:
                forget_failures(session, sorted(self.recovered - set(self.new)))
                remember_failures(session, list(self.new.values()))
