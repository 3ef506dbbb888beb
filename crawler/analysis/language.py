"""Language of a page, and the script-aware text helpers analysis is built on.

healthwatch reads English and Chinese.  English pages from Chinese portals are
often machine-translated and keep a few stray CJK characters (a name, an
author line), so language is decided by the ratio of CJK characters to Latin
letters, never by the presence of a single character.

Everything here is pure and length-preserving where offsets matter: evidence
spans found in ``normalise(text)`` (``crawler.text.normal``, the one
normaliser) are cut from the original ``text`` at the same offsets.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from crawler.items import Language
from crawler.text.normal import CJK_RE, normalise

__all__ = ["CJK_RE", "LATIN_RE", "normalise"]  # re-exported: the matchers' normaliser

LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")

# One Chinese character carries roughly what four Latin letters do (a Chinese
# word is ~1.5 characters, an English word ~5 letters plus a space).  A text
# is Chinese when its CJK characters outweigh its Latin letters on that scale.
LATIN_LETTERS_PER_CJK = 4

# Abbreviations whose full stop does not end a sentence ("Dec. 16", "Mr. Li").
_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "No",
    "St",
    "Co",
    "Inc",
    "Ltd",
    "vs",
    "etc",
    "e.g",
    "i.e",
)
_NOT_ABBREVIATION = "".join(rf"(?<!\b{re.escape(word)}\.)" for word in _ABBREVIATIONS)
# A sentence ends at ".", "!" or "?" followed by space (not "3.5", not "U.S."),
# at a full-width stop with or without space, or at a line break.
SENTENCE_END_RE = re.compile(
    rf"[.!?](?<!\b[A-Z]\.){_NOT_ABBREVIATION}[\"'”’)\]]*\s+|[。！？][”’」』）)]*\s*|\n+"
)


def detect_language(text: str) -> Language:
    """Return "zh" when CJK characters outweigh Latin letters, else "en".

    A machine-translated English page with a handful of stray Chinese
    characters stays "en"; Simplified and Traditional Chinese are both "zh".
    """
    cjk = len(CJK_RE.findall(text))
    latin = len(LATIN_RE.findall(text))
    if cjk and cjk * LATIN_LETTERS_PER_CJK >= latin:
        return "zh"
    return "en"


def has_cjk(text: str) -> bool:
    """True if the text holds any CJK ideograph (decides how a term matches)."""
    return CJK_RE.search(text) is not None


def blank(text: str, pattern: re.Pattern[str]) -> str:
    """Replace matches by spaces, keeping every offset (evidence stays sliceable)."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def _english_regex(term: str) -> str:
    """Regex source for one English entry, without the word boundaries around it."""
    stem = term.endswith("*")
    words = [re.escape(word) for word in term.rstrip("*").split()]
    tail = r"\w*" if stem else r"(?:s|es)?"
    return r"\s+".join(words) + tail


