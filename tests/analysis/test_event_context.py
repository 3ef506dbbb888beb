"""Type and side events: the context rules (crawler.analysis.classify, crawler.analysis.event_context).

Every text here is written for this test (none is copied from the dev set).
"""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.analysis.event_context import is_history, is_web_forum
from crawler.analysis.events import analyse
from crawler.analysis.headline import headline
from crawler.items import Analysis, Article


def analysed(title: str, text: str, published: dt.date | None = None) -> Analysis:
    return analyse(Article(url="file:case", title=title, text=text, published=published))


# --------------------------------------------------------------------------
# The ceremony belongs to the founding or the signing.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "医疗器械创新联盟成立大会召开",
            "发布时间：2024-05-13\n5月12日，粤港澳大湾区医疗器械创新联盟成立大会在广州召开，"
            "60家单位成为首批成员，大会选举产生了第一届理事会。",
        ),
        (
            "Founding congress of the Yangtze digital health alliance held",
            "Updated: 2024-05-13\n\nThe founding congress of the Yangtze River Digital Health "
            "Alliance was held in Wuhan on May 12, with 80 hospitals as its first members.",
        ),
    ],
)
def test_a_founding_congress_is_a_launch(title: str, text: str) -> None:
    result = analysed(title, text)
    assert result.type == "launch"
    assert "forum" not in result.also


@pytest.mark.parametrize(
    ("title", "text", "start"),
    [
        (
            "Cancer hospital's new campus breaks ground in Suzhou",
            "Updated: 2025-03-20\n\nOn March 18, a groundbreaking ceremony marked the start "
            "of construction of the new campus of Suzhou Cancer Hospital in Suzhou Industrial "
            "Park. The 1,200-bed campus is due to open in 2028.",
            dt.date(2025, 3, 18),
        ),
        (
            "Foundation stone laid for a vaccine research centre",
            "Updated: 2025-06-06\n\nThe provincial health minister laid the foundation stone "
            "of the Northern Vaccine Research Centre on Thursday. The centre will house 40 labs "
            "when it opens in 2027.",
            dt.date(2025, 6, 5),
        ),
        (
            "生物医药产业园举行奠基仪式",
            "发布时间：2025-04-11\n4月10日上午，西部生物医药产业园奠基仪式在成都天府国际生物城"
            "举行，项目总投资30亿元，计划2027年建成投用。",
            dt.date(2025, 4, 10),
        ),
    ],
)
def test_a_groundbreaking_or_foundation_stone_ceremony_is_a_launch(
    title: str, text: str, start: dt.date
) -> None:
    # The labelling guide's settled rule: the ceremony starts the facility.
    result = analysed(title, text)
    assert result.type == "launch"
    assert result.event.start == start


def test_a_signing_congress_is_an_agreement() -> None:
    result = analysed(
        "高新区生物医药项目签约大会举行",
        "发布时间：2024-07-09\n7月8日，高新区生物医药项目签约大会举行，12个项目现场签约。",
    )
    assert result.type == "agreement"


# --------------------------------------------------------------------------
# Not events: calls for papers, family-doctor enrolment, web forums, names.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "关于征集第十届中国医药创新论坛优秀案例的通知",
            "发布时间：2024-03-01\n第十届中国医药创新论坛拟于2024年10月在北京举办。"
            "现面向全国征集优秀案例，截稿日期为6月30日。",
        ),
        (
            "2025年全国护理学术年会征文通知",
            "发布时间：2024-11-01\n全国护理学术年会将于2025年5月在杭州召开，现开始征文。",
        ),
        (
            "Call for abstracts: 2025 Asia Digital Health Conference",
            "Updated: 2024-11-01\n\nThe Asia Digital Health Conference will be held in "
            "Singapore on March 4-6, 2025. Abstract submission closes on December 15.",
        ),
    ],
)
def test_a_call_for_papers_is_other(title: str, text: str) -> None:
    assert analysed(title, text).type == "other"


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "我区家庭医生签约服务再上新台阶",
            "发布时间：2024-02-10\n截至去年底，全区家庭医生签约服务覆盖居民30万人，"
            "重点人群签约率达80%，签约居民可享受预约转诊服务。",
        ),
        (
            "More residents signed up with family doctors",
            "Updated: 2024-02-10\n\nBy the end of last year, 1.2 million residents had signed "
            "up with family doctors. Signed-up residents get priority referrals.",
        ),
    ],
)
def test_enrolling_with_a_family_doctor_is_no_agreement(title: str, text: str) -> None:
    assert analysed(title, text).type == "other"


