"""Watching a site from its URL alone: the heuristics (pure) and the dry
run of ``sites add`` (against a real local server)."""

from __future__ import annotations

import pytest
from localsite import news_article, news_listing

from spiders.discovery import (
    article_links,
    article_score,
    feed_entries,
    feed_links,
    listing_block,
    newest_first,
    parse,
    robots_sitemaps,
    sitemap_entries,
    url_only_links,
)
from spiders.probe import ProbeError, http_fetch, probe_site

BASE = "http://www.example.gov.cn/news/"


def test_feed_links_announced_by_the_page():
    html = """<html><head>
    <link rel="alternate" type="application/rss+xml" href="/rss/health.xml">
    <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://www.example.gov.cn/atom.xml">
    <link rel="alternate" hreflang="zh" href="/zh/">
    <link rel="stylesheet" type="text/css" href="/a.css">
    </head></html>"""
    assert feed_links(html, BASE) == [
        "http://www.example.gov.cn/rss/health.xml",
        "https://www.example.gov.cn/atom.xml",
    ]


def test_robots_names_sitemaps():
    robots = (
        "User-agent: *\nDisallow: /admin/\nSitemap: /sitemap_news.xml\nsitemap:https://x.cn/s.xml\n"
    )
    assert robots_sitemaps(robots, BASE) == [
        "http://www.example.gov.cn/sitemap_news.xml",
        "https://x.cn/s.xml",
    ]


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("http://www.beijingetown.com.cn/2024-05/28/c_990954.htm", True),
        ("http://bj.people.com.cn/n2/2022/1027/c82840-40171234.html", True),
        ("https://news.cctv.com/2024/04/16/ARTIabc123.shtml", True),
        ("https://www.chinadaily.com.cn/a/202404/16/WS661e1a2ba31082fc043c2467.html", True),
        ("http://wjw.beijing.gov.cn/xwzx_20031/wnxw/202404/t20240418_3622456.html", True),
        ("http://www.example.gov.cn/news/index.html", False),
        ("http://www.example.gov.cn/news/", False),
        ("http://www.example.gov.cn/news/list_2.html", False),
        ("http://www.example.gov.cn/about.html", False),
        ("http://www.example.gov.cn/2024/04/16/report.pdf", False),
    ],
)
def test_article_score_tells_articles_from_sections(url, article):
    assert (article_score(url) >= 3) is article


def test_article_links_keep_articles_of_the_site_in_page_order():
    html = """<html><body>
    <a href="/">Home</a><a href="/news/index.html">News</a><a href="/tag/health">Health</a>
    <a href="/news/2024/05/02/forum-10231.html">Forum on biomedicine opens in E-Town</a>
    <a href="2024/05/01/c_10220.htm">Hospital alliance launched in Daxing</a>
    <a href="/news/2024/05/02/forum-10231.html#top">Forum on biomedicine opens in E-Town</a>
    <a href="http://elsewhere.cn/2024/05/01/c_1.htm">Another site's article headline</a>
    <a href="/news/10240.html">More</a>
    <a href="/news/10250.html">Beijing opens a rare disease centre</a>
    <a href="javascript:void(0)">Share this article now</a>
    </body></html>"""
    assert article_links(html, BASE) == [
        "http://www.example.gov.cn/news/2024/05/02/forum-10231.html",
        "http://www.example.gov.cn/news/2024/05/01/c_10220.htm",
        "http://www.example.gov.cn/news/10250.html",  # an id, no date: the headline decides
    ]


