"""Context vocabularies: what turns an event word into no event, or a side event.

Venues, legislatures, internal meetings, web forums, calls for papers,
organisations named "Forum", history, and the phrases that attach a second
event to the main one ("at the opening ceremony", "会上").  Data, not code:
see ``crawler.analysis.vocabulary.events`` for the matching conventions.
"""

from __future__ import annotations

# Phrases that contain an event word but are no event: venues, legislatures,
# internal meetings, and background ("since its founding").  They are blanked
# out before counting, never before reading places.
NOT_EVENT_PHRASES = (
    "press conference",
    "news conference",
    "video conference",
    "videoconference",
    "teleconference",
    "conference call",
    "online forum",
    "discussion forum",
    "web forum",
    "internet forum",
    "forum post",
    "signed into law",
    "executive order",
    "conference room",
    "conference hall",
    "conference center",
    "conference centre",
    "exhibition center",
    "exhibition centre",
    "exhibition hall",
    "convention center",
    "convention centre",
    "expo center",
    "expo centre",
    "exhibition and convention center",
    "exhibition and convention centre",
    "people's congress",
    "party congress",
    "congress of the cpc",
    "congress of the communist party",
    "congressional",
    "executive meeting",
    "since its establishment",
    "since its founding",
    "人民代表大会",
    "代表大会",
    "人大",
    "党代会",
    "大会堂",
    "会议室",
    "会议中心",
    "会展中心",
    "展览中心",
    "博览中心",
    "展览馆",  # 南港展覽館, 高雄展覽館: a venue
    "常务会议",
    "常委会",
    "视频会议",
    "电视电话会议",
    "工作会议",
    "动员大会",
    "表彰大会",
    "誓师大会",
    "总结大会",
    "部署大会",
    "推进大会",
    "警示教育大会",
    "作风建设大会",
    "党员大会",
    "职工大会",
    "干部大会",
    "次会议",
    "全体会议",
    "签署命令",
    "签署主席令",
    "签署国务院令",
    "成立以来",
    "成立于",
    "启动以来",
    "新闻发布会",
    "落户企业",  # "向新落户企业颁发证书": companies that moved in, no launch
    # 家庭医生签约服务: residents enrolling with a family doctor, not a signing event.
    "家庭医生签约",
    "签约服务",
    "签约居民",
    "签约率",
    "签约覆盖率",
    "签约团队",
    "签约医生",
    "签约人",  # a signatory (a person), in texts about contracts in general
    "signed up",
    "signed-up",
    "sign up",
    "sign-up",
)

# A title naming a legislature or party session makes the article political
# news, never an industry event, however often it says "大会" or "meeting".
NOT_EVENT_TITLES = (
    "政协",
    "人大",
    "人民代表大会",
    "党代会",
    "全会",
    "cppcc",
    "people's congress",
    "party congress",
    "plenary session",
    "politburo",
)

