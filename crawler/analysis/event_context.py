"""Context that changes what an event word means.

- On a web forum (BBS) page, "论坛"/"forum" names the website, not an event.
- A sentence about the past ("Since the 2019 agreement…", "signed in March
  2019") reports history: its event words announce nothing.
- A sentence that attaches a signing or an unveiling to the occasion ("At the
  opening ceremony, 28 projects were signed", "会上…签署", "开幕式上还将举行…
  揭牌…签约仪式") reports a side event, listed in ``Analysis.also``.

Vocabularies live in ``crawler.analysis.vocabulary.context``.  Pure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from crawler.analysis.date_grammar import MAX_YEAR, MIN_YEAR, UNKNOWN_MONTH, find_mentions
from crawler.analysis.language import (
    blank,
    near_pattern,
    sentence_at,
    sentence_spans,
    terms_pattern,
)
from crawler.analysis.vocabulary import context as vocab
from crawler.analysis.vocabulary import events as vocab_events
from crawler.event_types import kind_of
from crawler.items import EventType

WEB_FORUM_MIN_MARKERS = 2  # one "积分" or "moderator" in a news story is not enough
WEB_FORUM_SCAN_CHARS = 1500  # BBS marks sit in the page's header and footer
HISTORY_YEARS = 2  # a year this far before the article's is history
SENTENCE_WINDOW = 400  # a sentence is looked for this far around an old year
YEAR_RE = re.compile(r"(?<![\d.-])(?:19|20)\d{2}(?![\d.-]?\d)")

WEB_FORUM_MARKER_RE = terms_pattern(vocab.WEB_FORUM_MARKERS)
WEB_FORUM_WORD_RE = terms_pattern(vocab.WEB_FORUM_WORDS)
_SIDE_EN = (
    rf"\b(?:{'|'.join(vocab.SIDE_EVENT_PREPOSITIONS_EN)})\s+(?:the|this|that|its|a)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?:{'|'.join(vocab.SIDE_EVENT_PLACES_EN)})s?\b"
    r"|\b(?:was|were)\s+also\s+(?:signed|inked|launched|unveiled|inaugurated|established)\b"
)
SIDE_MARKER_RE = re.compile(
    rf"{_SIDE_EN}|{terms_pattern(vocab.SIDE_EVENT_MARKERS_ZH).pattern}", re.IGNORECASE
)
SIDE_CUES: Mapping[EventType, tuple[re.Pattern[str], ...]] = MappingProxyType(
    {
        "forum": (terms_pattern(vocab_events.FORUM_NOUNS_EN + vocab_events.FORUM_NOUNS_ZH),),
        "agreement": (
            terms_pattern(vocab_events.SIGNING_STRONG + vocab.SIDE_SIGNING_ZH),
            terms_pattern(("signed", "signing", "inked")),
            near_pattern(vocab_events.SIGN_VERBS_ZH, vocab_events.SIGN_OBJECTS_ZH, 15),
        ),
        "launch": (
            terms_pattern(vocab_events.LAUNCH_STRONG),
            near_pattern(vocab_events.LAUNCH_VERBS_EN, vocab_events.LAUNCH_OBJECTS_EN, 50),
            near_pattern(vocab_events.LAUNCH_VERBS_ZH, vocab_events.LAUNCH_OBJECTS_ZH, 12),
        ),
    }
)


# --------------------------------------------------------------------------
# Web forums.
# --------------------------------------------------------------------------


def is_web_forum(title: str, text: str) -> bool:
    """A BBS page: two different BBS marks (帖子, 楼主, "Powered by Discuz!") around it."""
    edges = f"{title}\n{text[:WEB_FORUM_SCAN_CHARS]}\n{text[-WEB_FORUM_SCAN_CHARS:]}"
    marks = {match.group().lower() for match in WEB_FORUM_MARKER_RE.finditer(edges)}
    return len(marks) >= WEB_FORUM_MIN_MARKERS


def blank_web_forum(scan: str) -> str:
    """Blank the words a web forum uses for itself (论坛, forum, BBS)."""
    return blank(scan, WEB_FORUM_WORD_RE)


# --------------------------------------------------------------------------
# History.
# --------------------------------------------------------------------------


def article_year(published: dt.date | None, text: str) -> int | None:
    """The year an article is written in: its publication year, else the latest year it names."""
    if published is not None:
        return published.year
    years = [int(found) for found in YEAR_RE.findall(text)]
    plausible = [year for year in years if MIN_YEAR <= year <= MAX_YEAR]
    return max(plausible, default=None)


def is_history(sentence: str, year: int) -> bool:
    """A sentence about years long gone ("since 2019", "signed in March 2019").

    It names a year at least HISTORY_YEARS before the article's and no
    current date: a day of this or last year, a day without a year, or a
    weekday.  "The forum, first held in 2015, opened on Monday" is current.
    """
    if not YEAR_RE.search(sentence):
        return False
    old = year - HISTORY_YEARS
    covered: list[tuple[int, int]] = []
    for mention in find_mentions(sentence):
        if mention.month == UNKNOWN_MONTH or mention.year is None or mention.year > old:
            return False
        covered.append((mention.start, mention.end))
    for match in YEAR_RE.finditer(sentence):
        inside = any(start <= match.start() < end for start, end in covered)
        if not inside and int(match.group()) > old:
            return False
    return bool(covered) or any(int(found) <= old for found in YEAR_RE.findall(sentence))


def _sentence_around(scan: str, index: int) -> tuple[int, int]:
    """The sentence of ``scan`` holding ``index``, found in a window around it
    (splitting a whole page into sentences for a few years costs too much)."""
    left = max(0, index - SENTENCE_WINDOW)
    spans = sentence_spans(scan[left : index + SENTENCE_WINDOW])
    start, end = sentence_at(spans, index - left)
    return left + start, left + end


def history_spans(norm: str, year: int | None) -> list[tuple[int, int]]:
    """(start, end) of every history sentence of ``norm``, the normalised text.

    Only sentences holding an old year are tested: most text has none.
    """
    if year is None:
        return []
    old = year - HISTORY_YEARS
    spans: list[tuple[int, int]] = []
    for match in YEAR_RE.finditer(norm):
        if int(match.group()) > old or (spans and match.start() < spans[-1][1]):
            continue
        start, end = _sentence_around(norm, match.start())
        if (not spans or start >= spans[-1][1]) and is_history(norm[start:end], year):
            spans.append((start, end))
    return spans


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span (in order, not overlapping) replaced by spaces."""
    parts = []
    last = 0
    for start, end in spans:
        parts += [text[last:start], " " * (end - start)]
        last = end
    return "".join([*parts, text[last:]]) if spans else text


# --------------------------------------------------------------------------
# Side events.
# --------------------------------------------------------------------------


def _side_kinds(sentence: str) -> Iterable[EventType]:
    """The event classes a side-event sentence reports (the marker itself not counted)."""
    without_marker = blank(sentence, SIDE_MARKER_RE)
    for kind, cues in SIDE_CUES.items():
        scan = without_marker if kind_of(kind).setting else sentence
        if any(cue.search(scan) for cue in cues):
            yield kind


def side_events(scans: Iterable[str], main: EventType) -> tuple[EventType, ...]:
    """Classes other than ``main`` of events held as part of the reported occasion.

    ``scans`` are normalised zone texts with non-events and history blanked.
    """
    found: dict[EventType, None] = {}
    for scan in scans:
        for start, end in sentence_spans(scan):
            sentence = scan[start:end]
            if SIDE_MARKER_RE.search(sentence):
                found.update(dict.fromkeys(_side_kinds(sentence)))
    found.pop(main, None)
    return tuple(found)
