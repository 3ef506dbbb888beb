"""When the event an article announces takes place.

Every date the grammar finds (``crawler.analysis.date_grammar``) gets a role from the
words around it (``crawler.analysis.date_roles``), then the best event date wins:

1. the new date of a postponed event ("postponed to June 16-17", "延期至…");
2. a date under an event's schedule label ("时间：" next to "地点：", "会议时间：")
   or in a sentence that names an event (forum, signing, held, 将于 …);
3. a date in the lead;
4. last resort: a dateline ("新华社北京4月21日电") or the date of a press
   conference or announcement ("从12月4日召开的新闻发布会上获悉", "the
   organizers said on Monday").

Never the event's date: the page's own date line, background ("since 2019",
"截至6月"), the old date of a postponed event ("originally scheduled for",
"原定于"), a deadline ("截稿日期为…", "5月9日报到"), a last day ("runs through
Sept 19"), which instead closes the range the start opened.

A date without a year takes that of the same day written in full elsewhere,
else the year of the event's name ("2023年…博览会将于4月7日"), else one
inferred from the publication date and the tense (``Resolver``).  A one-day
date gets its last day from a range nearby starting the same day ("opened on
Monday, 9 February … from 9-12 February"), a "runs through" date or a
duration ("为期4天", "a three-day expo"; counted back when the sentence says
the event closed).  Pure.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from crawler.analysis.date_grammar import MAX_YEAR, MIN_YEAR, UNKNOWN_MONTH, DateMention
from crawler.analysis.date_inference import resolve
from crawler.analysis.date_lines import DatedText, is_dateline
from crawler.analysis.date_roles import (
    TIERS,
    Role,
    Sentences,
    clause_before,
    date_role,
    is_end_only,
    name_year,
)
from crawler.analysis.language import lead_span, normalise, sentence_spans, terms_pattern
from crawler.analysis.numerals import ZH_DAY, chinese_number
from crawler.analysis.vocabulary import dates as vocab

END_SENTENCES = 2  # a "runs through" last day may follow in the next sentences
MAX_EVENT_DAYS = 31  # a range longer than this is no event's duration
DURATION_BEFORE = 300  # "The two-day summit …" may be said in the sentence before the date
DURATION_AFTER = 300  # ... or up to this far after the date's sentence
SAME_START_SENTENCES = 8  # "opened on 9 February … from 9-12 February": the range nearby


THIS_YEAR_RE = terms_pattern(vocab.THIS_YEAR_BEFORE_DATE)
NEXT_YEAR_RE = terms_pattern(vocab.NEXT_YEAR_BEFORE_DATE)
YEAR_WORD_REACH = 20  # "今年的论坛于11月3日": a year word this far before, in the clause
CLOSING_RE = terms_pattern(vocab.CLOSING_WORDS)
OPENING_RE = terms_pattern(vocab.OPENING_WORDS)
_NUMBER_WORDS = dict(vocab.NUMBER_WORDS_EN)
_EN_COUNT = rf"\d{{1,2}}|{'|'.join(_NUMBER_WORDS)}"
_ZH_COUNT = rf"\d{{1,2}}|{ZH_DAY}|{'|'.join(vocab.TWO_ZH)}"
DURATION_RE = re.compile(
    rf"\b(?P<en>{_EN_COUNT})-day\b"
    rf"|\b(?:last(?:s|ing|ed)?\s+(?:for\s+)?|over\s+|for\s+)(?P<en2>{_EN_COUNT})\s+days\b"
    rf"|(?:{'|'.join(vocab.DURATION_WORDS_ZH)})\s*(?P<zh>{_ZH_COUNT})\s*(?:天|日|个?整天)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EventDates:
    """When the event is: ``end`` is None for a one-day event; ``text`` is the span read.

    ``reference`` is the story's day from its dateline, for a page without a
    publication date (what "upcoming" and "held" are relative to).
    """

    start: dt.date
    end: dt.date | None
    text: str
    reference: dt.date | None = None


@dataclass(frozen=True)
class Candidate:
    """A date that may be the event's, with its role and sentence."""

    role: Role
    mention: DateMention
    sentence: tuple[int, int]

    def key(self) -> tuple[int, bool, int]:
        """Sort key: tier, then a written date before a weekday, then position.

        "said on Monday" is often when someone spoke, not when the event is.
        """
        return TIERS[self.role], not self.mention.written, self.mention.start


