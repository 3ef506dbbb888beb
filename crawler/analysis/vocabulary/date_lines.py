"""Where a page prints its own date: labels, page furniture, bylines, footers.

Read by ``crawler.analysis.date_lines``.  Data, not code: see
``crawler.analysis.vocabulary.events`` for the matching conventions (Chinese
entries are substrings, English entries whole words, ``*`` a stem).
"""

from __future__ import annotations

# Labels printed before a page's publication date, on the same line.
PUBLISHED_LABELS = (
    "updated",
    "update time",
    "update date",
    "addtime",
    "add time",
    "published",
    "publish date",
    "publish time",
    "publication date",
    "posted",
    "posted on",
    "last updated",
    "date posted",
    "released",
    "release date",
    "release time",
    "date",
    "time",
    "source",
    "发布",  # "发布：2023-12-28"; not 发布会 (a colon or the date must follow)
    "发布时间",
    "发表于",  # a BBS post's own date
    "发布日期",
    "发表时间",
    "发表日期",
    "更新时间",
    "更新日期",
    "发稿时间",
    "信息时间",
    "录入时间",
    "添加时间",
    "上传时间",
    "发文日期",
    "发布于",
    "刊发时间",
    "刊登日期",
    "时间",
    "日期",
    "来源",
    "稿源",
)

# Labels of a date that is neither the page's nor an event's: a forum member's
# profile ("注册时间", "最后登录"), a policy's life ("生效日期"), a deadline.
NOT_PAGE_DATE_LABELS = (
    "注册时间",
    "注册日期",
    "最后登录",
    "上次登录",
    "登录时间",
    "加入时间",
    "入会时间",
    "生效日期",
    "生效时间",
    "废止日期",
    "失效日期",
    "实施日期",
    "施行日期",
    "截止日期",
    "截止时间",
    "截稿日期",
    "报到日期",
    "报到时间",
    "报名日期",
    "报名时间",
    "出生日期",
    "有效期至",
    "joined",
    "registered",
    "member since",
    "last login",
    "last visit",
    "last active",
    "effective date",
    "expiry date",
    "expiration date",
    "date of birth",
    "deadline",
    "due date",
    "closing date",
)

# Labels that head a page's date line, but also an event's schedule: "时间：" is
# the event's after "会议" (会议时间), next to "地点：" or below the first
# paragraph; "Date:" next to "Venue:".
GENERIC_DATE_LABELS = ("date", "time", "时间", "日期")

# Words that make a generic label an event's: "会议时间：", "Opening time:".
SCHEDULE_QUALIFIERS = (
    "会议",
    "活动",
    "举办",
    "举行",
    "开幕",
    "闭幕",
    "论坛",
    "大会",
    "展览",
    "展会",
    "讲座",
    "沙龙",
    "培训",
    "比赛",
    "报到",
    "报名",
    "截止",
    "开标",
    "签约",
    "仪式",
    "event",
    "meeting",
    "conference",
    "forum",
    "summit",
    "symposium",
    "seminar",
    "expo",
    "exhibition",
    "opening",
    "closing",
    "start",
    "starting",
    "end",
    "ending",
    "session",
    "activity",
    "registration",
    "check-in",
)

# Page furniture printed on a page's own date line, above the text: "2023-10-09
# 【字号 大 中 小】【打印】 浏览次数：1203", "2023-10-10 | Views: 532 | Print".
PAGE_FURNITURE_MARKS = (
    "浏览",
    "阅读",
    "点击",
    "访问量",
    "字号",
    "字体",
    "打印",
    "关闭窗口",
    "关闭",
    "分享",
    "收藏",
    "作者",
    "编辑",
    "责编",
    "views",
    "hits",
    "print",
    "share",
    "font size",
    "author",
    "editor",
)

# The end of the line above a date that carries its sentence on ("Abstracts are
# due by\nSeptember 9, 2022"): the date is a deadline, not a date line.
CONTINUES_INTO_DATE = (
    "is",
    "are",
    "was",
    "were",
    "be",
    "held",
    "received",
    "sent",
    "by",
    "before",
    "until",
    "till",
    "due",
    "after",
    "since",
    "截至",
    "截止",
    "截止到",
    "之前",
)

# A byline right after a date makes it the page's ("2017-11-13 经济日报 记者王某").
# Not "by": "decided on April 5, 2024 by the board" is prose.
BYLINE_MARKS = (
    "记者",
    "通讯员",
    "特约记者",
    "见习记者",
    "本报记者",
    "staff reporter",
    "staff writer",
    "correspondent",
)

# Words on a line that make its date a page's render time, not its publication
# ("GMT+8, 2024-5-21 23:10, Processed in 0.06 second(s)", BBS footers).
RENDER_TIME_MARKERS = (
    "processed in",
    "queries",
    "gmt+8",
    "current time",
    "page generated",
    "当前时间",
    "现在时间",
    "页面执行时间",
    "页面生成",
)