BBS_TEXT = (
    "版主：小王 今日: 12 主题: 3400\n"
    "[讨论] 下周的医学论坛谁去？ 发帖人：老张 2024-5-19\n"
    "[求助] 体检报告怎么看 回帖 8\n"
    "Powered by Discuz! X3.5\n"
    "GMT+8, 2024-5-21 23:10, Processed in 0.05 second(s), 20 queries."
)


def test_a_web_forum_page_is_no_forum_event_and_has_no_published_date() -> None:
    assert is_web_forum("健康论坛 - 帖子列表 - 某某社区", BBS_TEXT)
    article = Article(
        url="file:bbs",
        title="健康论坛 - 帖子列表 - 某某社区",
        text=BBS_TEXT,
        published=dt.date(2024, 5, 19),  # what a metadata guess might find
        published_text="page metadata 2024-05-19",
    )
    result = analyse(article)
    assert result.type == "other"
    assert result.published is None


def test_one_bbs_word_in_a_news_story_is_no_web_forum() -> None:
    assert not is_web_forum("Health forum opens", "Hospitals earn points (积分) for quality.")


def test_an_organisation_named_forum_is_no_forum_event() -> None:
    result = analysed(
        "WEF report: health spending in Asia to rise",
        "Updated: 2024-01-20\n\nHealth spending in Asia will rise by 6 percent a year, "
        "according to a report released by the World Economic Forum on Tuesday. The World "
        "Economic Forum said hospitals need more digital tools.",
    )
    assert result.type == "other"


def test_an_event_of_an_organisation_named_forum_is_still_a_forum() -> None:
    result = analysed(
        "Boao Forum for Asia annual conference opens",
        "Updated: 2024-03-27\n\nThe Boao Forum for Asia Annual Conference 2024 opened in Boao, "
        "Hainan province, on Tuesday, with health care on its agenda.",
    )
    assert result.type == "forum"


def test_a_site_name_after_the_headline_is_not_read() -> None:
    result = analysed(
        "医保支付方式改革取得新进展 - 某某健康论坛",
        "发布时间：2024-04-02\n今年以来，全市推进医保支付方式改革，覆盖医疗机构200家。",
    )
    assert result.type == "other"
    assert result.event.title == "医保支付方式改革取得新进展"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("China-ASEAN health expo opens in Nanning - Chinadaily.com.cn",
         "China-ASEAN health expo opens in Nanning"),
        ("第四届医学年会会议议程_学会秘书处_CN_某某大学医学中心", "第四届医学年会会议议程"),
        ("Roundtable on drug pricing held | NOW Health", "Roundtable on drug pricing held"),
        ("论坛开幕--时政--人民网", "论坛开幕"),
        ("聚焦数字健康——2024全民数字健康论坛开幕", "聚焦数字健康——2024全民数字健康论坛开幕"),
        ("Medical AI: what the forum decided", "Medical AI: what the forum decided"),
    ],
)  # fmt: skip
def test_headline(title: str, expected: str) -> None:
    assert headline(title) == expected


# --------------------------------------------------------------------------
# History, and events not named up front.
# --------------------------------------------------------------------------


def test_an_agreement_mentioned_as_history_is_no_agreement() -> None:
    result = analysed(
        "Shenzhen doctors help Guizhou county hospitals",
        "Since the 2017 agreement between Shenzhen and Guizhou on health assistance, 400 "
        "doctors have worked in Guizhou. The agreement, signed in Guiyang in June 2017, runs "
        "until 2025. Patients no longer travel to the provincial capital for surgery.",
    )
    assert result.type == "other"


@pytest.mark.parametrize(
    ("sentence", "history"),
    [
        ("The pact was signed in March 2019 in Kunming.", True),
        ("自2014年创办以来，博览会已连续举办九届。", True),
        ("The forum, first held in 2015, opened on Monday in Beijing.", False),
        ("On December 28, 2023, the forum was held in Hangzhou.", False),
        ("The 2024 expo opened in Guangzhou.", False),
    ],
)
def test_is_history(sentence: str, history: bool) -> None:
    assert is_history(sentence, 2024) is history


def test_a_report_of_last_december_is_no_history() -> None:
    result = analysed(
        "Year-end forum on elderly care held",
        "Updated: 2024-01-03\n\nOn December 28, 2023, the Forum on Elderly Care Innovation was "
        "held in Hangzhou, attracting 300 participants.",
    )
    assert result.type == "forum"
    assert result.event.start == dt.date(2023, 12, 28)


