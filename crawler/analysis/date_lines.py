"""Where a date stands on its line: the page's own date, an event's schedule, a signature.

- A **date line** is the page's own date: a publication label before it
  ("Updated:", "发布：", "来源：…"), a clock time after it, page furniture
  around it ("2023-10-09 【字号】【打印】 浏览次数：1203", "| Views | Print"), a
  byline after it ("2017-11-13 经济日报 记者…"), or a wire dateline with a full
  date ("HONG KONG, July 31, 2013 /PRNewswire/ --", "成都2016年9月27日电").
- A **schedule** line gives the event's date under a generic label: "时间："
  compounded with the event (会议时间, 开幕时间, "Event date:") or in a block
  with a place label ("时间：…" / "地点：…", "Date:" / "Venue:").  It is the
  event's date, never the page's.
- A **signature** (落款) is a date alone on its line below the issuing body's
  name, after the text: a notice's signing date, not its publication date.
- Some labels name a date that is neither: a forum member's registration
  ("注册时间"), a policy's effective date ("生效日期"), a deadline.

Every question about one date looks at a window around it or at a fact of
its line computed once (``DatedText``), so a page stays linear in its size
however many dates it packs.  Used by ``crawler.analysis.dates``
(publication) and ``crawler.analysis.event_dates``.  Pure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from crawler.analysis.date_grammar import MONTH_NAME_RE, DateMention, find_mentions
from crawler.analysis.language import CJK_RE, body_start, is_paragraph, terms_pattern
from crawler.analysis.vocabulary import date_lines as vocab_lines
from crawler.analysis.vocabulary import dates as vocab_dates
from crawler.analysis.vocabulary import facts as vocab_facts
from crawler.analysis.vocabulary import time as vocab

LABEL_REACH = 60  # how far from a date, on its line, a label still counts
BYLINE_REACH = 24  # how far after a date a byline ("记者…", "By …") makes it the page's
SIGNATURE_NAME_MAX = 60  # an issuing body's name on its own line is short
DATELINE_REACH = 60  # a dateline date sits this near the start of its line

NEWLINE_RE = re.compile(r"\n")
TIME_AFTER_RE = re.compile(r"\s*(?:T|\s)?\d{1,2}:\d{2}(?::\d{2})?")
# A label counts when a colon, a bar or the date itself follows it: "Updated:
# 2023-12-21", "发布时间：", "【Release time】:", "Posted April 5", "last updated
# on 14 Mar 2020" (not "for the first time on May 5"); not "at the same time,".
_PAGE_LABELS = set(vocab_lines.PUBLISHED_LABELS) - set(vocab_lines.GENERIC_DATE_LABELS)
_LABEL_END = r"\s*(?:[\]】)）]\s*)?(?:[:：|]|{on}(?=\d)|{on}(?={month}))"
LABEL_RE = re.compile(
    rf"(?:{terms_pattern(vocab_lines.GENERIC_DATE_LABELS).pattern})"
    + _LABEL_END.format(on="", month=MONTH_NAME_RE)
    + rf"|(?:{terms_pattern(_PAGE_LABELS).pattern})"
    + _LABEL_END.format(on=r"(?:on\s+)?", month=MONTH_NAME_RE),
    re.IGNORECASE,
)
GENERIC_LABEL_RE = terms_pattern(vocab_lines.GENERIC_DATE_LABELS)
QUALIFIER_BEFORE_RE = re.compile(
    rf"(?:{terms_pattern(vocab_lines.SCHEDULE_QUALIFIERS).pattern})\s*$", re.IGNORECASE
)
# "注册时间: 2009-12-11", "生效日期: | 2024-10-31": right before the date on its line.
NOT_PAGE_LABEL_RE = re.compile(
    rf"(?:{terms_pattern(vocab_lines.NOT_PAGE_DATE_LABELS).pattern})[\s:：|]*$", re.IGNORECASE
)
PLACE_LABEL_RE = re.compile(
    rf"(?:^|\s)(?:{terms_pattern(vocab_facts.PLACE_LABELS).pattern})\s*[:：]", re.IGNORECASE
)
FURNITURE_RE = terms_pattern(vocab_lines.PAGE_FURNITURE_MARKS)
BYLINE_RE = terms_pattern(vocab_lines.BYLINE_MARKS)
CLAUSE_MARK_RE = re.compile(r"[,，;；。!?！？]")
RENDER_TIME_RE = terms_pattern(vocab_lines.RENDER_TIME_MARKERS)
SIGNATURE_ORG_EN_RE = terms_pattern(vocab_dates.SIGNATURE_ORG_WORDS_EN)
_AGENCIES = "|".join(re.escape(name) for name in vocab_dates.NEWS_AGENCIES)
_REPORTER = "|".join(
    re.escape(word) for word in (*vocab_lines.BYLINE_MARKS, "Reporter", "reporter")
)
# After a dateline's date: "电"/"讯" (not 电商 …), "(Xinhua)", "/PRNewswire/", "--".
DATELINE_AFTER_RE = re.compile(
    rf"\s*(?:(?:{'|'.join(vocab_dates.DATELINE_MARKS_ZH)})"
    rf"(?![{''.join(vocab_dates.NOT_DATELINE_AFTER_ZH)}])"
    rf"|,?\s*\((?:{_AGENCIES})\)|,?\s*[(（]\s*(?:{_REPORTER})|\.?\s*/\s*[^/\n]{{2,30}}/"
    rf"|\s*(?:--|—|–)\s)"
)
# Before a dateline's date, from the start of its line: an upper-case city, maybe
# a region, maybe an agency's bracket ("HONG KONG, ", "BEIJING, China, ",
# "DUBAI, (… WAM - ").
DATELINE_BEFORE_RE = re.compile(
    r"(?:^|\)\s*)[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*,\s*"
    r"(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*,\s*)?(?:\([^()\n]*[-–—]\s*)?$"
)
# A date opening the title or a header line (after a label, a weekday, a
# bracket) and followed by a space, a bracket or nothing: a page's own date
# line, not a sentence.
OPENING_BEFORE_RE = re.compile(
    rf"^\W*(?:(?:{terms_pattern(vocab_lines.PUBLISHED_LABELS).pattern})\W*)?"
    rf"(?:(?:{'|'.join(vocab.WEEKDAY_NAMES)})\W*)?$",
    re.IGNORECASE,
)
OPENING_AFTER_RE = re.compile(r"\s*$|\s+\S|\s*[\[【(（|-]")


@dataclass(frozen=True)
class Line:
    """Facts of one line, computed once however many dates it holds."""

    start: int
    end: int
    stripped: str
    furniture: bool  # a toolbar line (字号, 打印, Views, Print), not prose
    marks: bool  # furniture words or a non-generic publication label anywhere on it
    block: bool  # a place label on it or on the line just above or below
    under_body: bool  # the line above names an issuing body ("…办公室")
    render_time: bool  # a footer printing when the page was generated (no page label on it)


class DatedText:
    """A normalised text with its dates and its lines, read once.

    ``title_end`` is the end of the title line when the caller put the
    page's title above its text (a title that opens with a date is the page's
    date line).
    """

    def __init__(self, text: str, title_end: int = -1) -> None:
        self.text = text
        self.title_end = title_end
        self.mentions = find_mentions(text)
        self.mention_starts = [mention.start for mention in self.mentions]
        self.line_starts = [0, *(match.end() for match in NEWLINE_RE.finditer(text))]
        below_title = title_end + 1
        self.body = (
            body_start(text[below_title:]) + below_title if title_end >= 0 else body_start(text)
        )
        self._lines: dict[int, Line] = {}

    def before(self, mention: DateMention) -> int:
        """The end of the date before ``mention`` (0 if none): its labels are not ours."""
        index = bisect.bisect_left(self.mention_starts, mention.start)
        return self.mentions[index - 1].end if index > 0 else 0

    def after(self, mention: DateMention) -> int:
        """The start of the date after ``mention`` (the text's end if none)."""
        index = bisect.bisect_right(self.mention_starts, mention.start)
        return self.mentions[index].start if index < len(self.mentions) else len(self.text)

    def line_index(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def bounds(self, index: int) -> tuple[int, int]:
        """(start, end) of line ``index`` (out of range: an empty span)."""
        if not 0 <= index < len(self.line_starts):
            return 0, 0
        start = self.line_starts[index]
        following = index + 1 < len(self.line_starts)
        return start, self.line_starts[index + 1] - 1 if following else len(self.text)

    def line(self, offset: int) -> Line:
        """The facts of the line holding ``offset``."""
        index = self.line_index(offset)
        if index not in self._lines:
            self._lines[index] = self._read_line(index)
        return self._lines[index]

    def _raw(self, index: int) -> str:
        start, end = self.bounds(index)
        return self.text[start:end]

    def _read_line(self, index: int) -> Line:
        start, end = self.bounds(index)
        raw = self.text[start:end]
        stripped = raw.strip()
        paragraph = is_paragraph(stripped)
        furniture = FURNITURE_RE.search(raw) is not None
        labels = [m for m in LABEL_RE.finditer(raw) if not GENERIC_LABEL_RE.match(raw, m.start())]
        above, below = self._raw(index - 1), self._raw(index + 1)
        block = any(PLACE_LABEL_RE.search(line) for line in (raw, above, below))
        return Line(
            start=start,
            end=end,
            stripped=stripped,
            furniture=furniture and not paragraph,
            marks=furniture or bool(labels),
            block=block,
            under_body=_names_a_body(above),
            render_time=not labels and RENDER_TIME_RE.search(raw) is not None,
        )


def _names_a_body(line: str) -> bool:
    """An issuing body's name on its own line: "上海市医院协会", "Conference Secretariat"."""
    line = line.strip()
    if not line or len(line) > SIGNATURE_NAME_MAX or is_paragraph(line):
        return False
    if CJK_RE.search(line):
        return line.endswith(vocab_facts.ORG_SUFFIXES_ZH + vocab_dates.SIGNATURE_BODY_SUFFIXES_ZH)
    return SIGNATURE_ORG_EN_RE.search(line) is not None


def _is_schedule_label(page: DatedText, label: re.Match[str], line: Line) -> bool:
    """A generic label ("时间：", "Date:") that heads an event's date, not the page's:
    compounded (会议时间), in a block with a place label, or below the first
    paragraph, unless page furniture or another page label shares its line
    ("时间:2021-10-24 13:26 来源:…")."""
    text = page.text
    if GENERIC_LABEL_RE.match(text, label.start()) is None:  # "发布时间", "Publish date"
        return False
    before = text[max(line.start, label.start() - 20) : label.start()]
    if QUALIFIER_BEFORE_RE.search(before) is not None or line.block:
        return True
    return label.start() > page.body and not line.marks and label.start() >= page.title_end


def _labels(page: DatedText, mention: DateMention, left: int, right: int) -> list[re.Match[str]]:
    """Publication labels in ``text[left:right]`` (schedule labels left out)."""
    line = page.line(mention.start)
    return [
        label
        for label in LABEL_RE.finditer(page.text, left, right)
        if not _is_schedule_label(page, label, line)
    ]


def _reach(page: DatedText, mention: DateMention) -> int:
    """Where labels of ``mention`` may start: on its line, near it, after the date before it."""
    return max(page.line(mention.start).start, mention.start - LABEL_REACH, page.before(mention))


def is_schedule(page: DatedText, mention: DateMention) -> bool:
    """The date under an event's "时间：" / "Date:" label (see the module docstring)."""
    left = _reach(page, mention)
    labels = list(LABEL_RE.finditer(page.text, left, mention.start))
    return bool(labels) and not _labels(page, mention, left, mention.start)


def is_other_date(page: DatedText, mention: DateMention) -> bool:
    """A labelled date that is neither the page's nor an event's ("注册时间:", "生效日期:"),
    the label before it on its line or alone on the line above."""
    line = page.line(mention.start)
    before = page.text[_reach(page, mention) : mention.start]
    if not before.strip() and line.start > 0:  # the date opens its line
        before = page.text[max(0, line.start - 1 - LABEL_REACH) : line.start - 1]
    return NOT_PAGE_LABEL_RE.search(before) is not None


def label_start(page: DatedText, mention: DateMention) -> int | None:
    """Offset of a publication label before the date on its line, if any."""
    # up to the date's end: "Posted 2024-5-20" needs the digit after the label
    labels = [
        m for m in _labels(page, mention, _reach(page, mention), mention.end)
        if m.start() < mention.start
    ]  # fmt: skip
    return labels[0].start() if labels else None


def is_dateline(page: DatedText, mention: DateMention) -> bool:
    """A date opening a report: "人民网海口4月21日电", "BEIJING, April 21 (Xinhua) --",
    "HONG KONG, July 31, 2013 /PRNewswire/ --"."""
    line_start = page.line(mention.start).start
    if mention.start - line_start > DATELINE_REACH:
        return False
    if DATELINE_AFTER_RE.match(page.text, mention.end):
        return True
    before = page.text[line_start : mention.start]
    return mention.year is not None and DATELINE_BEFORE_RE.search(before) is not None


def _has_byline_after(page: DatedText, mention: DateMention) -> bool:
    """ "2017-11-13 经济日报 记者王某/台北报导": a byline right after the date."""
    line = page.line(mention.start)
    after = page.text[mention.end : min(line.end, mention.end + BYLINE_REACH)]
    byline = BYLINE_RE.search(after)
    return byline is not None and CLAUSE_MARK_RE.search(after, 0, byline.start()) is None


def opens_header_line(page: DatedText, mention: DateMention) -> bool:
    """A full date opening the title or a header line above the first paragraph,
    then a space, a bracket or nothing: "date 2023-01-30 Dubai: …", "Sunday,
    September 6, 2009", "2022/05/15 【…】"; not a sentence ("2024年4月19日，大会…")."""
    if mention.year is None or is_schedule(page, mention):
        return False
    line = page.line(mention.start)
    if line.end > max(page.body, page.title_end) or mention.start - line.start > LABEL_REACH:
        return False
    before = page.text[line.start : mention.start]
    after = page.text[mention.end : line.end]
    return bool(OPENING_BEFORE_RE.match(before) and OPENING_AFTER_RE.match(after))


def is_date_line(page: DatedText, mention: DateMention) -> bool:
    """A page's own date: with a clock time, a publication label, page furniture,
    a byline, or as a wire dateline with its year."""
    if is_schedule(page, mention) or is_other_date(page, mention):
        return False
    if TIME_AFTER_RE.match(page.text, mention.end):
        return True
    line = page.line(mention.start)
    right = min(line.end, mention.end + LABEL_REACH, page.after(mention))
    if _labels(page, mention, _reach(page, mention), right) or line.furniture:
        return True
    if mention.year is None:
        return False
    return _has_byline_after(page, mention) or is_dateline(page, mention)


def is_render_time(page: DatedText, mention: DateMention) -> bool:
    """A BBS or CMS footer line printing when the page was generated."""
    return page.line(mention.start).render_time


def is_signature(page: DatedText, mention: DateMention) -> bool:
    """A notice's signing date: alone on its line under the issuing body, after the text."""
    line = page.line(mention.start)
    if line.start <= page.body or len(line.stripped) > (mention.end - mention.start) + 8:
        return False
    return line.under_body
