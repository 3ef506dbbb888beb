"""Time vocabularies: tense, status, month and weekday names, date labels.

Data, not code: see ``crawler.analysis.vocabulary.events`` for the matching conventions
(Chinese entries are substrings, English entries whole words, ``*`` a stem).
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Tense: is the event ahead of the article or behind it?
# --------------------------------------------------------------------------

FUTURE_CUES = (
    "will be held",
    "will take place",
    "will be hosted",
    "will be launched",
    "will open",
    "will kick off",
    "will feature",
    "will gather",
    "will be staged",
    "to be held",
    "is to be held",
    "are to be held",
    "is happening",
    "is scheduled",
    "are scheduled",
    "scheduled for",
    "is set to",
    "are set to",
    "is slated",
    "upcoming",
    "forthcoming",
    "to come to",
    "registration is open",
    "call for papers",
    "will be inaugurated",
    "will be opened",
    "will be unveiled",
    "will be signed",
    "will be organized",
    "will be organised",
    "will be convened",
    "will be staged",
    "will be established",
    "will be set up",
    "will be dedicated",
    "shall be held",
    "will open",
    "will start",
    "will begin",
    "will run",
    "will host",
    "will hold",
    "will sign",
    "will launch",
    "will inaugurate",
    "will unveil",
    "is to",
    "are to",
    "to open",
    "to be opened",
    "to be inaugurated",
    "to be launched",
    "next week",
    "next month",
    "next year",
    "tomorrow",
    "later this year",
    "later this month",
    "能否",
    "将于",
    "将在",
    "即将",
    "将举行",
    "将举办",
    "将召开",
    "将开幕",
    "将启动",
    "届时",
    "定于",
    "拟于",
    "敬请",
    "欢迎报名",
    "报名",
    "邀请函",
)
PAST_CUES = (
    "was held",
    "were held",
    "has been held",
    "have been held",
    "had been held",
    "successfully held",
    "took place",
    "was launched",
    "were launched",
    "was unveiled",
    "were unveiled",
    "was inaugurated",
    "concluded",
    "came to a close",
    "drew to a close",
    "was signed",
    "were signed",
    "attended the",
    "participated in",
    "kicked off",
    "举行了",
    "召开了",
    "举办了",
    "圆满落幕",
    "落下帷幕",
    "圆满结束",
    "顺利召开",
    "成功举办",
    "隆重召开",
    "圆满成功",
    "日前",
    "近日",
    "已于",
    "闭幕",
    "出席",
    # Traditional forms
    "落下帷幕",
)

# Verbs that report an event as news when no future word goes with them.
# English past tense: also a tense for the year of a date ("opened on Oct 9").
REPORT_VERBS_EN = (
    "opened",
    "inaugurated",
    "unveiled",
    "launched",
    "signed",
    "inked",
    "held",
    "hosted",
    "organized",
    "organised",
    "established",
    "founded",
    "convened",
    "gathered",
    "wound down",
    "wrapped up",
    "got under way",
    "got underway",
    "is underway",
    "is under way",
    "is taking place",
    "are taking place",
    "has been",
    "have been",
)
# Headline present tense and Chinese event verbs carry no tense of their own
# ("Expo opens in Shanghai", "大会在北京开幕" report; "将在北京开幕" announces):
# a report for the event's status, no tense for a date's year ("延期至6月18日
# 在昆明举行" is ahead).
REPORT_VERBS_UNMARKED = (
    "opens",
    "holds",
    "signs",
    "inks",
    "launches",
    "unveils",
    "inaugurates",
    "kicks off",
    "举行",
    "举办",
    "召开",
    "开幕",
    "闭幕",
    "启幕",
    "拉开帷幕",
    "落幕",
    "揭牌",
    "揭幕",
    "开园",
    "开馆",
    "开业",
    "落成",
    "启用",
    "投用",
    "签约",
    "签署",
    "签订",
    "成立",
    "启动",
    "亮相",
)
# Chinese words that put an event verb after them in the future: "将在北京举行",
# "拟于5月召开", "计划明年开园" (within a few characters of the verb).
FUTURE_MARKS_ZH = ("将", "拟", "计划", "预计", "定于", "即将", "有望", "将要")
# ... and the verbs they put ahead: the event verbs above, and 办 ("将办论坛").
FUTURE_VERBS_ZH = ("办", "开")
# Future words that speak of what the parties will do after a signing, not of
# the event: "双方将在…方面开展合作", "the two sides will cooperate in ...".
NOT_EVENT_TENSE = (
    "双方将",
    "三方将",
    "各方将",
    "将进一步",
    "将继续",
    "the two sides will",
    "both sides will",
    "both parties will",
    "the parties will",
    "will further",
    "will continue",
)

# Status words, only believed in a sentence that names the event.
POSTPONED_WORDS = (
    "postponement",
    "postponed",
    "postpone",
    "put off",
    "rescheduled",
    "deferred",
    "delayed",
    "延期",
    "推迟",
    "延后",
    "改期",
    "暂缓",
)
CANCELLED_WORDS = (
    "cancellation",
    "cancelled",
    "canceled",
    "cancel",
    "called off",
    "scrapped",
    "取消",
    "停办",
    "停止举办",
    "停止举行",
    "不举办",
    "不再举办",
    "不举行",
    "不再举行",
)

# --------------------------------------------------------------------------
# Dates.
# --------------------------------------------------------------------------

MONTH_NAMES = (
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
)
# Days counted from the day of writing: "kicked off today", "昨天在北京举行".
RELATIVE_DAYS = (
    ("today", 0),
    ("tonight", 0),
    ("yesterday", -1),
    ("tomorrow", 1),
    ("今天", 0),
    ("今日", 0),
    ("昨天", -1),
    ("昨日", -1),
    ("明天", 1),
    ("明日", 1),
)
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A bare weekday ("opened Monday", "signed an agreement Thursday") is a date,
# except after these words: a recurring day ("every Friday") or a span of
# opening hours ("from Monday to Friday", "Saturday and Sunday").
NOT_BEFORE_WEEKDAY_EN = ("every", "each", "from", "to", "and", "or", "through", "until", "till")
# Parts of the day that may follow a date ("10月26日上午").
DAY_PARTS_ZH = ("上午", "下午", "晚上", "晚间", "早上", "中午", "晚", "全天")
# A bare "N日" is a day of the month, except after these characters, where it
# counts days: "每月15日" (monthly), "第3日", "近3日", "连续3日", "历时3日", "满30日".
DAY_COUNT_BEFORE_ZH = (
    "月",
    "第",
    "近",
    "每",
    "连",
    "续",
    "数",
    "共",
    "约",
    "余",
    "逾",
    "满",
    "达",
    "为",
    "时",
    "个",
    "前",
    "后",
    "多",
)
# ... and before these it is a span or a starting point: "3日内", "5日起", "10日前".
DAY_COUNT_AFTER_ZH = ("内", "内", "起", "前", "后", "后", "以")
