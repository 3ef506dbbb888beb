"""Classification rules added after the held-out evaluation: look-alike topics,
trade-show names ending in 展, opening previews, and a signing at an expo.

Every text here is written for this test (none is copied from the dev set or
from the held-out set, which nobody working on the analyser has read).
"""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.analysis.events import analyse
from crawler.analysis.topics import is_not_event_title, is_retrospective
from crawler.items import Analysis, Article


def analysed(title: str, text: str, published: dt.date | None = None) -> Analysis:
    return analyse(Article(url="file:case", title=title, text=text, published=published))


# --------------------------------------------------------------------------
# Titles about something else than an event.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # a refund of a congress's fees
        (
            "关于退还2024年西南地区麻醉学术大会部分代表会务费的通知",
            "发布时间：2024-08-20\n西南地区麻醉学术大会已于7月12日至14日在昆明召开，现将退还会务费事宜通知如下。",
        ),
        (
            "Refund policy for the 2025 Asian Congress of Sleep Medicine",
            "Posted: 2025-01-08\nDelegates who cancel before March 1 receive a full refund of the "
            "congress registration fee.",
        ),
        # a bid award, with a contract to sign
        (
            "省人民医院手术机器人采购项目中标公告",
            "发布时间：2024-09-02\n采购人将与中标人在30日内签订合同，合同金额1980万元。",
        ),
        (
            "Contract award: ultrasound systems for Baiyun District Maternal Hospital",
            "Date: 2024-07-30\nThe contract was awarded to Canton Medical Ltd. The purchaser will sign "
            "the contract within 25 days.",
        ),
        # an appointment announced at a congress
        (
            "Prof. Lin Yue elected president at the 12th National Congress of Geriatrics",
            "Updated: 2024-06-17\nProfessor Lin Yue was elected president of the geriatrics society "
            "at the congress in Chongqing on Sunday.",
        ),
        (
            "赵明当选省护理学会第九届理事会理事长",
            "发布时间：2024-05-13\n5月11日，在省护理学会第九次会员代表大会上，赵明当选理事长。",
        ),
        # a hospital's free clinic with a "launch ceremony"
        (
            "Children's hospital offers free vision check-ups during summer",
            "Updated: 2024-07-08\nA launch ceremony on Monday opened the hospital's summer campaign of "
            "free vision check-ups for schoolchildren.",
        ),
        (
            "“全国爱眼日”眼科专家义诊活动在市民广场启动",
            "发布时间：2024-06-07\n6月6日，义诊活动启动仪式在市民广场举行，眼科专家为市民免费检查视力。",
        ),
        # a look back at past congresses
        (
            "Thirty years of the Pearl River Delta Cardiology Congress: a retrospective",
            "Updated: 2024-11-02\nThe first congress in 1994 drew 80 cardiologists; the 2019 "
            "congress drew 4,000.",
        ),
        (
            "省医学会成立六十周年 历届学术年会掠影",
            "发布时间：2024-10-09\n1964年，学会在省城召开第一届学术年会。此后六十年间，年会从未中断。",
        ),
    ],
)
def test_look_alike_topics_are_no_event(title: str, text: str) -> None:
    assert is_not_event_title(title)
    assert analysed(title, text).type == "other"


@pytest.mark.parametrize(
    "title",
    [
        "省医学会成立六十周年学术年会在杭州召开",  # an anniversary congress held now
        "Hospital marks 50th anniversary with forum to be held in Dalian",
    ],
)
def test_an_anniversary_event_held_now_is_no_retrospective(title: str) -> None:
    assert not is_retrospective(title)


def test_an_appointment_title_does_not_veto_an_ordinary_forum() -> None:
    title = "2024长三角罕见病诊疗论坛在合肥开幕"
    text = "发布时间：2024-09-21\n9月20日，2024长三角罕见病诊疗论坛在合肥开幕，500余名专家参会。"
    assert not is_not_event_title(title)
    assert analysed(title, text).type == "forum"


# --------------------------------------------------------------------------
# Events that used to be missed.
# --------------------------------------------------------------------------


def test_taiwan_trade_show_name_ending_in_zhan_is_a_forum() -> None:
    result = analysed(
        "2025臺中國際牙科醫療器材展 3月7日登場",
        "2025/02/24 09:30　記者李宛蓉／台中報導\n「2025臺中國際牙科醫療器材展」將於3月7日至9日"
        "在臺中國際展覽館舉辦，預計吸引180家廠商參展。",
    )
    assert result.type == "forum"
    assert (result.event.start, result.event.end) == (dt.date(2025, 3, 7), dt.date(2025, 3, 9))
    assert result.event.place == "臺中國際展覽館"


@pytest.mark.parametrize("text", ["两家医院展开合作", "产业发展论证", "数字化成果展示"])
def test_zhan_as_a_verb_is_no_trade_show(text: str) -> None:
    result = analysed(text, "发布时间：2024-01-02\n" + text + "，今年继续推进。")
    assert result.type == "other"


def test_an_opening_announced_ahead_is_a_launch() -> None:
    result = analysed(
        "Riverside rehabilitation centre set to open next month",
        "Updated: 2024-08-19\nThe Riverside Rehabilitation Centre in Foshan will open its doors "
        "on Tuesday, September 10, offering 120 beds for stroke and spinal cord patients.",
    )
    assert result.type == "launch"
    assert result.event.start == dt.date(2024, 9, 10)
    assert result.event.status == "upcoming"


# --------------------------------------------------------------------------
# A signing at an expo: the signing is the news, the expo its setting.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Hospitals sign 2.5 billion yuan in equipment deals at Chongqing medical expo",
            "Updated: 2024-05-24\nTwenty hospitals signed equipment purchase agreements worth 2.5 "
            "billion yuan on Thursday at the 2024 Western China Medical Expo, which runs until "
            "Sunday.",
        ),
        (
            "西部医博会期间 12个康养项目集中签约",
            "发布时间：2024-05-24\n5月23日，2024西部医疗博览会期间，12个康养项目在重庆国际博览中心集中签约，"
            "总投资86亿元。",
        ),
    ],
)
def test_a_signing_at_an_expo_is_an_agreement_with_the_expo_also(title: str, text: str) -> None:
    result = analysed(title, text)
    assert result.type == "agreement"
    assert result.also == ("forum",)
    assert result.event.start == result.event.end == dt.date(2024, 5, 23)


def test_an_expo_that_opens_with_signings_stays_a_forum() -> None:
    result = analysed(
        "Western China Medical Expo opens in Chongqing, 12 projects signed",
        "Updated: 2024-05-24\nThe 2024 Western China Medical Expo opened on Thursday in Chongqing. "
        "At the opening ceremony, 12 projects were signed.",
    )
    assert result.type == "forum"
    assert result.also == ("agreement",)
