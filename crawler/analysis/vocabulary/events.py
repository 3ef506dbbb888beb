"""Keyword vocabularies for event analysis: data, not code.

Every heuristic word list healthwatch uses lives here, as a named, commented
tuple, so that a wrong classification is fixed by editing a word list, and a
test can import the same words the analyser uses.

Matching conventions (implemented once, in ``crawler.analysis.language.terms_pattern``):

- an entry containing CJK characters is matched as a plain substring (Chinese
  has no spaces to anchor words on); Simplified and Traditional forms are both
  listed where they differ;
- any other entry is an English phrase matched case-insensitively on word
  boundaries; spaces match any run of whitespace, a final plural ``s``/``es``
  is allowed, and a trailing ``*`` makes the last word a stem (``unveil*``
  matches unveil, unveiled, unveiling).
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Event classes.  "strong" words alone say what the article is about; "weak"
# words only count half (they also appear in articles that are not event news).
# --------------------------------------------------------------------------

# forum: gatherings where people meet to talk or exhibit.
FORUM_NOUNS_EN = (
    "forum",
    "conference",
    "summit",
    "seminar",
    "symposium",
    "congress",
    "colloquium",
    "convention",
    "expo",
    "exposition",
    "exhibition",
    "trade fair",
    "health fair",
    "trade show",
    "workshop",
    "roundtable",
    "round-table",
    "webinar",
    "annual meeting",
    "academic meeting",
    "summit meeting",
    # fairs and weeks named as events ("Medical Equipment Fair", "Biopharma Industry Week")
    "equipment fair",
    "medical fair",
    "industry fair",
    "investment fair",
    "technology fair",
    "tech fair",
    "hi-tech fair",
    "import and export fair",
    "industry week",
    "health week",
    "innovation week",
    "science week",
    "technology week",
    "cybersecurity week",
    "high-level meeting",
    "ministerial meeting",
)
# Forum words that only name an event when capitalised after a name:
# "Medical Equipment Fair" (never "a fair price").  Matched case-sensitively.
FORUM_NAME_ENDINGS_EN = ("Fair", "Fairs")
FORUM_NOUNS_ZH = (
    "论坛",
    "峰会",
    "大会",
    "研讨会",
    "研讨班",
    "座谈会",
    "交流会",
    "推介会",
    "博览会",
    "展览会",
    "交易会",
    "洽谈会",
    "年会",
    "学术会议",
    "高峰会",
    "展会",
    "会展",
    "沙龙",
    "医博会",
    "健博会",
    "进博会",
    "服贸会",
    "药交会",
    "高交会",
    "展览",  # 展覽 in Taiwan: "健康照護展覽下月登場" (展览馆, a venue, is blanked)
)
# Taiwan and trade-show names end in 展 alone: "醫療器材暨智慧醫院展", "生技展".
# Only after these words, and never before the characters that make 展 a verb
# (展开, 展示, 展出, 展望) or a venue (展馆, 展区, 展厅, 展台, 展位).
EXPO_NAME_PREFIXES_ZH = (
    "医疗",
    "医药",
    "器材",
    "器械",
    "生技",
    "生物科技",
    "医院",
    "照护",
    "照顾",
    "健康产业",
    "养老产业",
    "大健康",
    "健康",
    "长照",
    "辅具",
    "银发",
    "康复",
    "保健",
    "科技",
    "药",
)
EXPO_NAME_NOT_AFTER_ZH = (
    "开", "示", "出", "望", "现", "馆", "区", "厅", "台", "位", "览", "会", "业",
)  # fmt: skip
FORUM_WEAK = (
    "exhibitor",
    "attendees",
    "参展",
    "展商",
    "与会",
    "meeting",
    "opening ceremony",
    "closing ceremony",
    "delegates",
    "keynote",
    "会议",
    "开幕",
    "闭幕",
    "开幕式",
    "主旨演讲",
)

# agreement: two or more parties sign something.
SIGNING_STRONG = (
    "signing ceremony",
    "memorandum of understanding",
    "memoranda of understanding",
    "mou",
    "cooperation agreement",
    "strategic cooperation",
    "strategic agreement",
    "framework agreement",
    "partnership agreement",
    "cooperation memorandum",
    "jointly signed",
    "inked",
    "签约仪式",
    "签字仪式",
    "签约大会",
    "签约",
    "合作协议",
    "框架协议",
    "战略合作协议",
    "合作备忘录",
    "谅解备忘录",
)
SIGNING_WEAK = (
    "agreement",
    "contract",
    "signed",
    "signing",
    "partnership",
    "deal",
    "协议",
    "合同",
    "战略合作",
    "签署",
    "签订",
    "合约",
)
# "signed ... agreement" within one clause is a strong signing cue.
SIGN_VERBS_EN = ("sign", "signed", "signing", "signs", "ink", "inked", "seal*")
SIGN_OBJECTS_EN = (
    "agreement",
    "contract",
    "memorandum",
    "memoranda",
    "mou",
    "accord",
    "pact",
    "deal",
    "letter of intent",
)
# "签署 ... 协议" within one clause is a strong signing cue; "签署命令" is not.
SIGN_VERBS_ZH = ("签署", "签订", "签下", "续签", "签署", "签订", "续签")
SIGN_OBJECTS_ZH = (
    "协议",
    "合同",
    "备忘录",
    "协定",
    "意向书",
    "合作",
    "框架",
    "合约",
)

# launch: an institution (incubator, centre, park, platform ...) starts.
LAUNCH_STRONG = (
    "founding congress",
    "founding conference",
    "founding meeting",
    "founding ceremony",
    "unveiling ceremony",
    "inauguration ceremony",
    "launch ceremony",
    "launching ceremony",
    "ribbon-cutting",
    "ribbon cutting",
    "plaque-unveiling",
    "plaque unveiling",
    "揭牌",
    "揭幕",
    "启动仪式",
    "开园仪式",
    "开业仪式",
    "成立仪式",
    "成立大会",
    "揭牌大会",
    "授牌仪式",
    "落成仪式",
    "启用仪式",
    "开馆仪式",
)
LAUNCH_WEAK = ("unveil*", "inaugurat*")
LAUNCH_VERBS_EN = (
    "unveil*",
    "inaugurat*",
    "launch*",
    "opened",
    "opens",
    "opening of",
    "officially open*",
    # an opening ahead: "will open on Monday, May 20", "to open to the public"
    "will open",
    "set to open",
    "open to the public",
    "opens to the public",
    "opened to the public",
    "open its doors",
    "opens its doors",
    "opened its doors",
    "open their doors",
    "scheduled to open",
    "due to open",
    "slated to open",
    "will be opened",
    "open to patients",
    "opens to patients",
    "begin operation",
    "begins operation",
    "will begin operation",
    "establish",
    "established",
    "set up",
    "founded",
    "put into operation",
    "put into use",
    "commissioned",
    "kicked off",
    "debut*",
    "go live",  # a platform "goes live"
    "goes live",
    "went live",
    "commission*",  # a hospital is commissioned: opened by an official
    "dedicated to the nation",
    "dedicates to the nation",
    "to open",
    "start functioning",
    "starts functioning",
    "started functioning",
    "start operation*",
    "started operation*",
)
LAUNCH_OBJECTS_EN = (
    "incubat*",
    "accelerator",
    "centre",
    "center",
    "park",
    "platform",
    "alliance",
    "fund",
    "base",
    "hub",
    "laboratory",
    "laboratories",
    "lab",
    "institute",
    "academy",
    "hospital",
    "clinic",
    "headquarters",
    "station",
    "innovation zone",
    "consortium",
    "outpatient department",
    "OPD",
    "ward",
    "wing",
    "campus",
    "facility",
    "facilities",
    "plant",
    "factory",
    "production base",
)
LAUNCH_VERBS_ZH = (
    "启动",
    "成立",
    "开园",
    "开业",
    "启用",
    "落成",
    "开馆",
    "挂牌",
    "授牌",
    "投用",
    "投入使用",
    "投入运营",
    "正式运营",
    "开通",
    "上线",
    "组建",
    "落户",
    "入驻",
    "揭幕",
    "竣工",
    "奠基",
    "开工",
)
LAUNCH_OBJECTS_ZH = (
    "孵化器",
    "孵化基地",
    "孵化中心",
    "加速器",
    "中心",
    "基地",
    "园区",
    "产业园",
    "科技园",
    "平台",
    "联盟",
    "基金",
    "研究院",
    "研究所",
    "实验室",
    "总部",
    "医院",
    "工作站",
    "示范区",
    "服务站",
    "分院",
    "院区",
    "新院",
    "大楼",
    "病区",
    "创新中心",
    "工厂",
)
