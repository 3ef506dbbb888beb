"""The demo sites, fetched through a real DemoServer the way the crawler reaches them.

No mocks: one server on a free 127.0.0.1 port per module, urllib as the client,
going through the server as an HTTP proxy (or with a Host header).
"""

from __future__ import annotations

import difflib
import html
import json
import re
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest
from parsel import Selector

from crawler.demo.content import DEMO_SITES, DemoArticle, demo_articles, load_site
from crawler.demo.server import AccessRecord, DemoServer, split_target
from crawler.event_types import type_names

SEEDS = Path("/work/shared/seeds")
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
CJK = re.compile(r"[\u4e00-\u9fff]")

# The cross-posted articles (issue 5): republications and other reports of
# an event already reported elsewhere, and two events that must stay apart.
ETOWN_CONFERENCE = "http://etown.demo.test/industries/202312/t20231221_8841.html"
NEAR_COPY = "http://cdhtma.demo.test/news/show.asp?id=1418"
CCTV_SIGNING = "http://news.cctv.demo.test/2023/08/17/ARTIq7Wm3kRfTzN8cYpLu2Hd230817.shtml"
VERBATIM_COPY = "http://bj.people.demo.test/n2/2023/0818/c14540-40555678.html"
CCTV_DIGITAL_HEALTH = "http://news.cctv.demo.test/2024/04/16/ARTIhJ3kM8sVq2WnXr5TbLc7240416.shtml"
ETOWN_DIGITAL_HEALTH = "http://etown.demo.test/industries/202404/t20240417_10046.html"
CCTV_INCUBATOR = "http://news.cctv.demo.test/2021/11/23/ARTIa3Hk9WmPq2ZxT6vLr5Ys211123.shtml"
PEOPLE_INCUBATOR = "http://bj.people.demo.test/n2/2021/1123/c14540-35019862.html"
ETOWN_INVESTMENT_FORUM = "http://etown.demo.test/industries/202405/t20240520_10187.html"
CCTV_SMART_HEALTHCARE_FORUM = (
    "http://news.cctv.demo.test/2024/05/18/ARTIk8Vn2QwEr7TyU4iOp6As240518.shtml"
)


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def charset(self) -> str:
        """From the Content-Type header, else the page's <meta>, else UTF-8 (as a browser would)."""
        if found := self.headers.get_content_charset():
            return found
        if meta := re.search(rb'charset=["\']?([\w-]+)', self.body[:1024]):
            return meta.group(1).decode("ascii")
        return "utf-8"

    @property
    def text(self) -> str:
        return self.body.decode(self.charset)


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running


