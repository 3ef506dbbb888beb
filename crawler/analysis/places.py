"""Where an event takes place: a venue, a district or a city, as written.

Read, in order of trust, from a "Venue:"/"地点：" label, then per zone (lead,
title, head, body) from the first of these that fits:

1. "在X(隆重)举行/签约/揭牌/启用…" and "held/signed/established … in/at X";
2. a place right after a date: "on Tuesday in Beijing";
3. "at/in (the) <Name> Center/Hall/Hospital/Park/Zone/City…" (a venue by its
   name, the longest one);
4. "at the <lowercase venue> in <City>" (the city);
5. a Chinese administrative subject: "长沙经开区举行…签约仪式";
6. "位于X的…", "located in X";
7. the story's dateline: "HANGZHOU, March 20 (Xinhua) --", "新华社北京…电".

Patterns run on the normalised text (Traditional Chinese matches the
Simplified vocabulary); places are cut from the original text.  Vocabularies
live in ``crawler.analysis.vocabulary.facts``.  Pure.
"""

from __future__ import annotations

import re

from crawler.analysis.date_grammar import find_mentions
from crawler.analysis.facts import Zone
from crawler.analysis.language import CJK_RE, normalise, terms_pattern
from crawler.analysis.vocabulary import events as vocab_events
from crawler.analysis.vocabulary import facts as vocab
from crawler.analysis.vocabulary import time as vocab_time