def test_feed_and_sitemap_entries():
    rss = b'<?xml version="1.0" encoding="gb2312"?><rss><channel><item><link> /a/1.html </link></item><item><link>http://x.cn/a/2.html</link></item></channel></rss>'
    assert feed_entries(rss, "http://x.cn/rss.xml") == [
        "http://x.cn/a/1.html",
        "http://x.cn/a/2.html",
    ]
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/b/3.html"/><link rel="enclosure" href="/b/3.mp3"/></entry></feed>'
    assert feed_entries(atom, "http://x.cn/") == ["http://x.cn/b/3.html"]
    news = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>http://x.cn/old.html</loc><lastmod>2024-01-01</lastmod></url>
    <url><loc>http://x.cn/undated.html</loc></url>
    <url><loc>http://x.cn/new.html</loc><news:news><news:publication_date>2024-05-02T08:00:00+08:00</news:publication_date></news:news></url>
    </urlset>"""
    kind, entries = sitemap_entries(news)
    assert kind == "urlset"
    assert newest_first(entries, 2) == ["http://x.cn/new.html", "http://x.cn/old.html"]
    assert sitemap_entries(b"not xml at all")[1] == []


# --------------------------------------------------------------------------
# The dry run, against a real local server
# --------------------------------------------------------------------------

ARTICLES = ["/news/2024/05/01/forum-10001.html", "/news/2024/05/02/launch-10002.html"]


def probe(site):
    return probe_site(f"{site.url}/news/", http_fetch("healthwatch-test"))


def test_probe_prefers_the_announced_feed(local_site):
    feed = "".join(f"<item><link>{local_site.url}{path}</link></item>" for path in ARTICLES)
    local_site.add("/rss.xml", f"<rss><channel>{feed}</channel></rss>", "application/rss+xml")
    head = '<head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
    local_site.add("/news/", news_listing(ARTICLES).replace("<body>", head + "<body>"))
    found = probe(local_site)
    assert found.source == "feeds"
    assert found.feeds == {f"{local_site.url}/rss.xml": [local_site.url + p for p in ARTICLES]}
    assert found.sitemaps == {}  # a feed is enough: no sitemap requests
    assert "/robots.txt" not in local_site.hits


def test_probe_finds_a_common_feed_path(local_site):
    feed = f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="{ARTICLES[0]}"/></entry></feed>'
    local_site.add("/atom.xml", feed, "text/xml")
    local_site.add("/news/", news_listing(ARTICLES))
    found = probe(local_site)
    assert found.source == "feeds"
    assert found.articles() == [local_site.url + ARTICLES[0]]


def test_probe_reads_sitemaps_named_in_robots_txt(local_site):
    local_site.add("/robots.txt", "User-agent: *\nSitemap: /maps/index.xml\n", "text/plain")
    local_site.add(
        "/maps/index.xml",
        f"<sitemapindex><sitemap><loc>{local_site.url}/maps/old.xml</loc><lastmod>2023-01-01</lastmod></sitemap>"
        f"<sitemap><loc>{local_site.url}/maps/new.xml</loc><lastmod>2024-05-02</lastmod></sitemap></sitemapindex>",
        "application/xml",
    )
    urls = "".join(f"<url><loc>{local_site.url}{p}</loc></url>" for p in ARTICLES)
    local_site.add("/maps/new.xml", f"<urlset>{urls}</urlset>", "application/xml")
    local_site.add("/news/", "<html><body><p>Our news</p></body></html>")
    found = probe(local_site)
    assert found.source == "sitemaps"
    assert found.articles() == [local_site.url + p for p in ARTICLES]
    assert "/maps/old.xml" not in local_site.hits  # only the newest child of the index


def test_probe_falls_back_to_article_looking_links(local_site):
    local_site.add("/news/", news_listing(ARTICLES))
    found = probe(local_site)
    assert found.source == "listing"
    assert found.articles() == [local_site.url + p for p in ARTICLES]


def test_probe_of_a_page_without_anything_to_collect(local_site):
    local_site.add("/news/", news_listing([]))
    assert probe(local_site).source is None


def test_probe_of_a_missing_page_says_why(local_site):
    with pytest.raises(ProbeError, match="HTTP 404"):
        probe(local_site)


def test_article_pages_of_the_local_site_are_articles(local_site):
    """The helper pages used by the crawl tests extract as articles."""
    from crawler.crawl.extract import extract_article
    from crawler.items import FetchedPage

    page = FetchedPage(url="http://x/a.html", site="x", body=news_article("Forum", 2).encode())
    assert extract_article(page).published.isoformat() == "2024-05-02"


# --------------------------------------------------------------------------
# Plain listings: a block of repeated headline links, whatever the URLs look like
# --------------------------------------------------------------------------

GOV = "http://wsjkw.example.gov.cn/xwzx/wnxw/"
MENU = (
    '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li>'
    '<li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li>'
    '<li><a href="/hdjl/">互动交流</a></li></ul></div>'
)
FOOTER = (
    '<div class="footer"><a href="/about.html">关于我们网站介绍</a> '
    '<a href="/sitemap.html">网站地图导航页面</a> <a href="http://www.gov.cn/">中国政府网首页</a></div>'
)
HEADLINES = [
    "市卫生健康委召开医药健康产业协同创新大会",
    "全市医疗机构开展质量安全提升行动",
    "生物医药产业园签约十二个重点项目",
    "国家医学中心建设推进会在京召开",
    "互联网医院监管平台正式上线运行",
    "中医药传承创新发展论坛举办",
]


def ul_listing(count: int = 100) -> str:
    """The issue's case: a <ul> of same-site article links whose URLs are slugs."""
    items = "".join(
        f'<li><a href="/news/hospital-directors-forum-{n}.html">Hospital directors meet at '
        f"the health industry forum, day {n}</a></li>"
        for n in range(count)
    )
    return f"<html><body>{MENU}<ul>{items}</ul>{FOOTER}</body></html>"


