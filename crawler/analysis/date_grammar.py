"""The date grammar: every way a date is written on the pages healthwatch reads.

General-purpose parsers get these pages wrong (htmldate keeps only the year of
``2024年4月19日``; dateparser drops ``Updated: 2023-12-21``), so healthwatch
reads dates with a small grammar of its own: ISO-like numbers, Chinese
``年月日`` (in Arabic or Chinese numerals), English month names, day-only
Chinese dates (``18日``) and weekdays, with ranges.  A match becomes a
``DateMention``; giving it a year is the business of ``crawler.analysis.event_dates``.
Dates are calendar dates as printed: no time zone is ever applied.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from types import MappingProxyType

from crawler.analysis.numerals import ZH_DAY, ZH_MONTH, ZH_YEAR, chinese_number, is_chinese_number
from crawler.analysis.vocabulary import time as vocab

MIN_YEAR = 1980  # older "dates" on a news page are history, not publication
MAX_YEAR = 2100

_MONTHS = MappingProxyType(dict(vocab.MONTH_NAMES))
_MONTH_ALT = "|".join(
    form
    for name, _ in sorted(vocab.MONTH_NAMES, key=lambda pair: -len(pair[0]))
    for form in (name.title(), name.upper())
)
_MON = rf"\b(?:{_MONTH_ALT})\b\.?"
MONTH_NAME_RE = _MON  # regex source: a month name ("April", "Dec.")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d{2}\b"
_TO_EN = r"\s*(?:-|–|—|~|to|through|thru|until|till|and)\s*"
_TO_ZH = r"\s*(?:至|到|-|–|—|~|－)\s*"
_DAY_PART = "|".join(vocab.DAY_PARTS_ZH)
_NOT_AFTER_DAY_ZH = "".join(vocab.DAY_COUNT_AFTER_ZH)
_NOT_BEFORE_DAY_ZH = "".join(vocab.DAY_COUNT_BEFORE_ZH)

# "April 20", "Dec. 16", "March 3-5, 2024", "April 28 to May 2", "November 3th, 2020"
MONTH_FIRST_RE = re.compile(
    rf"(?P<mon>{_MON})\s*(?P<d>{_DAY})"
    rf"(?:{_TO_EN}(?:(?P<mon2>{_MON})\s*)?(?P<d2>{_DAY}))?"
    rf"(?:,?\s*(?P<y>{_YEAR}))?"
)
# "20-21 April", "16 December 2023", "3rd of May, 2024"
DAY_FIRST_RE = re.compile(
    rf"(?<![\d.:/-])\b(?P<d>{_DAY})(?:{_TO_EN}(?P<d2>{_DAY}))?\s+(?:of\s+)?(?P<mon>{_MON})"
    rf"(?:,?\s*(?P<y>{_YEAR}))?"
)
# "2024年4月19日", "4月20日至21日", "4月20日—21日", "4月28日至5月2日", "10月26日上午"
CHINESE_RE = re.compile(
    rf"(?<!\d)(?:(?P<y>\d{{4}})\s*年\s*)?(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]?"
    rf"(?:{_TO_ZH}(?:(?P<y2>\d{{4}})\s*年\s*)?(?:(?P<m2>\d{{1,2}})\s*月\s*)?(?P<d2>\d{{1,2}})\s*[日号])?"
    rf"(?:\s*(?:{_DAY_PART}))?"
)
# "二〇二四年三月八日", "一月十五日", "十二月二十日至二十二日": formal Chinese numerals.
CHINESE_NUMERAL_RE = re.compile(
    rf"(?:(?P<y>{ZH_YEAR})年)?(?<![一二三四五六七八九十])(?P<m>{ZH_MONTH})月(?P<d>{ZH_DAY})[日号]"
    rf"(?:{_TO_ZH}(?:(?P<m2>{ZH_MONTH})月)?(?P<d2>{ZH_DAY})[日号])?(?:\s*(?:{_DAY_PART}))?"
)
# "2023-12-21", "2023/05/06", "2023.05.06", optionally "至2023-12-22"
NUMERIC_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"
    r"(?:\s*(?:至|到|~|to|–|—)\s*(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))?"
)
# "19日上午", "峰会18日在厦门举行", "19日至21日": Chinese news often gives only the
# day of the current month.  Not "3日内" (within three days), "5日起" (from the
# 5th on), "每月15日" (monthly) nor "近3日" (the last three days).
CHINESE_DAY_RE = re.compile(
    rf"(?<![0-9A-Za-z.:/{_NOT_BEFORE_DAY_ZH}])(?P<d>\d{{1,2}})\s*日"
    rf"(?:{_TO_ZH}(?P<d2>\d{{1,2}})\s*日)?(?![{_NOT_AFTER_DAY_ZH}])(?:\s*(?:{_DAY_PART}))?"
)
# "on Friday", "last Monday", "opened Monday": English news dates events by
# weekday; a bare weekday after a lowercase word, but not "every Friday".
_NOT_BEFORE_WEEKDAY = "".join(
    rf"(?<!\b{word} )(?<!\b{word.title()} )" for word in vocab.NOT_BEFORE_WEEKDAY_EN
)
WEEKDAY_RE = re.compile(
    rf"\b(?:[Oo]n\s+|(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+|(?<=[a-z] ){_NOT_BEFORE_WEEKDAY})(?P<wd>"
    + "|".join(name.title() for name in vocab.WEEKDAY_NAMES)
    + r")\b"
)
UNKNOWN_MONTH = 0  # a DateMention's month when only the day (or weekday) was written
DATE_PATTERNS = (
    NUMERIC_RE, CHINESE_RE, CHINESE_NUMERAL_RE, MONTH_FIRST_RE, DAY_FIRST_RE, CHINESE_DAY_RE,
    WEEKDAY_RE,
)  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """One date (or date range) as written; the year may be missing."""

    start: int
    end: int
    month: int
    day: int
    year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    end_year: int | None = None
    weekday: int | None = None  # "on Friday": 0 = Monday; month and day unknown
    relative: str | None = None  # "last", "next" or "this" before the weekday


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A real calendar date in a plausible range, or None (no 2023-02-30)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    """A number written in Arabic digits ("3rd") or in Chinese numerals ("十五")."""
    if not value:
        return None
    if is_chinese_number(value):
        return chinese_number(value)
    return int(value.rstrip("stndrh"))


def _month(groups: dict[str, str | None], key: str) -> int | None:
    """Month number from a numeric group or a month-name group."""
    name = groups.get("mon" if key == "m" else "mon2")
    if name:
        return _MONTHS.get(name.rstrip(".").lower())
    return _int(groups.get(key))


def _mention(match: re.Match[str]) -> DateMention | None:
    """Turn a grammar match into a DateMention; None when it is no date."""
    groups = match.groupdict()
    if match.re is WEEKDAY_RE:
        weekday = vocab.WEEKDAY_NAMES.index(match.group("wd").lower())
        relative = (groups["rel"] or "").lower() or None
        return DateMention(
            match.start(), match.end(), UNKNOWN_MONTH, 0, weekday=weekday, relative=relative
        )
    month, day = _month(groups, "m"), _int(groups["d"])
    if match.re is CHINESE_DAY_RE:
        month = UNKNOWN_MONTH
    if month is None or day is None:
        return None
    if match.re is CHINESE_RE and not re.search(r"\d\s*[日号]", match.group()):
        return None  # "4月20" without 日 is a ratio or a count, not a date
    end_day = _int(groups.get("d2"))
    return DateMention(
        start=match.start(),
        end=match.end(),
        month=month,
        day=day,
        year=_int(groups.get("y")),
        end_month=_month(groups, "m2") or (month if end_day else None),
        end_day=end_day,
        end_year=_int(groups.get("y2")),
    )


def find_mentions(text: str) -> list[DateMention]:
    """All date mentions in (normalised) text, in order, without overlaps."""
    found = [
        mention
        for pattern in DATE_PATTERNS
        for match in pattern.finditer(text)
        if (mention := _mention(match)) is not None
    ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DateMention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept
