"""The generic spider: watch a site from its URL alone.

Sites in the config with a ``url`` and no spider module of their own run
this spider (``[sites.foo] url = "https://..."``).  In order of preference
it reads the site's RSS/Atom feeds, its sitemaps, or a listing page whose
article links are recognised by their URLs (dates in the path, numeric ids,
depth).  ``healthwatch sites add URL`` discovers the feeds and sitemaps once
and writes them to the config, so a poll costs one request per feed; with
only a ``url`` the page is read each poll for announced feeds, else for
article-looking links.  Try it on any site::

    scrapy crawl generic -a url=https://example.org/news/
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar, cast

import scrapy
from scrapy.http import Response, TextResponse

from crawler.config.sites import SiteConfig
from spiders import GENERIC_EVERY, is_generic
from spiders.base import SiteSpider, feed_links
from spiders.discovery import article_links, newest_first, sitemap_entries
from spiders.discovery import feed_links as announced_feeds

# At most this many feeds a page announces are followed (comments feeds,
# per-tag feeds... the first ones are the site's main feeds).
MAX_FEEDS = 3


class GenericSpider(SiteSpider):
    """Feeds, sitemaps, or article-looking links of one listing page."""

    name = "generic"
    url: str = ""  # the site's page to watch when no feed or sitemap is known
    every = GENERIC_EVERY
    # Articles offered per feed, sitemap or listing page and poll: a first
    # poll of a 50,000-URL sitemap must not fetch the whole site.
    max_links: ClassVar[int] = 30
    # Child sitemaps of a sitemap index read per poll, newest first.
    max_sitemaps: ClassVar[int] = 3

    def __init__(self, *args: Any, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if url:
            self.url = url

    @classmethod
    def entry_urls(cls, start_urls: list[str] | None = None) -> list[str]:
        """Known feeds, sitemaps and listings; else the watched page."""
        if cls.feeds or cls.sitemaps or start_urls or cls.start_urls:
            return super().entry_urls(start_urls)
        return [cls.url] if cls.url else []

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Known feeds and sitemaps (and configured listings); else the page."""
        if self.feeds or self.sitemaps or self.start_urls:
            async for request in super().start():
                yield request
            return
        if not self.url:
            raise ValueError(f"generic spider {self.name!r} has no url (-a url=https://...)")
        yield scrapy.Request(self.url, callback=self.parse_page)

    def parse_page(self, response: Response) -> Iterator[scrapy.Request]:
        """The watched page: follow the feeds it announces, else read it as
        a listing."""
        if not isinstance(response, TextResponse):
            return
        feeds = announced_feeds(response.text, response.url)[:MAX_FEEDS]
        if feeds:
            for feed in feeds:
                yield scrapy.Request(feed, callback=self.parse_feed)
            return
        yield from self.parse_listing(response, page=1)

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        """Article-looking links of a listing page (no selectors to go by)."""
        if not isinstance(response, TextResponse):
            return
        links = article_links(response.text, response.url)[: self.max_links]
        if not links:
            self.warn(f"layout-changed: listing {response.url}: no link looks like an article")
        yield from self.offer(links, response.url)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """The newest items of a feed; an empty feed is worth a warning."""
        if not isinstance(response, TextResponse):
            return
        links = feed_links(response)[: self.max_links]
        if not links:
            self.warn(f"layout-changed: feed {response.url} holds no items")
        yield from self.offer(links, response.url)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """The newest entries of a sitemap; the newest children of an index."""
        kind, entries = sitemap_entries(response.body)
        if kind == "sitemapindex":
            for loc in newest_first(entries, self.max_sitemaps):
                yield scrapy.Request(loc, callback=self.parse_sitemap)
            return
        if not entries:
            self.warn(f"layout-changed: sitemap {response.url} lists no pages")
        yield from self.offer(newest_first(entries, self.max_links), response.url)


def generic_spider(site: str, cfg: SiteConfig) -> type[GenericSpider]:
    """The generic spider for one configured site: its own name (the site
    key, which the crawl run and stored articles carry), URL, feeds,
    sitemaps and language."""
    attrs: dict[str, Any] = {
        "name": site,
        "url": cfg.url or "",
        "feeds": tuple(cfg.feeds),
        "sitemaps": tuple(cfg.sitemaps),
        "language": cfg.language,
        "__module__": __name__,
        "__doc__": f"Generic spider for {site} ({cfg.url}).",
    }
    return cast(type[GenericSpider], type(f"Generic_{site}", (GenericSpider,), attrs))


def spider_class(site: str, cfg: SiteConfig | None) -> type[SiteSpider]:
    """The spider class of ``site`` (imports its module; never the reactor)."""
    found = spider_for(site, cfg)
    if not isinstance(found, str):
        return found
    module = importlib.import_module(f"spiders.{found}")
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, SiteSpider)
            and getattr(value, "name", None) == site
        ):
            return value
    raise LookupError(f"spiders/{site}.py defines no spider named {site!r}")


def spider_for(site: str, cfg: SiteConfig | None) -> str | type[GenericSpider]:
    """What the crawl child runs for ``site``: its own spider (by name) or,
    for a configured URL without a module, the generic spider."""
    if cfg is not None and is_generic(site, cfg.url):
        return generic_spider(site, cfg)
    return site
