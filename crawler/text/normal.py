"""One normaliser for every matcher: NFKC forms, widths, Traditional -> Simplified, spaces.

``normalise(text)`` is **length-preserving**, so every offset found in the
normal form is an offset in the original text: evidence quotes the page's
own characters, and a ``Document`` maps a span back by slicing.  Per
character:

- compatibility forms become their NFKC form when that is one character
  (full-width digits and letters, ``：``, compatibility ideographs,
  half-width katakana, ...); a form that NFKC expands to several characters
  ("…", "①", ligatures) is kept as it is, so offsets never move;
- Chinese punctuation that marks clauses (，。、；！？（）「」《》) stays
  full-width: the vocabularies' Chinese patterns are written with it;
- Traditional Chinese characters become Simplified (OpenCC ``t2s``, one
  character at a time), so one Simplified vocabulary serves both scripts;
- every Unicode space and invisible format character becomes " ".

There is one definition of CJK here (``CJK_RANGES``); vocabularies are
stored in normal form (``tests/test_text.py`` checks each entry).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

# CJK Unified Ideographs (with Extension A) and the compatibility block.
CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
CJK_CLASS = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in CJK_RANGES)
CJK_RE = re.compile(f"[{CJK_CLASS}]")
# Full-width punctuation that stays: it separates Chinese clauses.
KEPT_PUNCTUATION = frozenset("，。、；！？（）「」『』《》【】〔〕〈〉“”‘’")
_SPACES = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff\t\r\f\v"
)


def is_cjk(char: str) -> bool:
    """True for one CJK ideograph (either script)."""
    code = ord(char)
    return any(first <= code <= last for first, last in CJK_RANGES)


class _NormalTable(dict[int, int]):
    """``str.translate`` table of the normal form, filled one character at a time."""

    def __init__(self) -> None:
        super().__init__()
        self._t2s = opencc.OpenCC("t2s")

    def __missing__(self, code: int) -> int:
        self[code] = _normal_code(code, self._t2s)
        return self[code]


def _normal_code(code: int, t2s: opencc.OpenCC) -> int:
    char = chr(code)
    if char in _SPACES:
        return 0x20
    if char not in KEPT_PUNCTUATION:
        nfkc = unicodedata.normalize("NFKC", char)
        if len(nfkc) == 1:
            char = nfkc
    if is_cjk(char):
        simplified = t2s.convert(char)
        if len(simplified) == 1:
            char = simplified
    return ord(char)


_TABLE = _NormalTable()


def normalise(text: str) -> str:
    """The normal form of ``text``, character for character (same length)."""
    return text.translate(_TABLE)


_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Normal form, case-folded, spaces and punctuation removed: for keys and comparisons."""
    return _NOT_WORD.sub("", normalise(text).casefold())


def search_form(text: str) -> str:
    """Text as searches compare it: normal form, casefolded, spaces collapsed.

    Stored beside each article (``article.search_text``) and applied to the
    search box's words, so "論壇", "论坛" and "ＦＯＲＵＭ" find the same pages.
    """
    return " ".join(normalise(text).casefold().split())


@dataclass(frozen=True)
class Document:
    """A text prepared once for every matcher: the original and its normal form.

    The normal form has the original's length, so a match at
    ``text[start:end]`` quotes ``original[start:end]``.
    """

    original: str
    text: str = field(repr=False)

    def quote(self, start: int, end: int) -> str:
        """The page's own characters of a span found in the normal form."""
        return self.original[start:end]


@lru_cache(maxsize=256)
def prepare(text: str) -> Document:
    """The Document of ``text``, normalised once however many matchers read it."""
    return Document(text, normalise(text))
