"""Publication and event dates: the date grammar, year inference, ranking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.analysis.dates import find_event_dates, find_published, infer_year

DATA = Path(__file__).parent / "data"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("Updated: 2023-12-21", dt.date(2023, 12, 21), "Updated: 2023-12-21"),
        ("Author:党群服务 Addtime:2020-11-05", dt.date(2020, 11, 5), "Addtime:2020-11-05"),
        ("央视网 | 2024-04-16 13:07:45", dt.date(2024, 4, 16), "2024-04-16 13:07:45"),
        ("October 27, 2022 13:01 | Source: People's Daily", dt.date(2022, 10, 27), None),
        ("2024年04月16日", dt.date(2024, 4, 16), "2024年04月16日"),
        ("2022年10月27日13:01", dt.date(2022, 10, 27), "2022年10月27日13:01"),
        ("发布时间：2023-05-06", dt.date(2023, 5, 6), "发布时间：2023-05-06"),
        ("2023/05/06", dt.date(2023, 5, 6), "2023/05/06"),
        ("2023.05.06", dt.date(2023, 5, 6), "2023.05.06"),
        ("２０２３年０５月０６日", dt.date(2023, 5, 6), "２０２３年０５月０６日"),
        ("发布时间：２０２３-５-６", dt.date(2023, 5, 6), "发布时间：２０２３-５-６"),
        ("Published: 16 December 2023", dt.date(2023, 12, 16), "Published: 16 December 2023"),
        ("来源: 央视网 | 2024-04-16 13:07:45", dt.date(2024, 4, 16), None),
    ],
)
def test_find_published_formats(text: str, expected: dt.date, span: str | None) -> None:
    found = find_published(text)
    assert found is not None
    assert found[0] == expected
    assert found[1] == (span or found[1])
    assert found[1] in text


def test_find_published_keeps_the_whole_label_line_as_evidence() -> None:
    assert find_published("来源: 央视网 | 2024-04-16 13:07:45") == (
        dt.date(2024, 4, 16),
        "来源: 央视网 | 2024-04-16 13:07:45",
    )


@pytest.mark.parametrize(
    "text", ["2023-02-30", "2023-13-01", "2023年2月30日", "February 30, 2023", "1850-01-01", ""]
)
def test_find_published_rejects_impossible_dates(text: str) -> None:
    assert find_published(text) is None


def test_find_published_skips_an_impossible_date_for_a_real_one() -> None:
    assert find_published("2023-02-30\nUpdated: 2023-03-01")[0] == dt.date(2023, 3, 1)  # type: ignore[index]


def test_labelled_date_beats_an_earlier_bare_one() -> None:
    text = "The plan runs to 2025-12-31 for all hospitals.\nUpdated: 2023-12-21\nBody text."
    assert find_published(text) == (dt.date(2023, 12, 21), "Updated: 2023-12-21")


def test_header_date_beats_footer_dates() -> None:
    text = "Title\n2023-05-06\n" + "Body sentence. " * 150 + "\nRelated: 2019-01-01 old news"
    assert find_published(text)[0] == dt.date(2023, 5, 6)  # type: ignore[index]


def test_prose_words_are_no_labels() -> None:
    text = "At the same time, 2023-01-02 was chosen.\n" + "x " * 800 + "\n发布时间：2023-05-06"
    assert find_published(text)[0] == dt.date(2023, 5, 6)  # type: ignore[index]


def test_published_date_never_shifts_with_time_of_day() -> None:
    assert find_published("Updated: 2024-01-01 00:30")[0] == dt.date(2024, 1, 1)  # type: ignore[index]
    assert find_published("2023-12-31 23:59:59")[0] == dt.date(2023, 12, 31)  # type: ignore[index]


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
DATE_FORMATS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日".translate(FULL_WIDTH),
]


@given(
    date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
    form=st.sampled_from(DATE_FORMATS),
    label=st.sampled_from(["", "Updated: ", "发布时间：", "Addtime:", "Home> News\n\n"]),
)
def test_find_published_round_trips(date: dt.date, form: object, label: str) -> None:
    written = form(date)  # type: ignore[operator]
    found = find_published(f"{label}{written}\n\nSome body text about a forum.")
    assert found is not None
    assert found[0] == date
    assert written in found[1]


PUBLISHED = dt.date(2024, 4, 16)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("The forum is happening from April 20 to 21.", "2024-04-20", "2024-04-21"),
        ("The forum runs April 20 to 21 in Beijing.", "2024-04-20", "2024-04-21"),
        ("The conference took place in Beijing E-Town on Dec 16.", "2023-12-16", None),
        ("On the afternoon of November 3th, 2020, the seminar was held.", "2020-11-03", None),
        ("On the morning of October 26, the signing ceremony was held.", "2023-10-26", None),
        ("4月19日，2024全民数字健康大会将在北京昌平举行。", "2024-04-19", None),
        ("10月26日上午，签约仪式在北京举行。", "2023-10-26", None),
        ("论坛将于4月20日至21日举行。", "2024-04-20", "2024-04-21"),
        ("2024年4月19日，大会在北京开幕。", "2024-04-19", None),
        ("论坛将于4月20日—21日举行。", "2024-04-20", "2024-04-21"),
        ("The expo will be held 20-21 April in Shanghai.", "2024-04-20", "2024-04-21"),
        ("The summit is scheduled for March 3-5, 2025.", "2025-03-03", "2025-03-05"),
        ("展会将于4月28日至5月2日举行。", "2024-04-28", "2024-05-02"),
        ("The forum will be held on Dec. 30 to Jan. 2.", "2024-12-30", "2025-01-02"),
    ],
)
def test_find_event_dates_formats(text: str, start: str, end: str | None) -> None:
    found = find_event_dates(text, PUBLISHED)
    assert found is not None
    assert found.start.isoformat() == start
    assert (found.end.isoformat() if found.end else None) == end
    assert found.text in text


def test_future_event_in_an_earlier_month_is_next_year() -> None:
    found = find_event_dates("The expo will be held on March 5 in Beijing.", dt.date(2023, 11, 20))
    assert found is not None and found.start == dt.date(2024, 3, 5)


def test_past_event_in_a_later_month_is_last_year() -> None:
    found = find_event_dates("The forum was held on December 28 in Beijing.", dt.date(2024, 1, 3))
    assert found is not None and found.start == dt.date(2023, 12, 28)


def test_chinese_future_event_rolls_into_next_year() -> None:
    found = find_event_dates("第五届健康论坛将于3月5日在上海举行。", dt.date(2023, 11, 20))
    assert found is not None and found.start == dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("month", "tense", "year"),
    [(3, "future", 2024), (12, "future", 2023), (12, "past", 2022), (10, "past", 2023),
     (1, None, 2024), (11, None, 2023), (5, None, 2023)],
)  # fmt: skip
def test_infer_year(month: int, tense: str | None, year: int) -> None:
    assert infer_year(month, 1, dt.date(2023, 11, 20), tense) == year  # type: ignore[arg-type]


def test_background_and_deadline_dates_are_skipped() -> None:
    text = (
        "Since March 1, hospitals have extended hours. 截至6月30日，已有200家企业入驻。"
        "The forum will be held on May 20 in Beijing."
    )
    found = find_event_dates(text, PUBLISHED)
    assert found is not None and found.start == dt.date(2024, 5, 20)


def test_dateline_is_not_the_event_date() -> None:
    text = "Updated: 2023-12-21\n\nThe conference took place in Beijing on Dec 16."
    found = find_event_dates(text, dt.date(2023, 12, 21))
    assert found is not None and found.start == dt.date(2023, 12, 16)


def test_date_near_the_event_beats_an_earlier_background_date() -> None:
    text = (
        "昌平区自2000年以来发展医药健康产业。\n"
        "去年3月5日，园区出台了新政策，支持企业发展。\n"
        "4月19日，2024全民数字健康大会将在北京昌平举行。"
    )
    found = find_event_dates(text, PUBLISHED)
    assert found is not None and found.start == dt.date(2024, 4, 19)


def test_no_event_date() -> None:
    assert find_event_dates("The hospital extended its hours.", PUBLISHED) is None
    assert find_event_dates("The forum will open on April 20.", None) is None  # no year to infer
    assert find_event_dates("该数据占比为4月20", PUBLISHED) is None  # 月 without 日 is no date


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("000", "2023-12-16", None),
        ("001", "2020-11-03", None),
        ("002", "2023-04-20", "2023-04-21"),
        ("003", "2022-10-26", None),
        ("004", "2024-04-19", None),
    ],
)
def test_seed_dates(name: str, start: str, end: str | None) -> None:
    text = next(DATA.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    published = find_published(text)
    assert published is not None
    found = find_event_dates(text, published[0])
    assert found is not None
    assert found.start.isoformat() == start
    assert (found.end.isoformat() if found.end else None) == end


@pytest.mark.parametrize(
    ("text", "published", "start", "end"),
    [
        ("本报讯 19日上午，第三届健康产业大会在杭州开幕。", "2024-05-20", "2024-05-19", None),
        ("本报讯 28日，健康论坛在杭州举行。", "2024-06-02", "2024-05-28", None),  # last month
        ("论坛将于5日在杭州举行。", "2024-05-28", "2024-06-05", None),  # next month
        ("博览会将于19日至21日在杭州举行。", "2024-05-10", "2024-05-19", "2024-05-21"),
    ],
)
def test_chinese_day_only_dates(text: str, published: str, start: str, end: str | None) -> None:
    found = find_event_dates(text, dt.date.fromisoformat(published))
    assert found is not None
    assert found.start.isoformat() == start
    assert (found.end.isoformat() if found.end else None) == end


@pytest.mark.parametrize("text", ["合同须于3日内签订。", "自5日起论坛报名开放。"])
def test_chinese_day_counts_are_no_dates(text: str) -> None:
    assert find_event_dates(text, dt.date(2024, 5, 20)) is None


@pytest.mark.parametrize(
    ("text", "published", "start"),
    [
        # 2024-05-11 is a Saturday
        ("The signing ceremony was held in Beijing on Friday.", "2024-05-11", "2024-05-10"),
        ("The forum opened on Saturday in Beijing.", "2024-05-11", "2024-05-11"),
        ("The summit will be held on Monday in Beijing.", "2024-05-11", "2024-05-13"),
        ("The expo opens next Saturday in Beijing.", "2024-05-11", "2024-05-18"),
        ("The forum took place last Saturday.", "2024-05-11", "2024-05-04"),
    ],
)
def test_weekday_dates(text: str, published: str, start: str) -> None:
    found = find_event_dates(text, dt.date.fromisoformat(published))
    assert found is not None
    assert found.start.isoformat() == start


def test_written_date_beats_a_weekday() -> None:
    text = "Officials said on Monday that the forum will be held on June 3 in Beijing."
    found = find_event_dates(text, dt.date(2024, 5, 13))
    assert found is not None and found.start == dt.date(2024, 6, 3)
