"""Reading an event's name, organisers and signing parties from text.

Every finder returns what it read together with the verbatim span it read it
from (the evidence).  The place is read by ``places.py``.  Vocabularies live
in ``vocabulary/facts.py`` (who) and ``vocabulary/events.py`` (event words).
Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from crawler.analysis.headline import headline
from crawler.analysis.language import (
    CJK_RE,
    LATIN_RE,
    blank,
    lead_span,
    normalise,
    sentence_at,
    sentence_spans,
    terms_pattern,
)
from crawler.analysis.vocabulary import context as vocab_context
from crawler.analysis.vocabulary import events as vocab
from crawler.analysis.vocabulary import facts as vocab_facts
from crawler.analysis.vocabulary import time as vocab_time
from crawler.event_types import kind_of
from crawler.items import (
    Article,
    EventType,
)

SNIPPET_CHARS = 160
# Phrases that look like events but are not (blanked before scanning).
NOT_EVENT_RE = terms_pattern(vocab_context.NOT_EVENT_PHRASES)


@dataclass(frozen=True)
class Zone:
    """A part of the article: ``text`` as printed, ``scan`` normalised with non-events blanked."""

    name: str
    text: str
    scan: str


def snippet(text: str, start: int, end: int) -> str:
    """The sentence around a match, at most SNIPPET_CHARS: a verbatim slice of ``text``."""
    spans = sentence_spans(text)
    left, right = sentence_at(spans, start) if spans else (start, end)
    right = max(right, end)
    if right - left > SNIPPET_CHARS:
        cut_left = max(left, start - SNIPPET_CHARS // 3)
        cut_right = min(right, max(end, cut_left + SNIPPET_CHARS))
        left = _word_edge(text, cut_left, left, +1)
        right = _word_edge(text, cut_right, right, -1)
    return text[left:right].strip()


def _word_edge(text: str, cut: int, edge: int, step: int) -> int:
    """Move a cut inside a Latin word to the nearest space, so snippets show whole words."""
    if cut == edge or not LATIN_RE.match(text[cut - 1 : cut] or " "):
        return cut
    space = text.find(" ", cut) if step > 0 else text.rfind(" ", 0, cut)
    return space if space >= 0 and abs(space - cut) <= SNIPPET_CHARS // 8 else cut


# --------------------------------------------------------------------------
# The event's name.
# --------------------------------------------------------------------------

_MONTH_WORDS = "|".join(name.title() for name, _ in vocab_time.MONTH_NAMES)
_WEEKDAY_WORDS = "|".join(name.title() for name in vocab_time.WEEKDAY_NAMES)
_CAP = r"[A-Z0-9][\w'’&.-]*"
_LINK = r"(?:of|and|for|on|the|&)"
_CAP_RUN = rf"{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP})*"  # ends on a capitalised word
_NOT_DATE_WORD = (
    "(?!(?:"
    + "|".join(name.title() for name, _ in vocab_time.MONTH_NAMES)
    + "|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b)"
)
_FORUM_EN = "|".join(
    [word.title() for word in vocab.FORUM_NOUNS_EN if " " not in word]
    + list(vocab.FORUM_NAME_ENDINGS_EN)
)
_FORUM_ZH = "|".join(sorted(vocab.FORUM_NOUNS_ZH, key=len, reverse=True))
NAMED_EVENT_EN_RE = re.compile(
    rf"\b{_CAP}(?:\s+(?:{_CAP}|{_LINK}))*?\s+(?:{_FORUM_EN})s?\b"
    rf"(?:\s+(?:of|for|on)\s+{_NOT_DATE_WORD}{_CAP_RUN})?"
    rf"(?:\s*\([A-Z][^()]{{0,30}}\))?"
)
QUOTED_EVENT_EN_RE = re.compile(
    rf"\b(?:{_FORUM_EN.lower()})\s+(?:of|on|titled|entitled|named|themed)\s+[\"“]([^\"”]{{5,200}})[\"”]",
    re.IGNORECASE,
)
QUOTED_EVENT_ZH_RE = re.compile(rf"[《“「『]([^》”」』\n]{{2,40}}?(?:{_FORUM_ZH}))[》”」』]")
NAMED_EVENT_ZH_RE = re.compile(
    rf"[0-9A-Za-z\u4e00-\u9fff·（）()]{{2,30}}?(?:{_FORUM_ZH})(?:[（(][^）)]{{1,12}}[）)])?"
)
ZH_NAME_CUT_RE = re.compile(r".*[的在将于由了是为就对从以把被即和与、]")


def _named_in(text: str) -> str | None:
    """The first event name written in ``text``: quoted first, then capitalised/bare."""
    scan = blank(normalise(text), NOT_EVENT_RE)
    for pattern in (QUOTED_EVENT_ZH_RE, QUOTED_EVENT_EN_RE):
        if match := pattern.search(scan):
            return text[match.start(1) : match.end(1)].strip()
    for pattern in (NAMED_EVENT_EN_RE, NAMED_EVENT_ZH_RE):
        if match := pattern.search(scan):
            return _trim_name(text[match.start() : match.end()])
    return None


def _trim_name(name: str) -> str:
    """Cut a Chinese name after its last function word; drop a leading "The"."""
    if CJK_RE.search(name):
        name = ZH_NAME_CUT_RE.sub("", name)
    return re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)


NAME_LEAD_CHARS = 600  # an event's name may be long: read the whole lead for it


def event_title(article: Article, kind: EventType) -> str:
    """The forum's own name from the lead or the headline, else the headline."""
    title = headline(article.title)
    if kind_of(kind).named:
        start, end = lead_span(normalise(article.text), article.title, NAME_LEAD_CHARS)
        for text in (article.text[start:end], title, article.text[:start]):
            found = _named_in(text)
            if found and len(found) >= 4:
                return found
    return title


