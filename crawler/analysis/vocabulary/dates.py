"""Words around a date that say what it is to the event (crawler.analysis.event_dates).

Background ("since", "截至"), deadlines ("截稿日期为"), the new and the old date
of a postponed event ("postponed to", "原定于"), a last day ("runs through"),
press conferences, datelines and durations.  Data, not code: see
``crawler.analysis.vocabulary.events`` for the matching conventions.
"""

from __future__ import annotations

# Words right before a date that make it background, not the event's date.
BACKGROUND_BEFORE_DATE = (
    "since",
    "as of",
    "by",
    "until",
    "till",
    "before",
    "after",
    "prior to",
    "ending",
    "自",
    "截至",
    "截止",
    "截止到",
    "自从",
    "去年",
    "前年",
    "上年",
)
# Words right after a date that make it background ("自2000年以来").
BACKGROUND_AFTER_DATE = (
    "last year",
    "以来",
    "之前",
    "以前",
    "起施行",
    "起实施",
    "起执行",
    "起正式施行",
    "起正式实施",
    "前",  # "5月5日前报名": a deadline
    "报到",  # "5月9日报到": registration day, not the event
    "截止",
)
# In the clause before a date: a deadline or a registration window, not the
# event ("截稿日期为6月30日", "abstract submission closes on Dec 15").
DEADLINE_WORDS = (
    "deadline",
    "submission",
    "submissions",
    "submit",
    "registration",
    "register",
    "apply",
    "applications",
    "截止",
    "截稿",
    "报名",
    "报到",
    "提交",
    "申报",
    "投稿",
    "提交",
)

