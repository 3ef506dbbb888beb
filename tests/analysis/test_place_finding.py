"""Where an event takes place: each rule of ``places.py`` and what is no place.

Called on zones directly, so these cases do not depend on the classifier.
Every text is written for this test; none is copied from a labelled corpus.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.analysis.facts import Zone
from crawler.analysis.language import normalise
from crawler.analysis.place_names import chinese_place, english_place
from crawler.analysis.places import find_place


def zones(title: str = "", head: str = "", lead: str = "", body: str = "") -> tuple[Zone, ...]:
    parts = (("title", title), ("head", head), ("lead", lead), ("body", body))
    return tuple(Zone(name, text, normalise(text)) for name, text in parts)


def place_of(**texts: str) -> str | None:
    found = find_place(zones(**texts))
    if found is None:
        return None
    place, evidence = found
    assert evidence in "\n".join(texts.values())  # evidence is a verbatim slice
    return place


CASES = [
    # English venues after a verb and at/in; a region after the venue is no place
    (
        "The Gulf Pharma Show opened at the Riyadh Front Exhibition Centre, the biggest pharma "
        "show in the Middle East.",
        "Riyadh Front Exhibition Centre",
    ),
    (
        "The conference runs through Friday at the Moscone Center in San Francisco.",
        "Moscone Center",
    ),
    ("Hosted in Singapore, the summit drew 2,000 delegates.", "Singapore"),
    ("The meeting was held at its headquarters in Basel on Monday.", "Basel"),
    ("The event took place on 12-14 March 2024 at ExCeL London.", "ExCeL London"),
    (
        "The 2024 Pharma Summit, held at the Marina Bay Sands Expo and Convention Centre, "
        "drew 3,000 people.",
        "Marina Bay Sands Expo and Convention Centre",
    ),
    (
        "The expo is held at the Nairobi Convention Centre. Visitors can register.",
        "Nairobi Convention Centre",
    ),
    # a weekday or a date after the city is not part of it
    ("The network was set up in Chengdu Wednesday with 20 clinics.", "Chengdu"),
    # a country or province after the city goes; an address after a venue stays
    ("The congress will be held in Paris, France, on June 3.", "Paris"),
    (
        "A cancer ward was opened at the General Hospital, Kandy, Sri Lanka, on Sunday.",
        "General Hospital, Kandy",
    ),
    ("The institute was opened in Kerala's Kochi on Monday.", "Kochi"),
    # two cities: the first
    ("Two ayurveda centres were inaugurated in Jaipur and Pune.", "Jaipur"),
    # an event noun, then where: "the Fair (ABC) in X", "the signing event in X"
    ("Visitors to the Andean Medical Fair (AMF) in Lima can see 300 stands.", "Lima"),
    # openings: the venue opened
    (
        "The President inaugurated the newly built Kisumu County Referral Hospital on Monday.",
        "Kisumu County Referral Hospital",
    ),
    (
        "The Riverside Children's Hospital in Mombasa will be opened by the governor next week.",
        "Riverside Children's Hospital in Mombasa",
    ),
    # a described venue: its city
    ("Officials attended the signing at the city hall in Jinhua on Monday.", "Jinhua"),
    # machine-translated English, all lowercase
    (
        "the seminar took place in dalian xinghai convention center on may 2.",
        "dalian xinghai convention center",
    ),
    # a visit to a known city
    ("A delegation from Lanzhou visited Wuxi on Monday to sign a health pact.", "Wuxi"),
    # Chinese: 在/于/假座 X + verb
    ("5月9日，第三届口腔健康大会在深圳国际会展中心（宝安）举办。", "深圳国际会展中心（宝安）"),
    ("第七届中医药发展论坛在沪召开。", "上海"),
    ("全国康复医学年会在京举行。", "北京"),
    ("研討會於今(8)日假香港會議展覽中心舉行。", "香港會議展覽中心"),
    ("高峰論壇在廣州南沙舉行。", "廣州南沙"),
    ("论坛在温州市鹿城区举行。", "温州市鹿城区"),
    ("合作协议在杭州西湖国宾馆签署。", "杭州西湖国宾馆"),
    ("签约仪式在市政府会议室举行。", "市政府会议室"),
    ("全球医药大会在上海揭开帷幕。", "上海"),
    # an epithet in quotes goes; a country before a known city goes
    ("中药材博览会在“中国药都”樟树市隆重开幕。", "樟树市"),
    ("论坛于当地时间10日在西班牙马德里开幕。", "马德里"),
    # words around a name: the name
    ("论坛在成都近期能否举办仍未确定。", "成都"),
    ("培训会在我校图书馆三楼报告厅举行。", "图书馆三楼报告厅"),
    # pinyin glosses inside a name are read past
    ("交流会在國(guó)際會(huì)議中心舉行。", "國際會議中心"),
    # an address in brackets after a venue goes
    ("会议在北京国际饭店会议中心（北京市东城区建国门内大街9号）举行。", "北京国际饭店会议中心"),
    # a venue as the subject of an opening or of 举行
    ("3月1日，荆州市第一人民医院东院区正式启用。", "荆州市第一人民医院东院区"),
    ("6月6日，北京协和医院举行建院纪念大会。", "北京协和医院"),
    ("7月1日，宜宾三江新区举行生物医药项目签约仪式。", "宜宾三江新区"),
    # located in
    ("位于嘉兴南湖区的康养产业园5月1日开园。", "嘉兴南湖区"),
]


@pytest.mark.parametrize(("lead", "place"), CASES)
def test_a_place_in_the_lead(lead: str, place: str) -> None:
    assert place_of(lead=lead) == place


DATELINES = [
    (
        "CHONGQING, June 3 (Xinhua) -- A biomedicine forum opened on Monday with 600 guests.",
        "Chongqing",
    ),
    ("NANNING, China, May 8, 2024 /PRNewswire/ -- The ASEAN health expo opened today.", "Nanning"),
    ("KOLKATA: The state health minister opened a cancer wing on Friday.", "Kolkata"),
    ("2024-03-05 PUNE: A new trauma centre was opened on Monday.", "Pune"),
    ("XI'AN -- A TCM forum opened on Monday.", "Xi'an"),
    ("新华社长沙5月3日电 中医药产业大会3日开幕。", "长沙"),
    ("中新网兰州8月2日电（记者 王某）陇药博览会2日开幕。", "兰州"),
    ("记者张明/台中报导 生技论坛今日登场。", "台中"),
    ("新华社客户端南昌6月2日电 中医药博览会2日开幕。", "南昌"),
]


@pytest.mark.parametrize(("lead", "place"), DATELINES)
def test_the_dateline_names_the_city_when_nothing_finer_is_said(lead: str, place: str) -> None:
    assert place_of(lead=lead) == place


def test_a_byline_names_the_city() -> None:
    assert place_of(head="By Li Wen in Harbin\n", lead="The forum opened on Sunday.") == "Harbin"


def test_a_venue_beats_the_dateline() -> None:
    lead = "BEIJING, May 3 (Xinhua) -- The health forum opened at the Diaoyutai State Guesthouse."
    assert place_of(lead=lead) == "Diaoyutai State Guesthouse"


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("2025 Ningbo Health Industry Expo Opens", "Ningbo"),
        ("Xiamen To Host 2024 Health Expo", "Xiamen"),
        ("Health Forum Held In Beijing For Rural Doctors", "Beijing"),
        ("2025年宁波健康产业博览会开幕", "宁波"),
        ("2025年绍兴市医疗器械项目集中签约仪式举行", "绍兴市"),
    ],
)
def test_a_city_in_the_title(title: str, place: str) -> None:
    assert place_of(title=title, lead="More than 800 exhibitors took part.") == place


def test_the_body_says_where_when_the_lead_does_not() -> None:
    lead = "More than 800 companies from 30 countries took part."
    body = "The expo was held at the Hangzhou International Expo Center."
    assert place_of(lead=lead, body=body) == "Hangzhou International Expo Center"


def test_a_label_is_read_first() -> None:
    lead = "The forum will be held in Shanghai.\nVenue: Grand Ballroom, Shangri-La Hotel, Qingdao"
    assert place_of(lead=lead) == "Grand Ballroom, Shangri-La Hotel, Qingdao"
    assert (
        place_of(lead="会议地点：北京国际饭店会议中心（北京市东城区建国门内大街9号）")
        == "北京国际饭店会议中心"
    )


NOT_PLACES = [
    # a theme, a language, a topic
    'The summit is being held under the theme "Resilience in Healthcare" this year.',
    "The course is held in English and Chinese.",
    "The two sides signed a pact on cooperation in AI.",
    "A seminar in Phase III trials was held.",
    # countries, provinces, regions, lists of them
    "It is the biggest medical fair in Asia and opened in Southeast Asia today.",
    "The seminar was held in Guangdong province last week.",
    "The pact was signed in China, Japan and Korea.",
    "The agreement was signed in Hainan on Friday.",
    "The centre was unveiled in the capital of Yunnan province.",
    # the event itself, numbers, years
    "Ten contracts were signed at the Asia Medical Import Expo.",
    "The event will take place at 10 on Monday.",
    "The programme was launched in 2019.",
    # Chinese: times, scopes, online, partners, pronouns, the event, a province
    "该活动在往年已经举办过两次。",
    "签约仪式在昨天下午举行。",
    "义诊周活动在全省范围内举行。",
    "观众可在线观看开幕式。",
    "论坛在线上举行。",
    "活动在此举行。",
    "座谈会在本市举行。",
    "活动在会场举行。",
    "大会在广东省举行。",
    "6月2日，2024大湾区医药峰会在大湾区举行。",
    "在省卫健委的指导下举行了签约仪式。",
    "在市委书记王某的见证下，双方签约。",
    "在各方共同努力下顺利签约。",
    "在第二届医疗器械博览会开幕式上，30家企业发布新品。",
    "国家卫健委举行新闻发布会。",
    "区政府与某集团举行签约仪式。",
    "地点：线上",
]


@pytest.mark.parametrize("lead", NOT_PLACES)
def test_no_place(lead: str) -> None:
    assert place_of(lead=lead) is None


@pytest.mark.parametrize(
    ("span", "place"),
    [
        ("Healthcare", None),
        ("Europe and Central Asia (ECA)", None),
        ("Oman and the Gulf", None),
        ("World Pharma Convention", None),
        ("5th Asia Medical Import Expo", None),
        ("12", None),
        ("AI", None),
        ("centre", None),
        ("Hefei High-tech Zone, Anhui province", "Hefei High-tech Zone"),
        ("Auckland, New Zealand", "Auckland"),
        ("Peking University and Tsinghua University", "Peking University"),
        ("Riverside Conf. Center", "Riverside Conf. Center"),
        ("Grand Hall of Jinling Hotel. All members", "Grand Hall of Jinling Hotel"),
    ],
)
def test_english_spans(span: str, place: str | None) -> None:
    assert english_place(span) == place


@pytest.mark.parametrize(
    ("span", "place"),
    [
        ("成都能否如期", "成都"),
        ("浦东张江", "浦东张江"),
        ("國家會展中心(上海)", "國家會展中心(上海)"),
        ("鼓楼区的福州海峡会展中心", "福州海峡会展中心"),
        ("西班牙马德里", "马德里"),
        ("四川成都", "成都"),
        ("会展中心内", "会展中心"),
        ("台中", "台中"),
        ("沪", "上海"),
        ("开完了年会", None),
        ("我校", None),
        ("12345678某某品牌", None),
        ("中国", None),
        ("浙江省", None),
    ],
)
def test_chinese_spans(span: str, place: str | None) -> None:
    assert chinese_place(normalise(span), span) == place


def test_missing_or_empty_zones_give_no_place() -> None:
    assert find_place(()) is None
    assert find_place(zones()) is None
    found = find_place((Zone("lead", "The forum was held in Beijing.", ""),))
    assert found is not None
    assert found[0] == "Beijing"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200), min_size=4, max_size=4))
def test_any_text_gives_a_place_or_none(texts: list[str]) -> None:
    title, head, lead, body = texts
    found = find_place(zones(title, head, lead, body))
    assert found is None or (found[0] and found[1] in "\n".join(texts))


@pytest.mark.parametrize(
    "unit",
    [
        "A ",
        "Hospital of The Big Centre and ",
        "在",
        "在中心中心中心",
        "國(guó)",
        "May 3 in ",
        "BEIJING -- ",
        "北京上海广州深圳",
        "held in Abc Abc Abc Abc Abc Abc Abc Abc Abc Abc Abc Abc ",
    ],
)
def test_finding_a_place_is_linear_in_the_text_size(unit: str) -> None:
    def seconds(chars: int) -> float:
        text = unit * (chars // len(unit))
        start = time.perf_counter()
        find_place(zones(title=text[:500], lead=text[:300], body=text))
        return time.perf_counter() - start

    small, large = seconds(10_000), seconds(40_000)
    assert large < 1.0
    assert large < 12 * small + 0.05  # 4x the text: about 4x the time, never quadratic
