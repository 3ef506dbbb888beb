"""Whether a span where a place may stand is one, and how much of it.

``places.py`` finds spans by grammar ("held in X", "在X举行"); this module
trims a span to its place and refuses what is no place: a date, a time, an
event's own name, a theme in quotes, a country or a province alone, words
around a name ("成都能否如期" -> 成都, "往年已经" -> nothing).

A Chinese span is judged on its normalised form (Simplified, same length as
the page's text) and cut from the page's text.  Known cities and districts
(``vocabulary/places.py``) are evidence for a name; an unknown name is kept
when it ends like a venue or an area, or is short and made of name
characters only.  Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.analysis.date_grammar import find_mentions
from crawler.analysis.vocabulary import events as vocab_events
from crawler.analysis.vocabulary import facts as vocab
from crawler.analysis.vocabulary import places as names


def _alternation(terms: Iterable[str]) -> str:
    """Regex alternatives, longest first, so "New York City" wins over "New York"."""
    return "|".join(re.escape(term) for term in sorted(set(terms), key=len, reverse=True))


# --------------------------------------------------------------------------
# Known names.
# --------------------------------------------------------------------------

_KNOWN_ZH = _alternation(names.CITIES_ZH + names.DISTRICTS_ZH)
# A known city or district with its suffix: "厦门市", "浦东新区", "宝山区".
KNOWN_ZH_RE = re.compile(rf"(?:{_KNOWN_ZH})(?:市|新区|区|县)?")
CITY_ZH_RE = re.compile(rf"(?:{_alternation(names.CITIES_ZH)})(?:市)?")
_CITY_EN = _alternation(names.CITIES_EN)
CITY_EN_RE = re.compile(rf"(?=[A-Z])(?<![\w'’-])(?:{_CITY_EN})(?![\w-])(?!['’](?!s\b))")
CITY_CAPS_EN_RE = re.compile(rf"(?:{_CITY_EN})", re.IGNORECASE)
_WIDE_EN = {name.casefold() for name in names.COUNTRIES_EN + names.REGIONS_EN + names.PROVINCES_EN}
_WIDE_ZH = set(names.WIDE_ZH)
_EVENT_NOUNS_EN = {noun.casefold() for noun in vocab.EVENT_NOUNS_EN + vocab_events.FORUM_NOUNS_EN}
_VENUE_WORDS_EN = {word.casefold() for word in vocab.VENUE_NOUNS_EN + vocab.PLACE_SUFFIXES_EN}
_VENUE_END_EN_RE = re.compile(
    rf"\b(?:{_alternation(vocab.VENUE_NOUNS_EN)}"
    rf"|(?i:{_alternation(vocab.PLACE_SUFFIXES_EN + vocab.AREA_SUFFIXES_EN)}))$"
)
_NOT_NAME_CHARS_ZH = set(vocab.NOT_NAME_CHARS_ZH)
_WEAK_NAME_CHARS_ZH = set(vocab.WEAK_NAME_CHARS_ZH)
_NOT_IN_NAMES = set('，。、；：,;:！？!?“”"「」『』《》<>【】[] \t\n')
_HAN_NAME_RE = re.compile(r"[\u4e00-\u9fff·•]+")
_BARE_NAME_MIN, _BARE_NAME_MAX = 2, 8
_DATE_IN_ZH_RE = re.compile(r"\d\s*(?:[月日年]|号(?![馆楼厅室门]))")
KNOWN_END_ZH_RE = re.compile(rf"(?:{_KNOWN_ZH})(?:市|新区|区|县)?$")
_OPEN_QUOTES, _CLOSE_QUOTES = '“"「『', '”"」』'
_QUOTED_RE = re.compile(r"[“\"「『][^”\"」』]{1,15}[”\"」』]")
_BRACKET_END_ZH_RE = re.compile(r"[（(][^（）()]{1,15}[）)]$")
_NOTE_END_ZH_RE = re.compile(r"[（(](?:[^（）()]{16,}|[^（）()]*\d[^（）()]*)[）)]$")
_OWN_PLACE_ZH_RE = re.compile(r"(?:我|本|该)(?:院|校|所|市|区|县|中心|公司|单位)")
# Where a place starts: after 在/于, or 假座 ("假座…酒店举行", Hong Kong and Macao usage).
_LOCATIVE_ZH_RE = re.compile(r"在|于|假座|(?<=[日)）])假")
_WIDE_START_ZH_RE = re.compile(
    rf"(?:{_alternation(names.WIDE_ZH)})(?:{_alternation(names.WIDE_SUFFIXES_ZH)})?"
    rf"(?=(?:{_KNOWN_ZH}))"
)

# A full stop ends a place, not in "St. ", "U. " nor before a venue noun ("Riverside Conf. Center").
SENTENCE_STOP_RE = re.compile(
    rf"(?<!\b[A-Z][a-z])(?<!\b[A-Z])\.\s(?!(?:{_alternation(vocab.VENUE_NOUNS_EN)})\b)"
)
_QUOTES = '"“”「」『』'
_CAPITAL_RE = re.compile(r"[A-Z\u4e00-\u9fff]")
# A venue with no name says little in one or two words ("the conference room").
LOWER_VENUE_MIN_WORDS = 3
_ACRONYM_RE = re.compile(r"[A-Z&]{1,5}s?")
_ORDINAL_RE = re.compile(r"^\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
_NUMERIC_RE = re.compile(r"[\d\s.,:/-]+")
_BRACKET_TAIL_RE = re.compile(r"\s*\(([^()]*)\)$")
_EDGE_WORDS_RE = re.compile(r"(?:[ ,]+(?:of|and|the|de|in|at))+$", re.IGNORECASE)
_TITLE_STOP_RE = re.compile(rf"\s+(?:{_alternation(vocab.TITLE_CASE_STOPS_EN)})\b")
_NOT_PLACE_WORDS_EN = set(vocab.NOT_PLACE_WORDS_EN)
_LEADING_THE_RE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE_RE = re.compile(r"^([A-Z][\w .-]{1,30}?)['’]s\s*")
_PINYIN_RE = re.compile(r"(?<=[\u4e00-\u9fff])[（(][a-zA-Z\u00e0-\u01dc]{1,16}[)）]")


# --------------------------------------------------------------------------
# English.
# --------------------------------------------------------------------------


def is_wide_en(name: str) -> bool:
    """A country, province, state or region: too wide to be where an event is."""
    name = _LEADING_THE_RE.sub("", name.strip(" ,.;"))
    name = _BRACKET_TAIL_RE.sub("", name)
    words = name.casefold().split()
    if not words:
        return False
    if name.casefold() in _WIDE_EN:
        return True
    if words[-1] in names.WIDE_ENDINGS_EN or " ".join(words[-2:]) in names.WIDE_ENDINGS_EN:
        return True
    # "Europe and Central Asia", "Oman and the Gulf": every part is wide
    parts = [part for part in re.split(r"\s+(?:and|&)\s+(?:the\s+)?|,\s*", name) if part]
    return len(parts) > 1 and all(is_wide_en(part) for part in parts)


def is_city_en(name: str) -> bool:
    return CITY_EN_RE.fullmatch(name.strip()) is not None


def _ends_as_venue_en(name: str) -> bool:
    return _VENUE_END_EN_RE.search(name) is not None


def _first_venue(place: str) -> str:
    """ "Peking University and Tsinghua University": two venues, the first is the place;
    "Conference and Exhibition Center" is one."""
    for part in re.finditer(r"\s+(?:and|&)\s+", place):
        first, second = place[: part.start()], place[part.end() :]
        if _ends_as_venue_en(first) or (is_city_en(first) and is_city_en(second)):
            return first  # "in Jaipur and Pune": the first
    return place


def _address_parts(place: str, address: bool) -> str:
    """Drop wide tails ("Auckland, New Zealand" -> Auckland); keep an address
    after a venue ("General Hospital, Kandy") or when the span
    is one (``address``: a label's value), else the first part ("Beijing, Zhang
    said" -> Beijing)."""
    parts = [part.strip() for part in place.split(",")]
    while len(parts) > 1 and (is_wide_en(parts[-1]) or not parts[-1]):
        parts.pop()
    keep = address or _ends_as_venue_en(parts[0]) or is_city_en(parts[-1])
    if len(parts) > 1 and not keep:
        parts = parts[:1]
    tail = _BRACKET_TAIL_RE.search(parts[-1])
    if tail and is_wide_en(tail.group(1)):  # "Pune (Maharashtra)"
        parts[-1] = parts[-1][: tail.start()]
    return ", ".join(parts)


def _trimmed_en(written: str, address: bool) -> str | None:
    """The span without what follows a sentence stop or a title-case stop word, a
    leading "the", a province's possessive or a wide tail; None for a quote."""
    place = SENTENCE_STOP_RE.split(written)[0]
    if any(quote in place for quote in _QUOTES):
        return None  # a theme: 'under the theme "Resilience in Health"'
    place = _TITLE_STOP_RE.split(place)[0]
    place = _LEADING_THE_RE.sub("", _EDGE_WORDS_RE.sub("", place.strip(" ,.;:")))
    owner = _POSSESSIVE_RE.match(place)
    if owner and is_wide_en(owner.group(1)):
        place = place[owner.end() :]  # "Kerala's Kochi"
    return _first_venue(_address_parts(place, address)).strip(" ,.;:")


def _names_a_place_en(place: str) -> bool:
    """Not a number, a country or region, a common noun, a topic, an acronym or
    the event itself ("the World Pharma Convention")."""
    words = re.split(r"\s+(?:and|&)\s+|\s+", place.casefold())
    last = words[-1].strip("()")
    return not (
        len(place) < _BARE_NAME_MIN
        or _NUMERIC_RE.fullmatch(place)
        or _ORDINAL_RE.match(place)
        or is_wide_en(place)
        or place in vocab.NOT_PLACES
        or (not _CAPITAL_RE.search(place) and len(words) < LOWER_VENUE_MIN_WORDS)
        or (words[0] in _NOT_PLACE_WORDS_EN and not _ends_as_venue_en(place.partition(",")[0]))
        or (_ACRONYM_RE.fullmatch(place) and not is_city_en(place))
        or (last in _EVENT_NOUNS_EN and last not in _VENUE_WORDS_EN)
    )


def english_place(written: str, address: bool = False) -> str | None:
    """The place in an English span, or None ("Healthcare" in a quoted theme,
    "Europe and Central Asia", "12", "World Pharma Convention");
    ``address``: the span is a place as a whole (see ``_address_parts``)."""
    place = _trimmed_en(written, address)
    return place if place and _names_a_place_en(place) else None


# --------------------------------------------------------------------------
# Chinese.
# --------------------------------------------------------------------------


def without_pinyin(text: str) -> tuple[str, list[int] | None]:
    """``text`` without pinyin glosses ("會(huì)議" -> "會議") and, when any were
    removed, the offset in ``text`` of each character kept."""
    if not _PINYIN_RE.search(text):
        return text, None
    kept: list[int] = []
    last = 0
    for match in _PINYIN_RE.finditer(text):
        kept.extend(range(last, match.start()))
        last = match.end()
    kept.extend(range(last, len(text)))
    return "".join(text[index] for index in kept), kept


def is_wide_zh(name: str) -> bool:
    """A country, province or region alone: "中国", "广东省", "长三角"."""
    for suffix in names.WIDE_SUFFIXES_ZH:
        name = name.removesuffix(suffix)
    return name in _WIDE_ZH


def _unknown_is_name(text: str, strict: bool = True) -> bool:
    """No function word or pronoun outside a known name ("广州南沙", not "往年已经");
    ``strict``: no time, scope or position either ("能否如期", "昨天下午").  Digits,
    letters and brackets may stand in a venue's name ("3号馆")."""
    bare = KNOWN_ZH_RE.sub("", text)
    banned = _NOT_NAME_CHARS_ZH | _WEAK_NAME_CHARS_ZH if strict else _NOT_NAME_CHARS_ZH
    return not any(char in banned or char in _NOT_IN_NAMES for char in bare)


def _ends_as_venue_zh(name: str) -> bool:
    """ "福州海峡会展中心", "厦门市", "报告厅", but not "会场", "本市" (a bare word before it)."""
    for suffix in vocab.VENUE_SUFFIXES_ZH:
        if name.endswith(suffix) and len(name) > len(suffix):
            head = name[: -len(suffix)]
            if KNOWN_ZH_RE.search(name):
                return _unknown_is_name(head, strict=False)
            return _unknown_is_name(head, strict=len(head) == 1)
    return False


def _bare_name(name: str) -> bool:
    """A short name of Chinese characters only: "浦东张江", "峨眉山"."""
    return (
        _BARE_NAME_MIN <= len(name) <= _BARE_NAME_MAX
        and _HAN_NAME_RE.fullmatch(name) is not None
        and _unknown_is_name(name)
    )


def _name_end(norm: str) -> int:
    """Length of the longest start of ``norm`` that is a place (it ends like a
    venue, or on a known name with name characters only before it); 0 if none."""
    for stop in range(len(norm), 1, -1):
        head = norm[:stop]
        if head.count("(") + head.count("（") != head.count(")") + head.count("）"):
            continue
        if _ends_as_venue_zh(head):
            return stop
        known = KNOWN_END_ZH_RE.search(head) and _HAN_NAME_RE.fullmatch(head)
        if known and _unknown_is_name(head):
            return stop
    return 0


def _trimmed_zh(norm: str) -> tuple[int, int] | None:
    """Where the place is in a span: after 在/于/假座, without an epithet in quotes,
    the words around 的, a trailing 内, a country or province before a known
    city, "我院" before a building or an address in brackets; None when the
    words around 的 hold no place."""
    cuts = [match.end() for match in _LOCATIVE_ZH_RE.finditer(norm)]
    start, end = (cuts[-1] if cuts else 0), len(norm)
    quoted = _QUOTED_RE.match(norm, start)
    if quoted and quoted.end() < end:
        start = quoted.end()  # "“中国药都”樟树市": the epithet goes
    elif norm[start : start + 1] in _OPEN_QUOTES and norm[end - 1 : end] in _CLOSE_QUOTES:
        start, end = start + 1, end - 1  # a quoted name
    if "的" in norm[start:end]:
        first, *_, last = norm[start:end].split("的")
        if _ends_as_venue_zh(last):
            start = end - len(last)  # "鼓楼区的福州海峡会展中心"
        elif _ends_as_venue_zh(first) or KNOWN_ZH_RE.fullmatch(first):
            end = start + len(first)
        else:
            return None  # "在省卫健委的指导下"
    if end - start > 2 and norm[end - 1] in "内里" and _ends_as_venue_zh(norm[start : end - 1]):
        end -= 1  # "会展中心内" (but "马德里")
    for prefix in (_WIDE_START_ZH_RE, _OWN_PLACE_ZH_RE):
        found = prefix.match(norm, start, end)
        if found and found.end() < end:
            start = found.end()  # "四川成都": the city; "我校图书馆报告厅": the building
    note = _NOTE_END_ZH_RE.search(norm, start, end)
    if note and note.start() > start:
        end = note.start()  # "…会议中心（北京市东城区…9号）": an address in brackets
    return start, end


def _place_length_zh(place: str) -> int:
    """How much of ``place`` is a place: all of it, a start of it ("成都能否如期"), or 0."""
    bracket = _BRACKET_END_ZH_RE.search(place)
    if bracket and _ends_as_venue_zh(place[: bracket.start()]):
        return len(place)  # "国家会展中心(上海)"
    if _ends_as_venue_zh(place) or _bare_name(place):
        return len(place)
    return _name_end(place)


def chinese_place(norm: str, written: str) -> str | None:
    """The place in a Chinese span (``norm`` its normalised form), or None.

    "“中国药都”樟树市" -> 樟树市, "鼓楼区的福州海峡会展中心" -> the venue after
    的, "成都能否如期" -> 成都, "沪" -> 上海 (the one-character names of cities
    are spelt out); times, scopes, the event itself, partners ("与…") and
    pronouns ("我校") are no places.
    """
    span = _trimmed_zh(norm)
    if span is None:
        return None
    start, end = span
    place = norm[start:end]
    if place in names.CITY_ABBREVIATIONS_ZH:
        return names.CITY_ABBREVIATIONS_ZH[place]
    length = _place_length_zh(place) if _plausible_zh(place) else 0
    return written[start : start + length] if length >= _BARE_NAME_MIN else None


def _plausible_zh(place: str) -> bool:
    """Not a time, scope, partner, date, the event itself or a province alone."""
    if len(place) < 1 or place in vocab.NOT_PLACES or is_wide_zh(place):
        return False
    if place.startswith(vocab.NOT_PLACE_STARTS_ZH) or _DATE_IN_ZH_RE.search(place):
        return False
    if place.endswith(vocab_events.FORUM_NOUNS_ZH):
        return False  # the event itself: "在第二届…博览会开幕式上"
    if place[-1] in "下中后前时间上" and not KNOWN_END_ZH_RE.search(place):
        return False  # "活动中", "会后" (but "台中")
    return not find_mentions(place)
