"""Text as code point arrays, and NFKC that is fast on web pages.

The fingerprint normalises every article with NFKC; ``unicodedata.normalize``
walks every character (~40 ns each, the largest step of the fingerprint),
yet a Chinese page usually differs from its NFKC form only in a few
compatibility characters: full-width punctuation (，：（）), the ideographic
space, NBSP, "…".  Replacing a character by its own NFKC form leaves the
text's NFKD, and so its NFKC, unchanged; once those are replaced (by a table
gather and a few ``str.replace``) the text is normally NFKC already, which
a cheap check confirms.  Otherwise (marks left to compose) ``normalize``
finishes the job, with the same result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

Points = npt.NDArray[np.uint32]
BMP_TOP = 0xFFFF


def code_points(text: str) -> Points:
    """The text's code points as a read-only array (lone surrogates kept)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def bmp_lookup(
    table: npt.NDArray[Any], points: Points, beyond: Callable[[int], Any]
) -> npt.NDArray[Any]:
    """``table[points]`` for a table over the BMP; code points beyond it
    (rare: emoji, CJK extensions) get ``beyond(point)`` one by one."""
    high = points > BMP_TOP
    if not high.any():
        return table[points]
    values = table[np.minimum(points, BMP_TOP)]
    values[high] = [beyond(point) for point in points[high].tolist()]
    return values


def from_code_points(points: Points) -> str:
    """The text of a code point array (the inverse of ``code_points``)."""
    return points.tobytes().decode("utf-32-le", "surrogatepass")


@cache
def _compatibility_forms() -> tuple[Points, re.Pattern[str], dict[str, str]]:
    """The BMP characters that NFKC changes: those it maps to one character,
    as a code point table, and those it maps to several, as a regex over them
    and their forms.  Built once per process (~6 ms), from this Python's
    own Unicode data so it always agrees with ``unicodedata``."""
    single = np.arange(BMP_TOP + 1, dtype=np.uint32)
    multi: dict[str, str] = {}
    changed = (chr(p) for p in range(BMP_TOP + 1))
    for char in (c for c in changed if not unicodedata.is_normalized("NFKC", c)):
        form = unicodedata.normalize("NFKC", char)
        if form == char:  # changes only next to other characters (marks)
            continue
        if len(form) == 1:
            single[ord(char)] = ord(form)
        else:
            multi[char] = form
    pattern = re.compile("[" + "".join(re.escape(char) for char in multi) + "]")
    return single, pattern, multi


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, the same string, faster."""
    if unicodedata.is_normalized("NFKC", text):  # ~1 ns a character
        return text
    single, pattern, multi = _compatibility_forms()
    narrowed = from_code_points(bmp_lookup(single, code_points(text), lambda point: point))
    for char in set(pattern.findall(narrowed)):
        narrowed = narrowed.replace(char, multi[char])
    if unicodedata.is_normalized("NFKC", narrowed):
        return narrowed
    return unicodedata.normalize("NFKC", narrowed)