def test_a_body_that_repeats_an_event_word_is_no_announcement() -> None:
    lead = "本文从法律角度讨论民间投资面临的主要风险。文章最后对投资者提出若干防范建议。\n"
    body = "如果签约一方违约，另一方可以解除合同。签约前应审查对方资质，签约后应及时履行。\n" * 4
    result = analysed("民间投资的法律风险分析", "发布时间：2024-03-01\n" + lead + body)
    assert result.type == "other"


# --------------------------------------------------------------------------
# Side events: what is signed or unveiled at the occasion.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "main", "also"),
    [
        (
            "Western China biotech summit opens",
            "Updated: 2024-10-12\n\nThe Western China Biotech Summit opened in Chengdu on "
            "Friday. At the opening ceremony, 12 projects worth 3 billion yuan were signed.",
            "forum",
            ("agreement",),
        ),
        (
            "Hangzhou medical expo closes",
            "Updated: 2024-06-03\n\nThe Hangzhou Medical Expo closed on Sunday. During the expo, "
            "a digital therapeutics incubator was unveiled and five hospitals signed cooperation "
            "agreements with device makers.",
            "forum",
            ("agreement", "launch"),
        ),
        (
            "第二届医养结合大会将在长沙召开",
            "发布时间：2024-08-20\n第二届医养结合大会将于9月12日至13日在长沙召开。"
            "大会期间还将举行康养产业项目签约仪式和湖南康养产业联盟揭牌仪式。",
            "forum",
            ("agreement", "launch"),
        ),
        (
            "生物医药孵化器揭牌",
            "发布时间：2024-07-02\n7月1日，某某生物医药孵化器揭牌仪式在园区举行。"
            "仪式上，孵化器与3家银行续签了合作协议。",
            "launch",
            ("agreement",),
        ),
        (
            "Medical AI incubator opens in Xi'an",
            "Updated: 2024-07-02\n\nA medical AI incubator was officially opened on July 1 in "
            "Xi'an. The operator plans to sign agreements with investors later this year.",
            "launch",
            (),
        ),
    ],
)
def test_side_events_are_listed_in_also(
    title: str, text: str, main: str, also: tuple[str, ...]
) -> None:
    result = analysed(title, text)
    assert result.type == main
    assert result.also == also


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Interview: drug maker's CEO on the sidelines of the health summit",
            "Updated: 2024-11-21\n\nOn the sidelines of the Global Health Summit, the CEO of a "
            "Suzhou drug maker told reporters that overseas markets are the next focus.",
        ),
        (
            "代表委员峰会间隙谈医疗改革",
            "发布时间：2024-03-08\n健康峰会间隙，多位代表接受记者采访，谈及基层医疗改革。",
        ),
    ],
)
def test_an_aside_at_an_event_is_no_announcement_of_it(title: str, text: str) -> None:
    assert analysed(title, text).type == "other"


def test_a_signing_on_the_sidelines_is_a_side_event() -> None:
    result = analysed(
        "Health cooperation forum opens in Kunming",
        "Updated: 2024-08-16\n\nThe South Asia Health Cooperation Forum opened in Kunming on "
        "Thursday. On the sidelines of the forum, two hospitals signed a telemedicine agreement.",
    )
    assert result.type == "forum"
    assert result.also == ("agreement",)


def test_the_opening_of_a_hospital_is_a_launch_and_of_an_expo_a_forum() -> None:
    hospital = analysed(
        "市第一人民医院东院区开幕典礼举行",
        "发布时间：2025-05-09\n5月8日上午，市第一人民医院东院区开幕典礼在院区门诊楼前举行，"
        "新院区开放床位800张，即日起接诊。",
    )
    expo = analysed(
        "第十届国际医疗器械博览会开幕",
        "发布时间：2025-05-09\n5月8日，第十届国际医疗器械博览会在国家会展中心开幕，"
        "展期三天，800家企业参展。",
    )
    assert (hospital.type, expo.type) == ("launch", "forum")


def test_a_societys_scientific_lecture_meeting_is_a_forum() -> None:
    result = analysed(
        "医学会春季学术演讲会开幕",
        "发布时间：2025-04-20\n医学会春季学术演讲会19日在医科大学举行开幕典礼，"
        "两天内共有120场专题报告，3000名医师与会。",
    )
    assert result.type == "forum"
