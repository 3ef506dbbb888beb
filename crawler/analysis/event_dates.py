"""When the event an article announces takes place.

Every date the grammar finds (``crawler.analysis.date_grammar``) gets a role from the
words around it, then the best event date wins:

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
Sept 19"), which instead closes the range the start opened.  Pure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from crawler.analysis.date_grammar import DateMention, find_mentions
from crawler.analysis.date_inference import resolve
from crawler.analysis.date_lines import is_date_line, is_schedule
from crawler.analysis.language import (
    lead_span,
    normalise,
    sentence_at,
    sentence_spans,
    terms_pattern,
)
from crawler.analysis.numerals import ZH_DAY, chinese_number
from crawler.analysis.vocabulary import dates as vocab
from crawler.analysis.vocabulary import events as vocab_events
from crawler.analysis.vocabulary import facts as vocab_facts
from crawler.analysis.vocabulary import time as vocab_time

CONTEXT_CHARS = 12  # how far before/after a date a background cue counts
CLAUSE_REACH = 50  # how far before a date, in its clause, "originally scheduled" counts
ANNOUNCEMENT_REACH = 20  # how near a date a press conference makes it the news date
DATELINE_REACH = 40  # a dateline date sits this near the start of its line
END_SENTENCES = 2  # a "runs through" last day may follow in the next sentences
MAX_EVENT_DAYS = 31  # a range longer than this is no event's duration
DURATION_BEFORE = 300  # "The two-day summit …" may be said in the sentence before the date

Role = Literal["new", "event", "lead", "fallback"]
TIERS: Mapping[Role, int] = MappingProxyType({"new": 0, "event": 1, "lead": 2, "fallback": 3})


def _before_re(terms: tuple[str, ...], reach: str = "") -> re.Pattern[str]:
    """A pattern for one of ``terms`` ending right before a date (``reach``: allowed gap)."""
    return re.compile(rf"(?:{terms_pattern(terms).pattern}){reach}\s*(?:the\s+)?$", re.I)


BACKGROUND_BEFORE_RE = _before_re(vocab.BACKGROUND_BEFORE_DATE)
BACKGROUND_AFTER_RE = re.compile(
    rf"^\s*,?\s*(?:{terms_pattern(vocab.BACKGROUND_AFTER_DATE).pattern})", re.IGNORECASE
)
POSTPONED_TO_RE = _before_re(vocab.POSTPONED_TO, r"\s*(?:on|for|to|at|于|於)?")
END_BEFORE_RE = _before_re(vocab.END_BEFORE_DATE)
SUPERSEDED_RE = terms_pattern(vocab.SUPERSEDED_BEFORE)
DEADLINE_RE = terms_pattern(vocab.DEADLINE_WORDS)
POSTPONED_RE = terms_pattern(vocab_time.POSTPONED_WORDS)
ANNOUNCEMENT_RE = terms_pattern(vocab.ANNOUNCEMENT_WORDS)
_AGENCIES = "|".join(re.escape(name) for name in vocab.NEWS_AGENCIES)
DATELINE_AFTER_RE = re.compile(
    rf"\s*(?:(?:{'|'.join(vocab.DATELINE_MARKS_ZH)})(?![{''.join(vocab.NOT_DATELINE_AFTER_ZH)}])"
    rf"|,?\s*\((?:{_AGENCIES})\)|\s*(?:--|—|–)\s)"
)
CLAUSE_BREAK_RE = re.compile(r"[,，;；:：。!?！？\n]")
_NUMBER_WORDS = dict(vocab.NUMBER_WORDS_EN)
_EN_COUNT = rf"\d|{'|'.join(_NUMBER_WORDS)}"
DURATION_RE = re.compile(
    rf"\b(?P<en>{_EN_COUNT})-day\b|\blast(?:s|ing)?\s+(?:for\s+)?(?P<en2>{_EN_COUNT})\s+days\b"
    rf"|(?:{'|'.join(vocab.DURATION_WORDS_ZH)})(?P<zh>\d|{ZH_DAY}|{'|'.join(vocab.TWO_ZH)})[天日]",
    re.IGNORECASE,
)
EVENT_CUE_RE = terms_pattern(
    vocab_events.FORUM_NOUNS_EN
    + vocab_events.FORUM_NOUNS_ZH
    + vocab_events.SIGNING_STRONG
    + vocab_events.LAUNCH_STRONG
    + vocab_facts.VENUE_VERBS_EN
    + vocab_facts.VENUE_VERBS_ZH
    + vocab_time.FUTURE_CUES
    + vocab_time.PAST_CUES
)


@dataclass(frozen=True)
class EventDates:
    """When the event is: ``end`` is None for a one-day event; ``text`` is the span read."""

    start: dt.date
    end: dt.date | None
    text: str


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
        return TIERS[self.role], self.mention.weekday is not None, self.mention.start


# --------------------------------------------------------------------------
# The words around a date.
# --------------------------------------------------------------------------


def _clause_before(text: str, mention: DateMention, reach: int) -> str:
    """Up to ``reach`` characters before the date, back to the last clause break."""
    before = text[max(0, mention.start - reach) : mention.start]
    breaks = list(CLAUSE_BREAK_RE.finditer(before))
    return before[breaks[-1].end() :] if breaks else before


def _is_background(text: str, mention: DateMention) -> bool:
    """ "since April 5", "自4月1日起", "截至6月30日": context, not the event."""
    before = text[max(0, mention.start - CONTEXT_CHARS) : mention.start]
    after = text[mention.end : mention.end + CONTEXT_CHARS]
    return bool(BACKGROUND_BEFORE_RE.search(before) or BACKGROUND_AFTER_RE.search(after))


def is_end_only(text: str, mention: DateMention) -> bool:
    """ "runs through Sept 19": the last day of a range opened elsewhere."""
    return bool(END_BEFORE_RE.search(text[max(0, mention.start - CONTEXT_CHARS) : mention.start]))


def _is_new_date(text: str, mention: DateMention) -> bool:
    """ "postponed to June 16-17", "延期至6月16日": a postponed event's date now."""
    return bool(POSTPONED_TO_RE.search(_clause_before(text, mention, CLAUSE_REACH)))


