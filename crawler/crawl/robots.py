"""robots.txt read once per host and day, not once per crawl.

Scrapy's ``RobotsTxtMiddleware`` keeps the parsers it fetched for one
crawler only, so every poll fetched robots.txt again: half of all requests
of an unchanged re-poll.  The warm worker (``crawler.worker.serve``) runs
crawl after crawl in one process; this subclass keeps each host's parsed
robots.txt in the process for ``ROBOTS_FOR`` (RFC 9309 2.4: at most 24
hours).  Spiders of one crawl on one host wait for a single fetch.  A
robots.txt that could not be fetched is not kept: the next crawl asks again.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

ROBOTS_FOR = 24 * 3600.0
# netloc -> (parser, when it was fetched): shared by the crawls of one process.
_PARSERS: dict[str, tuple[Any, float]] = {}
# One fetch per host at a time (the crawl runs in an asyncio reactor).
_LOCKS: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)


class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with a per-process, per-day cache."""

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        if netloc in self._parsers and not _is_pending(self._parsers[netloc]):
            return await super().robot_parser(request)  # this crawl has it already
        async with _LOCKS[netloc]:
            kept = _PARSERS.get(netloc)
            if kept is not None and time.monotonic() - kept[1] <= ROBOTS_FOR:
                self._parsers.setdefault(netloc, kept[0])
            parser = await super().robot_parser(request)
            if parser is not None and (kept is None or kept[0] is not parser):
                _PARSERS[netloc] = (parser, time.monotonic())
        return parser


def _is_pending(value: Any) -> bool:
    return value is not None and hasattr(value, "addCallback")  # a Deferred: fetch under way


def forget_robots() -> None:
    """Drop every kept robots.txt (tests; a worker that is told to)."""
    _PARSERS.clear()
    _LOCKS.clear()
