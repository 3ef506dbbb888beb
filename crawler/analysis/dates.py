"""Dates on a page: when it was published, and (re-exported) when its event is.

The grammar lives in ``crawler.analysis.date_grammar``, year inference in
``crawler.analysis.date_inference`` and event dates in ``crawler.analysis.event_dates``; this
module reads the page's own publication date.  Only a date printed where a
page prints its date counts (``crawler.analysis.date_lines``): a labelled line
("Updated:", "发布时间：", "发布：", a "来源" line), a date with a clock time, a
toolbar line ("【打印】 浏览次数"), a byline, a wire dateline with its year
("HONG KONG, July 31, 2013 /PRNewswire/ --"), a date opening the title
("date 2023-01-30 …", "Sunday, September 6, 2009") or a date alone on its line.
A date inside a sentence is what the page talks about (often the event),
never its publication date; a range is an event's; a BBS footer's render
time ("GMT+8, … Processed in"), an event's "时间：" line and a forum member's
"注册时间" are not one either.  A notice's signature date (落款) is its
publication date only when the page prints no other.  Dates are calendar
dates as printed: no time zone is ever applied, so a date never shifts.
"""

from __future__ import annotations

import datetime as dt
import re

from crawler.analysis.date_grammar import DateMention, make_date
from crawler.analysis.date_inference import infer_year
from crawler.analysis.date_lines import (
    TIME_AFTER_RE,
    DatedText,
    is_date_line,
    is_other_date,
    is_render_time,
    is_schedule,
    is_signature,
    label_start,
    opens_header_line,
)
from crawler.analysis.event_dates import EventDates, find_event_dates
from crawler.analysis.language import normalise, terms_pattern
from crawler.analysis.vocabulary import date_lines as vocab_lines

__all__ = ["EventDates", "find_event_dates", "find_published", "infer_year"]

HEAD_CHARS = 1500  # the header area where a page prints its own date
ALONE_MAX_EXTRA = 20  # a date line with little else on it ("2023-05-06", "By Li | 2023-05-06")
SIGNATURE_RANK = 4  # a notice's signature: its date only when nothing else is
CLAUSE_AFTER_RE = re.compile(r"\s*[,，、；;]\s*\w")
CONTINUES_RE = re.compile(
    rf"(?:{terms_pattern(vocab_lines.CONTINUES_INTO_DATE).pattern})\s*$", re.I
)


def _continues_a_sentence(page: DatedText, mention: DateMention) -> bool:
    """A date that ends a sentence broken over lines ("Abstracts are due by" /
    "September 9, 2022"), goes on into a word ("2021年8月1日前注册") or a clause
    ("2024年4月19日，大会在北京开幕")."""
    line = page.line(mention.start)
    after = page.text[mention.end : line.end]
    if after[:1].isalnum() or CLAUSE_AFTER_RE.match(after):
        return True
    before = page.text[line.start : mention.start]
    if before.strip():
        return False
    above = page.text[max(0, line.start - 1 - 40) : max(0, line.start - 1)]
    return CONTINUES_RE.search(above) is not None


def _is_alone(page: DatedText, mention: DateMention) -> bool:
    """A date with little else on its line."""
    line = page.line(mention.start)
    extra = len(line.stripped) - (mention.end - mention.start)
    return extra < ALONE_MAX_EXTRA and not line.stripped.endswith((".", "。"))


def _published_rank(page: DatedText, mention: DateMention, head_end: int) -> int | None:
    """Lower is better: labelled before bare, header area before the rest, a
    signature last.

    None for a date in running prose, a range, a date on a render-time line,
    under an event's schedule label or another kind of label: not a page date.
    """
    not_a_page_date = (
        mention.end_day is not None
        or is_render_time(page, mention)
        or is_schedule(page, mention)
        or is_other_date(page, mention)
    )
    if not_a_page_date:
        return None
    if is_signature(page, mention):
        return SIGNATURE_RANK
    head = mention.start < head_end
    if is_date_line(page, mention):
        return 0 if head else 2
    bare = opens_header_line(page, mention) or _is_alone(page, mention)
    if bare and not _continues_a_sentence(page, mention):
        return 1 if head else 3
    return None


def _published_span(page: DatedText) -> tuple[DateMention, int, int] | None:
    """The best full date to read as publication date, with its evidence span."""
    head_end = max(0, page.title_end) + HEAD_CHARS
    ranked = [
        (rank, mention.start, mention)
        for mention in page.mentions
        if mention.year and make_date(mention.year, mention.month, mention.day)
        if (rank := _published_rank(page, mention, head_end)) is not None
    ]
    if not ranked:
        return None
    best = min(ranked, key=lambda item: item[:2])[2]
    label = label_start(page, best)
    time = TIME_AFTER_RE.match(page.text, best.end)
    return best, best.start if label is None else label, time.end() if time else best.end


def find_published(text: str, title: str = "") -> tuple[dt.date, str] | None:
    """The publication date printed on a page, and the span it was read from.

    Labelled dates ("Updated:", "Addtime:", "发布时间：", a "来源" line),
    datelines and dates with a clock time win over dates alone on a line; the
    header area (first 1500 characters) wins over the rest; a signature comes
    last.  ``title``, when given, is read as the page's top line: a stored
    page's title may be its date line.  Dates in sentences and impossible
    dates are never returned.
    """
    title = title.replace("\n", " ").strip()
    whole = f"{title}\n{text}" if title else text
    page = DatedText(normalise(whole), len(title) if title else -1)
    found = _published_span(page)
    if found is None:
        return None
    mention, start, end = found
    date = make_date(mention.year or 0, mention.month, mention.day)
    return (date, whole[start:end].strip()) if date else None