def _is_superseded(text: str, mention: DateMention, sentence: tuple[int, int]) -> bool:
    """The old date of a postponed event: "originally scheduled for", "原定于",
    or any other date in a sentence that says the event was postponed."""
    if SUPERSEDED_RE.search(_clause_before(text, mention, CLAUSE_REACH)):
        return True
    return POSTPONED_RE.search(text, *sentence) is not None


def _is_deadline(text: str, mention: DateMention) -> bool:
    """A deadline or registration date: "截稿日期为6月30日", "submission closes on"."""
    return bool(DEADLINE_RE.search(_clause_before(text, mention, CLAUSE_REACH)))


def _is_dateline(text: str, mention: DateMention) -> bool:
    """A date opening a report ("人民网海口4月21日电", "BEIJING, April 21 (Xinhua) --")."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    near_start = mention.start - line_start <= DATELINE_REACH
    return near_start and bool(DATELINE_AFTER_RE.match(text, mention.end))


def _is_announcement(text: str, mention: DateMention) -> bool:
    """A date next to a press conference or "获悉" in its clause: when the news broke."""
    before = _clause_before(text, mention, ANNOUNCEMENT_REACH)
    after = CLAUSE_BREAK_RE.split(text[mention.end : mention.end + ANNOUNCEMENT_REACH])[0]
    return bool(ANNOUNCEMENT_RE.search(before) or ANNOUNCEMENT_RE.search(after))


def date_role(
    text: str, mention: DateMention, sentence: tuple[int, int], lead: tuple[int, int]
) -> Role | None:
    """What a date is to the event (see the module docstring); None: not its date."""
    if is_date_line(text, mention) or _is_background(text, mention):
        return None
    if _is_new_date(text, mention):
        return "new"
    not_its_date = (_is_superseded(text, mention, sentence), _is_deadline(text, mention))
    if any(not_its_date) or is_end_only(text, mention):
        return None
    return _role_of_kept(text, mention, sentence, lead)


def _role_of_kept(
    text: str, mention: DateMention, sentence: tuple[int, int], lead: tuple[int, int]
) -> Role | None:
    """The role of a date that may be the event's (see ``date_role``)."""
    if is_schedule(text, mention):
        return "event"  # "时间：2024年3月15日" next to "地点：", "会议时间："
    if _is_dateline(text, mention) or _is_announcement(text, mention):
        return "fallback"
    if EVENT_CUE_RE.search(text, *sentence):
        return "event"
    return "lead" if lead[0] <= mention.start < lead[1] else None