def fetch(server: DemoServer, url: str, **headers: str) -> Reply:
    """GET url with the demo server as the HTTP proxy; HTTP errors become replies too."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.url}))
    request = urllib.request.Request(
        url, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )
    try:
        with opener.open(request, timeout=5) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


def follow_listing(server: DemoServer, start: str) -> tuple[list[str], int]:
    """Every item link on a paginated listing, following a.next; and the page count."""
    links: list[str] = []
    url: str | None = start
    pages = 0
    while url:
        reply = fetch(server, url)
        assert reply.status == 200, url
        page = Selector(text=reply.text)
        items = page.css("ul.news-list a, div.list a.title, ul.list_16 a").xpath("@href").getall()
        links += [urljoin(url, href) for href in items]
        pages += 1
        following = page.css("a.next::attr(href)").get()
        url = urljoin(url, following) if following else None
    return links, pages


def test_article_counts_and_types() -> None:
    articles = demo_articles()
    assert len(articles) == 36
    assert sum(a.expected_type == "other" for a in articles) >= 5
    assert {a.expected_type for a in articles} == set(type_names())
    per_site = Counter(a.site for a in articles)
    assert set(per_site) == set(DEMO_SITES)
    assert min(per_site.values()) >= 4
    assert len({a.url for a in articles}) == len(articles)
    assert all("2020-01-01" <= a.published <= "2024-12-31" for a in articles)
    assert all(a.url.startswith(f"http://{DEMO_SITES[a.site]}/") for a in articles)
    assert {a.url: a.duplicate_of for a in articles if a.duplicate_of} == {
        VERBATIM_COPY: CCTV_SIGNING,
        NEAR_COPY: ETOWN_CONFERENCE,
    }
    assert {a.url: a.same_event_as for a in articles if a.same_event_as} == {
        ETOWN_DIGITAL_HEALTH: CCTV_DIGITAL_HEALTH,
        PEOPLE_INCUBATOR: CCTV_INCUBATOR,
    }
    # one alert per event: 36 pages, 11 not events, 4 later reports of 4 events
    events = [a for a in articles if a.expected_type != "other"]
    assert len(events) == 25
    assert len([a for a in events if not (a.duplicate_of or a.same_event_as)]) == 21


def test_cross_references_point_to_first_reports() -> None:
    """duplicate_of / same_event_as name an earlier demo article on another site."""
    articles = {a.url: a for a in demo_articles()}
    for later in articles.values():
        target = later.duplicate_of or later.same_event_as
        if target is None:
            continue
        assert not (later.duplicate_of and later.same_event_as), later.url
        first = articles[target]  # an existing demo URL
        assert first.site != later.site
        assert first.duplicate_of is None and first.same_event_as is None, "not a first report"
        assert first.published <= later.published
        assert first.expected_type == later.expected_type != "other"


def test_oracle_defaults_keep_old_callers_working() -> None:
    article = DemoArticle(
        "demo_etown", "http://etown.demo.test/x", "t", "2024-01-01", "other", None
    )
    assert article.same_event_as is None


def test_every_article_is_served_with_its_title(server: DemoServer) -> None:
    for article in demo_articles():
        reply = fetch(server, article.url)
        assert reply.status == 200, article.url
        assert reply.headers.get_content_type() == "text/html"
        assert article.title in html.unescape(reply.text), article.url


def test_host_header_routing_without_proxy(server: DemoServer) -> None:
    request = urllib.request.Request(f"{server.url}/", headers={"Host": "etown.demo.test"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert b"/industries/index.html" in response.read()


def test_unknown_host_and_path_are_404(server: DemoServer) -> None:
    assert fetch(server, "http://unknown.demo.test/").status == 404
    assert fetch(server, "http://etown.demo.test/no/such/page.html").status == 404
    assert fetch(server, "http://cdhtma.demo.test/news/show.asp?id=1").status == 404


def test_people_pages_are_really_gbk(server: DemoServer) -> None:
    site = load_site("demo_people_bj")
    bodies = [fetch(server, a.url) for a in site.articles]
    for reply in bodies:
        assert reply.headers["Content-Type"] == "text/html"  # no charset: the meta decides
        assert b'<meta http-equiv="Content-Type" content="text/html; charset=GBK" />' in reply.body
        assert reply.charset == "GBK"
    for reply in bodies:  # even the English page has Chinese page chrome
        with pytest.raises(UnicodeDecodeError):
            reply.body.decode("utf-8")
    everything = b"".join(r.body for r in bodies)
    for char in "喆镕":  # in GBK, not in GB2312
        with pytest.raises(UnicodeEncodeError):
            char.encode("gb2312")
        assert char.encode("gbk") in everything


def test_rss_feed_lists_the_cctv_articles(server: DemoServer) -> None:
    home = Selector(text=fetch(server, "http://news.cctv.demo.test/").text)
    feed_href = home.css('link[rel=alternate][type="application/rss+xml"]::attr(href)').get()
    assert feed_href == "/rss/health.xml"
    reply = fetch(server, urljoin("http://news.cctv.demo.test/", feed_href))
    assert reply.status == 200
    channel = ET.fromstring(reply.body).find("channel")
    assert channel is not None
    items = channel.findall("item")
    cctv = [a for a in demo_articles() if a.site == "demo_cctv"]
    assert {i.findtext("link") for i in items} == {a.url for a in cctv}
    by_url = {a.url: a for a in cctv}
    for item in items:
        article = by_url[item.findtext("link", "")]
        assert item.findtext("title") == article.title
        assert (
            parsedate_to_datetime(item.findtext("pubDate", "")).date().isoformat()
            == article.published
        )
        assert item.findtext("description")


def test_sitemap_lists_the_people_articles(server: DemoServer) -> None:
    robots = fetch(server, "http://bj.people.demo.test/robots.txt").text
    assert "Sitemap: http://bj.people.demo.test/sitemap.xml" in robots
    reply = fetch(server, "http://bj.people.demo.test/sitemap.xml")
    urls = ET.fromstring(reply.body).findall("sm:url", SITEMAP_NS)
    found = {
        u.findtext("sm:loc", "", SITEMAP_NS): u.findtext("sm:lastmod", "", SITEMAP_NS) for u in urls
    }
    people = {a.url: a.published for a in demo_articles() if a.site == "demo_people_bj"}
    assert found == people


@pytest.mark.parametrize("host", DEMO_SITES.values())
def test_robots_allows_everything(server: DemoServer, host: str) -> None:
    reply = fetch(server, f"http://{host}/robots.txt")
    assert reply.status == 200
    assert "User-agent: *" in reply.text
    assert "Disallow:\n" in reply.text


@pytest.mark.parametrize(
    ("site", "channel", "start"),
    [
        ("demo_etown", "industries", "http://etown.demo.test/industries/index.html"),
        ("demo_etown", "notices", "http://etown.demo.test/notices/index.html"),
        ("demo_cdhtma", "news", "http://cdhtma.demo.test/news/list.asp?page=1"),
        ("demo_people_bj", "14540", "http://bj.people.demo.test/GB/14540/index.html"),
    ],
)
def test_pagination_reaches_every_article(
    server: DemoServer, site: str, channel: str, start: str
) -> None:
    data = load_site(site)
    links, pages = follow_listing(server, start)
    expected = {a.url for a in data.newest_first(channel)}
    expected |= {f"http://{data.host}{a.path}" for a in data.attachments if a.channel == channel}
    assert sorted(links) == sorted(expected)
    if len(expected) > 3:
        assert pages >= 2


def test_home_pages_link_to_their_channels(server: DemoServer) -> None:
    wanted = {
        "etown.demo.test": ["/industries/index.html", "/notices/index.html"],
        "cdhtma.demo.test": ["/news/list.asp?page=1"],
        "bj.people.demo.test": ["/GB/14540/index.html"],
        "news.cctv.demo.test": ["/rss/health.xml"],
    }
    for host, hrefs in wanted.items():
        page = fetch(server, f"http://{host}/").text
        for href in hrefs:
            assert f'href="{href}"' in page, (host, href)


def test_attachment_is_a_pdf_not_an_article(server: DemoServer) -> None:
    url = "http://cdhtma.demo.test/upload/2020/notice.pdf"
    reply = fetch(server, url)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/pdf"
    assert reply.body.startswith(b"%PDF-")
    assert url not in {a.url for a in demo_articles()}


@pytest.mark.parametrize(
    "url",
    [
        "http://etown.demo.test/industries/index.html",
        "http://cdhtma.demo.test/news/list.asp?page=2",
        "http://news.cctv.demo.test/rss/health.xml",
        "http://bj.people.demo.test/sitemap.xml",
    ],
)
def test_conditional_get_answers_304(server: DemoServer, url: str) -> None:
    first = fetch(server, url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status == 200
    assert etag
    assert modified
    assert fetch(server, url, If_None_Match=etag).status == 304
    assert fetch(server, url, If_Modified_Since=modified).status == 304
    assert fetch(server, url, If_None_Match='"stale"').status == 200
    assert fetch(server, url, If_Modified_Since="Mon, 01 Jan 2018 00:00:00 GMT").status == 200
    # If-None-Match wins: a stale ETag with a fresh date still gets the page.
    assert fetch(server, url, If_None_Match='"stale"', If_Modified_Since=modified).status == 200
    not_modified = fetch(server, url, If_None_Match=etag)
    assert not_modified.body == b""
    assert not_modified.headers["ETag"] == etag


def settled_log(server: DemoServer) -> list[AccessRecord]:
    """The access log once it stops growing: a handler logs a request after answering it."""
    previous, current = None, server.access_log
    while current != previous:
        time.sleep(0.05)
        previous, current = current, server.access_log
    return current


def test_access_log_records_requests(server: DemoServer) -> None:
    before = len(settled_log(server))
    fetch(server, "http://etown.demo.test/notices/index.html")
    fetch(server, "http://nowhere.demo.test/x")
    etag = fetch(server, "http://etown.demo.test/").headers["ETag"]
    fetch(server, "http://etown.demo.test/", If_None_Match=etag)
    assert settled_log(server)[before:] == [
        AccessRecord("etown.demo.test", "/notices/index.html", 200, "GET"),
        AccessRecord("nowhere.demo.test", "/x", 404, "GET"),
        AccessRecord("etown.demo.test", "/", 200, "GET"),
        AccessRecord("etown.demo.test", "/", 304, "GET"),
    ]


# Where each site puts the parts of an article page: title, date line, body.
PAGE_PARTS = {
    "demo_etown": ("h1", "div.info", "div.article p"),
    "demo_cdhtma": ("div.content h2", "div.content div.info", "div.text p"),
    "demo_people_bj": ("h1", "div.box01 div.fl", "div.rm_txt_con p"),
    "demo_cctv": ("h1", "div.info", "div#content_area p"),
    "demo_cctv_js": ("h1", "div.info", "div#content_area p"),
    "demo_wsjkw": ("div.article h2.title", "div.fbxx", "div#zoom p"),
}


def body_of(server: DemoServer, site: str, url: str) -> tuple[str, str, list[str]]:
    title, info, paragraphs = PAGE_PARTS[site]
    page = Selector(text=fetch(server, url).text)
    return (
        page.css(title).xpath("string()").get("").strip(),
        page.css(info).xpath("string()").get("").strip(),
        [p.xpath("string()").get("").strip() for p in page.css(paragraphs)],
    )


def test_article_pages_follow_their_site_layout(server: DemoServer) -> None:
    scripted = {a.url for a in load_site("demo_cctv_js").articles if a.script_body}
    for article in demo_articles():
        title, info, paragraphs = body_of(server, article.site, article.url)
        assert title == article.title
        assert bool(paragraphs) != (article.url in scripted), article.url
        assert article.published.replace("-", "") in re.sub(r"\D", "", info) or (
            article.site == "demo_people_bj" and "October 27, 2022" in info
        )
    etown = fetch(server, "http://etown.demo.test/industries/202312/t20231221_8841.html").text
    assert "Home> Industries" in Selector(text=etown).css("div.crumb").xpath("string()").get("")
    assert "Updated: 2023-12-21" in etown
    assert '<p class="caption">A poster for the first' in etown
    cdhtma = fetch(server, "http://cdhtma.demo.test/news/show.asp?id=1187").text
    assert "Author:党群服务与组织管理  Addtime:2020-11-05" in cdhtma
    assert "Chen Qi 勲" in cdhtma
    people = Selector(
        text=fetch(server, "http://bj.people.demo.test/n2/2023/0609/c14540-40453021.html").text
    )
    assert people.css("div.route").xpath("string()").get("") == "人民网>>北京频道>>财经"
    assert (
        people.css("div.box01 div.fl::text").get() == "2023年06月09日10:48 | 来源：人民网－北京频道"
    )


def test_cctv_boilerplate_stays_outside_the_content(server: DemoServer) -> None:
    url = "http://news.cctv.demo.test/2024/04/16/ARTIhJ3kM8sVq2WnXr5TbLc7240416.shtml"
    page = Selector(text=fetch(server, url).text)
    assert page.css("div.info::text").get() == "来源：央视网 | 2024-04-16 13:07:45"
    content = page.css("div#content_area").xpath("string()").get("")
    everything = page.xpath("string(//body)").get("")
    for chrome in ("编辑：", "返回顶部", "精彩推荐"):
        assert chrome in everything
        assert chrome not in content


def test_duplicate_is_a_verbatim_republication(server: DemoServer) -> None:
    articles = {a.url: a for a in demo_articles()}
    copy, original = articles[VERBATIM_COPY], articles[CCTV_SIGNING]
    assert copy.duplicate_of == original.url
    assert (copy.title, copy.expected_type) == (original.title, original.expected_type)
    copied = body_of(server, copy.site, copy.url)
    source = body_of(server, original.site, original.url)
    assert copied[0] == source[0]
    assert copied[2] == source[2]
    assert "来源：央视网" in copied[1]


def words(paragraphs: list[str]) -> list[str]:
    return re.findall(r"[\w'-]+", " ".join(paragraphs).casefold())


def test_near_duplicate_is_a_lightly_edited_copy(server: DemoServer) -> None:
    articles = {a.url: a for a in demo_articles()}
    copy, original = articles[NEAR_COPY], articles[ETOWN_CONFERENCE]
    assert copy.duplicate_of == original.url
    assert copy.expected_type == original.expected_type == "forum"
    copy_title, _, copy_body = body_of(server, copy.site, copy.url)
    title, _, body = body_of(server, original.site, original.url)
    copy_text = [p for p in copy_body if p]
    text = [p for p in body if p]
    # not an exact copy: other title and lead, a paragraph dropped, a source line added
    assert copy_title != title
    assert copy_text != text
    assert copy_text[0] != text[0]
    assert copy_text[0].startswith("According to the website of Beijing E-Town")
    assert copy_text[-1] == "(Source: Beijing E-Town official website)"
    assert any(p not in copy_text for p in text)
    # ... but most of it is the original, word for word
    ratio = difflib.SequenceMatcher(None, words(text), words(copy_text), autojunk=False).ratio()
    assert 0.8 <= ratio < 1.0


# What the two reports of one event both say: (later report, first report).
SAME_EVENT_FACTS = {
    ETOWN_DIGITAL_HEALTH: (
        ["April 19", "Changping", "People's Government of Changping District", "1+3+1"],
        ["4月19日", "昌平", "北京市昌平区人民政府", "1+3+1"],
    ),
    PEOPLE_INCUBATOR: (
        ["22日", "天府国际生物城", "细胞治疗", "3万平方米"],
        ["11月22日", "天府国际生物城", "细胞治疗", "3万平方米"],
    ),
}


@pytest.mark.parametrize("url", SAME_EVENT_FACTS)
def test_same_event_report_is_not_a_copy(server: DemoServer, url: str) -> None:
    articles = {a.url: a for a in demo_articles()}
    later = articles[url]
    first = articles[later.same_event_as or ""]
    assert later.duplicate_of is None
    later_title, _, later_body = body_of(server, later.site, later.url)
    first_title, _, first_body = body_of(server, first.site, first.url)
    later_text, first_text = " ".join(later_body), " ".join(first_body)
    assert later_title != first_title
    assert not set(filter(None, later_body)) & set(filter(None, first_body))
    assert difflib.SequenceMatcher(None, later_text, first_text, autojunk=False).ratio() < 0.5
    later_facts, first_facts = SAME_EVENT_FACTS[url]
    assert all(fact in later_text for fact in later_facts)
    assert all(fact in first_text for fact in first_facts)


def test_cross_language_report_is_english_a_day_later() -> None:
    articles = {a.url: a for a in demo_articles()}
    english, chinese = articles[ETOWN_DIGITAL_HEALTH], articles[CCTV_DIGITAL_HEALTH]
    assert english.same_event_as == chinese.url
    assert (english.published, chinese.published) == ("2024-04-17", "2024-04-16")
    site = load_site("demo_etown")
    (data,) = [a for a in site.articles if a.url == english.url]
    assert not any(CJK.search(p.text) for p in data.body)
    assert CJK.search(chinese.title)


def test_same_day_forums_in_e_town_are_different_events(server: DemoServer) -> None:
    """Hard negative: same day, same place, both forums, yet two events."""
    articles = {a.url: a for a in demo_articles()}
    investment, smart = articles[ETOWN_INVESTMENT_FORUM], articles[CCTV_SMART_HEALTHCARE_FORUM]
    for article in (investment, smart):
        assert article.expected_type == "forum"
        assert article.duplicate_of is None and article.same_event_as is None
        assert not any(a.same_event_as == article.url for a in articles.values())
    investment_text = " ".join(body_of(server, investment.site, investment.url)[2])
    smart_text = " ".join(body_of(server, smart.site, smart.url)[2])
    assert "in Beijing E-Town on May 18" in investment_text
    assert "5月18日" in smart_text and "北京经济技术开发区" in smart_text
    assert "Biomedicine Investment Forum" in investment_text
    assert "智慧医疗论坛" in smart_text
    assert "智慧医疗" not in investment_text and "投资" not in smart_text


def seed_lines(name: str) -> set[str]:
    return {line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not available")
@pytest.mark.parametrize(
    ("seed", "site", "path"),
    [
        ("000_8c754d3845346462.txt", "demo_etown", "/industries/202312/t20231221_8841.html"),
        ("001_f1e248e0704a5347.txt", "demo_cdhtma", "/news/show.asp?id=1187"),
        ("002_bdc58d7a52a4894a.txt", "demo_etown", "/notices/202304/t20230414_6621.html"),
        ("003_7c4a680e3220179c.txt", "demo_people_bj", "/n2/2022/1027/c14540-40172345.html"),
        (
            "004_1fbe7577d3e6e94e.txt",
            "demo_cctv",
            "/2024/04/16/ARTIhJ3kM8sVq2WnXr5TbLc7240416.shtml",
        ),
    ],
)
def test_seed_texts_are_copied_verbatim(seed: str, site: str, path: str) -> None:
    lines = seed_lines(seed)
    (article,) = [a for a in load_site(site).articles if a.path == path]
    assert article.title in lines
    assert all(p.text in lines for p in article.body)
    assert len(article.body) >= 5


def test_stop_is_idempotent_and_keeps_the_log() -> None:
    demo = DemoServer()
    demo.start()
    url = demo.url
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
    fetch(demo, "http://news.cctv.demo.test/robots.txt")
    demo.stop()
    demo.stop()
    assert demo.access_log == [AccessRecord("news.cctv.demo.test", "/robots.txt", 200, "GET")]
    with pytest.raises(RuntimeError):
        _ = demo.url


def test_target_parsing() -> None:
    assert split_target("http://Etown.demo.test:80/a?b=1", "") == ("etown.demo.test", "/a?b=1")
    assert split_target("http://etown.demo.test", "") == ("etown.demo.test", "/")
    assert split_target("/x?u=http://a.b/", "cdhtma.demo.test:8080") == (
        "cdhtma.demo.test",
        "/x?u=http://a.b/",
    )
    assert split_target("/", "") == ("", "/")


def test_cctv_js_listing_is_an_empty_shell_filled_from_json(server: DemoServer) -> None:
    """Without JavaScript the listing offers no article; its data endpoint lists them all."""
    site = load_site("demo_cctv_js")
    shell = fetch(server, "http://health.cctv.demo.test/health/index.shtml").text
    assert not Selector(text=shell).css("#newslist a")
    assert "正在加载" in shell
    data_path = re.search(r'fetch\("([^"]+)"\)', shell)
    assert data_path is not None
    reply = fetch(server, f"http://health.cctv.demo.test{data_path.group(1)}")
    assert reply.headers.get_content_type() == "application/json"
    listed = [item["url"] for item in json.loads(reply.text)["data"]["list"]]
    assert listed == [a.url for a in site.newest_first()]


def test_cctv_js_scripted_body_is_served_as_json_only(server: DemoServer) -> None:
    (article,) = [a for a in load_site("demo_cctv_js").articles if a.script_body]
    page = fetch(server, article.url).text
    assert article.body[0].text not in page
    data_path = re.search(r'fetch\("([^"]+)"\)', page)
    assert data_path is not None
    data = json.loads(fetch(server, f"http://health.cctv.demo.test{data_path.group(1)}").text)
    assert data["content"] == [p.text for p in article.body]


def test_wsjkw_column_hides_its_items_in_script_xml_records(server: DemoServer) -> None:
    """No <a> to an article in the page's markup: the list items are HTML
    inside CDATA records of a <script type="text/xml"> datastore."""
    page = fetch(server, "http://wsjkw.demo.test/col/col1229123/index.html").text
    outside = Selector(text=page).css("a").xpath("@href").getall()
    assert not [href for href in outside if "/art/" in href]
    (block,) = Selector(text=page).css('script[type="text/xml"]::text').getall()
    records = Selector(text=block, type="xml").css("recordset record")
    hrefs = [Selector(text=r.xpath("string()").get()).css("a::attr(href)").get() for r in records]
    data = load_site("demo_wsjkw")
    assert hrefs == [a.path for a in data.newest_first()]
