"""Item pipelines, one job each: extract -> analyse -> fingerprint -> store.

Each drops an item only with ``DropItem(reason)``, which Scrapy counts and
the crawl run reports.  A page that cannot be read (not an article, over
its time budget, a library failing on its markup) is dropped with
``PageFailed``: one bad page fails that page, is recorded with the reason,
and is not read again until it changes (``crawler.crawl.failed``).
"""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from crawler.analysis.events import analyse
from crawler.analysis.model import shipped_model
from crawler.crawl.budget import PAGE_BUDGET, PageOverBudget, page_budget
from crawler.crawl.database import crawl_sessions
from crawler.crawl.extract import PageError, Selectors
from crawler.crawl.extract_once import extract_once
from crawler.crawl.failed import PageFailed
from crawler.crawl.keys import PAGE_FAILED, add_selector_miss, add_warning
from crawler.crawl.known import site_rules
from crawler.identity.dedup import canonical_url, fingerprint
from crawler.items import (
    AnalysedArticle,
    Article,
    FetchedPage,
    FingerprintedArticle,
    StoredArticle,
)
from crawler.services.articles import StoreResult, store_article
from storage.articles import article_exists
from storage.db import transaction


def page_failure(crawler: Crawler, url: str, step: str, exc: BaseException) -> PageFailed:
    """The drop for a page whose ``step`` ran over its budget or raised:
    one warning line in the crawl run (no traceback), the page recorded
    (DESIGN.md: one bad page fails that page)."""
    if isinstance(exc, PageOverBudget):
        reason = str(exc)
    else:
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        reason = f"{step} failed: {type(exc).__name__}" + (f": {detail}" if detail else "")
    if crawler.stats is not None:
        add_warning(crawler.stats.get_stats(), f"{PAGE_FAILED}: {url}: {reason}")
    return PageFailed(f"{reason}: {url}")


class ExtractPipeline:
    """FetchedPage -> Article, with the spider's selectors where it has them.

    A selector that reads nothing on a page trafilatura can read does not
    lose the page: it is extracted generically and the miss is counted
    (one ``selector-miss`` warning per selector in the run).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.budget = crawler.settings.getfloat("HEALTHWATCH_PAGE_BUDGET", PAGE_BUDGET)
        self.memo = extract_once(crawler)  # pages the render check already read

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: FetchedPage) -> Article:
        selectors = getattr(self.crawler.spider, "article", None)
        chosen = selectors if isinstance(selectors, Selectors) else None
        try:
            read = self.memo.extract(item, chosen, self.budget)
        except PageError as exc:
            raise PageFailed(f"not an article: {exc}") from None
        except (Exception, PageOverBudget) as exc:  # one bad page fails that page
            raise page_failure(self.crawler, item.url, "extraction", exc) from None
        if read.missed and self.crawler.stats is not None:
            stats = self.crawler.stats.get_stats()
            for miss in read.missed:
                add_selector_miss(stats, miss.field, miss.selector, item.url)
        return read.article


class AnalysePipeline:
    """Article -> AnalysedArticle: the same analysis ``healthwatch analyse`` runs."""

    def __init__(self, crawler: Crawler) -> None:
        shipped_model()  # a missing or damaged model fails the crawl now, not per page
        self.crawler = crawler
        self.budget = crawler.settings.getfloat("HEALTHWATCH_PAGE_BUDGET", PAGE_BUDGET)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Article) -> AnalysedArticle:
        try:
            with page_budget(self.budget, "analysis"):
                return AnalysedArticle(item, analyse(item))
        except (Exception, PageOverBudget) as exc:  # one bad page fails that page
            raise page_failure(self.crawler, item.url, "analysis", exc) from None


class DedupPipeline:
    """Compute the identity keys: canonical URL (with the site's rules),
    content hash and SimHash.  Lookups happen in the store's transaction."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: AnalysedArticle) -> FingerprintedArticle:
        article = item.article
        keys = fingerprint(article.title, article.text)
        return FingerprintedArticle(
            article=article,
            analysis=item.analysis,
            canonical_url=canonical_url(article.url, site_rules(self.crawler.spider)),
            content_hash=keys.content_hash,
            simhash=keys.simhash,
        )


class StorePipeline:
    """Write article, event and outbox rows in one transaction."""

    def __init__(self, crawler: Crawler, factory: sessionmaker[Session]) -> None:
        self.crawler = crawler
        self.factory = factory
        self.max_distance = crawler.settings.getint("HEALTHWATCH_NEAR_DUPLICATE_DISTANCE", 7)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawl_sessions(crawler.settings))

    def process_item(self, item: FingerprintedArticle) -> StoredArticle:
        try:
            with transaction(self.factory) as session:
                if article_exists(session, item.canonical_url):
                    raise DropItem(f"already stored: {item.canonical_url}")
                result = store_article(session, item, self.max_distance)
        except IntegrityError as exc:  # a concurrent crawl stored it first
            raise DropItem(f"already stored: {item.canonical_url}") from exc
        self.count(result)
        analysis = item.analysis
        return StoredArticle(
            url=item.article.url,
            site=item.article.site,
            title=item.article.title,
            language=analysis.language,
            published=analysis.published.isoformat() if analysis.published else None,
            type=analysis.type,
            article_id=result.article.id,
            event_id=result.article.event_id,
            new_event=result.new_event is not None,
            duplicate_of=result.article.duplicate_of,
            alerts_queued=result.alerts,
        )

    def count(self, result: StoreResult) -> None:
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("healthwatch/new_articles")
        stats.inc_value("healthwatch/new_events", int(result.new_event is not None))
        stats.inc_value("healthwatch/duplicates", int(result.article.duplicate_of is not None))
        rewritten = result.merged_into is not None and result.article.duplicate_of is None
        stats.inc_value("healthwatch/merged_reports", int(rewritten))
        stats.inc_value("healthwatch/alerts_queued", result.alerts)