# --------------------------------------------------------------------------
# Who: organisers and signing parties.
# --------------------------------------------------------------------------

ROLE_EN_RE = re.compile(
    rf"(?:jointly\s+)?(?:{terms_pattern(vocab_facts.ORGANISER_ROLES_EN).pattern})\s+by\s+"
    r"(?=(?P<who>[^.;!?\n]{3,300}))",  # a lookahead: the next role's "by" stays findable
    re.IGNORECASE,
)
WHO_END_RE = re.compile(
    r",?\s+(?:and\s+)?(?:co-?|jointly\s+)?(?:hosted|organi[sz]ed|sponsored|undertaken|undertook|"
    r"supported|convened|initiated)\b|,\s*(?:which|who|where|while|with)\b"
    r"|\s(?:in|at|from|during|under|with|which|where|while|to|as|was|is|were|are|will|has|have)\b"
    rf"|\son\s+(?:the\s+)?(?:morning|afternoon|evening|\d|{_MONTH_WORDS}|{_WEEKDAY_WORDS})"
)
LIST_SPLIT_EN_RE = re.compile(r",\s*(?:and\s+)?|;\s*")
AND_SPLIT_EN_RE = re.compile(r"\s+and\s+(?=(?:the\s+)?[A-Z])")
ROLE_ZH_RE = re.compile(
    rf"(?P<role>{'|'.join(vocab_facts.ORGANISER_ROLES_ZH)})"
    rf"(?P<label>{'|'.join(vocab_facts.ORGANISER_LABEL_SUFFIXES_ZH)})?\s*(?P<colon>[:：])?"
)
LABEL_LIST_END_RE = re.compile(r"[。；;\n]|(?:主办|承办|协办|指导)单位")
CLAUSE_BREAK_ZH = "。；;：:，,！？!?\n"
NAME_SPLIT_ZH_RE = re.compile(r"[、，,/]|以及")
AND_ZH_RE = re.compile(r"[和及同跟]")
ZH_FILLERS_RE = re.compile(
    rf"^(?:{'|'.join(vocab_facts.NAME_PREFIXES_ZH)})+|(?:{'|'.join(vocab_facts.NAME_SUFFIXES_ZH)})+$"
)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name in names if name))


def _who(text: str) -> str:
    """The list of names at the start of ``text``, up to the next role or clause."""
    cut = WHO_END_RE.search(text)
    return text[: cut.start()] if cut else text


def _english_names(who: str) -> Iterator[str]:
    """Organisation names from "A, B and the C": capitalised, cleaned, no pronouns."""
    who = _who(who)
    *listed, last = LIST_SPLIT_EN_RE.split(who)  # "A, B and C": only the last "and" lists
    for part in [*listed, *AND_SPLIT_EN_RE.split(last)]:
        name = re.sub(r"^(?:the|and)\s+", "", part.strip(" \"'“”‘’()"), flags=re.IGNORECASE)
        generic = name.lower() in vocab_facts.GENERIC_PARTIES
        if 3 <= len(name) <= 150 and name[0].isupper() and not generic:
            yield name


def _split_names_zh(clause: str) -> Iterator[str]:
    """Names listed in a Chinese clause: "A、B与C和D" -> A, B, C, D.

    "与" always lists; "和", "及", "同" only when every part ends like an
    organisation, because names contain them too (北京协和医院, 同济大学).
    """
    for raw in NAME_SPLIT_ZH_RE.split(clause):
        for chunk in re.split(r"[与與]", ZH_FILLERS_RE.sub("", raw.strip())):
            piece = ZH_FILLERS_RE.sub("", chunk)
            parts = [ZH_FILLERS_RE.sub("", part) for part in AND_ZH_RE.split(piece)]
            yield from parts if len(parts) > 1 and all(map(_is_org_zh, parts)) else [piece]


def _chinese_names(clause: str) -> Iterator[str]:
    """Organisation names from "A、B和C": split, trimmed, kept when they end like an org."""
    return (name for name in _split_names_zh(clause) if _is_org_zh(name))


