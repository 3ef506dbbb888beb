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
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.sitemap import Sitemap

from crawler.database import crawl_sessions
from crawler.dedup import NO_RULES, UrlRules, canonical_url
from crawler.extract import Selectors, extract_article
from crawler.items import Article, FetchedPage, Language, RenderPolicy
from spiders.discovery import feed_entries
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
    """How to read a listing page: article links and the next page.

    ``pattern`` narrows ``links`` to URLs that look like this site's
    articles (a regex searched in the absolute URL).  With ``links=""`` the
    pattern is searched in the page's raw text instead: listings served as
    JSON or JSONP, or built by a script, still name their article URLs.
    """

    links: str  # CSS selector of <a> elements pointing at articles
    next_page: str | None = None  # CSS selector of the "next page" <a>
    max_pages: int = 5  # pagination depth per poll: a crawler-trap bound
    pattern: str | None = None  # regex an article URL must match


@dataclass(frozen=True)
class ListingPage:
    """What one listing page offers: article URLs (absolute, in page order,
    once each) and the next page's URL, if any."""

    links: list[str]
    next_page: str | None = None


def page_response(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> HtmlResponse:
    """A saved page as the response a crawl would have handed the spider."""
    return HtmlResponse(url=url, body=body, headers=dict(headers or {}), encoding=encoding)


def read_listing(listing: Listing, response: TextResponse) -> ListingPage:
    """Article links and the next page of one listing page (pure)."""
    if listing.links:
        hrefs = response.css(listing.links).xpath("@href").getall()
        urls = [response.urljoin(href.strip()) for href in hrefs if href.strip()]
        if listing.pattern:
            urls = [url for url in urls if re.search(listing.pattern, url)]
    else:
        text = response.text.replace("\\/", "/")  # JSON escapes slashes
        found = re.finditer(listing.pattern, text) if listing.pattern else ()
        urls = [response.urljoin(match.group(0)) for match in found]
    next_page = None
    if listing.next_page:
        href = response.css(listing.next_page).xpath("@href").get()
        next_page = response.urljoin(href.strip()) if href and href.strip() else None
    return ListingPage(list(dict.fromkeys(urls)), next_page)


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
        hint where the server named none."""
        merged = {key.lower(): value for key, value in headers.items()}
        ctype = merged.get("content-type", "")
        if cls.encoding and "charset=" not in ctype.lower():
            merged["content-type"] = f"{ctype or 'text/html'}; charset={cls.encoding}"
        return FetchedPage(
            url=page.url,
            site=page.site,
            body=page.body,
            headers=merged,
            status=page.status,
            language_hint=page.language_hint,
        )

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        """Offer the article links; follow the next page while this one holds
        new articles, up to ``max_pages`` (the newest come first: a page of
        known articles means everything after it is known too)."""
        if self.listing is None or not isinstance(response, TextResponse):
            return
        if self.encoding:
            response = response.replace(encoding=self.encoding)
        found = read_listing(self.listing, response)
        if not found.links:
            what = self.listing.links or self.listing.pattern
            kind = "selector" if self.listing.links else "pattern"
            self.warn(f"layout-changed: listing {response.url}: {kind} {what!r} found no links")
        yield from self.offer(found.links, response.url)
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
        page = FetchedPage(
            url=response.url,
            site=self.name,
            body=response.body,
            status=response.status,
            language_hint=self.language,
        )
        yield self.hinted(page, headers)


def feed_links(response: TextResponse) -> list[str]:
    """Article URLs of an RSS 2.0 / RSS 1.0 / Atom feed, in feed order (pure)."""
    return feed_entries(response.body, response.url)


def add_warning(stats: dict[str, Any], text: str) -> None:
    """Append a warning to a crawl's stats, once, at most MAX_WARNINGS."""
    warnings: list[str] = stats.setdefault(WARNINGS, [])
    if text not in warnings and len(warnings) < MAX_WARNINGS:
        warnings.append(text)


def site_rules(spider: object) -> UrlRules:
    """The spider's canonical-URL rules (``canonical = UrlRules(...)``), if any."""
    rules = getattr(spider, "canonical", NO_RULES)
    return rules if isinstance(rules, UrlRules) else NO_RULES
