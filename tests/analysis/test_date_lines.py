"""The page's own date against a notice's signature and an event's schedule.

Every text here is written for this test (none is copied from the dev set).
"""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.analysis.dates import find_event_dates, find_published


def published(text: str) -> dt.date | None:
    found = find_published(text)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a toolbar line above the text: its date is the page's
        (
            "关于开展2024年度院感质控督查的通知\n2024-03-04 【字体：大 中 小】 【打印】 阅读：88\n"
            "各科室：\n为进一步加强院感管理，定于3月中旬开展全院质控督查，请各科室做好准备。\n"
            "院感办公室\n2024年2月29日",
            dt.date(2024, 3, 4),
        ),
        (
            "Notice of the spring seminar\n2024-03-04 | Hits: 88 | Share | Print\n"
            "The spring seminar of the nursing school will be held on March 22 in Room 301.\n"
            "Dean's Office\nFebruary 29, 2024",
            dt.date(2024, 3, 4),
        ),
        # "发布：" is a publication label
        (
            "院内新闻\n发布：2024-05-06　审核：王强　责任单位：党委宣传处\n正文。",
            dt.date(2024, 5, 6),
        ),
        # a notice whose only date is its signature: the signature dates it
        (
            "关于报送年度统计报表的通知\n各社区卫生服务中心：\n请于本月底前报送年度统计报表，"
            "逾期将予以通报。\n区卫生健康局办公室\n2023年12月5日",
            dt.date(2023, 12, 5),
        ),
        # ... but a press release's date at its end, after no signing body, is one
        (
            "Health bureau statement\nThe bureau today confirmed two cases of dengue fever, "
            "both imported.\nEnds\n2024年8月2日",
            dt.date(2024, 8, 2),
        ),
        # an event's schedule (时间/地点 block, "会议时间") is not the page's date
        (
            "学术沙龙通知\n2024-04-01\n各位会员：\n学会定于4月下旬举办青年医师学术沙龙，欢迎报名参加。\n"
            "时间：2024年4月26日 14:00\n地点：学会三楼报告厅",
            dt.date(2024, 4, 1),
        ),
        ("会议通知\n会议时间：2024年4月26日\n会议地点：南京", None),
        (
            "Workshop on clinical audit\nApril 1, 2024\nDate: April 26, 2024\n"
            "Venue: Room 2, Teaching Building\nAll residents are invited to the workshop.",
            dt.date(2024, 4, 1),
        ),
        # a CMS label compounded with 信息 is still the page's
        ("【信息时间：2024-02-19】【阅读次数：12】\n公告正文。", dt.date(2024, 2, 19)),
    ],
)
def test_page_date_against_signatures_and_schedules(text: str, expected: dt.date | None) -> None:
    assert published(text) == expected


def test_the_only_signature_dates_a_notice_but_loses_to_a_date_line() -> None:
    notice = (
        "关于暂停举办展会的通知\n各位参展商：\n本馆二月份展会暂停举办。\n某某会展中心\n2020年2月3日"
    )
    assert published(notice) == dt.date(2020, 2, 3)
    dated = notice.replace("各位参展商", "发布时间：2020-02-04\n各位参展商")
    assert published(dated) == dt.date(2020, 2, 4)


def test_a_schedule_line_gives_the_event_date() -> None:
    text = (
        "学术沙龙通知\n2024-04-01\n各位会员：\n学会定于4月下旬举办青年医师学术沙龙，欢迎报名参加。\n"
        "时间：2024年4月26日 14:00\n地点：学会三楼报告厅"
    )
    found = find_event_dates(text, dt.date(2024, 4, 1))
    assert found is not None
    assert found.start == dt.date(2024, 4, 26)
