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
    "起",
    "以來",
    "前",  # "5月5日前报名": a deadline
    "报到",  # "5月9日报到": registration day, not the event
    "截止",
    "報到",
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
    "報名",
    "報到",
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
    "改期於",
    "改期于",
    "顺延至",
    "延至",
    "调整至",
    "调整为",
    # Traditional forms
    "延期為",
    "推遲至",
    "推遲到",
    "改期為",
    "順延至",
    "調整至",
    "調整為",
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
    "原計劃",
    "原訂",
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
    "持续至",
    "持续到",
    "延续至",
    "展期至",
    "持續至",
    "持續到",
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
    "新聞發佈會",
    "新聞發布會",
    "記者會",
    "發佈會",
    "發布會",
    "獲悉",
)
# A dateline: a date at the very start of a report, then an agency mark
# ("新华社北京4月21日电", "本报4月21日讯", "BEIJING, April 21 (Xinhua) --").
DATELINE_MARKS_ZH = ("电", "讯", "電", "訊")
# ... unless a word goes on: "4月21日电商节" (电商), 电视, 电子, 电影, 电话.
NOT_DATELINE_AFTER_ZH = ("视", "商", "子", "影", "话", "力", "网", "器", "脑", "視", "話", "網")
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
DURATION_WORDS_ZH = ("为期", "会期", "展期")
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
TWO_ZH = ("两", "兩")
