"""Base classes a site spider is declared with.

A site spider only finds new article URLs and hands each article page on as
a ``FetchedPage``; extraction, analysis and storage happen in pipelines.
Subclasses are declarative: set attributes, write no methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.sitemap import Sitemap

from crawler.database import crawl_sessions
from crawler.dedup import NO_RULES, UrlRules, canonical_url
from crawler.extract import Selectors
from crawler.items import FetchedPage, Language, RenderPolicy
from storage.queries import known_urls

# Request meta key marking article requests (the known-URL filter skips
# articles already stored; listings, feeds and sitemaps are polled with
# conditional GET instead).
ARTICLE = "healthwatch_article"
# Request meta key of an article request: the listing, feed or sitemap URL
# that offered it (its validators are kept only once its articles arrived).
OFFERED_BY = "healthwatch_offered_by"
# Stat: article links the listings, feeds and sitemaps offered (CrawlRun.links_found).
LINKS_FOUND = "healthwatch/links_found"
# Stat: pages fetched again in the browser (CrawlRun.rendered).
RENDERED = "healthwatch/rendered"
# Stat: list of one-line warnings, e.g. "layout-changed: <url> ..." (CrawlRun.warnings).
WARNINGS = "healthwatch/warnings"
# At most this many warnings are kept per crawl run.
MAX_WARNINGS = 20


class KnownArticles:
    """The canonical URLs of a site's stored articles: what a crawl already has.

    One set per crawl, shared by the spider (pagination stops at a listing
    page of known links) and KnownArticleMiddleware (a known article is never
    fetched again).  Loaded when first asked, so a re-poll whose listings all
    answer 304 never runs the query.
    """

    def __init__(self, load: Callable[[], set[str]], rules: UrlRules = NO_RULES) -> None:
        self._load = load
        self._urls: set[str] | None = None
        self.rules = rules

    def knows(self, url: str) -> bool:
        """True when the article at ``url`` (canonicalised) is stored."""
        if self._urls is None:
            self._urls = self._load()
        return canonical_url(url, self.rules) in self._urls


def stored_articles(settings: BaseSettings, site: str) -> set[str]:
    """The canonical URLs stored for ``site``, from the crawl's database."""
    with crawl_sessions(settings)() as session:
        return known_urls(session, site)


@dataclass(frozen=True)
class Listing:
    """How to read a listing page: article links and the next page."""

    links: str  # CSS selector of <a> elements pointing at articles
    next_page: str | None = None  # CSS selector of the "next page" <a>
    max_pages: int = 5  # pagination depth per poll: a crawler-trap bound


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

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """First requests: every listing, feed and sitemap of the site."""
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_listing, cb_kwargs={"page": 1})
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed)
        for url in self.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap)

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        """Offer the article links; follow the next page while this one holds
        new articles, up to ``max_pages`` (the newest come first: a page of
        known articles means everything after it is known too)."""
        if self.listing is None or not isinstance(response, TextResponse):
            return
        links = response.css(self.listing.links)
        if not links:
            self.warn(
                f"layout-changed: listing {response.url}: "
                f"selector {self.listing.links!r} found no links"
            )
        urls = [response.urljoin(link.attrib.get("href", "")) for link in links]
        yield from self.offer(urls, response.url)
        if not self.listing.next_page or page >= self.listing.max_pages:
            return
        if not self.holds_new(urls):
            self.logger.debug("listing %s holds only known articles: stop paging", response.url)
            return
        for nxt in response.css(self.listing.next_page)[:1]:
            yield response.follow(nxt, callback=self.parse_listing, cb_kwargs={"page": page + 1})

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """RSS ``<item><link>`` and Atom ``<entry><link href>``."""
        if not isinstance(response, TextResponse):
            return
        response.selector.remove_namespaces()
        rss = response.xpath("//item/link/text()").getall()
        atom = response.xpath("//entry/link[not(@rel) or @rel='alternate']/@href").getall()
        yield from self.offer([response.urljoin(url.strip()) for url in rss + atom], response.url)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A urlset lists articles; a sitemap index lists more sitemaps."""
        sitemap = Sitemap(response.body)
        locs = [loc for entry in sitemap if (loc := entry.get("loc"))]
        if sitemap.type == "sitemapindex":
            for loc in locs:
                yield scrapy.Request(loc, callback=self.parse_sitemap)
        else:
            yield from self.offer(locs, response.url)

    def offer(self, urls: list[str], page: str) -> Iterator[scrapy.Request]:
        """Article requests for the links ``page`` offered, counted: a listing
        that stops offering links is how a changed layout shows."""
        crawler: Crawler | None = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(LINKS_FOUND, len(urls))
        for url in urls:
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
        headers = {
            key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        yield FetchedPage(
            url=response.url,
            site=self.name,
            body=response.body,
            headers=headers,
            status=response.status,
            language_hint=self.language,
        )


def add_warning(stats: dict[str, Any], text: str) -> None:
    """Append a warning to a crawl's stats, once, at most MAX_WARNINGS."""
    warnings: list[str] = stats.setdefault(WARNINGS, [])
    if text not in warnings and len(warnings) < MAX_WARNINGS:
        warnings.append(text)


def site_rules(spider: object) -> UrlRules:
    """The spider's canonical-URL rules (``canonical = UrlRules(...)``), if any."""
    rules = getattr(spider, "canonical", NO_RULES)
    return rules if isinstance(rules, UrlRules) else NO_RULES
