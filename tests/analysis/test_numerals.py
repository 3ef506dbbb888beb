"""Chinese numerals in dates: 二〇二四年三月八日, 一月十五日, 十二月二十日."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis.dates import find_event_dates
from crawler.analysis.numerals import chinese_number

DIGITS = "〇一二三四五六七八九"


def chinese_year(year: int) -> str:
    return "".join(DIGITS[int(digit)] for digit in str(year))


def chinese_count(number: int) -> str:
    """1..31 as written in dates: 八, 十, 十五, 二十, 二十一, 三十一."""
    tens, units = divmod(number, 10)
    if not tens:
        return DIGITS[units]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")


@pytest.mark.parametrize(
    ("written", "value"),
    [("八", 8), ("十", 10), ("十五", 15), ("二十", 20), ("二十一", 21), ("廿三", 23),
     ("三十一", 31), ("卅", 30), ("二〇二四", 2024), ("二零二五", 2025), ("十二", 12)],
)  # fmt: skip
def test_chinese_number(written: str, value: int) -> None:
    assert chinese_number(written) == value


@pytest.mark.parametrize("written", ["", "十十", "二十三十", "abc", "十a"])
def test_not_a_chinese_number(written: str) -> None:
    assert chinese_number(written) is None


@pytest.mark.parametrize(
    ("text", "published", "start", "end"),
    [
        ("衛生署今日（三月八日）與澳門醫院簽署合作協議。", "2024-03-08", "2024-03-08", None),
        ("二〇二四年九月二十日，康复医学论坛在成都举行。", None, "2024-09-20", None),
        ("博览会定于十一月二十八日至三十日在厦门举办。", "2024-10-10", "2024-11-28", "2024-11-30"),
        ("十二月二十日，健康产业峰会在珠海开幕。", "2023-12-22", "2023-12-20", None),
    ],
)
def test_event_dates_in_chinese_numerals(
    text: str, published: str | None, start: str, end: str | None
) -> None:
    found = find_event_dates(text, dt.date.fromisoformat(published) if published else None)
    assert found is not None
    assert found.start.isoformat() == start
    assert (found.end.isoformat() if found.end else None) == end
    assert found.text in text


@given(date=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2039, 12, 31)))
def test_any_date_in_chinese_numerals_round_trips(date: dt.date) -> None:
    written = f"{chinese_year(date.year)}年{chinese_count(date.month)}月{chinese_count(date.day)}日"
    found = find_event_dates(f"{written}，医疗合作签约仪式在广州举行。", published=None)
    assert found is not None
    assert found.start == date
    assert found.text == written
