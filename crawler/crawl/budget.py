"""A time budget per page: extraction and analysis may not hold a crawl.

Both are linear in the page size (bench/extraction_scaling.py,
bench/analysis_scaling.py), but a page can still be huge or pathological.
The crawl runs in one thread (Twisted's reactor), where a page that takes
minutes stalls every site of its batch; so the page's work runs under a
timer (``SIGALRM``) that interrupts it when its budget is spent.  The page
is then recorded as failed, with the reason, and not read again until it
changes (``crawler.crawl.failed``).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# Seconds one page's extraction (and, separately, its analysis) may take.
PAGE_BUDGET = 30.0


class PageOverBudget(BaseException):
    """The page's work overran its budget.

    A ``BaseException``, like ``KeyboardInterrupt``: the libraries that
    extraction calls catch ``Exception`` here and there, and must not
    swallow the interruption.
    """


@contextmanager
def page_budget(seconds: float, what: str) -> Iterator[None]:
    """Run the block with at most ``seconds`` of wall time, else raise
    ``PageOverBudget``.  Off (no timer) for ``seconds <= 0`` and outside the
    main thread, where signals cannot be delivered."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise PageOverBudget(f"{what} took longer than the page budget ({seconds:g} s)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
