"""Which date is the event's: roles of dates by the words around them.

Every text here is written for this test (none is copied from the dev set).
"""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.analysis.dates import find_event_dates, find_published


def dates_of(text: str, published: str | None) -> tuple[str, str | None] | None:
    found = find_event_dates(text, dt.date.fromisoformat(published) if published else None)
    if found is None:
        return None
    assert found.text in text
    return found.start.isoformat(), (found.end.isoformat() if found.end else None)


# --------------------------------------------------------------------------
# Ranges given in two places, and durations.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # 2024-10-12 is a Saturday: "opened on Friday" is Oct 11.
        (
            "The biotech summit opened on Friday at the Century City Convention Center. "
            "The summit, which runs through Oct 13, features 40 sessions.",
            "2024-10-12",
            ("2024-10-11", "2024-10-13"),
        ),
        ("The fair opens on May 10 and will close on May 13.", "2024-05-02",
         ("2024-05-10", "2024-05-13")),
        ("展会5月10日开幕，将持续至5月13日。", "2024-05-02", ("2024-05-10", "2024-05-13")),
        ("The three-day summit opened in Xiamen on Nov 5.", "2024-11-06",
         ("2024-11-05", "2024-11-07")),
        ("The congress opened in Tianjin on March 21 and will last three days.", "2024-03-22",
         ("2024-03-21", "2024-03-23")),
        ("会议为期两天，于6月3日在杭州开幕。", "2024-06-01", ("2024-06-03", "2024-06-04")),
    ],
)  # fmt: skip
def test_the_first_day_opens_and_a_later_one_closes(
    text: str, published: str, expected: tuple[str, str]
) -> None:
    assert dates_of(text, published) == expected


def test_a_runs_through_date_alone_is_never_the_start() -> None:
    text = "Visitors can see the exhibition through June 30. The museum opened in 1990."
    assert dates_of(text, "2024-06-01") is None


# --------------------------------------------------------------------------
# Postponed events.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The vaccine conference, originally scheduled for March 12-13, has been postponed "
            "to May 20-21 because of venue works.",
            "2024-02-02",
            ("2024-05-20", "2024-05-21"),
        ),
        (
            "原定于2024年3月20日举办的数字医疗大会改期至2024年5月8日至9日举办，地点不变。",
            "2024-03-01",
            ("2024-05-08", "2024-05-09"),
        ),
        ("论坛延期至6月18日在昆明举行。", "2024-04-01", ("2024-06-18", None)),
        (
            "The forum, postponed from April, will now take place on June 16 in Guangzhou.",
            "2024-05-01",
            ("2024-06-16", None),
        ),
    ],
)
def test_a_postponed_event_takes_its_new_date(
    text: str, published: str, expected: tuple[str, str | None]
) -> None:
    assert dates_of(text, published) == expected


@pytest.mark.parametrize(
    "text",
    [
        "原定于3月22日至23日在成都举办的康复医学论坛延期举办，具体时间另行通知。",
        "The nursing summit planned for May 8 has been postponed; a new date will be announced.",
    ],
)
def test_a_postponed_event_without_a_new_date_has_none(text: str) -> None:
    assert dates_of(text, "2024-03-01") is None


# --------------------------------------------------------------------------
# Datelines, press conferences, deadlines.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("新华社北京4月21日电 第二届中国罕见病大会20日在北京开幕。", "2024-04-21",
         ("2024-04-20", None)),
        ("本报5月9日讯 5月8日，第五届智慧医疗论坛在合肥举行。", "2024-05-09",
         ("2024-05-08", None)),
        ("BEIJING, April 21 (Xinhua) -- The rare disease congress opened in Beijing on "
         "April 20.", "2024-04-21", ("2024-04-20", None)),
        ("记者从昨日召开的新闻发布会上获悉，健康博览会将于3月15日至17日在南宁举办。", "2023-12-10",
         ("2024-03-15", "2024-03-17")),
        ("At a press conference on Monday, organisers said the Health Tech Expo will take "
         "place on June 18-20.", "2024-05-07", ("2024-06-18", "2024-06-20")),
        ("论坛将于10月在北京举办，截稿日期为6月30日，9月20日报到。", "2024-03-01", None),
        # "电商" (e-commerce) after a date is no dateline mark
        ("4月21日电商健康节在杭州开幕，义诊活动于4月25日举行。", "2024-04-20", ("2024-04-21", None)),
        ("Abstract submission closes on December 15. The conference is in Singapore.",
         "2024-11-01", None),
    ],
)  # fmt: skip
def test_datelines_announcements_and_deadlines_are_not_the_event_date(
    text: str, published: str, expected: tuple[str, str | None] | None
) -> None:
    assert dates_of(text, published) == expected


