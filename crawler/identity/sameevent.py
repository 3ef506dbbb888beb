"""Is this report about an event we already know?  Pure matching rules.

The same forum is announced by a portal, reported by a newspaper and
reposted in Chinese by a TV site: one Event, several articles, one alert.
The rules, in order (docs/dedup.md has the reasoning and known limits):

1. Types must be equal.
2. Dates must overlap (within ``DATE_SLACK`` days).  A report that says the
   event was postponed or cancelled may carry a new date: then a similar
   title alone suffices.
3. Same language: the *distinctive* titles (event nouns, places, years and
   ordinals removed) share enough character bigrams; a weaker overlap counts
   when the places also agree.
4. English vs Chinese: the dates must be equal, and a specific name must
   appear in both, compared through pinyin (``Changping`` ~ 昌平).  Very
   common names (Beijing, China) do not count, so two forums on the same day
   in the same city stay apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from crawler.identity.aliases import alias_groups, shared_concepts
from crawler.text.normal import CJK_CLASS, fold, normalise

DATE_SLACK = dt.timedelta(days=1)
SAME_TITLE = 0.55  # distinctive-title bigram overlap that alone means "same event"
SAME_TITLE_WITH_PLACE = 0.35  # enough when the places agree too
RESCHEDULED_TITLE = 0.7  # a postponed/cancelled report with a new date
MIN_BIGRAMS = 5  # shorter distinctive titles are compared by Jaccard
CROSS_LANGUAGE_MIN = 1.0  # score of shared specific names across EN/ZH

# Words every event title has: they say nothing about *which* event.
GENERIC_TITLE_WORDS = re.compile(
    r"\b(the|of|and|for|on|in|to|at|a|an|with|will|be|held|opens?|kicks? off|first|second|third|"
    r"\d+(st|nd|rd|th)|annual|international|national|china|chinese|global|"
    r"forum|conference|summit|congress|symposium|seminar|expo|exhibition|fair|meeting|"
    r"ceremony|signing|launch|unveil(ed|ing)?|agreements?|cooperation)\b"
    r"|第[一二三四五六七八九十百\d]+届|\d{4}年?|年度|国际|全国|中国|"
    r"论坛|大会|峰会|研讨会|博览会|交流会|年会|会议|开幕|举行|举办|召开|签约|签署|仪式|揭牌|启动|成立|将|在",
    re.IGNORECASE,
)
# Names so common that sharing them says little (province-level and the
# largest cities, in both scripts via pinyin).
COMMON_NAMES = frozenset(
    [
        "china",
        "beijing",
        "shanghai",
        "tianjin",
        "chongqing",
        "guangzhou",
        "shenzhen",
        "hangzhou",
        "chengdu",
        "wuhan",
        "nanjing",
        "xian",
        "suzhou",
        "guangdong",
        "jiangsu",
        "zhejiang",
        "sichuan",
        "hubei",
        "shandong",
        "henan",
        "hebei",
        "fujian",
        "hunan",
        "anhui",
        "jiangxi",
        "liaoning",
        "jilin",
        "yunnan",
        "guangxi",
        "hainan",
        "shanxi",
        "shaanxi",
        "people",
        "government",
        "city",
        "district",
        "province",
        "county",
        "international",
        "national",
        "health",
        "medical",
    ]
)
_CJK = re.compile(f"[{CJK_CLASS}]+")
_LATIN_WORD = re.compile(r"[a-z]{4,}")
_YEAR = re.compile(r"(19|20)\d{2}")


@dataclass(frozen=True)
class EventSketch:
    """What matching compares of an event or of a new report."""

    type: str
    start: dt.date | None
    end: dt.date | None
    title: str
    place: str | None
    organisers: tuple[str, ...]
    language: str
    status: str = "unknown"


def event_key(kind: str, start: dt.date | None, title: str) -> str:
    """Deterministic event id from type, start date and normalised title."""
    basis = f"{kind}|{start.isoformat() if start else '-'}|{fold(title)}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def distinctive(title: str, place: str | None) -> str:
    """The part of a title that names *this* event (in the one normal form:
    a Traditional and a Simplified report compare alike)."""
    text = normalise(title).casefold()
    if place:
        text = text.replace(normalise(place).casefold(), " ")
    return fold(GENERIC_TITLE_WORDS.sub(" ", text))


def bigram_overlap(a: str, b: str) -> float:
    """Overlap of character bigrams (works for both scripts).

    The overlap coefficient (shared / smaller set): one report's headline
    often adds a clause ("首批10个项目入驻") to the same name.  Below
    ``MIN_BIGRAMS`` it falls back to Jaccard, so a tiny name inside a long
    different one does not count as a match.
    """
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not grams_a or not grams_b:
        return 0.0
    shared = len(grams_a & grams_b)
    if min(len(grams_a), len(grams_b)) < MIN_BIGRAMS:
        return shared / len(grams_a | grams_b)
    return shared / min(len(grams_a), len(grams_b))


def dates_overlap(a: EventSketch, b: EventSketch) -> bool:
    if a.start is None or b.start is None:
        return False
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end + DATE_SLACK and b.start <= a_end + DATE_SLACK


def places_agree(a: str | None, b: str | None) -> bool:
    """One place contains the other, or they share most bigrams."""
    if not a or not b:
        return False
    fa, fb = fold(a), fold(b)
    if fa in fb or fb in fa or bigram_overlap(fa, fb) >= 0.5:
        return True
    return bool(alias_groups(a) & alias_groups(b))  # "Beijing E-Town" ~ "北京经开区"


def romanised(text: str) -> str:
    """Lower-case Latin letters only, Chinese through pinyin: 昌平 -> changping."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - its dictionaries cost every crawl child 0.1 s

    latin = _CJK.sub(lambda m: "".join(lazy_pinyin(m.group())), normalise(text))
    return latin.casefold()


