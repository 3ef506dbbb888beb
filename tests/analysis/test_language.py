"""Language detection and the text helpers analysis relies on."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis.language import (
    body_start,
    detect_language,
    lead_span,
    near_pattern,
    normalise,
    sentence_spans,
    terms_pattern,
)

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The forum took place in Beijing E-Town on Dec 16.", "en"),
        # machine-translated English keeps a stray character and a Chinese author line
        ("Dean Chen Qi 勲 and Zeng Bin attended the seminar. Author:党群服务与组织管理 " * 3, "en"),
        ("2024全民数字健康大会将在北京昌平举行。", "zh"),
        ("第十屆健康產業論壇將於台北舉行，歡迎報名參加。", "zh"),  # Traditional
        ("数字健康大会发布了 AI Medical Platform 和 Smart Hospital 两个项目。", "zh"),
        ("", "en"),
        ("2024-04-16 13:07:45", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_detect_language_seeds() -> None:
    expected = {"000": "en", "001": "en", "002": "en", "003": "en", "004": "zh"}
    for path in sorted(DATA.glob("*.txt")):
        assert detect_language(path.read_text(encoding="utf-8")) == expected[path.name[:3]]


@given(st.text())
def test_normalise_keeps_offsets(text: str) -> None:
    assert len(normalise(text)) == len(text)


def test_normalise_full_width_digits() -> None:
    assert normalise("２０２３年０５月０６日　发布时间：") == "2023年05月06日 发布时间:"


def test_sentences_do_not_split_numbers_or_abbreviations() -> None:
    text = "It drew 3.5 thousand U.S. visitors on Dec. 16 in Beijing. Next one!\n第二句。第三句"
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert sentences == [
        "It drew 3.5 thousand U.S. visitors on Dec. 16 in Beijing.",
        "Next one!",
        "第二句。",
        "第三句",
    ]


def test_terms_pattern_word_boundaries_stems_and_substrings() -> None:
    pattern = terms_pattern(("forum", "unveil*", "论坛"))
    assert pattern.search("Two Forums opened")
    assert pattern.search("the plaque was unveiled")
    assert pattern.search("健康产业论坛开幕")
    assert not pattern.search("a platform for forumlike chats")  # no match inside a word


def test_lead_skips_breadcrumb_title_and_dateline() -> None:
    text = (
        "Home> Industries\n\nFirst conference kicks off\n\nUpdated: 2023-12-21\n\n"
        "The first conference took place in Beijing on Dec 16. It drew 300 people. "
        "More sentences follow here."
    )
    start, end = lead_span(text, title="First conference kicks off")
    assert text[start:end] == (
        "The first conference took place in Beijing on Dec 16. It drew 300 people."
    )
    assert body_start(text) == text.index("The first")


def test_a_long_lead_is_cut_between_words() -> None:
    first = "The expo opened on Thursday with " + "many exhibitors " * 14 + "present."
    text = first + " The signing ceremony was held at the Xiamen International Conference Center."
    start, end = lead_span(text)
    assert end - start <= 300
    assert text[start:end].split()[-1] in text.split()  # a whole word, never "Internationa"


def test_a_decimal_point_does_not_end_a_near_match() -> None:
    assert near_pattern(("sign",), ("deal",), 40).search("makers sign 1.2b yuan in deals")
    assert not near_pattern(("sign",), ("deal",), 40).search("they sign. New deals follow")
