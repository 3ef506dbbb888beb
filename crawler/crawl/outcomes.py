"""Every request that fails says why, in one line, in its crawl run.

Scrapy drops a failed request quietly (a redirect loop, a body that
decompresses past ``DOWNLOAD_MAXSIZE``, a non-2xx answer) or logs it with a
traceback (a timeout, a truncated body).  This spider middleware gives each
request the spiders make an errback that records one line instead: a
``page-skipped:`` warning for an article, ``fetch-failed:`` for a listing,
feed or sitemap (kept for the run's error when nothing usable came back).
Skips that are meant (already stored, not modified, unchanged since it
failed, forbidden by robots.txt) stay quiet.
"""

from __future__ import annotations

from typing import Any, Final, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, ResponseDataLossError
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.crawl.keys import ARTICLE, Skipped, add_warning

# Stat: one line per listing, feed or sitemap fetch that failed for another
# reason than an HTTP status (the run counts those itself), at most MAX_KEPT.
FETCH_FAILURES: Final = "healthwatch/fetch_failures"
# Stat: article pages skipped because fetching them failed.
PAGES_SKIPPED: Final = "healthwatch/pages_skipped"
MAX_KEPT = 5
MB = 1024 * 1024
# Scrapy's own intended skip (RobotsTxtMiddleware's message).
ROBOTS_FORBIDDEN = "Forbidden by robots.txt"


def why(failure: Failure, max_size: int) -> str:
    """A failed request's reason, one line."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        location = bytes(exc.response.headers.get("Location") or b"").decode("latin-1")
        if 300 <= status < 400 and location:  # Scrapy follows redirects to http(s) only
            return f"HTTP {status} to {location[:100]}: not followed (not http or https)"
        return f"HTTP {status}"
    if isinstance(exc, DownloadCancelledError):
        return f"larger than DOWNLOAD_MAXSIZE ({max_size // MB} MiB): download cancelled"
    if isinstance(exc, ResponseDataLossError):
        return "the response was cut short (fewer bytes than its Content-Length)"
    text = (str(exc).strip().splitlines() or [""])[0][:300]
    name = type(exc).__name__
    if isinstance(exc, IgnoreRequest):
        return text or name
    return f"{name}: {text}" if text else name


class RequestOutcomes(BaseSpiderMiddleware):
    """Spider middleware: an errback on every request without one, and a
    line for a redirect the scheduler dropped as a repeat (a redirect loop)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = cls(crawler)
        crawler.signals.connect(mw.request_dropped, signal=signals.request_dropped)
        return mw

    def get_processed_request(self, request: Request, response: Any) -> Request:
        if request.errback is None:
            request.errback = self.failed
        return request

    def failed(self, failure: Failure) -> None:
        """Record why a request failed; nothing is yielded (the page is skipped)."""
        request: Request | None = getattr(failure, "request", None)
        exc = failure.value
        if request is None or isinstance(exc, Skipped) or str(exc) == ROBOTS_FORBIDDEN:
            return
        reason = why(failure, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        self.record(request, reason, keep=not isinstance(exc, HttpError))  # statuses: runs.py

    def request_dropped(self, request: Request, spider: Spider) -> None:
        """A redirect back to a page already asked for: a loop, never fetched again."""
        if request.meta.get("redirect_urls"):
            self.record(request, f"redirect loop (back to {request.url[:200]})", keep=True)

    def record(self, request: Request, reason: str, keep: bool) -> None:
        """One warning line in the run (and the log); a listing's also kept
        for the run's error when nothing usable came back."""
        stats = self.crawler.stats
        assert stats is not None and self.crawler.spider is not None
        url = str((request.meta.get("redirect_urls") or [request.url])[0])
        if request.meta.get(ARTICLE):
            stats.inc_value(PAGES_SKIPPED)
            line = f"page-skipped: {url}: {reason}"
        else:
            kept: list[str] = stats.get_value(FETCH_FAILURES) or []
            if keep and len(kept) < MAX_KEPT:
                stats.set_value(FETCH_FAILURES, [*kept, f"{url[:200]}: {reason}"])
            line = f"fetch-failed: {url}: {reason}"
        self.crawler.spider.logger.warning(line[:500])
        add_warning(stats.get_stats(), line[:500])
