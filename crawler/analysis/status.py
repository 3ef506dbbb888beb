"""Is the event still ahead, already held, postponed or cancelled?

Relative to the publication date when both dates are known (or to the
story's dateline when the page has no date); an event starting on the day of
publication is ahead only when the page announces it.  Otherwise by the tense
of the title, then the lead ("will be held" / "was held", "将在…举行" /
"在…举行"), then the body.  "Postponed" and "cancelled" win when the title or
lead says so of an event.  Pure.
"""

from __future__ import annotations

import datetime as dt
import re

from crawler.analysis.date_inference import Tense, sentence_tense
from crawler.analysis.event_dates import EventDates
from crawler.analysis.facts import NOT_EVENT_RE, Zone, snippet
from crawler.analysis.language import blank, normalise, sentence_at, sentence_spans, terms_pattern
from crawler.analysis.vocabulary import dates as vocab_dates
from crawler.analysis.vocabulary import events as vocab
from crawler.analysis.vocabulary import time as vocab_time
from crawler.items import EventStatus

EVENT_NOUN_RE = terms_pattern(
    vocab.FORUM_NOUNS_EN + vocab.FORUM_NOUNS_ZH + vocab.SIGNING_STRONG + vocab.LAUNCH_STRONG
)
# Sentences of the lead that speak of the event (not of plans for a project).
EVENT_SENTENCE_RE = terms_pattern(
    vocab.FORUM_NOUNS_EN
    + vocab.FORUM_NOUNS_ZH
    + vocab.SIGNING_STRONG
    + vocab.LAUNCH_STRONG
    + vocab_dates.CEREMONY_WORDS
)
POSTPONED_RE = terms_pattern(vocab_time.POSTPONED_WORDS)
CANCELLED_RE = terms_pattern(vocab_time.CANCELLED_WORDS)
SENTENCE_REACH = 400  # how far around a date its sentence is looked for
FOLLOWING_SENTENCES = 2  # after a sentence saying both, the next ones may say which
STATUS_WORDS: tuple[tuple[re.Pattern[str], EventStatus], ...] = (
    (CANCELLED_RE, "cancelled"),  # "postponed, then cancelled" is cancelled
    (POSTPONED_RE, "postponed"),
)


def _status_word(text: str) -> tuple[EventStatus, str] | None:
    """ "cancelled"/"postponed" said of an event, in a sentence that names one.  A
    sentence that says both ("events have been cancelled or postponed … the
    latest is the Expo") leaves it to the next sentences ("the show will be
    postponed")."""
    spans = sentence_spans(text)
    for index, (start, end) in enumerate(spans):
        sentence = normalise(text[start:end])
        if not EVENT_NOUN_RE.search(blank(sentence, NOT_EVENT_RE)):
            continue
        said = _said(sentence)
        if len(said) > 1:
            for a, b in spans[index + 1 : index + 1 + FOLLOWING_SENTENCES]:
                if len(then := _said(normalise(text[a:b]))) == 1:
                    return then[0], text[a:b].strip()
        if said:
            return said[0], text[start:end].strip()
    return None


def _said(sentence: str) -> list[EventStatus]:
    return [status for pattern, status in STATUS_WORDS if pattern.search(sentence)]


def _status_by_date(
    dates: EventDates | None, published: dt.date | None, tense: Tense | None
) -> EventStatus | None:
    """Upcoming when the event starts after publication (or on its day, when the
    page announces it); held when it has started by then (an expo still
    running on its publication day is held)."""
    reference = published or (dates.reference if dates else None)
    if dates is None or reference is None:
        return None
    if dates.start > reference or (dates.start == reference and tense == "future"):
        return "upcoming"
    return "held"


def _sentence_of(text: str, part: str) -> str:
    """The sentence of ``text`` that holds ``part`` (``part`` itself if absent)."""
    index = text.find(part)
    return part if index < 0 else snippet(text, index, index + len(part))


def _whole_sentence(text: str, part: str) -> str:
    """The whole sentence of ``text`` around ``part`` (for its tense)."""
    index = text.find(part)
    if index < 0:
        return part
    left = max(0, index - SENTENCE_REACH)
    window = text[left : index + len(part) + SENTENCE_REACH]
    start, end = sentence_at(sentence_spans(window), index - left)
    return window[start:end]


def _tense(text: str, unmarked: bool, of_event: bool = False) -> Tense | None:
    """The tense most sentences of ``text`` are in (the first's on a tie);
    ``unmarked``: verbs without tense count as a report (see ``sentence_tense``);
    ``of_event``: only sentences that name an event vote."""
    votes = []
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        if not of_event or EVENT_SENTENCE_RE.search(sentence):
            votes.append(sentence_tense(sentence, unmarked=unmarked))
    future, past = votes.count("future"), votes.count("past")
    if future == past:  # a tie: the first sentence with a tense (the headline first)
        return next((vote for vote in votes if vote), None)
    return "future" if future > past else "past"


def _front_tense(title: str, lead: str) -> Tense | None:
    """The tense of the title, else of the lead's sentences that name an event:
    marked tense first ("will be held", "was held"), then verbs without tense
    ("Expo opens", "在北京开幕")."""
    title, lead = normalise(title), normalise(lead)
    for unmarked in (False, True):
        if tense := _tense(title, unmarked) or _tense(lead, unmarked, of_event=True):
            return tense
    return None


def _status_of(tense: Tense | None) -> EventStatus | None:
    return None if tense is None else "upcoming" if tense == "future" else "held"


def event_status(
    zones: tuple[Zone, ...], dates: EventDates | None, published: dt.date | None
) -> tuple[EventStatus, str | None]:
    """Cancelled/postponed if the title or lead says so; else by date; else by the
    tense of the title, the lead; else cancelled/postponed said in the body;
    else by the tense of the body."""
    by_name = {zone.name: zone.text for zone in zones}
    title, lead, body = by_name["title"], by_name["lead"], by_name["body"]
    front = title + "\n" + lead
    if said := _status_word(front):
        return said
    tense = _front_tense(title, lead)
    if dates:
        text = title + "\n" + lead + "\n" + body
        own = sentence_tense(normalise(_whole_sentence(text, dates.text)), unmarked=True)
        if by_date := _status_by_date(dates, published, own or tense):
            return by_date, _sentence_of(text, dates.text)
    if by_tense := _status_of(tense):
        return by_tense, lead.strip() or title.strip()
    if said := _status_word(body):
        return said
    if by_body := _status_of(tense := _tense(normalise(body), unmarked=True)):
        return by_body, _first_in(body, tense)
    return "unknown", None


def _first_in(text: str, tense: Tense | None) -> str | None:
    """The first sentence of ``text`` in ``tense`` (evidence of a body's tense)."""
    for a, b in sentence_spans(text):
        if sentence_tense(normalise(text[a:b]), unmarked=True) == tense:
            return text[a:b].strip()
    return None
