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

from typing import Any, Final

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
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
# Scrapy's own intended skip (RobotsTxtMiddleware's message).
ROBOTS_FORBIDDEN = "Forbidden by robots.txt"


def why(failure: Failure) -> str:
    """A failed request's reason, one line."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    text = (str(exc).strip().splitlines() or [""])[0][:300]
    name = type(exc).__name__
    if isinstance(exc, IgnoreRequest):
        return text or name
    return f"{name}: {text}" if text else name


class RequestOutcomes(BaseSpiderMiddleware):
    """Spider middleware: an errback on every request without one."""

    def get_processed_request(self, request: Request, response: Any) -> Request:
        if request.errback is None:
            request.errback = self.failed
        return request

    def failed(self, failure: Failure) -> None:
        """Record why a request failed; nothing is yielded (the page is skipped)."""
        request: Request | None = getattr(failure, "request", None)
        exc = failure.value
        if isinstance(exc, Skipped) or str(exc) == ROBOTS_FORBIDDEN:
            return
        url = request.url if request is not None else "?"
        reason = why(failure)
        stats = self.crawler.stats
        assert stats is not None and self.crawler.spider is not None
        if request is not None and request.meta.get(ARTICLE):
            stats.inc_value(PAGES_SKIPPED)
            line = f"page-skipped: {url}: {reason}"
        else:
            kept: list[str] = stats.get_value(FETCH_FAILURES) or []
            if len(kept) < MAX_KEPT and not isinstance(exc, HttpError):  # statuses: runs.py
                stats.set_value(FETCH_FAILURES, [*kept, f"{url[:200]}: {reason}"])
            line = f"fetch-failed: {url}: {reason}"
        self.crawler.spider.logger.warning(line[:500])
        add_warning(stats.get_stats(), line[:500])