def test_a_dateline_is_the_last_resort() -> None:
    """With no other date, the dateline day is better than nothing."""
    assert dates_of("新华社上海3月2日电 健康产业论坛今天在上海开幕。", "2024-03-02") == (
        "2024-03-02",
        None,
    )


# --------------------------------------------------------------------------
# The grammar: day-only Chinese dates, capitalised weekdays.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第三届康养峰会18日在厦门开幕。", ("2024-05-18", None)),
        ("医学论坛12日至14日在郑州举行。", ("2024-05-12", "2024-05-14")),
        # 2024-05-20 is a Monday: a report of the same day
        ("On Monday, the two hospitals signed a research agreement in Shanghai.",
         ("2024-05-20", None)),
    ],
)  # fmt: skip
def test_day_only_and_weekday_dates(text: str, expected: tuple[str, str | None]) -> None:
    assert dates_of(text, "2024-05-20") == expected


@pytest.mark.parametrize(
    "text", ["每月15日为义诊日，论坛期间将举行义诊。", "近3日已有百家企业报名参加博览会。"]
)
def test_day_counts_are_not_dates(text: str) -> None:
    assert dates_of(text, "2024-05-20") is None


# --------------------------------------------------------------------------
# Publication dates: only where a page prints its date.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Cardiology Symposium was held on 12-13 May 2024 at the Xi'an Convention Center.",
        "2024年4月16日，全省卫生健康大会在南昌开幕。",
        "版主：小李\nGMT+8, 2024-6-1 20:15, Processed in 0.05 second(s), 18 queries.",
        "当前时间：2024-06-01 20:15",
    ],
)
def test_dates_in_prose_and_render_times_are_not_published_dates(text: str) -> None:
    assert find_published(text) is None


def test_a_bbs_post_date_keeps_its_label_as_evidence() -> None:
    assert find_published("楼主 发表于 2024-5-20 10:12") == (
        dt.date(2024, 5, 20),
        "发表于 2024-5-20 10:12",
    )


# --------------------------------------------------------------------------
# Weekdays without "on", datelines, speech dates, durations (held-out categories).
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a bare weekday after the verb; 2024-05-08 is a Wednesday
        (
            "The provincial stroke alliance was launched Monday in Nanning.",
            "2024-05-08",
            ("2024-05-06", None),
        ),
        # the weekday counts back from the dateline (Sept 4, 2024, a Wednesday), not
        # from a publication date a week later
        (
            "XINING, Sept 4 (Xinhua) -- A plateau medicine research center opened Tuesday in "
            "Xining.",
            "2024-09-11",
            ("2024-09-03", None),
        ),
        # "said on Monday" is when they spoke: the weekend the summit took place wins
        (
            "The summit drew 600 delegates, the organizers said on Monday. Panels on Saturday "
            "covered gene therapy.",
            "2024-06-10",
            ("2024-06-08", None),
        ),
        # a recurring weekday is no date
        (
            "The clinic opens every Friday; the new ward was opened on May 2.",
            "2024-05-06",
            ("2024-05-02", None),
        ),
        # 会期 gives the duration, like 为期
        ("省药学年会于6月14日在合肥召开，会期三天。", "2024-06-01", ("2024-06-14", "2024-06-16")),
        # a duration said in the sentence before the date
        (
            "The three-day fair is the largest in the region. It opens on October 9 in Jinan.",
            "2024-09-30",
            ("2024-10-09", "2024-10-11"),
        ),
    ],
)
def test_weekdays_datelines_and_durations(
    text: str, published: str, expected: tuple[str, str | None]
) -> None:
    assert dates_of(text, published) == expected


def test_a_signing_at_a_four_day_expo_takes_one_day() -> None:
    text = "Twelve deals were signed on Friday at the four-day expo in Harbin."
    found = find_event_dates(text, dt.date(2024, 6, 17), multi_day=False)
    assert found is not None
    assert (found.start, found.end) == (dt.date(2024, 6, 14), None)
