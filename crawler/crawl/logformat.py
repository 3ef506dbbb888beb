"""Log lines of a crawl: one line each, never a page body.

Scrapy's ``LogFormatter`` prints the whole item in "Dropped:" and "Error
processing" lines; our items carry the page's bytes and text, so a dropped
60 MB page would be a 60 MB log line.  Here an item is named by its type
and URL instead.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure

# Longest exception text a log line carries.
MAX_REASON = 500


def describe(item: Any) -> str:
    """``FetchedPage <url>``: what an item is, without its content."""
    url = getattr(item, "url", None) or getattr(getattr(item, "article", None), "url", None)
    return f"{type(item).__name__} {str(url)[:300]}" if url else type(item).__name__


def one_line(exception: BaseException) -> str:
    text = " ".join(str(exception).split())
    return text[:MAX_REASON] + ("..." if len(text) > MAX_REASON else "")


class ShortLogFormatter(LogFormatter):
    """Scrapy's formatter with items named, not printed."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped: %(exception)s"
        result["args"] = {"exception": one_line(exception)}
        return result

    def item_error(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        result["msg"] = "Error processing %(item)s"
        result["args"] = {"item": describe(item)}
        return result

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        result = super().scraped(item, response, spider)
        result["msg"] = "Scraped %(item)s"
        result["args"] = {"item": describe(item)}
        return result
