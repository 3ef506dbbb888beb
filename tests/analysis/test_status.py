"""Is the event ahead, held, postponed or cancelled: by date, by tense, by status words.

Every text here is written for this test (none is copied from the corpus).
"""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.analysis.event_dates import EventDates
from crawler.analysis.facts import Zone
from crawler.analysis.status import event_status


def zones(title: str, lead: str = "", body: str = "") -> tuple[Zone, ...]:
    return tuple(
        Zone(name, text, text)
        for name, text in (("title", title), ("head", ""), ("lead", lead), ("body", body))
    )


def status(title: str, lead: str = "", body: str = "", **kw: object) -> str:
    return event_status(zones(title, lead, body), kw.get("dates"), kw.get("published"))[0]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "lead", "expected"),
    [
        # Chinese event verbs carry no tense: without a future word, a report
        ("第三届健康产业博览会在成都开幕", "", "held"),
        ("中欧将办健康产业论坛", "", "upcoming"),
        ("", "首届教育局长高峰论坛将于9月14日至15日在北京举办。", "upcoming"),
        # English past and headline present tense report; "will begin" announces
        ("The alliance of medical schools was founded in Beijing", "", "held"),
        ("Hospital opens cancer centre", "", "held"),
        ("Auto Show Opens This Week", "The auto exhibition will begin on Thursday.", "upcoming"),
        # a marked tense in the lead beats a title without one
        ("2015 Internet Conference opens Wednesday in Wuzhen",
         "The 2015 Internet Conference will be held in Wuzhen from December 16-18.", "upcoming"),
        # the lead's plans for a project are not the signing's tense
        ("3月21日，经开区与某科技公司签订战略合作框架协议",
         "据介绍，项目将于10月开工建设，明年竣工投产。", "held"),
    ],
)  # fmt: skip
def test_status_by_tense(title: str, lead: str, expected: str) -> None:
    assert status(title, lead) == expected


def test_status_by_the_body_tense_as_a_last_resort() -> None:
    assert status("Health forum", "", "Delegates gathered in the main hall.") == "held"
    assert status("Health forum") == "unknown"


@pytest.mark.parametrize(
    ("start", "published", "sentence", "expected"),
    [
        (dt.date(2024, 5, 10), dt.date(2024, 5, 2), "The fair opens on May 10.", "upcoming"),
        (dt.date(2024, 5, 1), dt.date(2024, 5, 2), "The fair opened on May 1.", "held"),
        # the same day: ahead when the page announces it, held when it reports it
        (dt.date(2024, 5, 2), dt.date(2024, 5, 2),
         "The minister will inaugurate the hospital on Tuesday.", "upcoming"),
        (dt.date(2024, 5, 2), dt.date(2024, 5, 2), "The expo opened on Tuesday.", "held"),
    ],
)  # fmt: skip
def test_status_by_date(start: dt.date, published: dt.date, sentence: str, expected: str) -> None:
    dates = EventDates(start, None, sentence.rsplit(" on ", maxsplit=1)[-1].rstrip("."))
    assert status("Health forum", sentence, dates=dates, published=published) == expected


def test_without_a_page_date_the_dateline_is_the_reference() -> None:
    dates = EventDates(dt.date(2017, 11, 18), None, "11月18日", reference=dt.date(2017, 11, 18))
    lead = "长沙11月18日电 11月18日，农业博览会在长沙开幕。"
    assert status("农业博览会开幕", lead, dates=dates) == "held"
    ahead = EventDates(dt.date(2017, 12, 1), None, "12月1日", reference=dt.date(2017, 11, 18))
    assert status("农业博览会", "博览会12月1日开幕。", dates=ahead) == "upcoming"


@pytest.mark.parametrize(
    ("title", "lead", "expected"),
    [
        # a sentence saying both leaves it to the next ones
        ("Show news",
         "Many events have been cancelled or postponed, and the latest is the Natural Expo. "
         "According to the organisers, the show will be postponed until further notice.",
         "postponed"),
        ("某论坛决定2020年不举办年会", "", "cancelled"),
        ("关于停止举办2020饲料工业展览会的通知", "展览会原定于6月举行。", "cancelled"),
        ("The nursing summit has been postponed", "", "postponed"),
    ],
)  # fmt: skip
def test_postponed_and_cancelled(title: str, lead: str, expected: str) -> None:
    assert status(title, lead) == expected
