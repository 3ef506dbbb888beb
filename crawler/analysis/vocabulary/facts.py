"""Who and where vocabularies: organiser roles, signing parties, venues.

Data, not code: see ``crawler.analysis.vocabulary.events`` for the matching conventions
(Chinese entries are substrings, English entries whole words, ``*`` a stem).
"""

from __future__ import annotations

from crawler.analysis.vocabulary.events import SIGN_VERBS_ZH

# --------------------------------------------------------------------------
# Who and where.
# --------------------------------------------------------------------------

# English: "<role> by X".  The role words are stems of a regex in events.py.
ORGANISER_ROLES_EN = (
    "hosted",
    "co-hosted",
    "organized",
    "organised",
    "co-organized",
    "co-organised",
    "sponsored",
    "co-sponsored",
    "convened",
    "undertaken",
    "undertook",
    "held",
    "initiated",
    "jointly hosted",
    "jointly organized",
    "jointly organised",
)
# Chinese: "由X主办", "X主办的", "主办单位：X".
ORGANISER_ROLES_ZH = (
    "联合主办",
    "共同主办",
    "主办",
    "承办",
    "协办",
    "主辦",
    "承辦",
    "協辦",
)
ORGANISER_LABEL_SUFFIXES_ZH = ("单位", "方", "單位")
# Names that end like an organisation (used to accept a Chinese organiser).
ORG_SUFFIXES_ZH = (
    "政府",
    "银行",
    "企业",
    "机构",
    "基金",
    "医药",
    "科技",
    "药业",
    "銀行",
    "委员会",
    "委",
    "协会",
    "学会",
    "联合会",
    "商会",
    "中心",
    "大学",
    "学院",
    "医院",
    "集团",
    "公司",
    "研究院",
    "研究所",
    "基金会",
    "部",
    "局",
    "厅",
    "办",
    "会",
    "网",
    "台",
    "社",
    "院",
    "所",
    "园",
    "馆",
    "署",
    "联盟",
    "平台",
    "总台",
    "报",
    "委員會",
    "協會",
    "學會",
    "聯合會",
    "大學",
    "學院",
    "醫院",
    "集團",
    "研究院",
    "聯盟",
)
# A signing party may also be a place: "上海与云南签署…" (市, 区, 省 ...).
PARTY_PLACE_SUFFIXES_ZH = ("省", "市", "区", "县", "州", "镇", "新区", "自治区")
# Chinese words around names that are not part of them: "由A主办", "A与B共同签署".
NAME_PREFIXES_ZH = ("由", "联合", "共同", "并", "还", "也", "同时", "会上", "现场", "期间")
NAME_SUFFIXES_ZH = ("联合", "共同", "正式", "现场", "代表", "负责人", "共建")
# Words after which "between A and B" / "with B" names the signing parties.
SIGN_ANCHORS_EN = (
    "signed", "inked", "signing", "agreement", "memorandum", "mou", "contract",
)  # fmt: skip
# Adverbs before a Chinese signing verb: "共同签署", "现场签约".
SIGN_ADVERBS_ZH = ("共同", "正式", "现场", "联合", "成功", "当天", "还", "也", "并")
SIGN_VERB_FORMS_ZH = (*SIGN_VERBS_ZH, "签约", "簽約")
# English sentence openers before the signing parties: "At the event, A and B signed".
INTRO_WORDS_EN = (
    "At",
    "On",
    "In",
    "During",
    "After",
    "Before",
    "Recently",
    "Today",
    "Yesterday",
    "Meanwhile",
    "Also",
    "Then",
    "Later",
    "Subsequently",
    "Earlier",
    "Last",
    "This",
)
# Words that are not parties even when they stand before "签署".
GENERIC_PARTIES = (
    "双方",
    "三方",
    "多方",
    "各方",
    "双方代表",
    "现场",
    "会上",
    "期间",
    "企业",
    "项目",
    "雙方",
    "現場",
    "會上",
    "both sides",
    "both parties",
    "the parties",
    "the two sides",
    "the two parties",
    "they",
    "we",
    "it",
    "which",
)