def terms_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of the terms, longest first.

    Longest first so that "signing ceremony" wins over "signing" at the same
    position.  English entries share one pair of word boundaries (much faster
    than one pair each); Chinese entries are plain substrings.
    """
    ordered = sorted(set(terms), key=len, reverse=True)
    english = [term for term in ordered if not has_cjk(term)]
    chinese = [term for term in ordered if has_cjk(term)]
    parts = []
    if english:
        body = "|".join(_english_regex(term) for term in english)
        parts.append(rf"\b{_first_chars(english)}(?:{body})\b")
    if chinese:
        body = "|".join(re.escape(term) for term in chinese)
        parts.append(rf"{_first_chars(chinese)}(?:{body})")
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


def _first_chars(terms: list[str]) -> str:
    """A lookahead on the terms' first characters.

    Python's regex engine would otherwise try every alternative at every
    position; with it, most positions are rejected after one character test.
    """
    firsts = sorted({term[0] for term in terms})
    return "(?=[" + "".join(re.escape(char) for char in firsts) + "])"


def near_pattern(first: Iterable[str], second: Iterable[str], gap: int) -> re.Pattern[str]:
    """Regex for a term of one list within ``gap`` characters of the other, in one sentence.

    Used for "verb near object" cues ("unveiled ... incubator", "中心揭牌"); a
    decimal point ("sign 1.2b yuan in deals") does not end the sentence.
    """
    a = terms_pattern(first).pattern
    b = terms_pattern(second).pattern
    between = rf"(?:[^.!?。！？\n]|(?<=\d)\.(?=\d)){{0,{gap}}}?"  # "1.2 billion" ends no clause
    return re.compile(rf"(?:{a}){between}(?:{b})|(?:{b}){between}(?:{a})", re.IGNORECASE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line, in order, empty ones skipped.

    Sentences end at ., !, ? and their full-width forms, or at a newline.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END_RE.finditer(text):
        end = match.start() + len(match.group().rstrip())
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def sentence_at(spans: list[tuple[int, int]], index: int) -> tuple[int, int]:
    """The (start, end) among ``spans`` (from sentence_spans) holding ``index``.

    Takes precomputed spans so that looking up many offsets stays linear.
    """
    position = bisect.bisect_right(spans, (index, len(spans) and spans[-1][1] + 1)) - 1
    if position >= 0 and spans[position][0] <= index < spans[position][1]:
        return spans[position]
    return index, index + 1


# A line is a paragraph (not a breadcrumb, headline or byline) when it reads
# like prose: long enough and ending a sentence, or simply long.
PARAGRAPH_MIN_CHARS = 40
PARAGRAPH_MIN_CJK = 15
LONG_LINE_CHARS = 120
LONG_LINE_CJK = 40
CLAUSE_PUNCTUATION_RE = re.compile(r"[，。、；！？,;!?]|\.(?:\s|$)")
LEAD_SENTENCES = 2
LEAD_MAX_CHARS = 300
LEAD_SENTENCE_MAX_CHARS = 600  # a first sentence is the lead whole, up to this
CLAUSE_CUT_MARKS = (" ", "，", "、", "；", ",", ";", "\n")  # where a long lead may be cut


def is_paragraph(line: str) -> bool:
    """True for a line of prose, false for navigation, headlines and bylines.

    A long line without a single comma or stop is a list of links or tags.
    """
    line = line.strip()
    cjk = len(CJK_RE.findall(line))
    if cjk >= LONG_LINE_CJK or (not cjk and len(line) >= LONG_LINE_CHARS):
        return CLAUSE_PUNCTUATION_RE.search(line) is not None
    ends_sentence = line.endswith((".", "。", "!", "！", "?", "？", "”", '"'))
    return ends_sentence and (len(line) >= PARAGRAPH_MIN_CHARS or cjk >= PARAGRAPH_MIN_CJK)


def body_start(text: str, title: str = "") -> int:
    """Offset of the first paragraph, skipping the header lines above it.

    Extracted text often starts with a breadcrumb, the headline again and a
    dateline; the lead of the story is the first paragraph after them.
    """
    title = title.strip()
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        is_title = bool(title) and len(stripped) > 10 and stripped in title
        if stripped and not is_title and is_paragraph(stripped):
            return offset + len(line) - len(line.lstrip())
        offset += len(line)
    return 0


def lead_span(text: str, title: str = "", max_chars: int = LEAD_MAX_CHARS) -> tuple[int, int]:
    """(start, end) of the lead: the first two sentences, at most ``max_chars``,
    but always the whole first sentence (up to LEAD_SENTENCE_MAX_CHARS).

    News puts what, when and where first; the lead is where an event article
    says it is one.
    """
    start = body_start(text, title)
    window = text[start : start + 4 * max_chars]  # the lead is near; do not split the page
    spans = [(start + a, start + b) for a, b in sentence_spans(window)]
    if not spans:
        return start, start
    end = spans[min(LEAD_SENTENCES, len(spans)) - 1][1]
    first_end = min(spans[0][1], start + LEAD_SENTENCE_MAX_CHARS)  # never cut the first one
    if end > start + max_chars:
        end = _clause_cut(text, first_end, start + max_chars)
    return start, max(end, first_end)


def _clause_cut(text: str, low: int, cut: int) -> int:
    """``cut`` moved back to the last clause mark or space after ``low``: a lead cut
    inside a name ("Xiamen Internationa") would make the name a wrong place."""
    marks = [text.rfind(mark, low, cut) for mark in CLAUSE_CUT_MARKS]
    return max(max(marks) + 1, low)
