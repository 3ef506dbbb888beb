"""Tokens of normalised text and their 64-bit hashes, the input of SimHash.

A token is one CJK character, or a run of letters and digits; a run begun
by a non-CJK character runs on through CJK characters ("2026年11月23日" is
one token).  ``tokens`` finds them with one regex and is the definition;
``token_ids`` finds the same tokens' hashes with array arithmetic over code
points, so a Chinese article costs a Python step per word, not per
character: fingerprinting sits on the crawl's hot path (issue 5's budget is
5 % of trafilatura's extraction time).  A test holds the two to each other.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np
import numpy.typing as npt

from crawler.identity.unicode_text import BMP_TOP, Points, bmp_lookup, code_points
from crawler.text.normal import CJK_CLASS as _CJK_CLASS
from crawler.text.normal import CJK_RANGES

TOKEN = re.compile(rf"[{_CJK_CLASS}]|[^\W_]+")
# The word tokens alone: TOKEN's second branch where the first cannot match.
_WORD = re.compile(rf"[^\W_{_CJK_CLASS}][^\W_]*")
# TOKEN on a text without CJK characters or underscores, ~2x faster.
_PLAIN_WORD = re.compile(r"\w+")
# The code points TOKEN's first branch takes one by one: CJK_RANGES, [first, last].
_CJK_BASE, _CJK_TOP = CJK_RANGES[0][0], CJK_RANGES[-1][1]
# Token hashes met so far.  CJK characters by code point - _CJK_BASE (0 =
# not yet), so a Chinese text is one array gather; words in a dict, emptied
# when it outgrows _MAX_WORDS (a long-running daemon meets many numbers).
_cjk_hashes = np.zeros(_CJK_TOP - _CJK_BASE + 1, dtype=np.uint64)
_word_hashes: dict[str, int] = {}
_MAX_WORDS = 262_144

Ids = npt.NDArray[np.uint64]
Mask = npt.NDArray[np.bool_]


def tokens(normalised: str) -> list[str]:
    """Words, and CJK characters one by one, of an already normalised text."""
    return TOKEN.findall(normalised)


def token_hash(token: str) -> int:
    """A stable 64-bit hash of one token.

    Stored SimHashes depend on it: changing it orphans every stored hash.
    """
    digest = hashlib.blake2b(token.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def word_hashes(words: list[str]) -> Ids:
    """token_hash of each word, through the cache.

    Each distinct word is looked up once: a lookup in the big cache is a few
    cache misses (~300 ns once extraction has cooled the CPU caches), while
    the article's own small dict stays hot.  Only words never met cost a hash.
    """
    distinct = list(dict.fromkeys(words))
    cached = list(map(_word_hashes.get, distinct))
    if None in cached:
        if len(_word_hashes) > _MAX_WORDS:
            _word_hashes.clear()
        fresh = [token_hash(w) if v is None else v for w, v in zip(distinct, cached, strict=True)]
        _word_hashes.update(zip(distinct, fresh, strict=True))
        cached[:] = fresh
    known = dict(zip(distinct, cached, strict=True))
    return np.fromiter(map(known.__getitem__, words), dtype=np.uint64, count=len(words))


def cjk_mask(points: Points) -> Mask:
    """Which code points TOKEN takes as one-character tokens."""
    mask = np.zeros(points.shape, dtype=bool)
    for first, last in CJK_RANGES:
        # One unsigned comparison per range: below `first` wraps to a huge value.
        mask |= (points - np.uint32(first)) <= np.uint32(last - first)
    return mask


def cjk_count(text: str) -> int:
    """How many characters of the text TOKEN takes one by one."""
    return 0 if text.isascii() else int(np.count_nonzero(cjk_mask(code_points(text))))


@cache
def _bmp_alnum() -> Mask:
    """str.isalnum() of every BMP character, what ``[^\\W_]`` matches (~6 ms once)."""
    return np.fromiter((chr(c).isalnum() for c in range(BMP_TOP + 1)), dtype=bool)


def alnum_mask(points: Points) -> Mask:
    """Which code points are letters or digits (``[^\\W_]`` in ``re``)."""
    return bmp_lookup(_bmp_alnum(), points, lambda point: chr(point).isalnum())


def cjk_hashes(points: Points) -> Ids:
    """token_hash of each CJK character, looked up by code point."""
    offsets = points.astype(np.intp) - _CJK_BASE
    values = _cjk_hashes[offsets]
    if not values.all():
        for point in np.unique(points[values == 0]).tolist():
            _cjk_hashes[point - _CJK_BASE] = token_hash(chr(point))
        values = _cjk_hashes[offsets]
    return values


def _plain_word_hashes(normalised: str) -> Ids:
    """token_ids of a text without CJK characters: all its tokens are words."""
    plain = "_" not in normalised
    return word_hashes(_PLAIN_WORD.findall(normalised) if plain else tokens(normalised))


def token_ids(normalised: str) -> tuple[Ids, int]:
    """``[token_hash(t) for t in tokens(normalised)]`` as an array, and the
    number of CJK characters in the text (every one of them is in a token)."""
    if normalised.isascii():
        return _plain_word_hashes(normalised), 0
    points = code_points(normalised)
    cjk = cjk_mask(points)
    if not cjk.any():
        return _plain_word_hashes(normalised), 0
    alnum = alnum_mask(points)
    # A word token is the part of a letter/digit run from its first non-CJK
    # character on; the CJK characters before it are tokens alone.
    index = np.arange(points.size)
    last_break = np.maximum.accumulate(np.where(alnum, -1, index))
    last_latin = np.maximum.accumulate(np.where(alnum & ~cjk, index, -1))
    in_word = alnum & (last_latin > last_break)
    word_start = in_word.copy()
    word_start[1:] &= ~in_word[:-1]
    single = cjk & ~in_word
    positions = np.flatnonzero(single | word_start)
    alone = single[positions]
    ids = np.empty(positions.size, dtype=np.uint64)
    ids[alone] = cjk_hashes(points[positions[alone]])
    ids[~alone] = word_hashes(_WORD.findall(normalised))
    return ids, int(np.count_nonzero(cjk))
