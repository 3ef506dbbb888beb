"""Is the event still ahead, already held, postponed or cancelled?

Relative to the publication date when both dates are known; otherwise by the
tense of the title and lead ("will be held" / "was held").  "Postponed" and
"cancelled" win when the title or lead says so of an event.  Pure.
"""

from __future__ import annotations

import datetime as dt
import re

from crawler.analysis.date_inference import tense_cues
from crawler.analysis.event_dates import EventDates
from crawler.analysis.facts import NOT_EVENT_RE, Zone, snippet
from crawler.analysis.language import blank, normalise, sentence_spans, terms_pattern
from crawler.analysis.vocabulary import events as vocab
from crawler.analysis.vocabulary import time as vocab_time
from crawler.items import EventStatus

EVENT_NOUN_RE = terms_pattern(
    vocab.FORUM_NOUNS_EN + vocab.FORUM_NOUNS_ZH + vocab.SIGNING_STRONG + vocab.LAUNCH_STRONG
)
POSTPONED_RE = terms_pattern(vocab_time.POSTPONED_WORDS)
CANCELLED_RE = terms_pattern(vocab_time.CANCELLED_WORDS)
STATUS_WORDS: tuple[tuple[re.Pattern[str], EventStatus], ...] = (
    (CANCELLED_RE, "cancelled"),  # "postponed, then cancelled" is cancelled
    (POSTPONED_RE, "postponed"),
)


def _status_word(text: str) -> tuple[EventStatus, str] | None:
    """ "cancelled"/"postponed" said of an event, in a sentence that names one."""
    for start, end in sentence_spans(text):
        sentence = normalise(text[start:end])
        if not EVENT_NOUN_RE.search(blank(sentence, NOT_EVENT_RE)):
            continue
        for pattern, status in STATUS_WORDS:
            if pattern.search(sentence):
                return status, text[start:end].strip()
    return None


def _status_by_date(dates: EventDates | None, published: dt.date | None) -> EventStatus | None:
    """Upcoming when the event starts after publication; held when it has started
    by then (an expo still running on its publication day is held)."""
    if dates is None or published is None:
        return None
    return "upcoming" if dates.start > published else "held"


def _sentence_of(text: str, part: str) -> str:
    """The sentence of ``text`` that holds ``part`` (``part`` itself if absent)."""
    index = text.find(part)
    return part if index < 0 else snippet(text, index, index + len(part))


def _status_by_tense(text: str) -> EventStatus | None:
    future, past = tense_cues(text)
    if future == past:
        return None
    return "upcoming" if future > past else "held"


def event_status(
    zones: tuple[Zone, ...], dates: EventDates | None, published: dt.date | None
) -> tuple[EventStatus, str | None]:
    """Cancelled/postponed if the title or lead says so; else by date; else by tense;
    else cancelled/postponed said in the body."""
    by_name = {zone.name: zone.text for zone in zones}
    front = by_name["title"] + "\n" + by_name["lead"]
    if said := _status_word(front):
        return said
    if dates and (by_date := _status_by_date(dates, published)):
        return by_date, _sentence_of(by_name["lead"] + "\n" + by_name["body"], dates.text)
    if by_tense := _status_by_tense(normalise(front)):
        return by_tense, by_name["lead"].strip() or by_name["title"].strip()
    if said := _status_word(by_name["body"]):
        return said
    return "unknown", None