def trs_column() -> str:
    """A government column page (TRS CMS, like wjw.beijing.gov.cn): one row
    per item, the headline link in a text cell and a date beside it."""
    rows = "".join(
        '<div class="weinei_left_con_line"><div class="weinei_left_con_line_text">'
        f'<a href="./art_notice_{chr(97 + n)}.html" target="_blank" title="{title}">{title}</a>'
        f'</div><div class="weinei_left_con_line_date">2024-04-{18 - n:02d}</div></div>'
        for n, title in enumerate(HEADLINES)
    )
    side = '<div class="weinei_right"><a href="/xwzx/tzgg/art_side.html">关于开展年度校验工作的通知</a></div>'
    return (
        f'<html><body>{MENU}<div class="weinei_left"><div class="weinei_left_con">{rows}</div>'
        f'<div class="page"><a href="index_1.html">下一页</a></div></div>{side}{FOOTER}</body></html>'
    )


def table_listing() -> bytes:
    """An old GBK government site: a table of links, one row per notice."""
    rows = "".join(
        f'<tr><td width="80%"><a href="/zwgk/tzgg/jkxx_{chr(97 + n)}.htm" target="_blank">'
        f"{title}</a></td><td>[2024-04-{18 - n:02d}]</td></tr>"
        for n, title in enumerate(HEADLINES)
    )
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
        f'<body>{MENU}<table class="list_table">{rows}</table>{FOOTER}</body></html>'
    ).encode("gbk")


@pytest.mark.parametrize(
    ("page", "count", "selector"),
    [
        (ul_listing(), 100, "body > ul li a"),
        (trs_column(), 6, "div.weinei_left_con_line_text a"),
        (table_listing(), 6, "table.list_table td a"),
    ],
    ids=["ul-li-a", "trs-column", "gbk-table"],
)
def test_a_plain_listing_is_read_by_its_structure(page, count, selector):
    """Each link scores too low on its URL alone; the block of repeated
    headline items gives them away, and a selector reading exactly them is
    proposed."""
    assert url_only_links(page, GOV) == []
    links = article_links(page, GOV)
    assert len(links) == count
    assert all(link.startswith("http://wsjkw.example.gov.cn/") for link in links)
    block = listing_block(parse(page), GOV)
    assert block is not None and block.selector == selector and block.links == links
    # the proposed selector, as a spider would use it, reads the same links
    from spiders.base import Listing, page_response, read_listing

    assert (
        read_listing(
            Listing(links=selector),
            page_response(page if isinstance(page, bytes) else page.encode(), GOV),
        ).links
        == links
    )


def test_menus_footers_and_short_lists_are_not_listings():
    page = f"<html><body>{MENU}<ul><li><a href='/news/a-b-c-d.html'>Hospital forum opens</a></li></ul>{FOOTER}</body></html>"
    assert listing_block(parse(page), GOV) is None
    assert article_links(page, GOV) == []


def test_dry_run_proposes_a_listing_selector_when_urls_alone_are_weak(local_site):
    local_site.add("/index.html", ul_listing())
    probe = probe_site(local_site.url + "/index.html", http_fetch("test"))
    assert probe.source == "listing" and len(probe.listing) == 30  # a poll's sample
    assert probe.url_only == 0
    assert probe.proposed_listing == "body > ul li a"
