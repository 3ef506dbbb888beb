"""Downloader middleware: a stored article is never fetched again."""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.crawl.keys import ARTICLE, KNOWN_SKIPPED, Skipped
from crawler.crawl.known import KnownArticles


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
            raise Skipped(f"already stored: {request.url}")
