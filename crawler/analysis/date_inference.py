"""Giving a date written without a year (or month) its place in the calendar.

News omits what the reader knows: "4月19日", "18日", "on Friday".  The
missing parts come from the publication date and the tense of the sentence
("will be held" looks ahead, "was held" looks back).  Pure.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace
from typing import Literal

from crawler.analysis.date_grammar import UNKNOWN_MONTH, DateMention, make_date
from crawler.analysis.language import blank, terms_pattern
from crawler.analysis.vocabulary import time as vocab

Tense = Literal["future", "past"]
FUTURE_DISTANCE_PENALTY = 1.5  # see infer_year
FUTURE_RE = terms_pattern(vocab.FUTURE_CUES)
PAST_RE = terms_pattern(vocab.PAST_CUES)
NOT_TENSE_RE = terms_pattern(vocab.NOT_EVENT_TENSE)
REPORT_RE = terms_pattern(vocab.REPORT_VERBS_EN)
UNMARKED_REPORT_RE = terms_pattern(vocab.REPORT_VERBS_UNMARKED)
_ZH_VERBS = "|".join(
    re.escape(verb)
    for verb in vocab.REPORT_VERBS_UNMARKED + vocab.FUTURE_VERBS_ZH
    if not verb.isascii()
)
FUTURE_ZH_RE = re.compile(
    rf"(?:{'|'.join(vocab.FUTURE_MARKS_ZH)})[^，。；！？,;!?\n]{{0,12}}?(?:{_ZH_VERBS})"
)


def _is_future(text: str) -> bool:
    return FUTURE_RE.search(text) is not None or FUTURE_ZH_RE.search(text) is not None


def tense_cues(text: str) -> tuple[int, int]:
    """(future, past) tense cues in ``text``, plans after a signing not counted.

    "双方将在…方面开展合作" says what the parties will do, not that the
    signing is ahead; a past word inside a future one ("will be held") is no
    past cue.
    """
    text = blank(text, NOT_TENSE_RE)
    future = len(FUTURE_RE.findall(text)) + len(FUTURE_ZH_RE.findall(text))
    return future, len(PAST_RE.findall(blank(blank(text, FUTURE_RE), FUTURE_ZH_RE)))


def sentence_tense(sentence: str, unmarked: bool = False) -> Tense | None:
    """Future or past: a future word makes a sentence an announcement; else a
    past word or a verb in the past ("opened") makes it a report.  With
    ``unmarked``, so do verbs without tense ("Expo opens", "在北京开幕"): what
    news says without a future word has happened (an event's status, not a
    date's year)."""
    text = blank(sentence, NOT_TENSE_RE)
    if _is_future(text):
        return "future"
    if PAST_RE.search(text) or REPORT_RE.search(text):
        return "past"
    if unmarked and UNMARKED_REPORT_RE.search(text):
        return "past"
    return None


def infer_year(month: int, day: int, published: dt.date, tense: Tense | None) -> int:
    """The year of a date written without one, from the publication date.

    An announcement (future tense) of a month earlier than the publication
    month is next year's; a report (past tense) of a later month is last
    year's.  With no tense, the year that puts the date nearest publication,
    future dates counting a little farther (news reports more than it
    announces).
    """
    if tense == "future":
        return published.year + (1 if month < published.month else 0)
    if tense == "past":
        return published.year - (1 if month > published.month else 0)
    distances = []
    for year in (published.year - 1, published.year, published.year + 1):
        date = make_date(year, month, day)
        if date is not None:
            days = (date - published).days
            distances.append((days * FUTURE_DISTANCE_PENALTY if days > 0 else -days, year))
    return min(distances)[1] if distances else published.year


def on_weekday(
    weekday: int, relative: str | None, published: dt.date, tense: Tense | None
) -> dt.date:
    """The date of "on Friday" / "next Monday" in an article published on ``published``.

    News reports the past week ("held on Friday" is the last Friday, or the
    publication day itself); "next" or a future tense looks ahead instead.
    """
    ahead = (weekday - published.weekday()) % 7
    if relative == "next" or (tense == "future" and relative != "last"):
        return published + dt.timedelta(days=ahead or (7 if relative == "next" else 0))
    behind = (published.weekday() - weekday) % 7
    if relative == "last" and not behind:
        behind = 7
    return published - dt.timedelta(days=behind)


def infer_month(day: int, published: dt.date, tense: Tense | None) -> dt.date | None:
    """The date of a day written without month ("19日"): last, this or next month.

    Future tense never looks back, past tense never ahead; otherwise the
    nearest, future dates counting a little farther (as in infer_year).
    """

    def cost(date: dt.date) -> float:
        days = (date - published).days
        if (tense == "future" and days < 0) or (tense == "past" and days > 0):
            return math.inf
        return days * FUTURE_DISTANCE_PENALTY if days > 0 else -days

    index = published.year * 12 + published.month - 1
    candidates = [make_date((index + s) // 12, (index + s) % 12 + 1, day) for s in (-1, 0, 1)]
    valid = [date for date in candidates if date is not None and cost(date) < math.inf]
    return min(valid, key=cost, default=None)


def resolve(
    mention: DateMention, tense: Tense | None, published: dt.date | None
) -> tuple[dt.date, dt.date | None] | None:
    """Give a mention its year(s): (first day, last day or None), or None.

    ``tense`` is the tense of the mention's sentence (``sentence_tense``).
    """
    if published is None and mention.year is None:
        return None
    if published is not None and mention.shift is not None:
        return published + dt.timedelta(days=mention.shift), None
    if published is not None and mention.weekday is not None:
        day = on_weekday(mention.weekday, mention.relative, published, tense)
        return day, None
    if published is not None and mention.month == UNKNOWN_MONTH:
        near = infer_month(mention.day, published, tense)
        if near is None:
            return None
        end_month = near.month if mention.end_day else None
        mention = replace(mention, year=near.year, month=near.month, end_month=end_month)
    year = mention.year
    if year is None and published is not None:
        year = infer_year(mention.month, mention.day, published, tense)
    if year is None or mention.month == UNKNOWN_MONTH:
        return None
    first = make_date(year, mention.month, mention.day)
    return None if first is None else (first, range_end(mention, first))


def range_end(mention: DateMention, first: dt.date) -> dt.date | None:
    """The last day of a range, or None for a one-day date or a nonsense range."""
    if mention.end_day is None or mention.end_month is None:
        return None
    year = mention.end_year or first.year + (1 if mention.end_month < first.month else 0)
    last = make_date(year, mention.end_month, mention.end_day)
    return last if last is not None and last > first else None
