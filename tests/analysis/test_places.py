"""Place, status, parties and the lead: rules added for unseen pages.

Every text here is written for this test (none is copied from the dev set).
"""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.analysis.events import analyse
from crawler.analysis.language import is_paragraph, lead_span
from crawler.items import Analysis, Article


def analysed(title: str, text: str, published: dt.date | None = None) -> Analysis:
    return analyse(Article(url="file:case", title=title, text=text, published=published))


@pytest.mark.parametrize(
    ("title", "text", "place"),
    [
        # 在X + 启用/开业 (venue verbs of a launch)
        ("市儿童医院新院区正式启用", "发布时间：2024-06-30\n6月29日，市儿童医院新院区在江北新区正式启用。",
         "江北新区"),
        # an administrative area as the subject of 举行
        ("西安高新区举行生物医药项目集中签约仪式",
         "发布时间：2024-07-09\n7月8日，西安高新区举行生物医药项目集中签约仪式，12个项目现场签约。",
         "西安高新区"),
        # 位于X的
        ("生物医药产业园开园", "发布时间：2024-09-02\n位于苏州高新区的生物医药产业园9月1日正式开园，"
         "首批20家企业入驻。", "苏州高新区"),
        # at <Name> Hospital: a venue by its name
        ("Rare disease alliance founded", "Updated: 2024-04-10\n\nThe Pearl River Rare Disease "
         "Alliance was founded on April 9 at Guangdong Provincial People's Hospital, with 40 "
         "member hospitals.", "Guangdong Provincial People's Hospital"),
        # scheduled ... at the <Venue>, five words between verb and "at"
        ("Elderly care expo postponed", "Updated: 2024-02-02\n\nThe elderly care expo scheduled for "
         "March 12 to 14 at the Kunming Dianchi Convention Center has been postponed.",
         "Kunming Dianchi Convention Center"),
        # a long object between the verb and "in"
        ("Shanghai and Yunnan sign health pact", "Updated: 2024-04-10\n\nShanghai and Yunnan signed "
         "a strategic cooperation framework agreement on health care in Kunming on Monday.",
         "Kunming"),
        # a place right after the date
        ("Hospital signs MoU with Berlin clinic", "Updated: 2024-04-10\n\nBeijing Tiantan Hospital "
         "signed a memorandum of understanding with Charité Berlin on Tuesday in Beijing, agreeing "
         "to cooperate on stroke research.", "Beijing"),
        # a province after the place is too wide: dropped
        ("Proton therapy centre inaugurated", "Updated: 2024-04-10\n\nA proton therapy centre was "
         "inaugurated on April 9 in Wuhan Optics Valley, Hubei province.", "Wuhan Optics Valley"),
        # a sentence stop ends the place
        ("Notice on the 2024 annual meeting", "Updated: 2024-07-02\n\nThe 2024 annual meeting of "
         "the association will be held on Friday in the Grand Hall of Jinling Hotel. All members "
         "are welcome.", "Grand Hall of Jinling Hotel"),
        # the building of an administrative committee (lowercase "building")
        ("Zone signs agreement with drug maker", "Addtime:2022-05-10\n\nOn May 9, the zone "
         "administration held a strategic cooperation agreement signing ceremony in the Binhai "
         "Administrative Committee building.", "Binhai Administrative Committee building"),
    ],
)  # fmt: skip
def test_place(title: str, text: str, place: str) -> None:
    result = analysed(title, text)
    assert result.type != "other"
    assert result.event.place == place
    assert any(item.field == "place" and item.text in text for item in result.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "发布时间：2024-05-01\n5月1日，医学影像论坛在最近落成的报告厅举行，由于与运营商签约，会场免费。",
        "发布时间：2024-05-01\n5月1日，由于与运营商签约延迟，医学影像论坛推迟召开。",
    ],
)
def test_times_and_partners_are_not_places(text: str) -> None:
    place = analysed("医学影像论坛", text).event.place
    assert place not in {"最近落成的报告厅", "最近", "与运营商"}
    assert not (place or "").startswith("与")


# --------------------------------------------------------------------------
# Status, end = start, parties.
# --------------------------------------------------------------------------


def test_postponement_in_the_title_is_postponed() -> None:
    result = analysed(
        "Notice on the Postponement of the 2024 Pearl River Pharmacy Forum",
        "Release time: 2024-03-01\n\nDear guests,\n\nThe 2024 Pearl River Pharmacy Forum will be "
        "held on June 5-6 instead. We apologise for the inconvenience.",
    )
    assert result.type == "forum"
    assert result.event.status == "postponed"


def test_an_event_on_the_publication_day_is_held_whatever_the_tense_words() -> None:
    # "将在" here means "will (cooperate) in", not that the signing is ahead.
    result = analysed(
        "衞生署與澳門醫院簽署合作協議",
        "衞生署今日（五月六日）與澳門某某醫院在澳門簽署合作協議，雙方將在人才培訓方面加強合作。",
        published=dt.date(2024, 5, 6),
    )
    assert result.type == "agreement"
    assert result.event.start == result.event.end == dt.date(2024, 5, 6)
    assert result.event.status == "held"


def test_a_single_day_event_ends_the_day_it_starts() -> None:
    result = analysed(
        "Cardiology forum held in Nanjing",
        "Updated: 2024-06-10\n\nThe Jiangsu Cardiology Forum was held in Nanjing on June 8.",
    )
    assert (result.event.start, result.event.end) == (dt.date(2024, 6, 8), dt.date(2024, 6, 8))


