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
)
ORGANISER_LABEL_SUFFIXES_ZH = ("单位", "方", "单位")
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
    "研究院",
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
SIGN_VERB_FORMS_ZH = (*SIGN_VERBS_ZH, "签约", "签约")
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
VENUE_ADVERBS_ZH = (
    "隆重", "盛大", "正式", "顺利", "成功", "圆满", "顺利地", "隆重地", "如期", "再次", "共同",
    "联合", "同期", "集中", "现场", "首次",
)  # fmt: skip
# More verbs that put an event at a place, read by places.py only (event_dates.py
# reads VENUE_VERBS_* as event cues): "在X拉开帷幕", "在X奠基", "在X主办".
PLACE_VERBS_ZH = (
    "揭开帷幕", "拉开帷幕", "揭开大幕", "拉开大幕", "拉开序幕", "开启", "奠基", "开工", "动工",
    "竣工", "挂牌", "开诊", "开张", "展出", "进行", "发布", "主办", "承办", "续签", "签下",
    "设立", "设主会场", "揭开帷幕", "拉开帷幕", "开工", "挂牌", "进行", "发布",
)  # fmt: skip
# A venue as the subject of these is the place of an opening: "某某医院新院区正式启用".
OPENING_VERBS_ZH = (
    "启用", "开业", "落成", "投用", "开园", "揭牌", "开工", "奠基", "竣工", "开诊", "开馆",
    "试运行", "投入使用", "举行", "举办",
)  # fmt: skip
PLACE_VERBS_EN = (
    "laid the foundation stone", "laid the foundation", "lays the foundation stone",
    "broke ground", "breaks ground", "commissioned", "organized", "organised", "co-hosted",
    "co-organized", "hosts", "hosting", "begins", "began", "started", "wrapped up", "closed",
    "ended", "runs", "ran", "convenes", "concludes", "unveils", "launches", "signs", "inks",
)  # fmt: skip
# Verbs whose object is the venue of an opening: "inaugurated the new X Hospital".
OPENING_VERBS_EN = ("inaugurat*", "commission*", "open*", "unveil*", "dedicat*")
# Words between such a verb and the venue's name: "the newly built", "the 500-bed".
OPENING_ADJECTIVES_EN = (
    "new", "newly", "built", "constructed", "renovated", "upgraded", "expanded", "modern",
    "ultra-modern", "state-of-the-art", "first",
)  # fmt: skip
# Nouns of an event, for "the Fair (CMEF) in Shanghai", "the signing event in Beijing";
# a name that ends in one is the event, not its place.
EVENT_NOUNS_EN = (
    "forum", "conference", "summit", "seminar", "symposium", "congress", "convention", "expo",
    "exposition", "exhibition", "fair", "show", "week", "festival", "ceremony", "event",
    "meeting", "workshop", "roundtable", "signing", "gala", "conclave", "session", "assembly",
)  # fmt: skip
# Not places, although they stand where a place would: "在会上签署".
NOT_PLACES = (
    "会上", "现场", "活动现场", "开幕式上", "大会上", "会议上", "此", "这里", "期间", "会议上",
    "现场", "线上", "线上", "云端",
    # times, where "在最近…举行" puts a place
    "最近", "近日", "日前", "此前", "今年", "去年", "明年", "当天", "当日", "同期",
    # scopes and online venues, where "在全省范围内举行" puts a place
    "全国", "全国范围", "全国各地", "各地", "网上", "云上", "线下", "会场", "主会场", "分会场",
    "本地", "当地", "异地", "两地", "基层", "市场", "医院", "学校", "本院", "我院", "我校",
    "本校",
    # English
    "Online", "online", "Virtual", "virtual", "TBD", "TBA", "Zoom", "Internet", "Home",
)  # fmt: skip
# Capitalised words after "in"/"at" that name no place: languages, topics and
# title-case common nouns ("a forum in English", "Innovation in Healthcare").
NOT_PLACE_WORDS_EN = (
    "english", "chinese", "french", "german", "spanish", "arabic", "japanese", "korean",
    "russian", "portuguese", "italian", "mandarin", "cantonese", "hindi",
    "healthcare", "health", "medicine", "medical", "science", "sciences", "technology",
    "innovation", "research", "education", "nursing", "pharmacy", "oncology", "cardiology",
    "practice", "action", "progress", "focus", "depth", "person", "attendance", "total",
    "general", "particular", "addition", "response", "support", "partnership",
    "collaboration", "cooperation", "honor", "honour", "memory", "recognition", "future",
    "history", "advance", "charge", "time", "order", "part", "place", "line", "public",
    "private", "business", "industry", "markets", "market", "trade", "investment", "digital",
    "ai", "covid", "covid-19", "phase", "stage", "round", "session", "office", "power",
)  # fmt: skip
# Capitalised words of a title-case headline that end a place: "Forum Held In
# Beijing For Doctors" -> Beijing.
TITLE_CASE_STOPS_EN = (
    "For", "With", "To", "On", "As", "By", "From", "After", "Before", "During", "Amid",
    "Over", "Under", "Into", "Via", "Against", "Among", "Between", "Is", "Are", "Was",
    "Were", "Will", "Opens", "Held", "Kicks", "Ends", "Closes", "Begins", "Launched",
    "Signed", "Sign", "Signs", "Hosts", "Draws", "Attracts",
)  # fmt: skip
# Chinese names of venues and areas end like these (the longest first is not
# needed: any ending will do): "…会展中心", "…宾馆", "…院区", "…高新区".
VENUE_SUFFIXES_ZH = (
    "中心", "馆", "厅", "室", "堂", "楼", "大厦", "酒店", "饭店", "宾馆", "山庄", "会所",
    "剧院", "剧场", "影院", "园", "园区", "基地", "院区", "新院", "分院", "校区", "分校",
    "大学", "学院", "医院", "研究院", "广场", "公园", "体育场", "港", "城", "镇", "乡", "村",
    "街道", "社区", "区", "县", "市", "州", "岛", "湾", "谷", "小镇", "新城", "会议室",
    "报告厅", "礼堂", "会堂", "展馆", "号馆", "板块", "片区", "总部",
)  # fmt: skip
# Characters never found in a Chinese place name: function words and pronouns
# ("往年已经", "我校").
NOT_NAME_CHARS_ZH = "了的着过将已能否要把被让使这那此该我你他她它们每某又也还都就才再没与及并"
# Characters of times, scopes and positions ("昨天下午", "全省范围内", "能否如期"):
# found in a venue's name ("会展中心", "上海") but not in an unknown short name, nor
# alone before a venue's ending ("本市", "全市", "会场").
WEAK_NAME_CHARS_ZH = (
    "会经正可如期和同等在于对由向从自到为以之其本各全所不无后上下间"
    "时年月日天午晚早点分秒线网次届个名位项现主当"
)
# A Chinese "place" starting with these is a partner ("于与运营商签约" reads 由于 …
# 与 …): 与/和/同 name who, not where.
NOT_PLACE_STARTS_ZH = ("与", "和", "同", "跟", "向", "对", "与", "对")
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
    "Center", "Centre", "Hall", "Hotel", "Park", "Zone", "Hospital", "University", "Building",
    "Stadium", "Auditorium", "Plaza", "Museum", "Campus", "Town", "District", "New Area",
    "Island", "Valley", "Village",
    "City",  # "China Medical City", "Future Sci-Tech City"
    "Halls", "Centres", "Centers", "Arena", "Pavilion", "Tower", "Towers", "Theatre", "Theater",
    "Library", "College", "Institute", "Palace", "Guesthouse", "Guest House", "Resort",
    "Complex", "Garden", "Gardens", "Square", "County", "Prefecture", "Township", "Port",
)  # fmt: skip
# Lowercase venue words before "in <City>": "at the pilot zone's administration
# building in Qionghai" names no venue, but its city.
LOWER_VENUE_NOUNS_EN = (
    "building", "hall", "center", "centre", "campus", "auditorium", "headquarters", "office",
    "offices", "complex", "compound", "plaza", "square", "hotel", "park", "base", "room",
    "meeting room", "conference room", "lecture hall", "ballroom", "venue", "theatre",
    "theater", "stadium", "gymnasium", "library", "museum", "conference center",
    "convention center", "exhibition center", "conference centre", "convention centre",
    "exhibition centre",
)  # fmt: skip
# Words of an event after a city in its name: "绍兴市…签约仪式", "厦门…健康博览会"
# (with the forum nouns of events.py).
EVENT_WORDS_ZH = ("签约", "揭牌", "开幕", "启用", "开园", "奠基", "仪式", "签约", "开幕", "仪式")
# Between a city and an event word, these make the city part of an organisation's
# name, not the event's place: "中山大学…论坛" (in Guangzhou), "某市某医院与…签约".
CITY_NAMED_ORG_WORDS_ZH = (
    "大学", "学院", "研究院", "医院", "一院", "二院", "三院", "集团", "公司", "药业", "银行",
)  # fmt: skip
# Lowercase words that end a capitalised area's name: "in Jamnagar district".
AREA_SUFFIXES_EN = ("district", "county", "city", "town", "township", "village", "prefecture")
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
    "新华社客户端",
    "人民日报",
    "科技日报",
    "经济日报",
    "健康报",
    "中国新闻网",
    "澎湃新闻",
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
PLACE_LABELS = ("venue", "location", "place", "地点", "会址", "地点", "会址")
