"""Base classes a site spider is declared with.

A site spider only finds new article URLs and hands each article page on as
a ``FetchedPage``; extraction, analysis and storage happen in pipelines.
Subclasses are declarative: set attributes, write no methods.

What a spider reads from a page is testable without a crawl: ``read_listing``
(a listing page in, article links and the next page out) and
``SiteSpider.extract`` (an article page in, title, date and text out) are
pure functions of the saved bytes, so a fixture page is a complete test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from functools import partial
from typing import Any, ClassVar, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from crawler.crawl.extract import Selectors, extract_article
from crawler.crawl.fetched import response_page, with_headers
from crawler.crawl.keys import (
    ARTICLE,
    LAYOUT_CHANGED,
    LINKS_FOUND,
    LISTING_PROBLEM,
    OFFERED_BY,
    SELECTOR_MISS,
    add_warning,
)
from crawler.crawl.known import KnownArticles, site_rules, stored_articles
from crawler.crawl.links import followable
from crawler.crawl.listing import Listing, ListingPage, page_response, read_listing, with_hint
from crawler.crawl.settings import DOWNLOADER_MIDDLEWARES
from crawler.identity.dedup import NO_RULES, UrlRules
from crawler.items import Article, FetchedPage, Language, RenderPolicy
from spiders.discovery import article_links, feed_entries, newest_first, sitemap_entries

# What a site module needs, importable from here: `from spiders.base import ...`.
__all__ = [
    "DemoSite",
    "Listing",
    "ListingPage",
    "Selectors",
    "SiteSpider",
    "UrlRules",
    "feed_links",
]


class SiteSpider(scrapy.Spider):
    """A news site watched through listing pages, RSS/Atom feeds or sitemaps.

    ``start_urls`` are listing pages read with ``listing``; ``feeds`` and
    ``sitemaps`` are read with their standard formats.  ``article`` holds
    optional selectors that override trafilatura for this site.
    """

    start_urls: list[str] = []  # noqa: RUF012 - Scrapy declares it a list
    feeds: ClassVar[tuple[str, ...]] = ()
    sitemaps: ClassVar[tuple[str, ...]] = ()
    listing: ClassVar[Listing | None] = None
    article: ClassVar[Selectors] = Selectors()
    canonical: ClassVar[UrlRules] = NO_RULES  # mobile hosts, print views -> the article
    language: ClassVar[Language | None] = None
    every: ClassVar[dt.timedelta] = dt.timedelta(hours=1)
    # Fetch pages in a real browser: "never", "always", or "auto" (only when
    # the static page proves script-built).
    render: ClassVar[RenderPolicy] = "auto"
    # The site's charset when its pages do not say (or lie): e.g. "gbk".
    encoding: ClassVar[str | None] = None
    # Articles offered per listing, feed or sitemap page and poll (the
    # first ones: newest first): a 100,000-link listing must not stall a poll.
    max_links: ClassVar[int] = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages_seen = 0
        self.known = KnownArticles(set)  # not crawling (yet): nothing is stored

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """A crawling spider knows the articles its site already has stored."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        load = partial(stored_articles, crawler.settings, spider.name)
        spider.known = KnownArticles(load, site_rules(spider))
        return spider

    @classmethod
    def entry_urls(cls, start_urls: list[str] | None = None) -> list[str]:
        """The pages ``start`` requests (``start_urls``: the config's
        override): what the daemon asks conditionally before a crawl."""
        return [*(start_urls or cls.start_urls), *cls.feeds, *cls.sitemaps]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """First requests: every listing, feed and sitemap of the site."""
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_listing, cb_kwargs={"page": 1})
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed)
        for url in self.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap)

    @classmethod
    def read(cls, body: bytes, url: str, headers: Mapping[str, str] | None = None) -> ListingPage:
        """What a saved listing page offers, read as a crawl would (no crawl)."""
        if cls.listing is None:
            raise TypeError(f"{cls.__name__} declares no `listing`")
        return read_listing(cls.listing, page_response(body, url, headers, cls.encoding))

    @classmethod
    def extract(cls, body: bytes, url: str, headers: Mapping[str, str] | None = None) -> Article:
        """A saved article page as the pipeline reads it: title, date, text."""
        page = FetchedPage(url=url, site=str(getattr(cls, "name", "")), body=body)
        return extract_article(cls.hinted(page, headers or {}), cls.article)

    @classmethod
    def hinted(cls, page: FetchedPage, headers: Mapping[str, str]) -> FetchedPage:
        """The page with its headers, lower-cased, and the spider's charset
        hint where neither the server nor the page names a charset."""
        return with_headers(page, headers, cls.encoding)

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        """Offer the article links; follow the next page while this one holds
        new articles, up to ``max_pages`` (the newest come first: a page of
        known articles means everything after it is known too)."""
        if self.listing is None or not isinstance(response, TextResponse):
            return
        response = with_hint(response, self.encoding)
        found = read_listing(self.listing, response)
        if found.problem:
            self.warn(f"{LISTING_PROBLEM}: listing {response.url}: {found.problem}")
        links = found.links
        if not links:
            links = fallback_links(self.listing, response)
            if links:
                self.warn(
                    f"{SELECTOR_MISS}: listing {response.url}: {self.listing.what} found no "
                    f"links; {len(links)} article-looking links read instead"
                )
            else:
                self.warn(
                    f"{LAYOUT_CHANGED}: listing {response.url}: {self.listing.what} found no links"
                )
        yield from self.offer(links, response.url, found.offered or len(links))
        found = ListingPage(links, found.next_page)
        yield from self.follow_next(found, response.url, page, self.listing.max_pages)

    def follow_next(
        self, found: ListingPage, url: str, page: int, max_pages: int
    ) -> Iterator[scrapy.Request]:
        """The next listing page, unless the paging bound is reached or this
        page held only known articles."""
        if not found.next_page or page >= max_pages:
            return
        if not self.holds_new(found.links):
            self.logger.debug("listing %s holds only known articles: stop paging", url)
            return
        yield scrapy.Request(
            found.next_page, callback=self.parse_listing, cb_kwargs={"page": page + 1}
        )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """RSS ``<item><link>`` and Atom ``<entry><link href>``."""
        if not isinstance(response, TextResponse):
            return
        yield from self.offer(feed_links(response), response.url)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A urlset lists articles; a sitemap index lists more sitemaps
        (newest first; malformed XML reads as what it recovers, else nothing)."""
        kind, entries = sitemap_entries(response.body)
        locs = newest_first(entries, len(entries))
        if kind == "sitemapindex":
            for loc in followable(locs).good[: self.max_links]:
                yield scrapy.Request(loc, callback=self.parse_sitemap)
        else:
            yield from self.offer(locs, response.url)

    def offer(
        self, urls: list[str], page: str, found: int | None = None
    ) -> Iterator[scrapy.Request]:
        """Article requests for the links ``page`` offered, counted (``found``:
        how many it listed before a cap cut ``urls``): a listing that stops
        offering links is how a changed layout shows."""
        links = followable(urls)  # one bad link skips that link, never the page
        if (skipped := links.summary(page)) is not None:
            self.warn(skipped)
        crawler: Crawler | None = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(LINKS_FOUND, max(found or 0, len(links.good)))
        if len(links.good) > self.max_links:
            kept = f"the first {self.max_links} offered this poll"
            self.warn(f"links-capped: {page}: {len(links.good)} links, {kept}")
        for url in links.good[: self.max_links]:
            yield self.article_request(url, page)

    def warn(self, text: str) -> None:
        """Keep a one-line warning in this crawl's run (``status`` shows it)."""
        self.logger.warning(text)
        crawler: Crawler | None = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            add_warning(crawler.stats.get_stats(), text)

    def holds_new(self, urls: Iterable[str]) -> bool:
        """True when some of ``urls`` is not a stored article yet."""
        return any(not self.known.knows(url) for url in urls)

    def article_request(self, url: str, offered_by: str = "") -> scrapy.Request:
        """A request for one article page, marked for the known-URL filter."""
        return scrapy.Request(
            url, callback=self.parse_article, meta={ARTICLE: True, OFFERED_BY: offered_by}
        )

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        """Hand the raw page on: pipelines extract, analyse and store it."""
        yield response_page(response, self.name, self.language, self.encoding)


def fallback_links(listing: Listing, response: TextResponse) -> list[str]:
    """The generic spider's article links of a listing page whose selectors
    found none (still narrowed by the listing's ``pattern``)."""
    links = article_links(response.text, response.url)
    if listing.pattern:
        links = [url for url in links if re.search(listing.pattern, url)]
    return links[: listing.max_links]


def feed_links(response: TextResponse) -> list[str]:
    """Article URLs of an RSS 2.0 / RSS 1.0 / Atom feed, in feed order (pure)."""
    return feed_entries(response.body, response.url)


class DemoSite(SiteSpider):
    """A bundled demo site (``*.demo.test``), reached through the demo server.

    Only these spiders enable the demo routing middleware (by name, in their
    own settings), so production crawls never load ``crawler.demo``.
    """

    custom_settings = {  # noqa: RUF012 - Scrapy declares it a plain attribute
        "DOWNLOADER_MIDDLEWARES": {
            **DOWNLOADER_MIDDLEWARES,
            "crawler.demo.routing.DemoRouteMiddleware": 700,  # before HttpProxyMiddleware (750)
        }
    }
