"""One extraction per page, shared by the render check and the pipeline.

Under ``render = "auto"`` the render middleware reads a static article that
carries script markers to decide whether it is a shell; the extract
pipeline then reads the same page again.  Extraction is the largest cost of
a first crawl (docs/benchmarks.md, "First crawl"), and most real pages carry
script markers, so the check's reading is kept here and the pipeline takes
it instead of extracting a second time.

Kept per crawl, keyed by everything the extraction reads (URL, body,
content type, status, language hint, selectors): a page the browser fetched again
has another body and is read afresh.  A failure is kept too and raised
again in the pipeline, so a page that fails still fails once, with its
reason.  Entries the pipeline never takes (pages the crawl rendered) fall
out of a small LRU.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Final
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.crawl.budget import PageOverBudget, page_budget
from crawler.crawl.extract import Extraction, Selectors, extract_page
from crawler.crawl.keys import EXTRACTED
from crawler.items import FetchedPage

# Pages waiting between the render check and the pipeline.  Scrapy passes a
# response to its spider right after the downloader middlewares, and its
# scraper holds at most a few MB of responses, so a handful is waiting at
# any time; 32 keeps them all without holding a crawl's pages.
KEEP: Final = 32

Key = tuple[str, bytes, str, int, str, Selectors | None]


@dataclass(frozen=True)
class Outcome:
    """What extracting one page gave: the extraction, or why it failed."""

    extraction: Extraction | None = None
    error: Exception | PageOverBudget | None = None

    def result(self) -> Extraction:
        """The extraction, or its failure raised again."""
        if self.error is not None:
            raise self.error
        assert self.extraction is not None
        return self.extraction


class ExtractOnce:
    """Extractions the render check made, until the pipeline takes them."""

    def __init__(self, stats: StatsCollector | None = None, keep: int = KEEP) -> None:
        self.stats = stats  # counts each extraction under EXTRACTED
        self.keep = keep
        self.kept: OrderedDict[Key, Outcome] = OrderedDict()

    def check(self, page: FetchedPage, selectors: Selectors | None, budget: float) -> Outcome:
        """Extract ``page`` for the render check and keep the outcome."""
        key = key_of(page, selectors)
        outcome = self.kept.get(key) or self.run(page, selectors, budget)
        self.kept[key] = outcome
        self.kept.move_to_end(key)
        while len(self.kept) > self.keep:
            self.kept.popitem(last=False)
        return outcome

    def extract(self, page: FetchedPage, selectors: Selectors | None, budget: float) -> Extraction:
        """The pipeline's extraction: the check's, if it read this very page."""
        kept = self.kept.pop(key_of(page, selectors), None)
        return (kept or self.run(page, selectors, budget)).result()

    def run(self, page: FetchedPage, selectors: Selectors | None, budget: float) -> Outcome:
        """Extract under the page budget; a failure is an outcome, not a raise."""
        if self.stats is not None:
            self.stats.inc_value(EXTRACTED)
        try:
            with page_budget(budget, "extraction"):
                return Outcome(extraction=extract_page(page, selectors))
        except (Exception, PageOverBudget) as exc:  # kept, raised again where it counts
            return Outcome(error=exc)


def key_of(page: FetchedPage, selectors: Selectors | None) -> Key:
    """Everything an extraction of ``page`` depends on."""
    ctype = page.headers.get("content-type", "")
    return (page.url, page.body, ctype, page.status, page.language_hint or "", selectors)


_MEMOS: WeakKeyDictionary[Crawler, ExtractOnce] = WeakKeyDictionary()


def extract_once(crawler: Crawler) -> ExtractOnce:
    """The crawl's memo, shared by its render middleware and extract pipeline."""
    memo = _MEMOS.get(crawler)
    if memo is None:
        memo = _MEMOS[crawler] = ExtractOnce(crawler.stats)
    return memo