# Right before a date: the NEW date of a postponed event, which is its date
# now ("postponed to June 16-17", "延期至6月16日").
POSTPONED_TO = (
    "postponed to",
    "postponed until",
    "postponed till",
    "rescheduled for",
    "rescheduled to",
    "moved to",
    "put off to",
    "put off until",
    "pushed back to",
    "deferred to",
    "delayed to",
    "now take place on",
    "now be held on",
    "延期至",
    "延期到",
    "延期为",
    "推迟至",
    "推迟到",
    "改期至",
    "改期到",
    "改期为",
    "改期于",
    "顺延至",
    "延至",
    "调整至",
    "调整为",
)
# Before a date: the date an event no longer has ("originally scheduled for
# April 20", "原定于4月15日").
SUPERSEDED_BEFORE = (
    "originally scheduled",
    "originally planned",
    "originally set",
    "originally slated",
    "previously scheduled",
    "previously announced",
    "原定",
    "原计划",
    "原订",
)
# Right before a date: the event's last day, not its first ("runs through
# Sept 19", "展期持续至5月5日").  "until"/"till" are background words already.
END_BEFORE_DATE = (
    "through",
    "thru",
    "runs to",
    "run to",
    "ends on",
    "end on",
    "closes on",
    "close on",
    "concludes on",
    "conclude on",
    "run till",
    "runs till",
    "run until",
    "runs until",
    "running until",
    "running till",
    "open until",
    "open till",
    "last until",
    "lasts until",
    "continue until",
    "continues until",
    "持续至",
    "持续到",
    "延续至",
    "展期至",
)
# Near a date (same clause): the date of a press conference or of the news
# itself, not of the event ("记者从12月4日召开的新闻发布会上获悉").
ANNOUNCEMENT_WORDS = (
    "press conference",
    "news conference",
    "press briefing",
    "news briefing",
    "briefing",
    "announced",
    "新闻发布会",
    "发布会",
    "通气会",
    "新闻通报会",
    "获悉",
    "了解到",
    # "the organizers said on Monday": when someone spoke, not the event
    "said",
    "says",
    "told",
    "记者会",
)
# A dateline: a date at the very start of a report, then an agency mark
# ("新华社北京4月21日电", "本报4月21日讯", "BEIJING, April 21 (Xinhua) --").
DATELINE_MARKS_ZH = ("电", "讯", "专电", "电", "讯", "专电")
# ... unless a word goes on: "4月21日电商节" (电商), 电视, 电子, 电影, 电话.
NOT_DATELINE_AFTER_ZH = ("视", "商", "子", "影", "话", "力", "网", "器", "脑", "视", "话", "网")
NEWS_AGENCIES = (
    "Xinhua",
    "Reuters",
    "AP",
    "AFP",
    "CNS",
    "ECNS",
    "China News Service",
    "China Daily",
    "chinadaily.com.cn",
    "People's Daily",
    "CGTN",
    "IANS",
    "PTI",
    "ANI",
    "UNI",
    "TASS",
    "WAM",
    "Bernama",
    "Yonhap",
    "Kyodo",
    "dpa",
    "SPA",
    "KUNA",
    "Antara",
    "PNA",
    "Anadolu",
    "Prensa Latina",
)
# A notice's signature (落款): the issuing body on its own line, then a date
# alone on the next, after the text.  Not the page's publication date.  English
# bodies by these words (Chinese ones by crawler.analysis.vocabulary.facts.ORG_SUFFIXES_ZH).
SIGNATURE_ORG_WORDS_EN = (
    "office",
    "bureau",
    "committee",
    "commission",
    "secretariat",
    "association",
    "society",
    "department",
    "council",
    "administration",
    "ministry",
    "hospital",
    "university",
    "government",
    "centre",
    "center",
    "institute",
    "federation",
    "board",
)
# Chinese bodies: organisations (crawler.analysis.vocabulary.facts.ORG_SUFFIXES_ZH) and
# the offices that sign notices ("…办公室", "…秘书处", "…组委会", "…领导小组").
SIGNATURE_BODY_SUFFIXES_ZH = (
    "办公室",
    "秘书处",
    "处",
    "科",
    "室",
    "组",
    "小组",
    "（盖章）",
    "(盖章)",
)
# "为期三天", "会期两天", "展期四天": the event lasts this many days.
DURATION_WORDS_ZH = ("为期", "会期", "展期", "历时", "一连", "连续", "持续")
# "the four-day expo", "为期三天": the event lasts this many days.
NUMBER_WORDS_EN = (
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
)
# Chinese "为期两天": 两 is two, besides the numerals of crawler.analysis.numerals.
TWO_ZH = ("两", "两")
# Besides event nouns and verbs, words that make a sentence speak of the event's
# day: ceremonies ("On Nov 29, a groundbreaking ceremony …", "had its grand
# opening today").
CEREMONY_WORDS = (
    "ceremony",
    "grand opening",
    "inauguration",
    "inaugural",
    "仪式",
    "典礼",
    "揭牌",
)
EVENT_DAY_WORDS = (
    *CEREMONY_WORDS,
    "groundbreaking",
    "foundation stone",
    "奠基",
    "开工",
    "竣工",
)
# Right before a date without a year: the year of writing, or the next
# ("今年7月24日至28日", "this year's May 5", "明年3月").
THIS_YEAR_BEFORE_DATE = ("今年", "本年", "this year", "this year's")
NEXT_YEAR_BEFORE_DATE = ("明年", "next year", "next year's")
# Words that make a year before them the year of an event's name, besides the
# event nouns: "2024年国家网络安全宣传周", "2023 Health Week".
EVENT_NAME_WORDS = (
    "week",
    "宣传周",
    "活动周",
    "健康周",
    "黄金周",
    "年会",
    "学术会",
    "签约",
    "交流活动",
)
# A sentence that says the event closed on its date: with a duration, the date
# is the last day ("the three-day forum concluded on Sept 19").
CLOSING_WORDS = (
    "concluded",
    "came to a close",
    "drew to a close",
    "wrapped up",
    "wound down",
    "wound up",
    "came to an end",
    "closed",
    "ended",
    "closing ceremony",
    "闭幕",
    "落下帷幕",
    "落幕",
    "圆满结束",
    "闭幕式",
)
# ... unless it also says it opened then.
OPENING_WORDS = (
    "opened",
    "opens",
    "kicked off",
    "kicks off",
    "began",
    "begins",
    "started",
    "starts",
    "opening ceremony",
    "开幕",
    "开幕式",
    "启幕",
    "拉开帷幕",
)
# After a four-digit number, these make it a count, not a year: "2000余位专家",
# "2020名代表", "2024家企业".
NOT_YEAR_AFTER_ZH = (
    "余",
    "多",
    "名",
    "位",
    "家",
    "个",
    "人",
    "万",
    "亿",
    "元",
    "项",
    "件",
    "次",
    "场",
    "辆",
    "台",
    "所",
    "份",
    "天",
    "米",
    "吨",
    "平",
    "亩",
    "床",
    "篇",
    "款",
    "种",
    "条",
    "只",
    "块",
    "届",
    "期",
    "号",
)
