"""The sites waiting for a crawl, handed to the runner in batches.

Sites due at about the same moment share one crawl pass (DESIGN.md: each
start-up costs CPU), and a site that is already waiting or being crawled is
never queued again, so two crawls of one site never overlap however often
its job fires.

Jitter is drawn per batch, not per site: sites fire at their slot
boundaries, which sites of one interval share, and the batch then waits a
random part of its first site's jitter before it is handed out, still
gathering.  The watched sites see a poll at a random moment each time;
our start-ups stay one per batch (per-site jitter scattered 20 sites due
together over 4-5 crawl children a minute).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable


class CrawlQueue:
    """An ordered set of due sites plus the set being crawled now."""

    def __init__(
        self, window: float, size: int, jitter: Callable[[str], float] | None = None
    ) -> None:
        self._window = window  # seconds to gather sites after the first one is due
        self._size = size  # at most this many sites per batch
        self._jitter = jitter  # site -> the most its poll may be delayed, seconds
        self._waiting: dict[str, float] = {}  # site -> when it was queued (insertion order)
        self._active: set[str] = set()
        self._closed = False
        self._cond = threading.Condition()

    def offer(self, site: str) -> bool:
        """Queue ``site`` unless it is waiting, being crawled, or the queue closed."""
        with self._cond:
            if self._closed or site in self._waiting or site in self._active:
                return False
            self._waiting[site] = time.monotonic()
            self._cond.notify_all()
            return True

    def take(self) -> list[str] | None:
        """Block until a site is due, gather the others due within the window,
        and mark them active; None once the queue is closed."""
        with self._cond:
            while not self._waiting and not self._closed:
                self._cond.wait()
            if not self._closed:
                first = min(self._waiting, key=self._waiting.__getitem__)
                deadline = self._waiting[first] + self._window + self._delay(first)
                while len(self._waiting) < self._size and not self._closed:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
            if self._closed:
                return None
            batch = list(self._waiting)[: self._size]
            for site in batch:
                del self._waiting[site]
            self._active.update(batch)
            return batch

    def _delay(self, site: str) -> float:
        """The batch's random delay: a part of its first site's jitter."""
        if self._jitter is None:
            return 0.0
        return random.uniform(0, max(self._jitter(site), 0.0))  # noqa: S311 - spreading load

    def done(self, batch: list[str]) -> None:
        """The batch's crawl is over: its sites may be queued again."""
        with self._cond:
            self._active.difference_update(batch)

    def close(self) -> list[str]:
        """Stop handing out batches (shutdown); returns the sites left waiting."""
        with self._cond:
            self._closed = True
            left = list(self._waiting)
            self._waiting.clear()
            self._cond.notify_all()
            return left

    def sizes(self) -> tuple[int, int]:
        """(waiting, being crawled), for metrics."""
        with self._cond:
            return len(self._waiting), len(self._active)