def test_chinese_parties_end_like_organisations() -> None:
    result = analysed(
        "医养结合大会将在长沙召开",
        "发布时间：2024-08-20\n第二届医养结合大会将于9月12日在长沙召开。"
        "大会期间还将举行康养产业项目签约仪式，湖南某某集团与长沙银行签署合作协议。",
    )
    assert "agreement" in result.also
    assert result.event.parties == ("湖南某某集团", "长沙银行")


# --------------------------------------------------------------------------
# The lead.
# --------------------------------------------------------------------------


def test_the_lead_keeps_a_long_first_sentence_whole() -> None:
    first = (
        "In view of the renovation of the exhibition halls, in order to ensure the safety of all "
        "participants and after careful study by the organizing committee, the 2024 Coastal Health Industry Forum, which was originally "
        "scheduled for April 20 to 21 at the Xiamen International Conference Center, has been "
        "postponed to June 16-17, 2024."
    )
    text = f"Dear guests,\n{first} The venue remains unchanged."
    start, end = lead_span(text)
    assert len(first) > 300
    assert text[start:end].startswith(first)


def test_a_long_line_of_links_is_no_paragraph() -> None:
    links = "医学论坛[健康网] 中医药论坛 药学前沿[药学网] 护理天地[护理网] 医院管理论坛 " * 2
    assert not is_paragraph(links)
    assert is_paragraph("第三届医学论坛在杭州召开，来自全国的500余名专家学者参加了本次论坛。" * 2)


def test_plans_after_a_signing_do_not_make_it_upcoming() -> None:
    # "雙方將在…" is what the parties will do; the signing itself was on the 11th.
    result = analysed(
        "港大深圳醫院與深圳市政府簽署合作協議",
        "2024/03/12 10:20　記者陳小明／深圳報導\n香港大學深圳醫院11日與深圳市人民政府簽署"
        "新一輪合作協議，雙方將在醫學教育及科研方面深化合作。",
    )
    assert result.type == "agreement"
    assert result.event.start == dt.date(2024, 3, 11)
    assert result.event.status == "held"
    assert result.event.parties == ("香港大學深圳醫院", "深圳市人民政府")


def test_a_chinese_name_in_machine_translated_english_is_part_of_the_place() -> None:
    result = analysed(
        "Jingxi District Held 2024 Rehabilitation Industry Conference",
        "Author:投促局  Addtime:2024-04-26\n\nOn the afternoon of April 25th, the 2024 "
        "Rehabilitation Industry Conference of Jingxi District was held in 永定河 Riverside Park.",
    )
    assert result.type == "forum"
    assert result.event.place == "永定河 Riverside Park"


@pytest.mark.parametrize(
    ("title", "text", "place"),
    [
        # a date in Chinese numerals is no place
        (
            "康复医学年会召开",
            "发布时间：2024-11-04\n康复医学年会于二〇二四年十一月二日召开。"
            "开幕式在西安曲江国际会议中心举行。",
            "西安曲江国际会议中心",
        ),
        # the venue after 的
        (
            "口腔医学论坛开幕",
            "发布时间：2024-08-16\n8月15日，口腔医学论坛在鼓楼区的福州海峡会展中心开幕。",
            "福州海峡会展中心",
        ),
        # a name may go on after its bracket
        (
            "项目签约仪式举行",
            "发布时间：2024-04-12\n4月11日，签约仪式在深圳国际会展中心（宝安）3号馆举行。",
            "深圳国际会展中心（宝安）3号馆",
        ),
        # the event itself is no place
        (
            "医疗器械博览会开幕",
            "发布时间：2024-04-12\n4月11日上午，在第九届华南医疗器械博览会开幕式上，"
            "30家企业发布新品。",
            None,
        ),
        # lowercase words inside a venue's name, and the longest name
        (
            "Nursing symposium held",
            "Updated: 2024-10-21\nThe nursing symposium was held on Saturday "
            "at the Jianghan campus of Hubei University of Medicine.",
            "Jianghan campus of Hubei University of Medicine",
        ),
        (
            "Imaging summit draws 900",
            "Updated: 2024-10-21\nThe imaging summit, at the Hefei Binhu "
            "Lake Park Science and Culture Exhibition Center, drew 900 radiologists on Sunday.",
            "Hefei Binhu Lake Park Science and Culture Exhibition Center",
        ),
        # two venues: the first
        (
            "Joint seminar held",
            "Updated: 2024-10-21\nA joint seminar took place at Fudan University "
            "and Tongji University on Friday.",
            "Fudan University",
        ),
        # a described venue, then its city
        (
            "Hospitals sign pact",
            "Updated: 2024-10-21\nA ceremony at the hospital group's new "
            "headquarters in Wenzhou on Friday marked the signing of the cooperation agreement.",
            "Wenzhou",
        ),
        # a "City" district without a venue verb
        (
            "Biotech forum draws crowds",
            "Updated: 2024-10-21\nThe week-long biotech forum in Taizhou "
            "Pharmaceutical City drew 2,000 visitors.",
            "Taizhou Pharmaceutical City",
        ),
        # a dateline when nothing else says where
        (
            "Vaccine deal signed",
            "SHIJIAZHUANG, Oct 18 (Xinhua) -- A local vaccine maker and a "
            "Brazilian distributor signed a supply agreement Thursday.",
            "Shijiazhuang",
        ),
        (
            "医院与药企签署合作协议",
            "新华社西宁10月18日电 青海省人民医院与一家药企17日签署合作协议。",
            "西宁",
        ),
    ],
)
def test_places_added_for_unseen_pages(title: str, text: str, place: str | None) -> None:
    result = analysed(title, text, dt.date(2024, 10, 21) if "Xinhua" in text else None)
    assert result.type != "other"
    assert result.event.place == place