# A capitalised word, or a Chinese name left in machine-translated English ("in 首钢园 Park").
_CAP = r"(?:[A-Z0-9][\w'’&.-]*|[\u4e00-\u9fff]+)"
_NOT_DATE_WORD = (
    "(?!(?:"
    + "|".join(name.title() for name, _ in vocab_time.MONTH_NAMES)
    + "|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b)"
)
_VENUE_EN = f"(?i:{terms_pattern(vocab.VENUE_VERBS_EN).pattern})"  # "Held in" too
# "National Exhibition and Convention Center (Shanghai)", "Daxing district":
# capitalised words, joined by of/the/and, ending on a name or a place suffix.
_PLACE_RUN = (
    rf"{_NOT_DATE_WORD}{_CAP}(?:[ \t-]+(?:(?:of|the|de|and|&)[ \t]+)*"
    rf"(?:{_CAP}|{'|'.join(vocab.PLACE_SUFFIXES_EN)}))*(?:\s*\([A-Z][^()]{{0,30}}\))?"
)
_PLACE_CHARS_ZH = r"[^\s，。、；：,;:“”\"《》（）()！？]"
_ADVERB_ZH = rf"(?:{'|'.join(vocab.VENUE_ADVERBS_ZH)})?"
PLACE_EN_RE = re.compile(
    rf"(?:{_VENUE_EN})\s+(?:[^\s.;!?]+\s+){{0,10}}?(?:in|at)\s+(?:the\s+)?"
    rf"(?P<place>{_PLACE_RUN}(?:,\s*{_PLACE_RUN})?)"
)
# "... on Tuesday in Beijing", "on April 9 at the Expo Center": a place right after a date.
_DATE_EN = (
    rf"(?:{'|'.join(name.title() for name in vocab_time.WEEKDAY_NAMES)}"
    rf"|(?:{'|'.join(name.title() for name, _ in vocab_time.MONTH_NAMES)})\.?\s+\d{{1,2}}"
    rf"(?:\s*(?:-|to)\s*\d{{1,2}})?(?:,\s*\d{{4}})?)"
)
DATE_PLACE_EN_RE = re.compile(
    rf"\bon\s+(?:the\s+)?{_DATE_EN}\s+(?:in|at)\s+(?:the\s+)?(?P<place>{_PLACE_RUN})"
)
# "在国家会展中心（上海）4.1号馆举行": a name may go on after its bracket.
PLACE_ZH_RE = re.compile(
    rf"(?:在|(?<![{''.join(vocab.NOT_LOCATIVE_YU_BEFORE)}])于)(?P<place>{_PLACE_CHARS_ZH}{{2,30}}?"
    rf"(?:[（(][^）)\s]{{1,12}}[）)]{_PLACE_CHARS_ZH}{{0,25}}?)?)"
    rf"{_ADVERB_ZH}(?:{'|'.join(vocab.VENUE_VERBS_ZH)})"
)
# The longest name ending in a venue noun: "Wuhan Optics Valley Science and
# Technology Convention Center", "Xianlin campus of Nanjing University".
VENUE_EN_RE = re.compile(
    rf"\b(?:at|in)\s+(?:the\s+)?(?P<place>{_NOT_DATE_WORD}{_CAP}(?:[ \t-]+(?:(?:of|and|&)[ \t]+)?"
    rf"(?:{_CAP}|{'|'.join(vocab.PLACE_SUFFIXES_EN)}))*[ \t]+(?:{'|'.join(vocab.VENUE_NOUNS_EN)})"
    rf"(?:\s*\([A-Z][^()]{{0,30}}\))?)\b"
)
VENUE_END_RE = re.compile(rf"\b(?:{'|'.join(vocab.VENUE_NOUNS_EN)})$")
# "at the pilot zone's administration building in Qionghai": a described venue's city.
LOWER_VENUE_IN_RE = re.compile(
    rf"\b(?:at|in)\s+the\s+(?:[\w'’-]+\s+){{0,5}}?(?:{'|'.join(vocab.LOWER_VENUE_NOUNS_EN)})"
    rf"\s+in\s+(?:the\s+)?(?P<place>{_PLACE_RUN})"
)
# "HANGZHOU, March 20 (Xinhua) --", "Chengdu, Nov 9 —", "XI'AN --": the story's city.
_CAPS_NAME = r"[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,2}"
_NAME = r"[A-Z][A-Za-z'’.]+(?:[ -][A-Z][A-Za-z'’.]+){0,2}"
_MONTHS_EN = "|".join(name.title() for name, _ in vocab_time.MONTH_NAMES)
_DATELINE_DATE = rf",?[ \t]+(?:{_MONTHS_EN})\.?[ \t]+\d{{1,2}}"
DATELINE_EN_RE = re.compile(
    rf"^[ \t]*(?:(?P<place>{_CAPS_NAME})(?:{_DATELINE_DATE})?"
    rf"|(?P<place_en>{_NAME}){_DATELINE_DATE})"
    r"[ \t]*(?:\([^()\n]{2,40}\))?[ \t]*(?:--|—|–)[ \t]",
    re.MULTILINE,
)
DATELINE_ZH_RE = re.compile(
    rf"(?:{'|'.join(vocab.DATELINE_SOURCES_ZH)})(?:记者)?(?P<place>[\u4e00-\u9fff]{{2,4}}?)"
    rf"(?:\d{{1,2}}月)?\d{{1,2}}日(?:电|讯)"
    rf"|记者[\u4e00-\u9fff]{{2,4}}/(?P<place_zh>[\u4e00-\u9fff]{{2,4}}?)(?:{'|'.join(vocab.DATELINE_REPORT_ZH)})"
)
SUBJECT_PLACE_ZH_RE = re.compile(
    rf"(?:^|(?<=[\s，,。；;日午]))(?P<place>[\u4e00-\u9fff]{{2,10}}?"
    rf"(?:{'|'.join(vocab.ADMIN_SUFFIXES_ZH)})){_ADVERB_ZH}(?:{'|'.join(vocab.SUBJECT_PLACE_VERBS_ZH)})",
    re.MULTILINE,
)
LOCATED_RE = re.compile(
    rf"(?:{'|'.join(vocab.LOCATED_WORDS_ZH)})(?P<place>{_PLACE_CHARS_ZH}{{2,25}}?)的"
    rf"|(?i:{'|'.join(vocab.LOCATED_WORDS_EN)})\s+(?:the\s+)?(?P<place_en>{_PLACE_RUN})"
)
PLACE_PATTERNS = (
    PLACE_ZH_RE, PLACE_EN_RE, DATE_PLACE_EN_RE, VENUE_EN_RE, LOWER_VENUE_IN_RE,
    SUBJECT_PLACE_ZH_RE, LOCATED_RE, DATELINE_EN_RE, DATELINE_ZH_RE,
)  # fmt: skip
PLACE_LABEL_RE = re.compile(
    rf"(?:^|\n)\s*(?:{terms_pattern(vocab.PLACE_LABELS).pattern})\s*[:：]\s*(?P<place>[^\n。;；]{{2,100}})",
    re.IGNORECASE,
)
SENTENCE_STOP_RE = re.compile(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])\.\s")  # not "St. ", "U. "
WIDE_PLACE_RE = re.compile(rf",[^,]*\b(?:{'|'.join(vocab.WIDE_PLACE_ENDINGS_EN)})$", re.IGNORECASE)


