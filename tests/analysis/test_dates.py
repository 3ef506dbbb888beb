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


# --------------------------------------------------------------------------
# Date lines of stored pages, wire services and forums (written for this test).
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wire dateline with its year is the page's date
        ("SINGAPORE, March 4, 2022 /PRNewswire/ -- A biotech firm today announced a plan.",
         "2022-03-04"),
        ("LIMA, Peru, Nov. 8, 2019 /PRNewswire/ -- The clinic network said it would grow.",
         "2019-11-08"),
        ("MUSCAT, (News Agency - 3rd Feb, 2022) The ministry opened a new clinic.", "2022-02-03"),
        ("杭州2019年5月6日电 /美通社/ -- 某医疗公司今天宣布完成新一轮融资。", "2019-05-06"),
        # ... but a dateline without a year is not
        ("BEIJING, May 3 (Xinhua) -- A forum on rare diseases opened here.", None),
        # day first, month first when the day cannot be a month, glued, with commas
        ("24/5/2025 20:20\nThe hospital authority held a congress.", "2025-05-24"),
        ("15/05/2019\nThe forum opened in Lisbon.", "2019-05-15"),
        ("12/25/2021\nThe clinic stayed open.", "2021-12-25"),
        ("09Sep 2021\nThe teaching hospital held its opening.", "2021-09-09"),
        ("【Release time】:Jan,07th,2016    【Source】:Secretariat\nThe first notice.", "2016-01-07"),
        ("The committee cancelled the show.\nThis page was last updated on 14 Mar 2020", "2020-03-14"),
        # a forum thread: the post's date, not the member's registration date
        ("UID: 1234\n注册时间: 2010-03-11\n最后登录: 2021-10-02\n楼主  发表于: 2018-06-27 14:35\n"
         "某某产业园开园", "2018-06-27"),
        # a generic label on a line with page furniture or another page label
        ("某某论坛开幕\n今天上午，论坛在合肥开幕，来自各地的嘉宾出席了开幕式。\n"
         "时间:2021-10-24 13:26来源:某某报 作者:张三", "2021-10-24"),
        # a time zone on a labelled line is no render time
        ("Updated 2024-06-12 09:00 GMT+8\nThe expo drew 80,000 visitors.", "2024-06-12"),
        # a byline after the date
        ("生技周登场 2017-11-13某某日报 记者王某/台北报导 生技周要来了，论坛下月开场。",
         "2017-11-13"),
    ],
)  # fmt: skip
def test_more_page_date_lines(text: str, expected: str | None) -> None:
    found = find_published(text)
    assert (found[0].isoformat() if found else None) == expected
    if found:
        assert found[1] in text


@pytest.mark.parametrize(
    "text",
    [
        "重要日期\n会议日期\n2017年9月13日~9月16日\n",  # a range is an event's
        "Important dates\nAbstracts are due by\nSeptember 9, 2022\n",  # a broken sentence
        "征文投稿截止日期\n2017年6月15日\n",  # a deadline labelled on the line above
        "注册费\n2021年8月1日前注册\n",  # the date goes on into a word
        "索引号: 123 | 生效日期: | 2024-10-31 | 废止日期: | |\n关于印发实施方案的通知",
    ],
)
def test_dates_that_are_not_page_dates(text: str) -> None:
    assert find_published(text) is None


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # a stored page's first line: its date line, then the first paragraph
        (" date 2023-01-30 Dubai: The health exhibition kicked off today at the centre.",
         "The exhibition, which will run till February 2, hosts 3,000 exhibitors.",
         "2023-01-30"),
        ("Sunday, September 6, 2009", "Hospital signs agreement\nThe hospital signed an MOU.",
         "2009-09-06"),
        ("2022/05/15 【某医学会春季学术演讲会今开幕】某某日报", "【记者某某/台中报导】学术演讲会15日开幕。",
         "2022-05-15"),
        # a labelled date beats a banner date in the title
        ("Tuesday, October 15, 2019", "Home >> News\nSource: Weekly | Release Date:2018-11-16-\n"
         "The expo started on Monday.", "2018-11-16"),
        # a sentence opening the title is no date line
        ("2024年4月19日，健康大会在北京开幕", "大会为期两天。", None),
    ],
)  # fmt: skip
def test_the_title_may_be_the_date_line(title: str, text: str, expected: str | None) -> None:
    found = find_published(text, title=title)
    assert (found[0].isoformat() if found else None) == expected
    if found:
        assert found[1] in title or found[1] in text


def test_a_label_belongs_to_the_date_after_it() -> None:
    text = "date 2021-10-15 SHANGHAI, Oct. 14, 2021 /PRNewswire/ -- On October 11, the week opened."
    assert find_published(text)[0] == dt.date(2021, 10, 15)  # type: ignore[index]
    found = find_event_dates(text, dt.date(2021, 10, 15))
    assert found is not None and found.start == dt.date(2021, 10, 11)
