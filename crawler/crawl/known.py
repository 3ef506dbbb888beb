"""What a crawl already has: the canonical URLs of a site's stored articles.

A stored URL is never fetched again: the spider stops paging at a listing
page of known links, and KnownArticleMiddleware drops requests for them.
"""

from __future__ import annotations

from collections.abc import Callable

from scrapy.settings import BaseSettings

from crawler.crawl.database import crawl_sessions
from crawler.identity.dedup import NO_RULES, UrlRules, canonical_url
from storage.sites import known_urls


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


def site_rules(spider: object) -> UrlRules:
    """The spider's canonical-URL rules (``canonical = UrlRules(...)``), if any."""
    rules = getattr(spider, "canonical", NO_RULES)
    return rules if isinstance(rules, UrlRules) else NO_RULES
