"""The fast fingerprint paths must give exactly what the plain definitions give.

``token_ids`` (array arithmetic) against ``tokens`` + ``token_hash`` (one
regex, one hash per token), ``nfkc`` against ``unicodedata.normalize``, and
SimHash / content hash values pinned as the first release computed them:
stored hashes in every database depend on these never moving.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest
import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.identity import tokens as token_module
from crawler.identity.dedup import content_hash, fingerprint, normalise_text, shingles, simhash
from crawler.identity.tokens import cjk_count, token_hash, token_ids, tokens
from crawler.identity.unicode_text import nfkc

DATA = Path(__file__).parents[1] / "data"

# Characters at every edge the fast paths treat specially: both CJK ranges
# and their neighbours, non-alphanumeric code points inside the CJK range
# (Yijing hexagrams), full-width forms, NBSP and the ideographic space,
# characters whose NFKC is several characters (…, ½, ﬁ, №) or one (µ, ①,
# ⽇ Kangxi radical, 豈 compatibility ideograph), combining marks, a
# non-BMP ideograph and emoji, underscores, and a lone surrogate.
TRICKY = (
    "aZ09_ -.,;:!?\n\t"
    "\u33ff\u3400\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00"
    "中国医药会议〇丽"
    "ＡＺａ０９，。：（）！？～\uff01\uff5e\u3000\xa0\u2002\u202f"
    "…‥½¼ﬁĲ№℃㎡Ⅱ"
    "µ①⽇ｶﾞ\u0301\u0308\u0345é\u1100\u1161\uac00"
    "\U00020000\U0001f600\U0002f800"
    "\ud800\udc00"
)
tricky_text = st.text(alphabet=TRICKY, max_size=60)
# Text in general, surrogates included (hypothesis leaves them out by default).
any_text = st.text(alphabet=st.characters(codec=None), max_size=60) | tricky_text


def plain_ids(normalised: str) -> list[int]:
    return [token_hash(token) for token in tokens(normalised)]


@settings(max_examples=400)
@given(tricky_text)
def test_token_ids_are_the_hashes_of_the_regex_tokens(text):
    ids, cjk = token_ids(text)
    assert ids.tolist() == plain_ids(text)
    assert cjk == sum(1 for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")


@settings(max_examples=300)
@given(any_text)
def test_token_ids_agree_on_any_text(text):
    normalised = normalise_text(text)
    assert token_ids(normalised)[0].tolist() == plain_ids(normalised)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年11月23日 论坛", ["2026年11月23日", "论", "坛"]),  # a run begun by a digit
        ("中国ab中", ["中", "国", "ab中"]),  # CJK first: one by one
        ("a_b ䷀x", ["a", "b", "䷀", "x"]),  # underscore splits; hexagram is a token alone
    ],
)
def test_token_boundaries(text, expected):
    assert tokens(text) == expected
    assert token_ids(text)[0].tolist() == [token_hash(t) for t in expected]


def test_word_cache_stays_right_when_it_is_emptied(monkeypatch):
    monkeypatch.setattr(token_module, "_word_hashes", {})
    monkeypatch.setattr(token_module, "_MAX_WORDS", 5)
    for text in ("one two three four five six", "six seven one eight", "nine ten one"):
        assert token_ids(text)[0].tolist() == plain_ids(text)
    assert len(token_module._word_hashes) <= 5 + 4  # emptied, not grown without bound


@settings(max_examples=500)
@given(any_text)
def test_nfkc_is_unicodedata_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_on_real_chinese_page():
    """A saved GB2312 page (see tests/data/README.md), as the fingerprint sees it."""
    html = (DATA / "corpus_trafilatura-002_gb2312.html").read_bytes()
    text = trafilatura.extract(html) or ""
    assert len(text) > 200 and not unicodedata.is_normalized("NFKC", text)
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
    normalised = normalise_text(text)
    assert token_ids(normalised)[0].tolist() == plain_ids(normalised)
    assert cjk_count(normalised) * 2 > len(tokens(normalised))  # shingled by 4 characters


EN = (
    "The Beijing International Health Forum opens on 12 May 2026 at the National "
    "Convention Center; 300 delegates from 40 countries will attend."
)
ZH = (
    "2026年5月12日，北京国际健康产业论坛在国家会议中心开幕，来自40个国家的300名代表出席。"
    "论坛主题为“数字健康与创新”。"
)
MIXED = "ＡＩ医疗（AI Health）峰会…将于2026年11月23日在上海举行，e\u0301tude № 5 ½ ﬁnal ⽇本 丽"


@pytest.mark.parametrize(
    ("text", "simhash_value", "digest"),
    [
        (
            EN,
            0x6BEF750C154ACBE8,
            "f4984fe7a22d50bef1e4d9e2ca72f27028a66b1733e52ee4b3b33528baed5750",
        ),
        (
            ZH,
            0x984BED11C4C245A4,
            "920e1d21d31f3cee73ec335d91dd9651a7556759caf17600303f207b5fdb4b8a",
        ),
        (
            MIXED,
            0x182C56B157C38B02,
            "6c722ab2fdb93a68037d1b01cbda2c62b8f8674711f7c86a4cfc030fb64df60b",
        ),
    ],
)
def test_stored_hash_values_never_move(text, simhash_value, digest):
    """Values computed by release 0.1.0's plain implementation (one regex,
    unicodedata.normalize): a changed value would orphan stored hashes."""
    assert simhash(text) == simhash_value
    assert content_hash("", text) == digest
    assert fingerprint("", text).simhash == simhash_value


def test_shingles_follow_the_token_language():
    assert all(len(s.split()) == 3 for s in shingles(EN))
    assert all(len(s.split()) == 4 for s in shingles(ZH))


def test_lone_surrogates_do_not_crash_the_fingerprint():
    text = "health forum \ud800 健康论坛 \udcff opens"
    print_ = fingerprint("", text)
    assert print_.simhash != 0 and len(print_.content_hash) == 64
    assert np.uint64(print_.simhash) == np.uint64(simhash(text))