def shared_names_score(english: EventSketch, chinese: EventSketch) -> float:
    """How strongly specific names of the English report appear in the Chinese one."""
    zh_text = " ".join([chinese.title, chinese.place or "", *chinese.organisers])
    zh_roman = fold(romanised(zh_text))
    en_text = " ".join([english.title, english.place or "", *english.organisers]).casefold()
    names = {w for w in _LATIN_WORD.findall(en_text) if w not in COMMON_NAMES}
    score = float(sum(1 for name in names if name in zh_roman))
    # A zone or body named in both (E-Town ~ 北京经开区) says where, not which
    # event: it counts half, like a shared year.  Translated topic words
    # ("Smart Healthcare" ~ 智慧医疗) count fully; topics only one report
    # names are evidence of two events.
    aliases = alias_groups(en_text) & alias_groups(zh_text)
    shared, differing = shared_concepts(english.title, chinese.title)
    years = set(_YEAR.findall(english.title)) & set(_YEAR.findall(chinese.title))
    topics = shared if shared > differing else 0.0
    return score + topics + 0.5 * bool(aliases) + 0.5 * bool(years)


def same_event(known: EventSketch, report: EventSketch) -> bool:
    """Whether ``report`` describes the ``known`` event (module docstring rules)."""
    if known.type != report.type:
        return False
    if known.language != report.language:
        return cross_language_match(known, report)
    similarity = bigram_overlap(
        distinctive(known.title, known.place), distinctive(report.title, report.place)
    )
    if not dates_overlap(known, report):
        rescheduled = report.status in ("postponed", "cancelled")
        return rescheduled and similarity >= RESCHEDULED_TITLE
    if similarity >= SAME_TITLE:
        return True
    return similarity >= SAME_TITLE_WITH_PLACE and places_agree(known.place, report.place)


def cross_language_match(a: EventSketch, b: EventSketch) -> bool:
    """EN/ZH reports: exactly the same dates and a shared specific name."""
    if a.start is None or (a.start, a.end or a.start) != (b.start, b.end or b.start):
        return False
    english, chinese = (a, b) if a.language == "en" else (b, a)
    return shared_names_score(english, chinese) >= CROSS_LANGUAGE_MIN
