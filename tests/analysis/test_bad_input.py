"""Bad input never raises: a result with ``other`` or nulls instead."""

from __future__ import annotations

import contextlib
import datetime as dt
import random

import pytest

from crawler.analysis.events import analyse, analysis_to_json
from crawler.crawl.extract import PageError, extract_article
from crawler.items import Article, FetchedPage


def article(title: str, text: str) -> Article:
    return Article(url="test://", title=title, text=text)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("", ""),
        ("   ", "\n\n\t"),
        ("。。。", "！？；，、"),
        ("2月30日", "2月30日上午，论坛将在北京举行。"),  # impossible date
        ("13月45日 February 30, 2024", "The forum will be held on February 30, 2024 at 25:61."),
        (
            "Die Konferenz beginnt",
            "Die Konferenz über Gesundheit findet am 3. Mai in Berlin statt.",
        ),  # German
        ("健康フォーラム開催", "東京で医療フォーラムが5月10日に開催されます。"),  # Japanese
        ("x" * 10000, "论坛" * 50000),
    ],
)
def test_odd_texts_give_a_result(title, text):
    result = analyse(article(title, text))
    record = analysis_to_json("t", title, result)
    assert record["type"] in {"forum", "agreement", "launch", "other"}
    for value in (result.event.start, result.event.end, result.published):
        assert value is None or isinstance(value, dt.date)


def test_impossible_chinese_date_is_not_a_date():
    result = analyse(
        article("健康论坛将于2月30日举行", "发布时间：2024-01-10\n健康论坛将于2月30日在北京举行。")
    )
    assert result.event.start is None
    assert result.published == dt.date(2024, 1, 10)


def test_binary_junk_is_refused_or_analysed_never_crashes():
    rng = random.Random(7)
    for _ in range(20):
        junk = bytes(rng.randrange(256) for _ in range(4000))
        page = FetchedPage(url="test://junk", site="t", body=junk, headers={})
        with contextlib.suppress(PageError):
            analyse(extract_article(page))


def test_a_5_mb_page_is_analysed():
    paragraph = (
        "<p>The health industry forum will be held in Beijing E-Town on April 20. " * 20 + "</p>\n"
    )
    body = (
        "<html><head><title>Forum</title></head><body><h1>Health forum</h1>"
        + paragraph * 3600
        + "</body></html>"
    ).encode()
    assert len(body) > 5_000_000
    result = analyse(
        extract_article(FetchedPage(url="test://big", site="t", body=body, headers={}))
    )
    assert result.type == "forum"


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("", ""),
        ("\x00\x01\x02", "\x00\xff" * 2000),  # binary read as text
        (
            "Die Konferenz beginnt",
            "Die Konferenz über Gesundheit findet am 3. Mai in Berlin statt.",
        ),
        (
            "å¥åº·è®ºå\x9b",
            "å¥åº·è®ºå\x9bå°\x86äº\x8e5æ\x9c\x8820æ\x97¥ä¸\xbeè¡\x8c" * 40,
        ),  # mojibake
        ("x" * 500, ("lorem ipsum " * 500_000)[:5_000_000]),  # 5 MB of nothing
    ],
)
def test_bad_input_is_no_event_and_not_relevant(title, text):
    result = analyse(article(title, text))
    assert (result.type, result.relevant, result.alert) == ("other", False, False)
    assert result.event.start is None and result.event.place is None
    assert 0.0 <= result.confidence <= 1.0


def test_a_missing_or_damaged_model_is_one_clear_error(tmp_path):
    from crawler.analysis.model import ModelError, load_model

    missing = tmp_path / "analysis_model.npz"
    with pytest.raises(ModelError, match=r"analysis model not found: .*analysis_model\.npz"):
        load_model(missing)
    missing.write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match=r"analysis model .*analysis_model\.npz is damaged"):
        load_model(missing)
