"""The words around a date: what it is to the event an article announces.

A date is the event's when it stands under a schedule label or in a sentence
that names an event (``date_role``); it is not when the words around it make
it background ("since", "截至"), a deadline ("截稿日期为"), the old date of a
postponed event ("originally scheduled for", "原定于"), a last day ("runs
through") or the page's own date line.  ``Sentences`` reads each sentence
once (does it name an event, say "postponed", which tense, which year does
the event's name carry), so a page stays linear in its size.  Used by
``crawler.analysis.event_dates``.  Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from crawler.analysis.date_grammar import MAX_YEAR, MIN_YEAR, DateMention
from crawler.analysis.date_inference import Tense, sentence_tense
from crawler.analysis.date_lines import (
    DatedText,
    is_date_line,
    is_dateline,
    is_other_date,
    is_schedule,
    opens_header_line,
)
from crawler.analysis.language import sentence_at, sentence_spans, terms_pattern
from crawler.analysis.vocabulary import dates as vocab
from crawler.analysis.vocabulary import events as vocab_events
from crawler.analysis.vocabulary import facts as vocab_facts
from crawler.analysis.vocabulary import time as vocab_time

CONTEXT_CHARS = 12  # how far before/after a date a background cue counts
CLAUSE_REACH = 50  # how far before a date, in its clause, "originally scheduled" counts
ANNOUNCEMENT_REACH = 20  # how near a date a press conference makes it the news date

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
CLAUSE_BREAK_RE = re.compile(r"[,，;；:：。!?！？\n]")
EVENT_NAME_RE = terms_pattern(
    vocab_events.FORUM_NOUNS_EN
    + vocab_events.FORUM_NOUNS_ZH
    + vocab_events.SIGNING_STRONG
    + vocab_events.LAUNCH_STRONG
    + vocab.EVENT_NAME_WORDS
)
# A year, then (in the same clause, within 40 characters) an event word; or an
# event word, then the year: the year of the event's name.
NAME_YEAR_RE = re.compile(
    rf"(?<![\d.\-/])(?<!\d,)(?P<y>(?:19|20)\d{{2}})(?!\s*[-/.年]\s*\d)"
    rf"(?:\s*年度?|(?=\s+[A-Z])|(?=[^\x00-\x7f{''.join(vocab.NOT_YEAR_AFTER_ZH)}]))"
    rf"(?!\s*(?:{terms_pattern(vocab.BACKGROUND_AFTER_DATE).pattern}))"
    rf"(?=[^,，;；。!?！？\n]{{0,40}}?(?:{EVENT_NAME_RE.pattern}))"
    rf"|(?:{EVENT_NAME_RE.pattern})[^,，;；。!?！？\n\d]{{0,16}}?(?<![\d.\-/])(?P<y2>(?:19|20)\d{{2}})(?![\d-])",
    re.IGNORECASE,
)
NAME_YEAR_WINDOW = 600  # a name's year is read near the start of a sentence
EVENT_CUE_RE = terms_pattern(
    vocab_events.FORUM_NOUNS_EN
    + vocab_events.FORUM_NOUNS_ZH
    + vocab_events.SIGNING_STRONG
    + vocab_events.LAUNCH_STRONG
    + vocab_facts.VENUE_VERBS_EN
    + vocab_facts.VENUE_VERBS_ZH
    + vocab_time.FUTURE_CUES
    + vocab_time.PAST_CUES
    + vocab.EVENT_DAY_WORDS
)


class Sentences:
    """The sentences of a text and what each says, read once per sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._cues: dict[tuple[int, int], tuple[bool, bool, Tense | None]] = {}
        self._years: dict[tuple[int, int], int | None] = {}

    def at(self, offset: int) -> tuple[int, int]:
        return sentence_at(self.spans, offset)

    def _facts(self, span: tuple[int, int]) -> tuple[bool, bool, Tense | None]:
        if span not in self._cues:
            sentence = self.text[span[0] : span[1]]
            self._cues[span] = (
                EVENT_CUE_RE.search(sentence) is not None,
                POSTPONED_RE.search(sentence) is not None,
                sentence_tense(sentence),
            )
        return self._cues[span]

    def names_event(self, span: tuple[int, int]) -> bool:
        return self._facts(span)[0]

    def says_postponed(self, span: tuple[int, int]) -> bool:
        return self._facts(span)[1]

    def tense(self, span: tuple[int, int]) -> Tense | None:
        return self._facts(span)[2]

    def name_year(self, span: tuple[int, int]) -> int | None:
        """The year written with the event's name in this sentence, if any."""
        if span not in self._years:
            end = min(span[1], span[0] + NAME_YEAR_WINDOW)
            self._years[span] = name_year(self.text[span[0] : end])
        return self._years[span]


