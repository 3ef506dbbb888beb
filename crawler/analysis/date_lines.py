"""Where a date stands on its line: the page's own date, an event's schedule, a signature.

- A **date line** is the page's own date: a publication label before it
  ("Updated:", "发布：", "来源：…"), a clock time after it, or page furniture
  around it ("2023-10-09 【字号】【打印】 浏览次数：1203", "| Views | Print").
- A **schedule** line gives the event's date under a generic label: "时间："
  compounded with the event (会议时间, 开幕时间, "Event date:") or in a block
  with a place label ("时间：…" / "地点：…", "Date:" / "Venue:").  It is the
  event's date, never the page's.
- A **signature** (落款) is a date alone on its line below the issuing body's
  name, after the text: a notice's signing date, not its publication date.

Used by ``crawler.analysis.dates`` (publication) and ``crawler.analysis.event_dates``.  Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.analysis.date_grammar import MONTH_NAME_RE, DateMention
from crawler.analysis.language import CJK_RE, body_start, is_paragraph, terms_pattern
from crawler.analysis.vocabulary import dates as vocab_dates
from crawler.analysis.vocabulary import facts as vocab_facts
from crawler.analysis.vocabulary import time as vocab

LABEL_REACH = 60  # how far from a date, on its line, a label still counts
SIGNATURE_NAME_MAX = 60  # an issuing body's name on its own line is short

TIME_AFTER_RE = re.compile(r"\s*(?:T|\s)?\d{1,2}:\d{2}(?::\d{2})?")
# A label counts when a colon, a bar or the date itself follows it: "Updated:
# 2023-12-21", "发布时间：", "来源: 央视网 | ...", "Posted April 5"; not "at the same time,".
LABEL_RE = re.compile(
    rf"(?:{terms_pattern(vocab.PUBLISHED_LABELS).pattern})\s*(?:[:：|]|(?=\d)|(?={MONTH_NAME_RE}))",
    re.IGNORECASE,
)
GENERIC_LABEL_RE = terms_pattern(vocab.GENERIC_DATE_LABELS)
QUALIFIER_BEFORE_RE = re.compile(
    rf"(?:{terms_pattern(vocab.SCHEDULE_QUALIFIERS).pattern})\s*$", re.IGNORECASE
)
PLACE_LABEL_LINE_RE = re.compile(
    rf"^\s*(?:{terms_pattern(vocab_facts.PLACE_LABELS).pattern})\s*[:：]", re.IGNORECASE
)
FURNITURE_RE = terms_pattern(vocab.PAGE_FURNITURE_MARKS)
SIGNATURE_ORG_EN_RE = terms_pattern(vocab_dates.SIGNATURE_ORG_WORDS_EN)


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the line holding ``text[start:end]``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _neighbour_lines(text: str, line_start: int, line_end: int) -> tuple[str, str]:
    """The lines just above and just below ``text[line_start:line_end]``."""
    above_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    above = text[above_start : max(above_start, line_start - 1)]
    below_end = text.find("\n", line_end + 1)
    below = text[line_end + 1 : len(text) if below_end < 0 else below_end]
    return above, below


@lru_cache(maxsize=4)
def _body_start(text: str) -> int:
    """``language.body_start``, once per text (every date on a page asks)."""
    return body_start(text)


def _is_schedule_label(text: str, label: re.Match[str], in_block: bool) -> bool:
    """A generic label ("时间：", "Date:") that heads an event's date, not the page's:
    compounded (会议时间), in a block with a place label, or below the first paragraph."""
    if GENERIC_LABEL_RE.match(text, label.start()) is None:  # "发布时间", "Publish date"
        return False
    before = text[max(0, label.start() - 20) : label.start()]
    compounded = QUALIFIER_BEFORE_RE.search(before) is not None
    return compounded or in_block or label.start() >= _body_start(text)


def _labels(text: str, mention: DateMention, left: int, right: int) -> list[re.Match[str]]:
    """Publication labels in ``text[left:right]`` (schedule labels left out)."""
    line_start, line_end = line_bounds(text, mention.start, mention.end)
    above, below = _neighbour_lines(text, line_start, line_end)
    in_block = any(PLACE_LABEL_LINE_RE.match(line) for line in (above, below))
    return [
        label
        for label in LABEL_RE.finditer(text, left, right)
        if not _is_schedule_label(text, label, in_block)
    ]


def is_schedule(text: str, mention: DateMention) -> bool:
    """The date under an event's "时间：" / "Date:" label (see the module docstring)."""
    line_start, _ = line_bounds(text, mention.start, mention.end)
    left = max(line_start, mention.start - LABEL_REACH)
    labels = list(LABEL_RE.finditer(text, left, mention.start))
    return bool(labels) and not _labels(text, mention, left, mention.start)


def label_start(text: str, mention: DateMention) -> int | None:
    """Offset of a publication label before the date on its line, if any."""
    line_start, _ = line_bounds(text, mention.start, mention.end)
    reach = max(line_start, mention.start - LABEL_REACH)
    # up to the date's end: "Posted 2024-5-20" needs the digit after the label
    labels = [m for m in _labels(text, mention, reach, mention.end) if m.start() < mention.start]
    return labels[0].start() if labels else None


def _is_furniture_line(line: str) -> bool:
    """A toolbar line (字号, 打印, Views, Print) rather than prose."""
    return FURNITURE_RE.search(line) is not None and not is_paragraph(line)


def is_date_line(text: str, mention: DateMention) -> bool:
    """A page's own date: with a clock time, a publication label or page furniture."""
    if is_schedule(text, mention):
        return False
    if TIME_AFTER_RE.match(text, mention.end):
        return True
    line_start, line_end = line_bounds(text, mention.start, mention.end)
    left = max(line_start, mention.start - LABEL_REACH)
    right = min(line_end, mention.end + LABEL_REACH)
    return bool(_labels(text, mention, left, right)) or _is_furniture_line(
        text[line_start:line_end]
    )


def _names_a_body(line: str) -> bool:
    """An issuing body's name on its own line: "上海市医院协会", "Conference Secretariat"."""
    line = line.strip()
    if not line or len(line) > SIGNATURE_NAME_MAX or is_paragraph(line):
        return False
    if CJK_RE.search(line):
        return line.endswith(vocab_facts.ORG_SUFFIXES_ZH + vocab_dates.SIGNATURE_BODY_SUFFIXES_ZH)
    return SIGNATURE_ORG_EN_RE.search(line) is not None


def is_signature(text: str, mention: DateMention) -> bool:
    """A notice's signing date: alone on its line under the issuing body, after the text."""
    line_start, line_end = line_bounds(text, mention.start, mention.end)
    if (
        line_start <= body_start(text)
        or len(text[line_start:line_end].strip()) > (mention.end - mention.start) + 8
    ):
        return False
    above, _ = _neighbour_lines(text, line_start, line_end)
    return _names_a_body(above)