# --------------------------------------------------------------------------
# Choosing.
# --------------------------------------------------------------------------


def _candidates(page: DatedText, sentences: Sentences) -> Iterator[Candidate]:
    """Each plausible event date with its role and sentence span."""
    lead = lead_span(page.text)
    for mention in page.mentions:
        sentence = sentences.at(mention.start)
        role = date_role(page, sentences, mention, sentence, lead)
        if role is not None:
            yield Candidate(role, mention, sentence)


class Resolver:
    """Gives dates their year: written, else that of the same day written in full
    elsewhere ("长沙12月12日电" under "2021年12月12日"), else the year of the
    event's name ("2023年…博览会将于4月7日", within a year of publication),
    else from the publication date and the tense.  A weekday, "today" or a
    day-only date counts from the story's dateline when it has one."""

    def __init__(self, page: DatedText, sentences: Sentences, published: dt.date | None) -> None:
        self.sentences = sentences
        self.published = published
        self.same_day: dict[tuple[int, int], int] = {}
        for mention in page.mentions:
            if mention.year and mention.written and mention.month != UNKNOWN_MONTH:
                self.same_day.setdefault((mention.month, mention.day), mention.year)
        lead = lead_span(page.text)
        self.name_years = (
            name_year(page.text[: max(0, page.title_end)]),
            name_year(page.text[lead[0] : lead[1]]),
        )
        self.dateline = self._dateline_day(page)

    def _year(self, mention: DateMention, span: tuple[int, int]) -> int | None:
        before = clause_before(self.sentences.text, mention, YEAR_WORD_REACH)
        if self.published and THIS_YEAR_RE.search(before):
            return self.published.year
        if self.published and NEXT_YEAR_RE.search(before):
            return self.published.year + 1
        if (mention.month, mention.day) in self.same_day:
            return self.same_day[(mention.month, mention.day)]
        title, lead = self.name_years
        for year in (title, self.sentences.name_year(span), lead):
            if year and (self.published is None or abs(year - self.published.year) <= 1):
                return year
        return None

    def resolve(
        self, mention: DateMention, span: tuple[int, int]
    ) -> tuple[dt.date, dt.date | None] | None:
        """(first day, last day or None) of a mention in sentence ``span``, or None."""
        calendar = mention.written and mention.month != UNKNOWN_MONTH
        if calendar and mention.year is None and (year := self._year(mention, span)):
            mention = replace(mention, year=year)
        anchor = self.published if calendar else (self.dateline or self.published)
        return resolve(mention, self.sentences.tense(span), anchor)

    def _dateline_day(self, page: DatedText) -> dt.date | None:
        """The day of the story's dateline ("HANGZHOU, March 20 (Xinhua) --"), if any."""
        for mention in page.mentions:
            if mention.written and mention.month != UNKNOWN_MONTH and is_dateline(page, mention):
                resolved = self.resolve(mention, self.sentences.at(mention.start))
                return resolved[0] if resolved else None
        return None


def _following_end(
    page: DatedText, resolver: Resolver, chosen: Candidate, start: dt.date
) -> dt.date | None:
    """The last day given apart from the first: "opened on Saturday ... runs through Sept 19"."""
    spans = resolver.sentences.spans
    index = _span_index(resolver.sentences, chosen.sentence)
    limit = spans[min(index + END_SENTENCES, len(spans) - 1)][1] if spans else len(page.text)
    for mention in _mentions_between(page, chosen.mention.end, limit):
        if is_end_only(page.text, mention):
            resolved = resolver.resolve(mention, resolver.sentences.at(mention.start))
            if resolved and 0 < (resolved[0] - start).days <= MAX_EVENT_DAYS:
                return resolved[0]
    return None


def _same_start_range(
    page: DatedText, resolver: Resolver, chosen: Candidate, start: dt.date
) -> dt.date | None:
    """A range nearby that starts on the chosen day: "opened on Monday, 9 February …
    (the expo runs) from 9-12 February"."""
    spans = resolver.sentences.spans
    index = _span_index(resolver.sentences, chosen.sentence)
    left = spans[max(0, index - SAME_START_SENTENCES)][0] if spans else 0
    right = spans[min(index + SAME_START_SENTENCES, len(spans) - 1)][1] if spans else 0
    for mention in _mentions_between(page, left, right):
        if mention.end_day is None or mention is chosen.mention:
            continue
        resolved = resolver.resolve(mention, resolver.sentences.at(mention.start))
        last = resolved[1] if resolved and resolved[0] == start else None
        if last is not None and (last - start).days <= MAX_EVENT_DAYS:
            return last
    return None