# Verbs that put an event at a place: "<verb> in X", "在X<verb>".
VENUE_VERBS_EN = (
    "held",
    "hold",
    "holds",
    "hosted",
    "take place",
    "takes place",
    "took place",
    "taking place",
    "happening",
    "happens",
    "opened",
    "opens",
    "open",
    "kicked off",
    "kicks off",
    "kick off",
    "convened",
    "staged",
    "underway",
    "concluded",
    "came to a close",
    "signed",
    "unveiled",
    "launched",
    "inaugurated",
    "gathered",
    "established",
    "founded",
    "set up",
    "scheduled",
    "inked",
)
VENUE_VERBS_ZH = (
    "举行",
    "举办",
    "召开",
    "开幕",
    "闭幕",
    "启幕",
    "拉开帷幕",
    "落幕",
    "启动",
    "揭牌",
    "开园",
    "签约",
    "签署",
    "成立",
    "舉行",
    "舉辦",
    "召開",
    "開幕",
    "閉幕",
    "啟動",
    "開園",
    "簽約",
    "簽署",
    "签订",
    "启用",
    "开业",
    "落成",
    "投用",
    "开馆",
    "揭幕",
    "亮相",
    "登场",  # Taiwan: "在台北世貿一館登場"
)
# Adverbs that sit between the place and the verb: "在北京隆重举行".
VENUE_ADVERBS_ZH = ("隆重", "盛大", "正式", "顺利", "成功", "圆满", "顺利地", "隆重地")
# Not places, although they stand where a place would: "在会上签署".
NOT_PLACES = (
    "会上",
    "现场",
    "活动现场",
    "开幕式上",
    "大会上",
    "会议上",
    "此",
    "这里",
    "期间",
    "会議上",
    "現場",
    "線上",
    "线上",
    "云端",
    # times, where "在最近…举行" puts a place
    "最近",
    "近日",
    "日前",
    "此前",
    "今年",
    "去年",
    "明年",
    "当天",
    "当日",
    "同期",
)
# A Chinese "place" starting with these is a partner ("于与运营商签约" reads 由于 …
# 与 …): 与/和/同 name who, not where.
NOT_PLACE_STARTS_ZH = ("与", "和", "同", "跟", "向", "对", "與", "對")
# "于" ends these words and is then no locative: 由于, 对于, 关于, 等于, 位于 ...
NOT_LOCATIVE_YU_BEFORE = ("由", "对", "关", "等", "至", "属", "鉴", "基", "处", "过", "终", "位")
# Lowercase words that still belong to an English place name: "Daxing district".
PLACE_SUFFIXES_EN = (
    "district",
    "county",
    "city",
    "province",
    "zone",
    "area",
    "town",
    "building",
    "hall",
    "center",
    "centre",
    "park",
    "hotel",
    "campus",
    "auditorium",
    "plaza",
    "square",
)
# A capitalised name ending in one of these is a venue or a district wherever
# "at/in" puts it: "at Nanjing Drum Tower Hospital", "in Suzhou Industrial Park".
VENUE_NOUNS_EN = (
    "Center",
    "Centre",
    "Hall",
    "Hotel",
    "Park",
    "Zone",
    "Hospital",
    "University",
    "Building",
    "Stadium",
    "Auditorium",
    "Plaza",
    "Museum",
    "Campus",
    "Town",
    "District",
    "New Area",
    "Island",
    "Valley",
    "Village",
    "City",  # "China Medical City", "Future Sci-Tech City"
)
# Lowercase venue words before "in <City>": "at the pilot zone's administration
# building in Qionghai" names no venue, but its city.
LOWER_VENUE_NOUNS_EN = (
    "building",
    "hall",
    "center",
    "centre",
    "campus",
    "auditorium",
    "headquarters",
    "office",
    "offices",
    "complex",
    "compound",
    "plaza",
    "square",
    "hotel",
    "park",
    "base",
)
# A dateline names the city a story comes from, the event's when nothing else
# does: "人民网海口4月21日电", "新华社北京…电", "记者陈怡安／台北报导".
DATELINE_SOURCES_ZH = (
    "新华社",
    "新华网",
    "人民网",
    "中新社",
    "中新网",
    "央视网",
    "央广网",
    "光明网",
    "中国日报网",
    "国际在线",
    "本报",
    "中央社",
)
DATELINE_REPORT_ZH = ("报导", "报道", "电", "讯")
# Trailing qualifiers wider than a city, dropped from a place: "Hefei High-tech
# Zone, Anhui province" -> "Hefei High-tech Zone" (a province is no place here).
WIDE_PLACE_ENDINGS_EN = ("province", "autonomous region", "region", "china", "municipality")
# Chinese places that can stand as the subject of 举行/举办 ("长沙经开区举行签约仪式"):
# administrative areas and zones.
ADMIN_SUFFIXES_ZH = (
    "经开区",
    "高新区",
    "开发区",
    "自贸区",
    "新区",
    "园区",
    "示范区",
    "区",
    "市",
    "县",
    "镇",
    "小镇",
)
# Verbs for which such a subject is the place.
SUBJECT_PLACE_VERBS_ZH = ("举行", "举办", "召开")
# "位于江北新区生命科技小镇的产业园", "located in Huangpu district".
LOCATED_WORDS_ZH = ("位于", "坐落于", "坐落在", "地处")
LOCATED_WORDS_EN = ("located in", "located at", "situated in", "situated at")
PLACE_LABELS = ("venue", "location", "place", "地点", "会址", "地點", "會址")
