"""Where an event takes place: a venue, a district or a city, as written.

Rules find spans where a place may stand; ``place_names`` judges each span
(trims it, or refuses a date, a theme, an event's name, a country).  The
first accepted span wins, read in this order of trust:

1. a "Venue:"/"地点：" label (any zone);
2. in the lead, title and head (zone by zone), the grammar of a venue:
   "在X(隆重)举行/签约/揭牌/拉开帷幕…", "held/signed/opened … (up to 10 words)
   in/at X", "on Tuesday in Beijing", "the Fair (AMF) in Lima", "长沙经开区
   举行…", then a venue by its name: "at (the) … Center/Hall/Hospital/Park…",
   "inaugurated the new X Hospital", "X Hospital will be inaugurated",
   "at the hospital's new building in Wenzhou" (the city), "某某医院新院区
   正式启用", "位于X的…", "located in X";
3. the story's dateline: "HANGZHOU, March 20 (Xinhua) --", "NANNING, China,
   May 8, 2024 /PRNewswire/ --", "KOLKATA:", "By … in Harbin", "新华社北京…电";
4. the grammar of a venue (2) in the body;
5. a known city in the event's name or after 在/赴/in: "2024 Xiamen Health
   Expo", "绍兴市…签约仪式", "在长沙设主会场", "visitors in Nanjing";
6. a lowercase venue after a venue verb: "held in the second conference room
   of the hospital";
7. the first known city of the title or head.

Patterns run on the normalised text (Traditional Chinese matches the
Simplified vocabulary; pinyin glosses such as "會(huì)議" are read past) and
places are cut from the page's text.  Every pattern is bounded, so finding a
place is linear in the text's size.  Vocabularies live in
``crawler.analysis.vocabulary.facts`` (grammar words) and
``crawler.analysis.vocabulary.places`` (city names).  Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from crawler.analysis.facts import Zone
from crawler.analysis.language import CJK_RE, normalise, terms_pattern
from crawler.analysis.place_names import (
    CITY_CAPS_EN_RE,
    CITY_EN_RE,
    CITY_ZH_RE,
    chinese_place,
    english_place,
    is_wide_zh,
    without_pinyin,
)
from crawler.analysis.vocabulary import events as vocab_events
from crawler.analysis.vocabulary import facts as vocab
from crawler.analysis.vocabulary import time as vocab_time


def _any(terms: tuple[str, ...]) -> str:
    return "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))


def _words(terms: tuple[str, ...]) -> str:
    """Case-insensitive English words (see ``terms_pattern``)."""
    return f"(?i:{terms_pattern(terms).pattern})"


# --------------------------------------------------------------------------
# English grammar.  Every repetition is bounded (linear time).
# --------------------------------------------------------------------------

_MONTHS = "|".join(name.title() for name, _ in vocab_time.MONTH_NAMES)
_WEEKDAYS = "|".join(name.title() for name in vocab_time.WEEKDAY_NAMES)
_NOT_DATE = rf"(?!(?:{_MONTHS}|{_WEEKDAYS})\b)"
# A capitalised word, or a Chinese name left in machine-translated English ("in 首钢园 Park").
_WORD = rf"{_NOT_DATE}(?:[A-Z0-9][\w'’&.-]{{0,30}}|[\u4e00-\u9fff]{{1,20}})"
_SUFFIX = rf"(?:{_any(vocab.PLACE_SUFFIXES_EN + vocab.AREA_SUFFIXES_EN)})\b"
_JOIN = r"[ \t]+(?:(?:of|the|de|and|&)[ \t]+){0,2}"
_BRACKET = r"(?:[ \t]*\([A-Z][^()\n]{0,30}\))?"
# "National Exhibition and Convention Center (Shanghai)", "Daxing district".
_RUN = rf"{_WORD}(?:{_JOIN}(?:{_WORD}|{_SUFFIX})){{0,12}}{_BRACKET}"
_PLACE_EN = rf"(?P<place>{_RUN}(?:,[ \t]*{_RUN}){{0,2}})"
# "in (the) X", "in southwest China's Guiyang city", "in the southern Chinese city of Wuhan".
_IN = (
    r"\b(?:[Ii]n|[Aa]t)\s+(?:[Tt]he\s+)?(?:(?:(?:north|south)?(?:east|west)?(?:ern)?\s+)?China['’]s\s*"
    r"|(?:[\w-]+\s+){0,3}?(?:capital|city|town|village|county|district)\s+of\s+(?:the\s+)?)?"
)
# A venue by its name: capitalised words ending on a venue noun or a lowercase area word.
_VENUE_END = rf"(?:{_any(vocab.VENUE_NOUNS_EN)}|{_SUFFIX})"
_DETERMINER = r"(?!(?:The|A|An|This|That|These|Those|Its|Their|Our|His|Her|Each|Every)\b)"
_VENUE_NAME = (
    rf"{_DETERMINER}{_WORD}(?:{_JOIN}(?:{_WORD}|{_SUFFIX})){{0,12}}[ \t]+{_VENUE_END}"
    rf"(?:[ \t]+of[ \t]+(?:the[ \t]+)?{_WORD}(?:[ \t]+{_WORD}){{0,4}})?{_BRACKET}"
)
_GAP = r"(?:[^\s.;!?\"“”]+\s+){0,10}?"
_DATE_EN = (
    rf"(?:{_WEEKDAYS}|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"(?:\s*(?:-|to)\s*\d{{1,2}})?(?:,\s*\d{{4}})?)"
)
_ADJECTIVES = rf"(?:(?:{_any(vocab.OPENING_ADJECTIVES_EN)}|[\d,]+-bed(?:ded)?)\s+){{0,3}}"

VERB_EN_RE = re.compile(
    rf"{_words(vocab.VENUE_VERBS_EN + vocab.PLACE_VERBS_EN)}\s+{_GAP}{_IN}{_PLACE_EN}"
)
DATE_PLACE_EN_RE = re.compile(rf"\bon\s+(?:the\s+)?{_DATE_EN}\s+{_IN}{_PLACE_EN}")
EVENT_IN_EN_RE = re.compile(
    rf"{_words(vocab.EVENT_NOUNS_EN)}(?:\s*\([A-Z][^()]{{0,20}}\))?\s+{_IN}{_PLACE_EN}"
)
VENUE_EN_RE = re.compile(
    rf"\b(?:at|in)\s+(?:the\s+)?{_ADJECTIVES}(?P<place>{_VENUE_NAME}(?:,[ \t]*{_RUN}){{0,2}})\b"
)
OPENED_EN_RE = re.compile(
    rf"{_words(vocab.OPENING_VERBS_EN)}\s+(?:the\s+)?{_ADJECTIVES}(?P<place>{_VENUE_NAME})\b"
)
_PASSIVE_OPENING = (
    r"(?:was|were|will be|is|has been|had been|would be|is to be|is set to be)[ \t]+"
    r"(?:(?:officially|formally|jointly)[ \t]+)?"
    r"(?:inaugurated|opened|commissioned|unveiled|dedicated)\b"
)
PASSIVE_OPENING_EN_RE = re.compile(_PASSIVE_OPENING)
OPENED_PASSIVE_EN_RE = re.compile(
    rf"(?P<place>{_VENUE_NAME}(?:[ \t]+in[ \t]+{_RUN})?)[ \t]+{_PASSIVE_OPENING}"
)
# "at the pilot zone's administration building in Qionghai": a described venue's city.
LOWER_VENUE_IN_RE = re.compile(
    rf"\b(?:at|in)\s+the\s+(?:[\w'’-]+\s+){{0,5}}?(?:{_any(vocab.LOWER_VENUE_NOUNS_EN)})"
    rf"\s+in\s+(?:the\s+)?{_PLACE_EN}"
)
# "held in the second conference room of the hospital": a venue with no name.
LOWER_VENUE_EN_RE = re.compile(
    rf"{_words(vocab.VENUE_VERBS_EN + vocab.PLACE_VERBS_EN)}\s+(?:in|at)\s+(?:the\s+)?"
    rf"(?P<place>(?:[a-z][\w'’-]*\s+|'[a-z]+\s+){{1,6}}?(?:{_any(vocab.LOWER_VENUE_NOUNS_EN)})\b"
    r"(?:\s+of\s+the\s+[a-z]+)?)"
)
LOCATED_EN_RE = re.compile(rf"{_words(vocab.LOCATED_WORDS_EN)}\s+(?:the\s+)?{_PLACE_EN}")

# Datelines: "HANGZHOU, March 20 (Xinhua) --", "NANNING, China, May 8, 2024 /PRNewswire/ --",
# "Chengdu, Nov 9 —", "XI'AN --", after a printed date ("2024-03-05 PUNE: ...").
_LEAD_DATE = r"(?:[A-Za-z]{1,10}[ \t]+)?\d{4}-\d{1,2}-\d{1,2}[ \t]+"
_CAPS_NAME = r"[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,2}"
_NAME = r"[A-Z][A-Za-z'’.]+(?:[ -][A-Z][A-Za-z'’.]+){0,2}"
_DATELINE_DATE = rf",?[ \t]+(?:{_MONTHS})\.?[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?"
_WIRE = r"(?:\([^()\n]{2,40}\)|/[^/\n]{2,30}/)?"
DATELINE_EN_RE = re.compile(
    rf"^[ \t]*(?:{_LEAD_DATE})?(?:(?P<place>{_CAPS_NAME})(?:,[ \t]*{_NAME})?(?:{_DATELINE_DATE})?"
    rf"|(?P<place_en>{_NAME})(?:,[ \t]*{_NAME})?{_DATELINE_DATE})"
    rf"[ \t]*{_WIRE}[ \t]*(?:-{{1,2}}|—|–)[ \t]",
    re.MULTILINE,
)
COLON_DATELINE_EN_RE = re.compile(
    rf"^[ \t]*(?:{_LEAD_DATE})?(?P<place>{CITY_CAPS_EN_RE.pattern})(?:{_DATELINE_DATE})?"
    r"[ \t]*:[ \t]",
    re.MULTILINE | re.IGNORECASE,
)
BYLINE_EN_RE = re.compile(rf"\bBy[ \t]+{_NAME}[ \t]+in[ \t]+(?P<place>{_NAME})")

# --------------------------------------------------------------------------
# Chinese grammar.
# --------------------------------------------------------------------------

_CHAR_ZH = r"[^\s，。、；：,;:！？!?（）()《》【】]"
_ADVERB_ZH = rf"(?:{_any(vocab.VENUE_ADVERBS_ZH)}){{0,2}}"
_BRACKET_ZH = rf"(?:[（(][^）)\s]{{1,30}}[）)]{_CHAR_ZH}{{0,25}}?){{0,2}}"
_VENUE_VERBS_ZH = _any(vocab.VENUE_VERBS_ZH + vocab.PLACE_VERBS_ZH)
# "在国家会展中心（上海）4.1号馆举行", "于今(8)日假香港…中心举行".
VERB_ZH_RE = re.compile(
    rf"(?:在|(?<![{''.join(vocab.NOT_LOCATIVE_YU_BEFORE)}])于|假座|(?<=[日)）])假)"
    rf"(?P<place>{_CHAR_ZH}{{1,30}}?{_BRACKET_ZH}){_ADVERB_ZH}(?:{_VENUE_VERBS_ZH})"
)
_CLAUSE_START_ZH = r"(?:^|(?<=[\s，,。；;日午：:】]))"
SUBJECT_ZH_RE = re.compile(
    rf"{_CLAUSE_START_ZH}(?P<place>[\u4e00-\u9fff]{{2,10}}?(?:{_any(vocab.ADMIN_SUFFIXES_ZH)}))"
    rf"{_ADVERB_ZH}(?:{_any(vocab.SUBJECT_PLACE_VERBS_ZH)})",
    re.MULTILINE,
)
# "某县人民医院新大楼今(8日)上午举行落成典礼", "某某医院新院区正式启用".
_TIME_ZH = (
    r"(?:[今明昨]天?|[今明昨]日)?(?:[（(]\d{1,2}日?[）)])?(?:[上下]午|晚上|早上)?"
    r"(?:\d{1,2}[:：点时]\d{0,2}分?)?"
)
SUBJECT_VENUE_ZH_RE = re.compile(
    rf"{_CLAUSE_START_ZH}(?P<place>(?:(?![与及、])[\u4e00-\u9fff·]){{2,16}}?"
    rf"(?:{_any(vocab.VENUE_SUFFIXES_ZH)}))"
    rf"{_TIME_ZH}{_ADVERB_ZH}(?:{_any(vocab.OPENING_VERBS_ZH)})",
    re.MULTILINE,
)
LOCATED_ZH_RE = re.compile(
    rf"(?:{_any(vocab.LOCATED_WORDS_ZH)})(?P<place>{_CHAR_ZH}{{2,25}}?)(?=的|内|[，,。；;]|$)",
    re.MULTILINE,
)
# Three patterns, not one alternation: a long alternation defeats the regex
# engine's prefix scan.
DATELINE_ZH_RE = re.compile(
    rf"(?:{_any(vocab.DATELINE_SOURCES_ZH)})(?:记者)?(?P<place>[\u4e00-\u9fff]{{2,4}}?)"
    rf"(?:\d{{1,2}}月)?\d{{1,2}}日(?:电|讯)"
)
REPORTER_ZH_RE = re.compile(
    rf"记者[\u4e00-\u9fff]{{2,4}}/(?P<place>[\u4e00-\u9fff]{{2,4}}?)(?:{_any(vocab.DATELINE_REPORT_ZH)})"
)
CITY_DATELINE_ZH_RE = re.compile(rf"(?P<place>{CITY_ZH_RE.pattern})(?:\d{{1,2}}月)?\d{{1,2}}日电")

# --------------------------------------------------------------------------
# Known cities, when the grammar says nothing.
# --------------------------------------------------------------------------

_EVENT_NAMES_EN = (
    r"(?:Expo|Forum|Summit|Conference|Fair|Congress|Exhibition|Show|Week|Convention"
    r"|Symposium|Festival)s?"
)
CITY_EVENT_EN_RE = re.compile(
    rf"(?P<place>{CITY_EN_RE.pattern})(?:['’]s)?(?:{_JOIN}[A-Z0-9][\w'’&-]{{0,30}}){{0,8}}?"
    rf"[ \t]+{_EVENT_NAMES_EN}\b"
)
_EVENT_WORDS_ZH = _any(vocab_events.FORUM_NOUNS_ZH + vocab.EVENT_WORDS_ZH)
CITY_EVENT_ZH_RE = re.compile(
    rf"(?P<place>{CITY_ZH_RE.pattern})"
    rf"(?:(?!{_any(vocab.CITY_NAMED_ORG_WORDS_ZH)})[^，。；！？\s,;!?]){{0,20}}?(?:{_EVENT_WORDS_ZH})"
)
AT_CITY_ZH_RE = re.compile(rf"(?:在|于|赴|到|来|抵)(?P<place>{CITY_ZH_RE.pattern})")
IN_CITY_EN_RE = re.compile(
    rf"\b(?:in|at|(?:came|come|comes|went|travell?ed|arrived)[ \t]+to|visit(?:ed|s|ing)?)[ \t]+"
    rf"(?P<place>{CITY_EN_RE.pattern})"
)
ANY_CITY_ZH_RE = re.compile(rf"(?P<place>{CITY_ZH_RE.pattern})")
ANY_CITY_EN_RE = re.compile(rf"(?P<place>{CITY_EN_RE.pattern})")

# --------------------------------------------------------------------------
# Labels.
# --------------------------------------------------------------------------

PLACE_LABEL_RE = re.compile(
    rf"(?:^|\n)\s*(?:[\u4e00-\u9fff]{{0,4}}|[A-Za-z]+[ \t])?"
    rf"(?:{terms_pattern(vocab.PLACE_LABELS).pattern})\s*[:：]\s*(?P<place>[^\n。;；]{{2,100}})",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------
# Judging a span.
# --------------------------------------------------------------------------

Judge = Callable[[str, str], str | None]  # (normalised span, written span) -> place


def _label(norm: str, written: str) -> str | None:
    """A label's value is a place as a whole: "Grand Ballroom, Shangri-La Hotel, Qingdao"."""
    if CJK_RE.search(norm) and not re.search(r"[A-Za-z]{3}", norm):
        return chinese_place(norm, written)
    return english_place(written, address=True)