def _clean_place(place: str) -> str | None:
    """Trim a place; None when it is no place ("会上", a date, a clause).

    A trailing province or region is dropped: "Hefei High-tech Zone, Anhui
    province" is in Hefei, and a province alone is too wide to act on.  In
    "建邺区的南京国际博览会议中心" the venue is what follows 的.
    """
    if CJK_RE.search(place):
        place = re.split(r"[在于]", place)[-1].rsplit("的", 1)[-1]
    place = SENTENCE_STOP_RE.split(place)[0]  # "Beijing Hotel. All members" ends at the stop
    place = re.sub(r"(?:[ ,]+(?:of|and|the|de))+$", "", place.strip(" ,.;"))
    place = WIDE_PLACE_RE.sub("", re.sub(r"^(?:the)\s+", "", place))
    if len(place) < 2 or place in vocab.NOT_PLACES or re.search(r"\d\s*[月日年]", place):
        return None
    if place.startswith(vocab.NOT_PLACE_STARTS_ZH) or find_mentions(normalise(place)):
        return None  # a partner ("与…"), or a date ("二〇二四年十月十八日")
    if CJK_RE.search(place) and normalise(place).endswith(vocab_events.FORUM_NOUNS_ZH):
        return None  # the event itself: "在第二届…博览会开幕式上"
    if CJK_RE.search(place) and place[-1] in "下中后前时间上":
        return None
    return place


def _place_group(match: re.Match[str]) -> tuple[int, int]:
    """Span of the place group that matched (one of a pattern's alternatives)."""
    names = [name for name in match.re.groupindex if name.startswith("place")]
    return match.span(next((name for name in names if match.group(name)), "place"))


def _venue_end(place: str) -> str:
    """ "Peking University and Tsinghua University": two venues, the first is the place;
    "Conference and Exhibition Center" is one."""
    for part in re.finditer(r"\s+and\s+", place):
        if VENUE_END_RE.search(place[: part.start()]):
            return place[: part.start()]
    return place


def _in_zone(zone: Zone) -> tuple[str, str] | None:
    """The first place one zone gives, by the patterns in order of trust."""
    norm = normalise(zone.text)
    for pattern in PLACE_PATTERNS:
        for match in pattern.finditer(norm):
            start, end = _place_group(match)
            written = zone.text[start:end]
            if pattern is DATELINE_EN_RE and written.isupper():  # "XI'AN --" is Xi'an
                written = " ".join(word.capitalize() for word in written.split())
            if place := _clean_place(_venue_end(written)):
                return place, zone.text[match.start() : match.end()].strip()
    return None


def find_place(zones: tuple[Zone, ...]) -> tuple[str, str] | None:
    """Where the event is, and the span read (see the module docstring).

    The lead is read first: it names the place in full ("in Suzhou Industrial
    Park") where a headline shortens it ("in Suzhou").
    """
    by_name = {zone.name: zone for zone in zones}
    ordered = [by_name[name] for name in ("lead", "title", "head", "body")]
    for zone in ordered:
        match = PLACE_LABEL_RE.search(zone.text)
        if match and (place := _clean_place(match.group("place"))):
            return place, match.group().strip()
    for zone in ordered:
        if found := _in_zone(zone):
            return found
    return None
