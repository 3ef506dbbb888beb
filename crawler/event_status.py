"""An event's status as of a given day: true today, whatever it was when first seen.

A page published in 2023 says its forum is ``upcoming``; read in 2026 that
forum has been held.  The analysis records the status the page reported
(relative to its publication); every view (``analyse``, ``events``, alerts,
the web UI, feeds) shows ``status_on(today)``.  Plain data: every layer may
use it.
"""

from __future__ import annotations

import datetime as dt

# Statuses that the passing of the event's dates turns into "held".
PASSES_INTO_HELD = frozenset({"upcoming", "unknown", "postponed"})


def status_on(reported: str, start: dt.date | None, end: dt.date | None, today: dt.date) -> str:
    """The status on ``today``: an event whose last day is before ``today`` is
    held, unless it was cancelled; a postponed event keeps its status until
    its new dates have passed (no new date: postponed for good)."""
    last = end or start
    if last is not None and last < today and reported in PASSES_INTO_HELD:
        return "held"
    return reported
