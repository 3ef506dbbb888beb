"""One event reported by several sites becomes one Event; different events stay apart."""

from __future__ import annotations

import datetime as dt

from crawler.identity.sameevent import EventSketch, event_key, same_event

APR19 = dt.date(2024, 4, 19)
MAY18 = dt.date(2024, 5, 18)


def sketch(
    title,
    place=None,
    start=APR19,
    end=None,
    kind="forum",
    language="zh",
    organisers=(),
    status="upcoming",
):
    return EventSketch(kind, start, end or start, title, place, tuple(organisers), language, status)


CCTV = sketch(
    "2024全民数字健康大会",
    "北京昌平",
    organisers=["北京市昌平区人民政府", "中央广播电视总台央视网"],
)


def test_english_and_chinese_reports_of_one_conference_match():
    english = sketch(
        "2024 National Digital Health Conference",
        "Changping District, Beijing",
        language="en",
        organisers=["People's Government of Changping District"],
    )
    assert same_event(CCTV, english)
    assert same_event(english, CCTV)


def test_cross_language_needs_the_same_dates():
    english = sketch(
        "2024 National Digital Health Conference",
        "Changping, Beijing",
        start=dt.date(2024, 4, 20),
        language="en",
    )
    assert not same_event(CCTV, english)


def test_two_forums_on_the_same_day_in_the_same_city_stay_apart():
    investment = sketch(
        "Beijing E-Town Biomedicine Investment Forum", "Beijing E-Town", start=MAY18, language="en"
    )
    smart = sketch(
        "Beijing E-Town Smart Healthcare Forum", "Beijing E-Town", start=MAY18, language="en"
    )
    chinese = sketch("北京亦庄智慧医疗论坛", "北京经开区", start=MAY18)
    assert not same_event(investment, smart)
    assert not same_event(investment, chinese)
    assert same_event(
        smart,
        sketch(
            "Smart Healthcare Forum opens in Beijing E-Town",
            "Beijing E-Town",
            start=MAY18,
            language="en",
        ),
    )


def test_rewritten_chinese_report_of_a_launch_matches():
    a = sketch(
        "成都天府国际生物城细胞治疗产业孵化器揭牌运营",
        "成都天府国际生物城",
        kind="launch",
        status="held",
    )
    b = sketch(
        "天府国际生物城细胞治疗孵化器正式揭牌", "天府国际生物城", kind="launch", status="held"
    )
    assert same_event(a, b)


def test_different_types_never_match():
    assert not same_event(CCTV, sketch("2024全民数字健康大会", "北京昌平", kind="agreement"))


def test_a_postponement_with_a_new_date_joins_the_original_event():
    moved = sketch(
        "2024全民数字健康大会延期举办", "北京昌平", start=dt.date(2024, 6, 20), status="postponed"
    )
    assert same_event(CCTV, moved)
    unrelated_later = sketch("2024全民数字健康大会", "北京昌平", start=dt.date(2024, 6, 20))
    assert not same_event(
        CCTV, unrelated_later
    )  # same name, other dates, no postponement: next edition


def test_event_key_is_deterministic_and_ignores_spacing_and_case():
    assert event_key("forum", APR19, "2024 National  Digital Health Conference") == event_key(
        "forum", APR19, "2024 national digital health conference"
    )
    assert event_key("forum", APR19, "A") != event_key("forum", MAY18, "A")


def test_an_english_and_a_chinese_report_from_one_zone_merge_through_its_names():
    """E-Town ~ 北京经开区 (the zone's alias) and Smart Healthcare ~ 智慧医疗 (a topic)."""
    english = sketch(
        "Beijing E-Town Smart Healthcare Forum opens", "Beijing E-Town", start=MAY18, language="en"
    )
    chinese = sketch("北京经开区智慧医疗论坛开幕", "北京经开区", start=MAY18)
    assert same_event(english, chinese)
    other_topic = sketch("北京经开区生物医药投资论坛开幕", "北京经开区", start=MAY18)
    assert not same_event(english, other_topic)


def test_traditional_and_simplified_reports_of_one_expo_are_one_event():
    simplified = sketch("2024台湾医疗科技展开幕", "台北南港展览馆", start=MAY18)
    traditional = sketch("2024台灣醫療科技展開幕", "台北南港展覽館", start=MAY18)
    assert same_event(simplified, traditional)
    assert event_key("forum", MAY18, simplified.title) == event_key(
        "forum", MAY18, traditional.title
    )
