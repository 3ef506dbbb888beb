"""The date grammar: every way a date is written on the pages healthwatch reads.

General-purpose parsers get these pages wrong (htmldate keeps only the year of
``2024年4月19日``; dateparser drops ``Updated: 2023-12-21``), so healthwatch
reads dates with a small grammar of its own: ISO-like numbers, Chinese
``年月日`` (in Arabic or Chinese numerals), English month names, day-only
Chinese dates (``18日``), "the 25th", weekdays and the days named from the
day of writing ("today", "昨天"), with ranges.  A match becomes a
``DateMention``; giving it a year is the business of ``crawler.analysis.event_dates``.
Dates are calendar dates as printed: no time zone is ever applied.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
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
_MON = rf"(?<![A-Za-z])(?:{_MONTH_ALT})\b\.?"  # "09Sep 2021": glued to the day
MONTH_NAME_RE = _MON  # regex source: a month name ("April", "Dec.")
_DAY_DIGITS = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY = rf"{_DAY_DIGITS}\b"
# "Jan,07th,2016": a comma between month and day only before an ordinal or a
# leading zero ("in May, 5 hospitals" is no date).
_MON_DAY_GAP = r"(?:\s*|\s*,\s*(?=0\d|\d{1,2}(?:st|nd|rd|th)\b))"
_YEAR = r"(?:19|20)\d{2}\b"
_TO_EN = r"\s*(?:-|–|—|~|to|through|thru|until|till|and)\s*"
_TO_ZH = r"\s*(?:至|到|-|–|—|~|－)\s*"
_AND_ZH = r"\s*(?:及|和|与)\s*"  # "16日及17日": the next day too
_DAY_PART = "|".join(vocab.DAY_PARTS_ZH)
_NOT_AFTER_DAY_ZH = "".join(vocab.DAY_COUNT_AFTER_ZH)
_NOT_BEFORE_DAY_ZH = "".join(vocab.DAY_COUNT_BEFORE_ZH)

# "April 20", "Dec. 16", "March 3-5, 2024", "April 28 to May 2", "November 3th, 2020"
MONTH_FIRST_RE = re.compile(
    rf"(?P<mon>{_MON}){_MON_DAY_GAP}(?P<d>{_DAY})"
    rf"(?:{_TO_EN}(?:(?P<mon2>{_MON})\s*)?(?P<d2>{_DAY}))?"
    rf"(?:,?\s*(?P<y>{_YEAR}))?"
)
# "20-21 April", "16 December 2023", "3rd of May, 2024", "09Sep 2021",
# "29th January to 1st February 2024"
DAY_FIRST_RE = re.compile(
    rf"(?<![\d.:/-])\b(?P<d>{_DAY_DIGITS})"
    rf"(?:\b(?:{_TO_EN}(?P<d2>{_DAY}))?\s+(?:of\s+)?|(?=[A-Z]))(?P<mon>{_MON})"
    rf"(?:{_TO_EN}(?P<d3>{_DAY})\s+(?:of\s+)?(?P<mon2>{_MON}))?"
    rf"(?:,?\s*(?P<y>{_YEAR}))?"
)
# "2024年4月19日", "4月20日至21日", "4月20日—21日", "4月28日至5月2日", "10月26日上午",
# "5月16日及17日" (two days running)
CHINESE_RE = re.compile(
    rf"(?<!\d)(?:(?P<y>\d{{4}})\s*年\s*)?(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]?"
    rf"(?:{_TO_ZH}(?:(?P<y2>\d{{4}})\s*年\s*)?(?:(?P<m2>\d{{1,2}})\s*月\s*)?(?P<d2>\d{{1,2}})\s*[日号]"
    rf"|{_AND_ZH}(?P<d3>\d{{1,2}})\s*[日号])?"
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
# "15/05/2019", "24/5/2025", "09.09.2021": day first, as most of the world writes
# it; month first only when the first number cannot be a month ("12/25/2024").
NUMERIC_DMY_RE = re.compile(
    r"(?<![\d./-])(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})(?![\d])"
)
# "19日上午", "峰会18日在厦门举行", "19日至21日": Chinese news often gives only the
# day of the current month.  Not "3日内" (within three days), "5日起" (from the
# 5th on), "每月15日" (monthly) nor "近3日" (the last three days).
CHINESE_DAY_RE = re.compile(
    rf"(?<![0-9A-Za-z.:/{_NOT_BEFORE_DAY_ZH}])(?P<d>\d{{1,2}})"
    rf"(?:\s*日(?:{_TO_ZH}(?P<d2>\d{{1,2}})\s*日)?|\s*[至到]\s*(?P<d3>\d{{1,2}})\s*日)"
    rf"(?![{_NOT_AFTER_DAY_ZH}])(?:\s*(?:{_DAY_PART}))?"
)
# "On the 25th, …": an English day of the month without its month.
# "On the 25th, …": an English day of the month without its month, before a
# clause mark or a place ("on the 5th floor" is no date).
ORDINAL_DAY_RE = re.compile(
    r"(?<=\b[Oo]n the )(?P<d>\d{1,2})(?:st|nd|rd|th)\b"
    r"(?=\s*[,.;:)]|\s+(?:at|in|when|with)\b)"
)
# "today", "yesterday", "明天": a day counted from the day of writing.
_RELATIVE_DAYS = MappingProxyType(dict(vocab.RELATIVE_DAYS))
RELATIVE_DAY_RE = re.compile(
    r"\b(?:"
    + "|".join(w for w in _RELATIVE_DAYS if w.isascii())
    + r")\b|"
    + "|".join(w for w in _RELATIVE_DAYS if not w.isascii()),
    re.IGNORECASE,
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
JOIN_GAP = 12  # at most this many characters between the two ends of a range
RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|~|－|to|through|thru|until|till|至|到)\s*", re.IGNORECASE)
UNKNOWN_MONTH = 0  # a DateMention's month when only the day (or weekday) was written
DATE_PATTERNS = (
    NUMERIC_RE, NUMERIC_DMY_RE, CHINESE_RE, CHINESE_NUMERAL_RE, MONTH_FIRST_RE, DAY_FIRST_RE,
    CHINESE_DAY_RE, ORDINAL_DAY_RE, WEEKDAY_RE, RELATIVE_DAY_RE,
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
    shift: int | None = None  # "today" 0, "yesterday" -1: days from the day of writing

    @property
    def written(self) -> bool:
        """A calendar date as written (not a weekday, not "today")."""
        return self.weekday is None and self.shift is None


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
    start, end = match.start(), match.end()
    if match.re is WEEKDAY_RE:
        weekday = vocab.WEEKDAY_NAMES.index(match.group("wd").lower())
        relative = (groups["rel"] or "").lower() or None
        return DateMention(start, end, UNKNOWN_MONTH, 0, weekday=weekday, relative=relative)
    if match.re is RELATIVE_DAY_RE:
        return DateMention(
            start, end, UNKNOWN_MONTH, 0, shift=_RELATIVE_DAYS[match.group().lower()]
        )
    month, day = _month(groups, "m"), _int(groups["d"])
    if match.re in (CHINESE_DAY_RE, ORDINAL_DAY_RE):
        month = UNKNOWN_MONTH
    if match.re is NUMERIC_DMY_RE and month is not None and day is not None and month > 12:
        month, day = day, month  # "12/25/2024"
    if month is None or day is None:
        return None
    if match.re is CHINESE_RE and not re.search(r"\d\s*[日号]", match.group()):
        return None  # "4月20" without 日 is a ratio or a count, not a date
    end_day = _int(groups.get("d2")) or _int(groups.get("d3"))
    if match.re is CHINESE_RE and groups.get("d3") and end_day != day + 1:
        end_day = None  # "5日和12日": two days, not a range
    end_month = _month(groups, "m2") or (month if end_day else None)
    year, end_year = _int(groups.get("y")), _int(groups.get("y2"))
    if year and end_day and end_month and match.re in (MONTH_FIRST_RE, DAY_FIRST_RE):
        # "Dec. 30 to Jan. 2, 2025": the year written last is the range's end's
        end_year, year = year, year - (1 if end_month < month else 0)
    return DateMention(start, end, month, day, year, end_month, end_day, end_year)


def _joined(first: DateMention, second: DateMention) -> DateMention:
    """ "29 Dec 2024 - 2 Jan 2025", "April 28, 2024 to May 2, 2024": one range."""
    return replace(
        first,
        end=second.end,
        end_month=second.month,
        end_day=second.day,
        end_year=second.year,
    )


def _joins(text: str, first: DateMention, second: DateMention) -> bool:
    """Two written dates with only a range word between them."""
    if not (first.written and second.written) or first.end_day or second.end_day:
        return False
    if UNKNOWN_MONTH in (first.month, second.month) or second.start - first.end > JOIN_GAP:
        return False
    return RANGE_JOIN_RE.fullmatch(text, first.end, second.start) is not None


def find_mentions(text: str) -> list[DateMention]:
    """All date mentions in (normalised) text, in order, without overlaps; two
    full dates joined by a range word ("… to …", "…至…") make one range."""
    found = [
        mention
        for pattern in DATE_PATTERNS
        for match in pattern.finditer(text)
        if (mention := _mention(match)) is not None
    ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        if kept and _joins(text, kept[-1], mention):
            kept[-1] = _joined(kept[-1], mention)
        else:
            kept.append(mention)
    return kept
