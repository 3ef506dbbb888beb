"""The names the crawl runtime and the spiders share: request-meta keys and stat names.

Kept here, below the spiders, so middlewares, pipelines and the run recorder
read them without importing any spider.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import IgnoreRequest

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
# Stat: pages extracted (the render check and the pipeline share one reading).
EXTRACTED = "healthwatch/extracted"
# Stat: list of one-line warnings, e.g. "layout-changed: <url> ..." (CrawlRun.warnings).
WARNINGS = "healthwatch/warnings"
# Stat: article requests dropped because the article is stored already.
KNOWN_SKIPPED = "healthwatch/known_skipped"
# Stats: the crawl's outcome ("ok", "failed", ...) and its one-line error.
STATUS_KEY = "healthwatch/status"
ERROR_KEY = "healthwatch/error"
# Stat: article selectors that read nothing, (field, selector) -> [pages, first URL];
# summed up as one "selector-miss" warning per selector when the crawl closes.
SELECTOR_MISSES = "healthwatch/selector_misses"
# At most this many warnings are kept per crawl run.
MAX_WARNINGS = 20
# Warning kinds (the text before the first colon; /metrics counts them by kind).
LAYOUT_CHANGED = "layout-changed"  # a listing, feed or sitemap offered nothing
SELECTOR_MISS = "selector-miss"  # a selector read nothing; generic extraction filled in
LISTING_PROBLEM = "listing-problem"  # malformed script data, a selector matching hundreds
PAGE_FAILED = "page-failed"  # one page could not be read (the rest of the crawl went on)


def add_selector_miss(stats: dict[str, Any], field: str, selector: str, url: str) -> None:
    """Count one page whose ``field`` selector read nothing."""
    misses: dict[tuple[str, str], list[Any]] = stats.setdefault(SELECTOR_MISSES, {})
    seen = misses.setdefault((field, selector), [0, url])
    seen[0] += 1


def selector_miss_warnings(stats: dict[str, Any]) -> list[str]:
    """One warning line per selector that missed during the crawl."""
    misses: dict[tuple[str, str], list[Any]] = stats.get(SELECTOR_MISSES, {})
    return [
        f"{SELECTOR_MISS}: {field} selector {selector!r} read nothing on {pages} "
        f"page{'s' if pages != 1 else ''} (first: {url}); generic extraction used"
        for (field, selector), (pages, url) in misses.items()
    ]


class Skipped(IgnoreRequest):
    """A request dropped on purpose (already stored, not modified, unchanged
    since it failed): nothing went wrong, nothing is reported."""


def add_warning(stats: dict[str, Any], text: str) -> None:
    """Append a warning to a crawl's stats, once, at most MAX_WARNINGS."""
    warnings: list[str] = stats.setdefault(WARNINGS, [])
    if text not in warnings and len(warnings) < MAX_WARNINGS:
        warnings.append(text)