def _chinese(norm: str, written: str) -> str | None:
    return chinese_place(norm, written)


def _english(norm: str, written: str) -> str | None:
    return english_place(written)


def _dateline(norm: str, written: str) -> str | None:
    """ "XI'AN --" is Xi'an; a Chinese dateline names a city."""
    if CJK_RE.search(norm):
        return None if is_wide_zh(norm) else chinese_place(norm, written)
    if written.isupper():
        written = " ".join(word.capitalize() for word in written.split())
    return english_place(written)


def _city(norm: str, written: str) -> str | None:
    return None if is_wide_zh(norm) else written


@dataclass(frozen=True)
class Rule:
    """A pattern whose group ``place*`` may hold a place, and how to judge it.

    ``needs``: a cheap pattern a zone must hold for the rule to be tried (a
    pattern that starts on any capitalised word is slow to run everywhere).
    """

    pattern: re.Pattern[str]
    judge: Judge
    needs: re.Pattern[str] | None = None


LABEL = (Rule(PLACE_LABEL_RE, _label),)
GRAMMAR = (
    Rule(VERB_ZH_RE, _chinese),
    Rule(VERB_EN_RE, _english),
    Rule(DATE_PLACE_EN_RE, _english),
    Rule(EVENT_IN_EN_RE, _english),
    Rule(SUBJECT_ZH_RE, _chinese),
    Rule(VENUE_EN_RE, _english),
    Rule(OPENED_EN_RE, _english),
    Rule(OPENED_PASSIVE_EN_RE, _english, PASSIVE_OPENING_EN_RE),
    Rule(LOWER_VENUE_IN_RE, _english),
    Rule(SUBJECT_VENUE_ZH_RE, _chinese),
    Rule(LOCATED_ZH_RE, _chinese),
    Rule(LOCATED_EN_RE, _english),
)
DATELINES = (
    Rule(DATELINE_EN_RE, _dateline),
    Rule(COLON_DATELINE_EN_RE, _dateline, re.compile(":")),
    Rule(BYLINE_EN_RE, _english),
    Rule(DATELINE_ZH_RE, _dateline),
    Rule(REPORTER_ZH_RE, _dateline),
    Rule(CITY_DATELINE_ZH_RE, _dateline, re.compile("日电")),
)
CITIES = (
    Rule(CITY_EVENT_ZH_RE, _city),
    Rule(CITY_EVENT_EN_RE, _city),
    Rule(AT_CITY_ZH_RE, _city),
    Rule(IN_CITY_EN_RE, _city),
)
LOWER_VENUES = (Rule(LOWER_VENUE_EN_RE, _english),)
ANY_CITY = (Rule(ANY_CITY_ZH_RE, _city), Rule(ANY_CITY_EN_RE, _city))