# --------------------------------------------------------------------------
# Choosing.
# --------------------------------------------------------------------------


def _candidates(text: str, mentions: list[DateMention]) -> Iterator[Candidate]:
    """Each plausible event date with its role and sentence span."""
    lead = lead_span(text)
    spans = sentence_spans(text)
    for mention in mentions:
        sentence = sentence_at(spans, mention.start)
        role = date_role(text, mention, sentence, lead)
        if role is not None:
            yield Candidate(role, mention, sentence)


def _following_end(
    text: str,
    mentions: list[DateMention],
    chosen: Candidate,
    start: dt.date,
    published: dt.date | None,
) -> dt.date | None:
    """The last day given apart from the first: "opened on Saturday ... runs through Sept 19"."""
    spans = sentence_spans(text)
    index = spans.index(chosen.sentence) if chosen.sentence in spans else len(spans)
    limit = spans[min(index + END_SENTENCES, len(spans) - 1)][1] if spans else len(text)
    for mention in mentions:
        if chosen.mention.end <= mention.start < limit and is_end_only(text, mention):
            sentence = sentence_at(spans, mention.start)
            resolved = resolve(mention, text[sentence[0] : sentence[1]], published)
            if resolved and 0 < (resolved[0] - start).days <= MAX_EVENT_DAYS:
                return resolved[0]
    return None


def _duration_end(text: str, chosen: Candidate, start: dt.date) -> dt.date | None:
    """ "the four-day expo", "为期三天" near the date (from the sentence before it
    to 300 characters after it): start plus the duration."""
    spans = sentence_spans(text[max(0, chosen.sentence[0] - DURATION_BEFORE) : chosen.sentence[0]])
    left = chosen.sentence[0] - DURATION_BEFORE + spans[-1][0] if spans else chosen.sentence[0]
    window = text[max(0, left) : chosen.sentence[1] + 300]
    match = DURATION_RE.search(window)
    if match is None:
        return None
    written = match.group("en") or match.group("en2") or match.group("zh")
    days = (
        _NUMBER_WORDS.get(written.lower())
        or chinese_number(written)
        or (2 if written in vocab.TWO_ZH else int(written))
    )
    return start + dt.timedelta(days=days - 1) if 1 < days <= MAX_EVENT_DAYS else None


def _dateline_day(
    text: str, mentions: list[DateMention], published: dt.date | None
) -> dt.date | None:
    """The day of the story's dateline ("HANGZHOU, March 20 (Xinhua) --"), if any."""
    for mention in mentions:
        if mention.weekday is None and _is_dateline(text, mention):
            resolved = resolve(mention, "", published)
            return resolved[0] if resolved else None
    return None


def find_event_dates(
    text: str, published: dt.date | None, multi_day: bool = True
) -> EventDates | None:
    """When the event the text announces takes place, and the span read.

    Candidates are ranked by role (see the module docstring); the first that
    resolves wins.  Missing years come from ``published`` and the tense of the
    sentence (see ``crawler.analysis.date_inference.infer_year``); a weekday counts
    back from the story's dateline when it has one ("Xinhua, Sept 13 — …
    launched Tuesday" is Sept 12).  A one-day date of a ``multi_day`` event
    gets its last day from a "runs through" date or an "N-day" duration
    nearby; a signing at a four-day expo takes one day.
    """
    norm = normalise(text)
    mentions = find_mentions(norm)
    dateline = _dateline_day(norm, mentions, published)
    for candidate in sorted(_candidates(norm, mentions), key=Candidate.key):
        sentence = norm[candidate.sentence[0] : candidate.sentence[1]]
        weekday = candidate.mention.weekday is not None
        resolved = resolve(candidate.mention, sentence, (weekday and dateline) or published)
        if resolved is None:
            continue
        start, end = resolved
        if end is None and multi_day:
            end = _following_end(norm, mentions, candidate, start, published) or _duration_end(
                norm, candidate, start
            )
        mention = candidate.mention
        return EventDates(start, end, text[mention.start : mention.end])
    return None
