"""Routing the demo hosts (``*.demo.test``) to the bundled demo server.

Enabled only by the demo spiders' own settings (``spiders.base.DemoSite``):
production crawls never load this module.
"""

from __future__ import annotations

from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler

DEMO_SUFFIX = ".demo.test"


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
            from crawler.demo.server import DemoServer  # noqa: PLC0415 - started on first use

            self.server = DemoServer()
            self.server.start()
            self.server_url = self.server.url
        return self.server_url

    def engine_stopped(self) -> None:
        if self.server is not None:
            self.server.stop()