# The ceremony noun belongs to the founding or signing it names: "联盟成立大会"
# is a launch, "签约大会" a signing; neither is a forum.  Blanked for the forum
# class only.
CEREMONY_MEETINGS = (
    "成立大会",
    "签约大会",
    "揭牌大会",
    "启动大会",
    "授牌大会",
    "founding congress",
    "founding conference",
    "founding meeting",
    "inaugural meeting",
)
# An article "on the sidelines of" an event is about something else (an
# interview, remarks): the event noun after these words is no announcement.
ASIDE_PREPOSITIONS_EN = ("on the sidelines of", "on the margins of", "on the fringes of")
# "峰会间隙接受采访": the same in Chinese, after the event noun.
ASIDE_AFTER_ZH = ("间隙", "间隙")
# Organisations whose name holds an event word: by themselves no event ("at the
# invitation of the World Economic Forum").  Their own events still say so
# ("Boao Forum for Asia Annual Conference").  Blanked before classification.
ORGANISATIONS_NAMED_LIKE_EVENTS = (
    "world economic forum",
    "forum économique mondial",
    "boao forum for asia",
    "世界经济论坛",
    "博鳌亚洲论坛",
)
# A title announcing a call for papers: its subject is a submission process
# with a deadline, not the conference it names (which has its own notice).
CALL_FOR_PAPERS_TITLES = (
    "call for papers",
    "call for abstracts",
    "call for submissions",
    "call for proposals",
    "abstract submission",
    "paper submission",
    "征文",
    "征稿",
    "论文征集",
    "摘要征集",
)
# "关于征集2024中国医院管理大会学术论文的通知", "征集…优秀案例": a collecting verb
# near what is collected.
CALL_FOR_PAPERS_VERBS_ZH = ("征集", "征集")
CALL_FOR_PAPERS_OBJECTS_ZH = ("论文", "摘要", "稿件", "案例", "作品", "论文")
# Marks of a web forum (BBS) page: there "论坛"/"forum" is a website, not an
# event.  Two different marks make a page a web forum.
WEB_FORUM_MARKERS = (
    "帖子",
    "发帖",
    "回帖",
    "楼主",
    "版主",
    "积分",
    "主题:",
    "今日:",
    "排名:",
    "只看该作者",
    "本帖",
    "跳转到指定楼层",
    "powered by discuz",
    "discuz!",
    "powered by phpwind",
    "powered by phpbb",
    "powered by vbulletin",
    "new thread",
    "new topic",
    "last post",
    "moderator",
    "回帖",
)
# The words a web forum page uses for itself.
WEB_FORUM_WORDS = ("论坛", "forum", "bbs", "论坛")
# Phrases that attach an event to the occasion an article reports: what is
# signed or unveiled in the same sentence takes place at that occasion (a side
# event, listed in ``Analysis.also``).
SIDE_EVENT_MARKERS_ZH = (
    "会上",
    "会中，",
    "会期间",  # 大会期间, 博览会期间, 展会期间
    "会议期间",
    "展期间",
    "论坛期间",
    "峰会期间",
    "活动期间",
    "仪式上",
    "式上",  # 开幕式上, 闭幕式上, 启动仪式上
    "活动上",
    "活动中",
    "活动现场",
    "会现场",
    "仪式现场",
    "现场签约",
    "现场签署",
    "现场签订",
    "同期",
    "还将举行",
    "同时举行",
    "同时举办",
    "并举行",
    "还举行",
)
# English: "at the opening ceremony", "during the expo", "was also launched at".
SIDE_EVENT_PLACES_EN = (
    "ceremony",
    "event",
    "forum",
    "conference",
    "expo",
    "summit",
    "meeting",
    "exhibition",
    "fair",
    "symposium",
    "seminar",
    "congress",
    "gathering",
    "session",
)
SIDE_EVENT_PREPOSITIONS_EN = (
    "at",
    "during",
    "on the sidelines of",
    "as part of",
    "on the occasion of",
)
# A forum in a headline is the setting, not the news, when these follow it
# ("在进博会上签约", "博览会期间签署"); English says "at/during the … Expo" (the
# side-event prepositions above).  With a signing or a launch in the same
# headline, that one is the main event and the forum is listed in ``also``.
SETTING_AFTER_ZH = ("上", "期间", "现场", "期间", "现场")
# Extra signing verbs that only count next to a side-event phrase: "续签" (renewed).
SIDE_SIGNING_ZH = ("签约", "签署", "签订", "续签", "签约", "签署", "签订", "续签")
# A title part naming the site, not the story ("… - 人民网", "… | Powered by
# Discuz!"): these words anywhere in it ...
SITE_NAME_WORDS = (
    "powered by",
    "discuz",
    "official website",
    "homepage",
    "官网",
    "官方网站",
    "门户网站",
    "网站",
    "首页",
    "频道",
)
# ... or, after " - ", " | " or "_", these endings ("健康论坛 - 江城健康社区").
SITE_NAME_ENDINGS_ZH = (
    "网",
    "论坛",
    "社区",
    "日报",
    "晚报",
    "报社",
    "在线",
    "门户",
)

# --------------------------------------------------------------------------
# Page furniture where a headline should be (crawler.analysis.headline.find_headline).
# Texts copied from pages often begin with a site name, a breadcrumb, a
# login bar, a date stamp or a salutation instead of the headline.
# --------------------------------------------------------------------------

# "原标题：…", "Title: …": a label before the real headline (the rest is kept).
HEADLINE_LABELS = ("原标题", "标题", "题目", "title", "headline")
# Where-am-I and menu words: a line holding them is navigation.
NAVIGATION_WORDS = (
    "当前位置",
    "您的位置",
    "你的位置",
    "所在位置",
    "首页",
    "登录",
    "注册",
    "返回顶部",
    "you are here",
    "home",
    "menu",
    "log in",
    "login",
    "sign in",
    "sign up",
    "subscribe",
    "skip to",
)
BREADCRUMB_MARKS = (">", "»", "›", "→", ">", "》》")
# A short line ending like this names a site, a newspaper or a bureau.
MASTHEAD_ENDINGS = (
    "news",
    "news network",
    "network",
    "online",
    "daily",
    "times",
    "post",
    "bureau",
    "desk",
    "网",
    "官网",
    "报",
    "电视台",
    "新闻",
)

# People named by the body they belong to ("全国政协委员", "人大代表"): the
# body's name in them is no session of it (crawler.analysis.topics).
MEMBERS_OF_BODIES = (
    "政协委员",
    "政协副主席",
    "政协主席",
    "政协常委",
    "人大代表",
    "人大常委",
    "cppcc member",
    "deputy to the",
)
