"""Dates on a page: when it was published, and (re-exported) when its event is.

The grammar lives in ``crawler.analysis.date_grammar``, year inference in
``crawler.analysis.date_inference`` and event dates in ``crawler.analysis.event_dates``; this
module reads the page's own publication date.  Only a date printed where a
page prints its date counts: a labelled line ("Updated:", "发布时间：", "发布：",
a "来源" line), a dateline with a clock time, a toolbar line ("【打印】 浏览次数")
or a date alone on its line (``crawler.analysis.date_lines``).  A date inside a
sentence is what the page talks about (often the event), never its
publication date; a BBS footer's render time ("GMT+8, … Processed in"), a
notice's signature date (落款) and an event's "时间：" line are not one
either.  Dates are calendar dates as printed: no time zone is ever applied,
so a date never shifts.
"""

from __future__ import annotations

import datetime as dt

from crawler.analysis.date_grammar import DateMention, find_mentions, make_date
from crawler.analysis.date_inference import infer_year
from crawler.analysis.date_lines import (
    TIME_AFTER_RE,
    is_date_line,
    is_schedule,
    is_signature,
    label_start,
    line_bounds,
)
from crawler.analysis.event_dates import EventDates, find_event_dates
from crawler.analysis.language import normalise, terms_pattern
from crawler.analysis.vocabulary import time as vocab

__all__ = ["EventDates", "find_event_dates", "find_published", "infer_year"]

HEAD_CHARS = 1500  # the header area where a page prints its own date
ALONE_MAX_EXTRA = 20  # a date line with little else on it ("2023-05-06", "By Li | 2023-05-06")
RENDER_TIME_RE = terms_pattern(vocab.RENDER_TIME_MARKERS)


def _is_render_time(line: str) -> bool:
    """A BBS or CMS footer line printing when the page was generated."""
    return RENDER_TIME_RE.search(line) is not None


def _published_rank(text: str, mention: DateMention) -> int | None:
    """Lower is better: labelled before bare, header area before the rest.

    None for a date in running prose, on a render-time line, under a
    notice's signature (落款) or an event's schedule label: not a page date.
    """
    head = mention.start < HEAD_CHARS
    line_start, line_end = line_bounds(text, mention.start, mention.end)
    line = text[line_start:line_end].strip()
    if _is_render_time(line) or is_signature(text, mention) or is_schedule(text, mention):
        return None
    if is_date_line(text, mention):
        return 0 if head else 2
    extra = len(line) - (mention.end - mention.start)
    if extra < ALONE_MAX_EXTRA and not line.endswith((".", "。")):
        return 1 if head else 3
    return None


def _published_span(text: str) -> tuple[DateMention, int, int] | None:
    """The best full date to read as publication date, with its evidence span."""
    ranked = [
        (rank, mention.start, mention)
        for mention in find_mentions(text)
        if mention.year and make_date(mention.year, mention.month, mention.day)
        if (rank := _published_rank(text, mention)) is not None
    ]
    if not ranked:
        return None
    best = min(ranked, key=lambda item: item[:2])[2]
    label = label_start(text, best)
    time = TIME_AFTER_RE.match(text, best.end)
    return best, best.start if label is None else label, time.end() if time else best.end


def find_published(text: str) -> tuple[dt.date, str] | None:
    """The publication date printed on a page, and the span it was read from.

    Labelled dates ("Updated:", "Addtime:", "发布时间：", a "来源" line) and
    datelines with a clock time win over dates alone on a line; the header
    area (first 1500 characters) wins over the rest.  Dates in sentences and
    impossible dates are never returned.
    """
    found = _published_span(normalise(text))
    if found is None:
        return None
    mention, start, end = found
    date = make_date(mention.year or 0, mention.month, mention.day)
    return (date, text[start:end].strip()) if date else None