def _span_index(sentences: Sentences, span: tuple[int, int]) -> int:
    """Index of ``span`` among the sentences (by bisection, not a scan)."""
    index = bisect.bisect_left(sentences.spans, span)
    return index if index < len(sentences.spans) else max(0, len(sentences.spans) - 1)


def _mentions_between(page: DatedText, left: int, right: int) -> list[DateMention]:
    """The mentions starting in ``[left, right)``, found by bisection."""
    starts = page.mention_starts
    return page.mentions[bisect.bisect_left(starts, left) : bisect.bisect_left(starts, right)]


def _duration(page: DatedText, chosen: Candidate) -> int | None:
    """ "the four-day expo", "为期三天" near the date (from the sentence before it
    to 300 characters after it): the event's length in days."""
    text = page.text
    spans = sentence_spans(text[max(0, chosen.sentence[0] - DURATION_BEFORE) : chosen.sentence[0]])
    left = chosen.sentence[0] - DURATION_BEFORE + spans[-1][0] if spans else chosen.sentence[0]
    window = text[max(0, left) : chosen.sentence[1] + DURATION_AFTER]
    match = DURATION_RE.search(window)
    if match is None:
        return None
    written = match.group("en") or match.group("en2") or match.group("zh")
    days = (
        _NUMBER_WORDS.get(written.lower())
        or chinese_number(written)
        or (2 if written in vocab.TWO_ZH else int(written))
    )
    return days if 1 < days <= MAX_EVENT_DAYS else None


def _span_by_duration(
    page: DatedText, chosen: Candidate, day: dt.date
) -> tuple[dt.date, dt.date | None]:
    """A one-day date and a duration: the first day of "opened on … for three days",
    the last of "the three-day forum concluded on …"."""
    days = _duration(page, chosen)
    if days is None:
        return day, None
    sentence = page.text[chosen.sentence[0] : chosen.sentence[1]]
    closing = CLOSING_RE.search(sentence) is not None and OPENING_RE.search(sentence) is None
    length = dt.timedelta(days=days - 1)
    return (day - length, day) if closing else (day, day + length)


def find_event_dates(
    text: str, published: dt.date | None, multi_day: bool = True, title: str = ""
) -> EventDates | None:
    """When the event the text announces takes place, and the span read.

    Candidates are ranked by role (see the module docstring); the first that
    resolves wins.  Missing years come from a full date of the same day, the
    year of the event's name, or ``published`` and the tense of the sentence
    (see ``Resolver`` and ``crawler.analysis.date_inference.infer_year``); a
    weekday counts back from the story's dateline when it has one ("Xinhua,
    Sept 13 — … launched Tuesday" is Sept 12).  A one-day date of a
    ``multi_day`` event gets its last day from a range nearby that starts on
    the same day, a "runs through" date or an "N-day" duration nearby (the
    first day, when the sentence says the event closed); a signing at a
    four-day expo takes one day.  ``title``, when given, is read as the page's
    first line.
    """
    if published is not None and not MIN_YEAR <= published.year <= MAX_YEAR:
        published = None  # no calendar arithmetic near the ends of time
    title = title.replace("\n", " ").strip()
    whole = f"{title}\n{text}" if title else text
    page = DatedText(normalise(whole), len(title) if title else -1)
    sentences = Sentences(page.text)
    resolver = Resolver(page, sentences, published)
    for candidate in sorted(_candidates(page, sentences), key=Candidate.key):
        resolved = resolver.resolve(candidate.mention, candidate.sentence)
        if resolved is None:
            continue
        start, end = resolved
        if end is None and multi_day:
            end = _same_start_range(page, resolver, candidate, start) or _following_end(
                page, resolver, candidate, start
            )
            if end is None:
                start, end = _span_by_duration(page, candidate, start)
        mention = candidate.mention
        reference = None if published else resolver.dateline
        return EventDates(start, end, whole[mention.start : mention.end], reference)
    return None