def name_year(text: str) -> int | None:
    """The year an event's name carries: "2023年世界大健康博览会", "the 2015 World
    Internet Conference", "Expo 2020"; not "since 2019" nor "2019年以来"."""
    for match in NAME_YEAR_RE.finditer(text):
        year = int(match.group("y") or match.group("y2"))
        before = text[max(0, match.start() - CONTEXT_CHARS) : match.start()]
        if MIN_YEAR <= year <= MAX_YEAR and not BACKGROUND_BEFORE_RE.search(before):
            return year
    return None


# --------------------------------------------------------------------------
# The words around a date.
# --------------------------------------------------------------------------


def clause_before(text: str, mention: DateMention, reach: int) -> str:
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
    return bool(POSTPONED_TO_RE.search(clause_before(text, mention, CLAUSE_REACH)))


def _is_superseded(sentences: Sentences, mention: DateMention, sentence: tuple[int, int]) -> bool:
    """The old date of a postponed event: "originally scheduled for", "原定于",
    or any other date in a sentence that says the event was postponed."""
    if SUPERSEDED_RE.search(clause_before(sentences.text, mention, CLAUSE_REACH)):
        return True
    return sentences.says_postponed(sentence)


def _is_deadline(text: str, mention: DateMention) -> bool:
    """A deadline or registration date: "截稿日期为6月30日", "submission closes on"."""
    return bool(DEADLINE_RE.search(clause_before(text, mention, CLAUSE_REACH)))


def _is_announcement(text: str, mention: DateMention) -> bool:
    """A date next to a press conference or "获悉" in its clause: when the news broke."""
    before = clause_before(text, mention, ANNOUNCEMENT_REACH)
    after = CLAUSE_BREAK_RE.split(text[mention.end : mention.end + ANNOUNCEMENT_REACH])[0]
    return bool(ANNOUNCEMENT_RE.search(before) or ANNOUNCEMENT_RE.search(after))


def _never_its_date(page: DatedText, mention: DateMention) -> bool:
    """The page's own date, a date of another kind ("注册时间"), background."""
    return (
        is_date_line(page, mention)
        or is_other_date(page, mention)
        or opens_header_line(page, mention)
        or _is_background(page.text, mention)
    )


def _not_its_date(sentences: Sentences, mention: DateMention, sentence: tuple[int, int]) -> bool:
    """The old date of a postponed event, a deadline, a last day."""
    text = sentences.text
    return (
        _is_superseded(sentences, mention, sentence)
        or _is_deadline(text, mention)
        or is_end_only(text, mention)
    )


def date_role(
    page: DatedText,
    sentences: Sentences,
    mention: DateMention,
    sentence: tuple[int, int],
    lead: tuple[int, int],
) -> Role | None:
    """What a date is to the event (see the module docstring); None: not its date."""
    if _never_its_date(page, mention):
        return None
    if _is_new_date(page.text, mention):
        return "new"
    if _not_its_date(sentences, mention, sentence):
        return None
    return _role_of_kept(page, sentences, mention, sentence, lead)


def _role_of_kept(
    page: DatedText,
    sentences: Sentences,
    mention: DateMention,
    sentence: tuple[int, int],
    lead: tuple[int, int],
) -> Role | None:
    """The role of a date that may be the event's (see ``date_role``)."""
    if is_schedule(page, mention):
        return "event"  # "时间：2024年3月15日" next to "地点：", "会议时间："
    if is_dateline(page, mention) or _is_announcement(page.text, mention):
        return "fallback"
    if sentences.names_event(sentence):
        return "event"
    return "lead" if lead[0] <= mention.start < lead[1] else None