def _is_org_zh(name: str) -> bool:
    scan = normalise(name)
    return (
        2 <= len(scan) <= 40
        and scan.endswith(vocab_facts.ORG_SUFFIXES_ZH)
        and (scan not in vocab_facts.GENERIC_PARTIES)
    )


def _clause_before(text: str, index: int) -> str:
    """The Chinese clause ending at ``index``: back to punctuation or to 由."""
    start = max(text.rfind(mark, 0, index) for mark in CLAUSE_BREAK_ZH) + 1
    clause = text[start:index]
    return clause[clause.rfind("由") + 1 :]


def _chinese_organisers(text: str) -> Iterator[tuple[list[str], str]]:
    """("由A、B主办", "主办单位：A") -> names, with the span read."""
    for match in ROLE_ZH_RE.finditer(normalise(text)):  # offsets hold in ``text``
        if match.group("label") and match.group("colon"):
            tail = LABEL_LIST_END_RE.split(text[match.end() : match.end() + 200])
            yield list(_chinese_names(tail[0])), text[match.start() : match.end()] + tail[0]
        elif not match.group("label") and text[match.end() : match.end() + 2][:1] not in "地城权":
            clause = _clause_before(text, match.start())
            role = text[match.start("role") : match.end("role")]
            yield list(_chinese_names(clause)), clause + role


def find_organisers(text: str) -> tuple[tuple[str, ...], str | None]:
    """Who hosts, organises, sponsors (主办/承办/协办) the event, and the first span read."""
    names: list[str] = []
    spans: list[str] = []
    for match in ROLE_EN_RE.finditer(text):
        who = _who(match.group("who"))
        found = list(_english_names(who))
        names += found
        spans += [text[match.start() : match.end() + len(who)].strip()] if found else []
    for found, span in _chinese_organisers(text):
        names += found
        spans += [span] if found else []
    return _unique(names), (spans[0] if spans else None)


SIGN_EN_RE = re.compile(r"\b(?:(?:jointly|officially|formally|also)\s+)?(?:signed|inked)\b", re.I)
ZH_DATE_TAIL_RE = re.compile(
    rf"(?:(?:\d{{4}}年)?\d{{1,2}}月)?\d{{1,2}}[日号](?:{'|'.join(vocab_time.DAY_PARTS_ZH)})?$"
)
SIGN_ZH_RE = re.compile(
    rf"(?:{'|'.join(vocab_facts.SIGN_ADVERBS_ZH)})*(?:{'|'.join(vocab_facts.SIGN_VERB_FORMS_ZH)})"
)
INTRO_EN_RE = re.compile(rf"^(?:{'|'.join(vocab_facts.INTRO_WORDS_EN)})\b[^,]*,\s*")
SIGN_ANCHOR_RE = terms_pattern(vocab_facts.SIGN_ANCHORS_EN)
BETWEEN_RE = re.compile(r"\b(?:between|by|with)\s+(?P<who>[^.;!?\n]{3,200})", re.IGNORECASE)
PASSIVE_END_RE = re.compile(r"\b(?:was|were|been|be|is|are)\s*$", re.IGNORECASE)


def _english_parties(sentence: str) -> Iterator[str]:
    """ "A, B and C jointly signed", "signed between A and B", "A signed ... with B"."""
    for match in SIGN_EN_RE.finditer(sentence):
        before = sentence[: match.start()]
        if not PASSIVE_END_RE.search(before):
            yield from _english_names(INTRO_EN_RE.sub("", before.strip()))
    anchor = SIGN_ANCHOR_RE.search(sentence)
    if anchor and (after := BETWEEN_RE.search(sentence, anchor.start())):
        yield from _english_names(after.group("who"))


def _chinese_parties(sentence: str) -> Iterator[str]:
    """ "A与B签署", "A、B和C共同签订" -> A, B, C."""
    for match in SIGN_ZH_RE.finditer(normalise(sentence)):  # offsets hold in ``sentence``
        clause = re.split(r"[在于於]", _clause_before(sentence, match.start()))[0]
        # "某某医院11日与…签署": the date is no part of the name
        names = (ZH_DATE_TAIL_RE.sub("", name) for name in _split_names_zh(clause))
        yield from (name for name in names if _is_party_zh(name))


def _is_party_zh(name: str) -> bool:
    """A signing party ends like an organisation (医院, 集团, 银行) or a place
    (市, 区): "大会期间还将举行康养产业项目" before "签约仪式" is no party."""
    scan = normalise(name)
    return _is_org_zh(scan) or (
        2 <= len(scan) <= 40
        and scan.endswith(vocab_facts.PARTY_PLACE_SUFFIXES_ZH)
        and scan not in vocab_facts.GENERIC_PARTIES
    )


def find_parties(text: str) -> tuple[tuple[str, ...], str | None]:
    """The parties that signed, and the sentence they were read from."""
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        names = _unique([*_english_parties(sentence), *_chinese_parties(sentence)])
        if len(names) >= 1:
            return names, sentence.strip()
    return (), None
