"""Downloader middlewares: skip stored articles, route the demo hosts (static and rendered)."""

from __future__ import annotations

from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from spiders.base import ARTICLE, KnownArticles

DEMO_SUFFIX = ".demo.test"
KNOWN_SKIPPED = "healthwatch/known_skipped"


class KnownArticleMiddleware:
    """Drop requests for article URLs already stored: a stored URL is never
    fetched again, so a re-poll costs only its listing pages.

    The stored URLs are the spider's ``known`` set (``spiders.base.KnownArticles``),
    the same one its pagination stops on: one set, loaded once per crawl.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        known = getattr(self.crawler.spider, "known", None)
        if not request.meta.get(ARTICLE) or not isinstance(known, KnownArticles):
            return
        if known.knows(request.url):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(KNOWN_SKIPPED)
            raise IgnoreRequest(f"already stored: {request.url}")


class DemoRouteMiddleware:
    """Send requests for ``*.demo.test`` to the bundled demo server as a proxy.

    The demo hosts never resolve, which keeps demo URLs stable while the
    server's port changes.  Without ``HEALTHWATCH_DEMO_SERVER`` (a plain
    ``scrapy crawl demo_etown``) the demo server is started in-process.
    """

    def __init__(self, server_url: str | None) -> None:
        self.server_url = server_url
        self.server: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = cls(crawler.settings.get("HEALTHWATCH_DEMO_SERVER"))
        crawler.signals.connect(mw.engine_stopped, signal=signals.engine_stopped)
        return mw

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if host.endswith(DEMO_SUFFIX):
            request.meta["proxy"] = self.proxy_url()
            if request.meta.get("playwright"):
                self.route_browser(request)

    def route_browser(self, request: Request) -> None:
        """A rendered demo page reaches the demo server the same way: the
        browser context (and every script request in it) uses it as proxy."""
        request.meta["playwright_context"] = "demo-proxy"
        request.meta["playwright_context_kwargs"] = {"proxy": {"server": self.proxy_url()}}

    def proxy_url(self) -> str:
        if self.server_url is None:
            from crawler.demo.server import DemoServer  # noqa: PLC0415 - only for demo hosts

            self.server = DemoServer()
            self.server.start()
            self.server_url = self.server.url
        return self.server_url

    def engine_stopped(self) -> None:
        if self.server is not None:
            self.server.stop()
