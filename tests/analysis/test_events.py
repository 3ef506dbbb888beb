"""Event analysis on the five seed pages and on hand-written edge cases."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from crawler.analysis.events import analyse, analysis_to_json
from crawler.items import Analysis, Article

DATA = Path(__file__).parent / "data"

# The headline of each seed page, as an extractor would give it.
HEADLINES = {
    "000": "First general medicine innovation and development conference kicks off",
    "001": "Explore new methods of cross-integration of medical industry, and promote the "
    "coordinated development of specialty construction and pharmaceutical industry with "
    "high quality!",
    "002": "Boao Forum for Asia to come to Beijing E-Town",
    "003": "Beijing Economic Development Zone builds an upgraded innovation center for medical "
    "industry integration industry",
    "004": "汇聚健康领域创新发展新动能 2024全民数字健康大会即将在北京昌平开幕",
}


def seed_text(name: str) -> str:
    return next(DATA.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def seed(name: str, title: str | None = None) -> tuple[Article, Analysis]:
    text = seed_text(name)
    article = Article(url=f"file:{name}", title=title or HEADLINES[name], text=text)
    return article, analyse(article)


def first_line(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


def evidence(analysis: Analysis, field: str) -> list[str]:
    return [item.text for item in analysis.evidence if item.field == field]


# --------------------------------------------------------------------------
# The seeds.
# --------------------------------------------------------------------------

SEEDS = {
    # name: (type, also, start, end, status, language); a single day has end = start
    "000": ("forum", ("launch",), "2023-12-16", "2023-12-16", "held", "en"),
    "001": ("forum", ("agreement",), "2020-11-03", "2020-11-03", "held", "en"),
    "002": ("forum", (), "2023-04-20", "2023-04-21", "upcoming", "en"),
    "003": ("agreement", (), "2022-10-26", "2022-10-26", "held", "en"),
    "004": ("forum", None, "2024-04-19", "2024-04-19", "upcoming", "zh"),  # also: not pinned
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_analysis(name: str) -> None:
    kind, also, start, end, status, language = SEEDS[name]
    _, result = seed(name)
    assert result.type == kind
    assert result.alert
    if also is not None:
        assert result.also == also
    assert result.event.start == dt.date.fromisoformat(start)
    assert result.event.end == dt.date.fromisoformat(end)
    assert result.event.status == status
    assert result.language == language


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_type_survives_a_breadcrumb_title(name: str) -> None:
    """`healthwatch analyse page.txt` takes the first line as title: "Home> Industries"."""
    text = seed_text(name)
    _, result = seed(name, title=first_line(text))
    assert result.type == SEEDS[name][0]
    assert result.event.start == dt.date.fromisoformat(SEEDS[name][2])


def test_seed_published_dates() -> None:
    expected = {
        "000": "2023-12-21",
        "001": "2020-11-05",
        "002": "2023-04-14",
        "003": "2022-10-27",
        "004": "2024-04-16",
    }
    for name, date in expected.items():
        assert seed(name)[1].published == dt.date.fromisoformat(date)


def test_seed_002_place_organisers_and_name() -> None:
    _, result = seed("002")
    assert result.event.place == "Beijing E-Town"
    assert "Boao Forum for Asia" in result.event.organisers
    assert "Beijing E-Town Administrative Committee" in result.event.organisers
    assert result.event.title == "International Health Industry Forum of Boao Forum for Asia"


def test_seed_004_place_organisers_and_name() -> None:
    _, result = seed("004")
    assert result.event.place == "北京昌平"
    assert "北京市昌平区人民政府" in result.event.organisers
    assert "北京市昌平区投资促进服务中心" in result.event.organisers  # 协办
    assert result.event.title == "2024全民数字健康大会"


def test_seed_000_event_name_and_place() -> None:
    _, result = seed("000")
    assert result.event.title == "General Medicine Innovation and Development Conference (Beijing)"
    assert result.event.place == "Beijing E-Town"


def test_seed_001_organisers() -> None:
    _, result = seed("001")
    assert "Sichuan Tianfu Health Industry Research Institute" in result.event.organisers
    assert "Chengdu High-tech Medical Association" in result.event.organisers


def test_seed_003_signing_parties() -> None:
    _, result = seed("003")
    assert "Phoenix Medical Group" in result.event.parties
    assert "Huilongsen Science Park" in result.event.parties
    assert "Beijing University of Technology" in result.event.parties
    assert not any(party.startswith("At the event") for party in result.event.parties)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_evidence_is_verbatim(name: str) -> None:
    article, result = seed(name)
    fields = {item.field for item in result.evidence}
    assert {"type", "published", "start", "status"} <= fields
    for item in result.evidence:
        assert item.text, item
        assert item.text in article.text or item.text in article.title, item


# --------------------------------------------------------------------------
# Hand-written edge cases.
# --------------------------------------------------------------------------


def analysed(title: str, text: str, published: dt.date | None = None) -> Analysis:
    return analyse(Article(url="file:case", title=title, text=text, published=published))


def test_policy_article_mentioning_a_forum_in_passing_is_other() -> None:
    result = analysed(
        "Beijing issues measures to support the biomedical industry",
        "Updated: 2024-03-02\n\n"
        "Beijing has issued 20 measures to support innovation in the biomedical industry, "
        "covering funding, clinical trials and talent. The measures take effect on April 1.\n\n"
        "Enterprises that move their headquarters to the city will receive subsidies. "
        "The policy follows suggestions made at a forum last year by industry experts.\n\n"
        "Hospitals are encouraged to join clinical research networks.",
    )
    assert result.type == "other"
    assert not result.alert
    assert result.also == ()


def test_chinese_policy_notice_mentioning_a_forum_is_other() -> None:
    result = analysed(
        "关于印发《北京市加快医药健康协同创新行动计划》的通知",
        "各区人民政府，市政府各委、办、局：\n"
        "现将《北京市加快医药健康协同创新行动计划》印发给你们，请认真贯彻落实。\n"
        "一、支持企业开展临床试验，对符合条件的项目给予资金支持。\n"
        "二、鼓励医疗机构参与产业论坛等交流活动，提升创新能力。\n",
    )
    assert result.type == "other"


def test_hospital_outpatient_hours_notice_is_other() -> None:
    result = analysed(
        "关于调整门诊时间的通知",
        "发布时间：2024-04-28\n"
        "各位患者：自2024年5月1日起，我院门诊时间调整为上午8:00至12:00，下午13:30至17:30。"
        "急诊24小时开放。给您带来的不便，敬请谅解。\n",
    )
    assert result.type == "other"
    assert result.published == dt.date(2024, 4, 28)
    assert result.language == "zh"


def test_english_outpatient_notice_is_other() -> None:
    result = analysed(
        "Notice on outpatient clinic hours during the holiday",
        "Updated: 2024-09-25\n\nDuring the National Day holiday, from October 1 to 7, the "
        "outpatient department will open from 8:00 to 12:00. The emergency department remains "
        "open 24 hours. Patients are advised to book appointments online.",
    )
    assert result.type == "other"


def test_postponed_expo() -> None:
    result = analysed(
        "2024 China Health Industry Expo postponed",
        "Updated: 2024-02-20\n\nThe 2024 China Health Industry Expo, originally scheduled to be "
        "held in Shanghai on March 15, has been postponed. The organisers said a new date "
        "will be announced later. The expo usually draws 500 exhibitors.",
    )
    assert result.type == "forum"
    assert result.event.status == "postponed"
    assert any("postponed" in text for text in evidence(result, "status"))


def test_cancelled_summit() -> None:
    result = analysed(
        "Annual digital health summit cancelled",
        "The organisers announced that the Digital Health Summit, planned for May 8 in "
        "Shenzhen, has been cancelled. Registered delegates will receive refunds for the summit.",
        published=dt.date(2024, 4, 1),
    )
    assert result.type == "forum"
    assert result.event.status == "cancelled"


def test_traditional_chinese_forum() -> None:
    result = analysed(
        "第五屆兩岸健康產業論壇將於台北舉行",
        "發佈時間：2024-03-01\n"
        "第五屆兩岸健康產業論壇將於4月12日在台北舉行，由台灣健康產業協會主辦。"
        "論壇將邀請百餘位專家學者與企業代表，共同探討智慧醫療發展趨勢。\n",
    )
    assert result.type == "forum"
    assert result.language == "zh"
    assert result.event.start == dt.date(2024, 4, 12)
    assert result.event.status == "upcoming"
    assert result.event.place == "台北"
    assert result.event.organisers == ("台灣健康產業協會",)


def test_chinese_strategic_cooperation_signing() -> None:
    result = analysed(
        "北京协和医院与某某医疗科技公司签署战略合作协议",
        "发布时间：2024-05-10\n"
        "5月9日上午，北京协和医院与北京某某医疗科技有限公司在北京签署战略合作协议。"
        "双方将在智慧医院建设、临床数据研究等领域开展深度合作。\n",
    )
    assert result.type == "agreement"
    assert result.event.start == dt.date(2024, 5, 9)
    assert result.event.status == "held"
    assert result.event.parties == ("北京协和医院", "北京某某医疗科技有限公司")
    assert result.event.place == "北京"


def test_signing_an_order_is_no_agreement() -> None:
    result = analysed(
        "国务院总理签署国务院令 公布修订后的《医疗器械监督管理条例》",
        "新华社北京3月18日电 国务院总理日前签署国务院令，公布修订后的《医疗器械监督管理条例》，"
        "自2021年6月1日起施行。条例共8章107条。\n",
    )
    assert result.type == "other"


def test_incubator_unveiling_is_a_launch() -> None:
    result = analysed(
        "生物医药孵化器在亦庄揭牌",
        "发布时间：2024-06-03\n"
        "6月2日，北京经开区生物医药创新孵化器正式揭牌成立。该孵化器由北京经济技术开发区管理委员会主办，"
        "将为入驻企业提供研发、中试和融资服务。\n",
    )
    assert result.type == "launch"
    assert result.event.start == dt.date(2024, 6, 2)
    assert result.event.status == "held"
    assert "揭牌" in evidence(result, "type")[0]


def test_english_launch_of_a_platform() -> None:
    result = analysed(
        "Medical innovation platform launched in Suzhou",
        "Updated: 2024-07-09\n\nA medical device innovation platform was officially launched "
        "in Suzhou Industrial Park on July 8. The platform will help start-ups with testing and "
        "registration, and an investment fund was set up at the same time.",
    )
    assert result.type == "launch"
    assert result.event.place == "Suzhou Industrial Park"
    assert result.event.start == dt.date(2024, 7, 8)


def test_announced_english_forum_rolls_into_next_year() -> None:
    result = analysed(
        "Global health innovation forum to open in Beijing",
        "Updated: 2023-11-20\n\nThe Global Health Innovation Forum will be held in Beijing on "
        "March 5. The forum is organized by the China Health Industry Association.",
    )
    assert result.type == "forum"
    assert result.event.start == dt.date(2024, 3, 5)
    assert result.event.status == "upcoming"
    assert result.event.organisers == ("China Health Industry Association",)
    assert result.event.title == "Global Health Innovation Forum"


def test_legislature_session_is_no_forum() -> None:
    result = analysed(
        "热烈祝贺市政协五届一次会议开幕",
        "市政协五届一次会议今天隆重开幕，我们对大会的召开表示热烈祝贺！本次大会是在全市上下深入贯彻"
        "党的二十大精神的关键时刻召开的一次重要会议。预祝大会圆满成功！\n",
    )
    assert result.type == "other"


def test_press_conference_is_no_forum() -> None:
    result = analysed(
        "Health commission holds press conference on flu season",
        "The National Health Commission held a press conference on Tuesday on the flu season. "
        "Officials at the press conference urged vaccination.",
    )
    assert result.type == "other"


def test_extractor_published_date_wins() -> None:
    article = Article(
        url="file:case",
        title="Health forum opens",
        text="Updated: 2020-01-01\n\nThe health forum will be held in Beijing on May 5.",
        published=dt.date(2024, 4, 1),
        published_text="2024-04-01",
    )
    result = analyse(article)
    assert result.published == dt.date(2024, 4, 1)
    assert result.event.start == dt.date(2024, 5, 5)
    assert evidence(result, "published") == ["2024-04-01"]


def test_empty_article() -> None:
    result = analysed("", "")
    assert result.type == "other"
    assert result.published is None
    assert result.language == "en"


# --------------------------------------------------------------------------
# The `healthwatch analyse --json` object.
# --------------------------------------------------------------------------


def test_analysis_to_json_contract() -> None:
    article, result = seed("002")
    record = analysis_to_json("seeds/002.txt", article.title, result, dt.date(2023, 4, 15))
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record
    assert set(record) == {
        "source", "title", "language", "published", "type", "confidence", "relevant",
        "relevance_confidence", "alert", "event", "evidence", "model"
    }  # fmt: skip
    assert set(record["event"]) == {
        "title", "start", "end", "place", "status", "reported_status", "organisers", "parties",
        "also"
    }  # fmt: skip
    assert 0.5 <= record["confidence"] <= 1 and record["relevant"] is True
    assert record["model"]["reasons"]
    assert record["source"] == "seeds/002.txt"
    assert record["published"] == "2023-04-14"
    assert record["type"] == "forum"
    assert record["alert"] is True
    assert record["event"]["start"] == "2023-04-20"
    assert record["event"]["end"] == "2023-04-21"
    assert record["event"]["status"] == "upcoming"  # on 2023-04-15, as the page said
    assert isinstance(record["event"]["organisers"], list)
    # Read today, the forum of April 2023 has been held.
    today = analysis_to_json("seeds/002.txt", article.title, result, dt.date(2026, 12, 3))
    assert today["event"]["status"] == "held"
    assert today["event"]["reported_status"] == "upcoming"
    assert record["event"]["also"] == []
    assert {"field": "published", "text": "Updated: 2023-04-14"} in record["evidence"]


def test_analysis_to_json_other() -> None:
    result = analysed("关于调整门诊时间的通知", "各位患者：门诊时间调整。")
    record = analysis_to_json("-", "关于调整门诊时间的通知", result)
    assert record["type"] == "other"
    assert record["alert"] is False
    assert record["published"] is None
    assert record["event"]["start"] is None
    assert record["event"]["organisers"] == []


def test_english_expo_announcement_with_venue_and_range() -> None:
    result = analysed(
        "CMEF 2024 to open in Shanghai",
        "Updated: 2024-03-20\n\nThe 89th China International Medical Equipment Fair (CMEF) will "
        "be held at the National Exhibition and Convention Center (Shanghai) from April 11 to 14, "
        "2024. More than 4,000 exhibitors are expected.",
    )
    assert result.type == "forum"
    assert result.event.title == "89th China International Medical Equipment Fair (CMEF)"
    assert result.event.place == "National Exhibition and Convention Center (Shanghai)"
    assert (result.event.start, result.event.end) == (dt.date(2024, 4, 11), dt.date(2024, 4, 14))
    assert result.event.status == "upcoming"


def test_signing_between_two_parties_on_a_weekday() -> None:
    result = analysed(
        "Hospital and medical group sign strategic cooperation agreement",
        "Updated: 2024-05-11\n\nThe signing ceremony for the strategic cooperation agreement "
        "between Peking University Third Hospital and Jiahe Medical Group was held in Beijing on "
        "Friday. The two sides will cooperate in clinical research.",
    )
    assert result.type == "agreement"
    assert result.event.parties == ("Peking University Third Hospital", "Jiahe Medical Group")
    assert result.event.start == dt.date(2024, 5, 10)
    assert result.event.place == "Beijing"
    assert result.event.status == "held"


def test_event_on_the_publication_day_counts_as_held() -> None:
    result = analysed(
        "2024 Health Expo kicks off in Shanghai",
        "Updated: 2024-05-05\n\nThe 2024 Health Expo kicks off in Shanghai on May 5, with 800 "
        "exhibitors from 20 countries.",
    )
    assert result.type == "forum"
    assert result.event.start == dt.date(2024, 5, 5)
    assert result.event.status == "held"


def test_chinese_report_with_day_only_date_and_venue() -> None:
    result = analysed(
        "第三届健康产业大会开幕",
        "发布时间：2024-05-20\n本报讯 19日上午，第三届健康产业大会在杭州国际博览中心隆重开幕。"
        "大会由浙江省卫生健康委员会主办，浙江省医学会承办。\n",
    )
    assert result.type == "forum"
    assert result.event.start == dt.date(2024, 5, 19)
    assert result.event.place == "杭州国际博览中心"
    assert result.event.organisers == ("浙江省卫生健康委员会", "浙江省医学会")
    assert result.event.title == "第三届健康产业大会"
