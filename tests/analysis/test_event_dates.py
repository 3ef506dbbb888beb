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


# --------------------------------------------------------------------------
# Ranges in every form, weekdays with a date, days counted from the day of
# writing, durations, the year of the event's name.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The show is held at the trade centre from 29th January to 1st February 2024.",
         None, ("2024-01-29", "2024-02-01")),
        ("The congress will be held 30 December 2024 - 2 January 2025 in Bangkok.",
         None, ("2024-12-30", "2025-01-02")),
        ("The summit takes place April 20th-21st in Beijing.", "2024-04-10",
         ("2024-04-20", "2024-04-21")),
        ("研讨大会将于5月16日及17日在香港会议展览中心举行。", "2024-05-09",
         ("2024-05-16", "2024-05-17")),
        ("这项研讨会7至8日连续两天在洛杉矶举行。", "2024-07-08", ("2024-07-07", "2024-07-08")),
        ("生技周要来了，11月28日起，由某报主办的生技论坛率先开场。", "2024-11-13",
         ("2024-11-28", None)),
        # a weekday with its date, the range given later
        ("The minister officially opened the health expo on Monday, 9 February. The expo "
         "will take place for the first time at the exhibition centre from 9-12 February.",
         "2026-02-10", ("2026-02-09", "2026-02-12")),
        # "today" is the day of writing; "run till" closes the range
        ("The health exhibition kicked off today at the trade centre. The exhibition, which "
         "will run till February 2, hosts 3,000 exhibitors.", "2023-01-30",
         ("2023-01-30", "2023-02-02")),
        ("昨天，市长与某医药集团签署合作框架协议。", "2024-03-06", ("2024-03-05", None)),
        # the three-day forum that closed on a date began two days before
        ("On September 19th, the three-day main forum of the conference wound down.",
         "2018-09-20", ("2018-09-17", "2018-09-19")),
        ("On Nov 29, a groundbreaking ceremony marked the start of the medical park.",
         "2024-12-03", ("2024-11-29", None)),
    ],
)  # fmt: skip
def test_ranges_weekdays_today_and_durations(
    text: str, published: str | None, expected: tuple[str, str | None]
) -> None:
    assert dates_of(text, published) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no page date: the year of the event's name
        ("2015 World Internet Conference opens Wednesday. The 2015 World Internet Conference "
         "will be held in Wuzhen from December 16-18.", ("2015-12-16", "2015-12-18")),
        ("记者4月2日获悉，2023年世界大健康博览会将于4月7日在武汉开幕，会期4天。",
         ("2023-04-07", "2023-04-10")),
        ("5月25日，2023中国西部健康产业博览会在西安开幕。", ("2023-05-25", None)),
        ("临港新片区举办“2021年生物医药产业项目集中签约”仪式，2月3日，15个项目签约。",
         ("2021-02-03", None)),
        # the dateline's day with the name's year anchors a day of the month
        ("Xinhuanet, Beijing, September 26 (Reporter Li Hua) On the 25th, the 2023 Beijing "
         "Health Expo opened at the exhibition centre.", ("2023-09-25", None)),
        # a count is no year
        ("2000余位专家出席论坛。论坛于5月25日在西安开幕。", None),
    ],
)  # fmt: skip
def test_the_year_of_the_event_name_without_a_page_date(
    text: str, expected: tuple[str, str | None] | None
) -> None:
    assert dates_of(text, None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019年以来，论坛已连续举办五届。今年的论坛于11月3日开幕。", ("2024-11-03", None)),
        ("明年3月5日，第六届论坛将在杭州举行。", ("2025-03-05", None)),
    ],
)
def test_this_year_and_next_year(text: str, expected: tuple[str, str | None]) -> None:
    assert dates_of(text, "2024-05-20") == expected


def test_the_same_day_written_in_full_gives_the_year() -> None:
    text = "孙某 2021年12月12日 19:13\n长沙12月12日电(孙某)第16届医药企业发展论坛12日在长沙开幕。"
    assert dates_of(text, "2022-02-22") == ("2021-12-12", None)


def test_the_name_year_beats_the_tense_when_a_page_is_republished() -> None:
    text = "研讨大会将于5月16日及17日在香港会议展览中心举行。"
    found = find_event_dates(text, dt.date(2024, 11, 23), title="2024年医管局研讨大会将举行")
    assert found is not None
    assert (found.start, found.end) == (dt.date(2024, 5, 16), dt.date(2024, 5, 17))
    assert found.text in text


def test_an_ordinal_floor_is_no_day() -> None:
    assert dates_of("The seminar was held on the 5th floor of the hospital.", "2024-05-20") is None
    assert dates_of("On the 12th, the seminar was held in Wuhan.", "2024-05-20") == (
        "2024-05-12",
        None,
    )


@pytest.mark.parametrize("published", [dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_a_publication_date_at_the_ends_of_time_never_raises(published: dt.date) -> None:
    found = find_event_dates("The forum opens next Monday and ends tomorrow.", published)
    assert found is None or isinstance(found.start, dt.date)