TOP = ("lead", "title", "head")
# (zones, rules) in order of trust: the first place found wins (module docstring).
STEPS: tuple[tuple[tuple[str, ...], tuple[Rule, ...]], ...] = (
    ((*TOP, "body"), LABEL),
    (TOP, GRAMMAR),
    (TOP, DATELINES),
    (("body",), GRAMMAR),
    (("title", "head", "lead"), CITIES),
    ((*TOP, "body"), LOWER_VENUES),
    (("title", "head"), ANY_CITY),
)


# --------------------------------------------------------------------------
# Reading.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _View:
    """A zone's text as the patterns read it: normalised, pinyin glosses removed.

    ``norm`` and ``text`` have the same length; ``at`` maps their offsets to
    the zone's text (None: the same offsets).
    """

    zone: Zone
    norm: str
    text: str
    at: list[int] | None

    @classmethod
    def of(cls, zone: Zone) -> _View:
        text, at = without_pinyin(zone.text)
        return cls(zone, normalise(text), text, at)

    def evidence(self, start: int, end: int) -> str:
        if self.at is not None and end > start:
            start, end = self.at[start], self.at[end - 1] + 1
        return self.zone.text[start:end].strip()


def _place_group(match: re.Match[str]) -> tuple[int, int]:
    """Span of the place group that matched (one of a pattern's alternatives)."""
    names = [name for name in match.re.groupindex if name.startswith("place")]
    return match.span(next((name for name in names if match.group(name)), "place"))


def _found(view: _View, rules: tuple[Rule, ...]) -> Iterator[tuple[str, str]]:
    for rule in rules:
        if rule.needs is not None and not rule.needs.search(view.norm):
            continue
        for match in rule.pattern.finditer(view.norm):
            start, end = _place_group(match)
            if end > start and (place := rule.judge(view.norm[start:end], view.text[start:end])):
                yield place, view.evidence(match.start(), match.end())


def find_place(zones: tuple[Zone, ...]) -> tuple[str, str] | None:
    """Where the event is, and the span read (see the module docstring).

    The lead is read first: it names the place in full ("in Suzhou Industrial
    Park") where a headline shortens it ("in Suzhou").
    """
    views: dict[str, _View] = {}
    by_name = {zone.name: zone for zone in zones}
    for names, rules in STEPS:
        for name in names:
            if name not in by_name:
                continue
            view = views.setdefault(name, _View.of(by_name[name]))
            for found in _found(view, rules):
                return found
    return None
