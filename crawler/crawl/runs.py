"""Records each crawl as a CrawlRun row and reports progress to the parent.

The crawl child prints one JSON object per line on stdout when
``HEALTHWATCH_PROGRESS`` is on; the parent (CLI or daemon) reads them to
draw progress and never needs to import Scrapy.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.config.network import masked
from crawler.crawl.conditional import NOT_MODIFIED
from crawler.crawl.database import crawl_sessions
from crawler.crawl.keys import (
    ERROR_KEY,
    LINKS_FOUND,
    RENDERED,
    STATUS_KEY,
    WARNINGS,
    add_warning,
    selector_miss_warnings,
)
from crawler.crawl.network import NETWORK_ERROR, PROXY
from crawler.crawl.outcomes import FETCH_FAILURES
from crawler.items import StoredArticle
from storage.db import transaction
from storage.runs import finish_run, start_run

# Statuses with which a site refuses a crawler (not a missing page, not a crash).
REFUSALS = frozenset({401, 403, 412, 429, 451})


def emit(kind: str, **data: Any) -> None:
    """One progress line for the parent process."""
    sys.stdout.write(json.dumps({"kind": kind, **data}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


class CrawlRunRecorder:
    """Extension: a CrawlRun row per spider, progress lines while it runs."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.factory = crawl_sessions(crawler.settings)
        self.progress = crawler.settings.getbool("HEALTHWATCH_PROGRESS")
        self.run_id: int | None = None
        self.errors: list[str] = []
        # Answers of the site's own pages (robots.txt aside): did anything usable come back?
        self.usable = 0
        self.unusable: Counter[int] = Counter()
        self.first_unusable: dict[int, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        with transaction(self.factory) as session:
            node = self.crawler.settings.get("HEALTHWATCH_NODE")
            self.run_id = start_run(session, spider.name, node)
        self.report("start", spider, run=self.run_id)

    def response_received(self, response: Response, spider: Spider) -> None:
        if urlsplit(response.url).path != "/robots.txt":
            if 200 <= response.status < 300 or response.status == 304:
                self.usable += 1
            else:
                self.unusable[response.status] += 1
                self.first_unusable.setdefault(response.status, response.url)
        self.report("page", spider, url=response.url, status=response.status)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if isinstance(item, StoredArticle):
            self.report("article", spider, url=item.url, new_event=item.new_event, type=item.type)

    def item_dropped(self, item: Any, spider: Spider, exception: BaseException) -> None:
        self.report("dropped", spider, reason=str(exception))

    def spider_error(self, failure: Any, response: Response, spider: Spider) -> None:
        self.errors.append(f"{response.url}: {failure.getErrorMessage()}")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        for text in selector_miss_warnings(stats.get_stats()):
            add_warning(stats.get_stats(), text)
        status, error = self.outcome(reason, stats.get_stats())
        stats.set_value(STATUS_KEY, status)
        stats.set_value(ERROR_KEY, error)
        counts = {
            "requests": int(stats.get_value("downloader/request_count", 0)),
            "new_articles": int(stats.get_value("healthwatch/new_articles", 0)),
            "new_events": int(stats.get_value("healthwatch/new_events", 0)),
            "links_found": int(stats.get_value(LINKS_FOUND, 0)),
            "not_modified": int(stats.get_value(NOT_MODIFIED, 0)),
            "rendered": int(stats.get_value(RENDERED, 0)),
        }
        warnings = list(stats.get_value(WARNINGS, []))
        if self.run_id is not None:
            with transaction(self.factory) as session:
                finish_run(
                    session, self.run_id, status=status, error=error, warnings=warnings, **counts
                )
        dedup = {
            "duplicates": int(stats.get_value("healthwatch/duplicates", 0)),
            "merged_reports": int(stats.get_value("healthwatch/merged_reports", 0)),
        }
        self.report(
            "done",
            spider,
            run=self.run_id,
            status=status,
            error=error,
            warnings=warnings,
            **counts,
            **dedup,
        )

    def outcome(self, reason: str, stats: dict[str, Any]) -> tuple[str, str | None]:
        """ok / failed / timeout, and the error text to keep (one line).

        A site none of whose pages answered usably (2xx or 304), or whose
        callbacks raised, failed; Scrapy's soft timeout closing the spider is
        a timeout.  The error names what happened: HTTP statuses, network
        errors, a redirect loop, a page over DOWNLOAD_MAXSIZE.
        """
        if reason == "closespider_timeout":
            return "timeout", "the crawl hit its time limit (spider_timeout)"
        if network_error := self.crawler.settings.get(NETWORK_ERROR):
            return "failed", str(network_error)
        exceptions = exception_counts(stats)
        # A 304 ends in the conditional-GET middleware, never reaching the signal.
        if not self.usable and not stats.get(NOT_MODIFIED):
            return "failed", self.why_nothing_usable(exceptions, stats, reason)
        if self.errors:
            return "failed", "; ".join(self.errors[:3])
        return "ok", ", ".join(exceptions) or None

    def why_nothing_usable(self, exceptions: list[str], stats: dict[str, Any], reason: str) -> str:
        """The one-line reason a crawl got no usable page."""
        parts = [
            f"HTTP {status} x{count} (first: {self.first_unusable[status]})"
            for status, count in sorted(self.unusable.items())
        ]
        redirects = sum(
            int(value)
            for key, value in stats.items()
            if key.startswith("downloader/response_status_count/3") and not key.endswith("/304")
        )
        if redirects and not self.unusable:
            parts.append(f"redirect loop or too many redirects ({redirects} redirects)")
        if any(name.startswith("DownloadCancelledError") for name in exceptions):
            limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE") // (1024 * 1024)
            parts.append(f"a download was cancelled (pages larger than {limit} MiB are refused)")
        if exceptions:
            parts.append("network errors: " + ", ".join(exceptions))
        if failed := stats.get(FETCH_FAILURES):  # why fetches failed (not HTTP statuses)
            parts.append("failed: " + "; ".join(failed))
        if self.unusable.keys() & REFUSALS:
            parts.append(
                "the site refuses us: try its user_agent, headers, cookies or proxy "
                "(docs/configuration.md)"
            )
        line = "no usable response: " + ("; ".join(parts) or reason)
        if proxy := self.crawler.settings.get(PROXY):
            line += f" (via proxy {masked(str(proxy))})"
        return line

    def report(self, kind: str, spider: Spider, **data: Any) -> None:
        if self.progress:
            emit(kind, site=spider.name, **data)


def exception_counts(stats: dict[str, Any]) -> list[str]:
    """``ResponseFailed x3`` for each download exception type (skips are not errors)."""
    return sorted(
        f"{key.rsplit('/', 1)[-1].rsplit('.', 1)[-1]} x{value}"
        for key, value in stats.items()
        if key.startswith("downloader/exception_type_count/") and not key.endswith(".IgnoreRequest")
    )
