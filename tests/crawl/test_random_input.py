"""Whatever bytes a site sends, the pure readers give an answer, never an
exception (property tests, Hypothesis): discovery (feeds, sitemaps,
robots.txt, article links), a spider's listing, feed and sitemap callbacks,
extraction (``PageError`` says why a page is no article) and analysis.

The inputs are random bytes and text, and tag soup built from the pieces
real pages break parsers with: unclosed and misnested tags, CDATA and
comments cut short, entities of lone surrogates and NUL, control
characters, bad charsets, links with unclosed IPv6 brackets and bad ports.
"""

from __future__ import annotations

import datetime as dt

import scrapy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.analysis import analyse
from crawler.crawl.extract import PageError, extract_article
from crawler.crawl.listing import Listing, page_response, read_listing
from crawler.items import Article, FetchedPage
from spiders.base import SiteSpider
from spiders.discovery import (
    article_links,
    feed_entries,
    feed_links,
    is_feed,
    is_sitemap,
    newest_first,
    plain_text,
    robots_sitemaps,
    sitemap_entries,
)

BASE = "http://example.org/news/"
PIECES = [
    "<html>", "<head>", "<title>Forum</title>", "<body>", "</body>", "<h1>Health forum</h1>",
    "<p>", "</p>", "<div class='article'>", "</div>", "<ul class='news-list'>", "<li>",
    "<a href='/2024/05/01/a.html'>A health forum opened in Beijing</a>",
    "<a href='http://[::1/x'>bad</a>", "<a href='http://x.org:99999/a'>port</a>",
    "<a href='javascript:void(0)'>js</a>", "<a href='\x01/c.html'>", "<a class='next' href='?p=2'>",
    "<link rel='alternate' type='application/rss+xml' href='/feed'>",
    "<link rel='alternate' type='application/rss+xml' href='http://[::1'>",
    "<script>var a='</p>';</script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>",
    "<?xml version='1.0'?>", "<rss>", "<channel>", "<item>", "<link>", "</link>",
    "<entry>", "<link href='/e.html'/>", "<urlset>", "<sitemapindex>", "<url>", "<sitemap>",
    "<loc>", "</loc>", "<lastmod>2024-05-01</lastmod>", "<lastmod>not a date</lastmod>",
    "&#0;", "&#xD800;", "&#1114112;", "&bogus;", "&amp;", "\x00", "\x01", "\x0b", "\x7f",
    "\ufeff", "\u2028", "健康产业论坛在北京举行", "May 5, 2024", "2024年5月5日",
    "<meta charset='gb2312'>", "<meta charset='utf-8'>", "<table><tr><td>", "<math>", "<svg>",
    "The health forum gathered hospital directors in Beijing on May 5, 2024. ",
]  # fmt: skip
SOUP = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"])
BODIES = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda s, enc: s.encode(enc, "replace"), SOUP, ENCODINGS),
    st.builds(lambda s: s.encode("utf-8", "surrogatepass"), st.text(max_size=500)),
)
TEXTS = st.one_of(st.text(max_size=500), SOUP)
CONTENT_TYPES = st.sampled_from(
    ["", "text/html", "text/html; charset=utf-8", "text/html; charset=gbk",
     "text/html; charset=bogus", "application/xml", "image/png"]
)  # fmt: skip
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def text_of(body: bytes) -> str:
    return body.decode("utf-8", "replace")


@FAST
@given(BODIES)
@example(b"")
@example(b"<?xml version='1.0'?>")
@example(b"\x00\x01")
@example(b"<urlset><url><loc>http://[::1/x</loc></url>")
def test_discovery_reads_any_body(body: bytes) -> None:
    kind, entries = sitemap_entries(body)
    assert kind in {"", "urlset", "sitemapindex"} or isinstance(kind, str)
    assert len(newest_first(entries, 5)) <= 5
    assert all(isinstance(url, str) for url in feed_entries(body, BASE))
    assert isinstance(is_feed(body), bool) and isinstance(is_sitemap(body), bool)
    for read in (feed_links, article_links):
        assert all(url.startswith("http") for url in read(body, BASE))
        assert isinstance(read(text_of(body), BASE), list)
    assert isinstance(robots_sitemaps(text_of(body), BASE), list)
    assert isinstance(plain_text(text_of(body)), str)


class Site(SiteSpider):
    name = "random_site"
    listing = Listing(links="ul.news-list a", next_page="a.next")


@FAST
@given(BODIES, CONTENT_TYPES)
def test_a_spider_reads_any_listing_feed_or_sitemap(body: bytes, ctype: str) -> None:
    """The callbacks themselves: a bad link skips that link, a bad document
    yields nothing; every request they make is one Scrapy can send."""
    spider = Site()
    headers = {"Content-Type": ctype} if ctype else {}
    response = page_response(body, BASE, headers).replace(request=scrapy.Request(BASE))
    made = [
        *spider.parse_listing(response, page=1),
        *spider.parse_feed(response),
        *spider.parse_sitemap(response),
    ]
    assert all(isinstance(request, scrapy.Request) for request in made)
    assert read_listing(Site.listing, response).links is not None


@FAST
@given(BODIES, CONTENT_TYPES)
@example("<math>\x85<script></script>\ufeffUpdated: 2024-05-01 <p>x</p>".encode(), "text/html")
def test_extraction_gives_an_article_or_says_why(body: bytes, ctype: str) -> None:
    page = FetchedPage(url=BASE + "a.html", site="s", body=body, headers={"content-type": ctype})
    try:
        article = extract_article(page)
    except PageError as exc:
        assert exc.reason
        return
    assert article.text and article.url == page.url
    assert article.published is None or isinstance(article.published, dt.date)


@FAST
@given(TEXTS, TEXTS)
def test_analysis_of_any_text_gives_a_result(title: str, text: str) -> None:
    result = analyse(Article(url="test://random", title=title, text=text))
    assert result.type in {"forum", "agreement", "launch", "other"}
    for value in (result.event.start, result.event.end, result.published):
        assert value is None or isinstance(value, dt.date)
