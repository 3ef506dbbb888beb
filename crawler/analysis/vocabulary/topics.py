"""Topic vocabularies: titles that are about something else than an event.

A notice refunding a conference's fees, a bid award, an appointment made at
a congress, a hospital's free clinic or an anniversary look back at past
congresses all name an event word, but announce no event.  Their titles say
so; ``crawler.analysis.classify`` reads these lists (composed in ``NOT_EVENT_TOPIC_*``
at the end).  Data, not code: see ``crawler.analysis.vocabulary.events`` for the matching
conventions (Chinese entries are substrings, English entries whole words,
``*`` a stem).
"""

from __future__ import annotations

# Money back for a conference: its fees are the subject, the conference is over
# or off ("关于…大会注册费退费事宜的通知", "Refunds of registration fees").
REFUND_TITLES = (
    "refund*",
    "reimbursement of registration",
    "退费",
    "退款",
    "退还",
    "费用退还",
)
# Procurement results and calls for bids: "contract" and "签订合同" there are a
# purchase, not a signing event ("…项目中标结果公告", "Contract Award Notice").
PROCUREMENT_TITLES = (
    "contract award",
    "award notice",
    "bid award",
    "bid result",
    "bid opening",
    "bidding",
    "invitation to bid",
    "invitation for bids",
    "tender notice",
    "tender",
    "procurement notice",
    "procurement result",
    "contract notice",
    "contract announcement",
    "中标",
    "成交公告",
    "成交结果",
    "招标",
    "投标",
    "采购公告",
    "采购结果",
    "合同公告",
    "中选结果",
    "采购意向",
    "竞争性磋商",
    "竞争性谈判",
    "询价公告",
    "比选公告",
    "单一来源",
    "候选人公示",
)
# Personnel news: someone appointed or elected, perhaps "at the conference"; the
# conference is only where it was announced ("刘某当选…会长", "X named director").
PERSONNEL_TITLES = (
    "appointed",
    "appointment of",
    "elected",
    "re-elected",
    "named director",
    "named president",
    "named chair",
    "named head",
    "named ceo",
    "takes helm",
    "takes the helm",
    "takes office",
    "assumes office",
    "当选",
    "任命",
    "任职",
    "任免",
    "履新",
    "出任",
    "就任",
    "聘任",
    "连任",
)
# A hospital's activities for patients and the public: free clinics, screenings,
# health talks; "启动仪式" or "launch ceremony" there opens a campaign, not an
# institution.  Free-of-charge words count near a service (see FREE_SERVICES).
PATIENT_ACTIVITY_TITLES = (
    "free clinic",
    "义诊",
    "健康义诊",
    "义诊活动",
    "健康讲座",
    "科普讲座",
    "健康咨询活动",
    "无偿献血",
    "送医下乡",
    "blood donation",
)
FREE_WORDS = ("free", "免费")
FREE_SERVICES = (
    "clinic",
    "screening",
    "check-up",
    "checkup",
    "health check",
    "consultation",
    "examination",
    "筛查",
    "体检",
    "检查",
    "检测",
    "咨询",
    "测血压",
)
# A look back at past congresses ("历届学术大会回眸", "… looks back"): history,
# unless the title also says something is held now (see crawler.analysis.classify).
RETROSPECTIVE_TITLES = (
    "anniversary",
    "looks back",
    "look back",
    "looking back",
    "retrospective",
    "decades of",
    "history of",
    "through the years",
    "milestones",
    "周年",
    "华诞",
    "历届",
    "回眸",
    "历程",
    "风雨兼程",
    "砥砺前行",
)
# Verbs that make a retrospective title report a current event after all
# ("… celebrates 40th anniversary with congress held in Beijing", "…周年大会召开").
CURRENT_EVENT_VERBS = (
    "held",
    "opens",
    "opened",
    "kicks off",
    "kicked off",
    "convenes",
    "convened",
    "will be held",
    "to be held",
    "to hold",
    "举行",
    "举办",
    "召开",
    "开幕",
    "启幕",
    "将于",
    "定于",
)

# Documents about meetings in general, not one event: rules, templates,
# papers, registration instructions ("学术会议管理规定", "研讨会策划书").
DOCUMENT_TITLES = (
    "管理规定",
    "管理办法",
    "实施细则",
    "策划书",
    "策划方案",
    "论文",
    "摘要",
    "文库",
    ".doc",
    ".pdf",
    "注意事项",
    "参会须知",
    "报名须知",
    "points to remember",
    "terms and conditions",
    "cancellation policy",
    "refund policy",
    "registration fee*",
    "registration guidelines",
    "guidelines for authors",
    "abstract submission",
)
# Many events at once: a round-up, not an announcement ("多场展会宣布延期",
# "a host of trade shows shelved").
ROUNDUP_TITLES = (
    "多场",
    "多个展会",
    "多个会议",
    "一批会议",
    "系列会议",
    "系列活动",
    "所有会议",
    "各类会议",
    "a host of",
    "a raft of",
    "a slew of",
    "series of events",
    "all events",
    "trade shows",
    "conferences and events",
    "events postponed",
    "events cancelled",
)

# Composed: every title word that makes an article no event announcement.
NOT_EVENT_TOPIC_TITLES = (
    REFUND_TITLES
    + PROCUREMENT_TITLES
    + PERSONNEL_TITLES
    + PATIENT_ACTIVITY_TITLES
    + DOCUMENT_TITLES
    + ROUNDUP_TITLES
)
