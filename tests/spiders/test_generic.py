"""The generic spider's decisions, offline: what it requests first, what it
does with a page, a feed and a sitemap."""

from __future__ import annotations

import asyncio

import scrapy
from scrapy.http import HtmlResponse, XmlResponse

from crawler.config.settings import SiteConfig
from spiders import spider_names
from spiders.base import ARTICLE
from spiders.generic import GenericSpider, generic_spider, spider_for

SITE = "http://www.example.gov.cn"


def first(spider: GenericSpider) -> list[scrapy.Request]:
    async def collect() -> list[scrapy.Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def html(url: str, body: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=body.encode(), encoding="utf-8")


def test_a_url_alone_is_read_as_a_page():
    requests = first(GenericSpider(url=f"{SITE}/news/"))
    assert [(r.url, r.callback.__name__) for r in requests] == [(f"{SITE}/news/", "parse_page")]


def test_a_configured_site_reads_its_known_feeds_under_its_own_name():
    cls = generic_spider(
        "example_news", SiteConfig(url=f"{SITE}/news/", feeds=[f"{SITE}/rss.xml"], language="zh")
    )
    assert (cls.name, cls.language, cls.feeds) == ("example_news", "zh", (f"{SITE}/rss.xml",))
    requests = first(cls())
    assert [(r.url, r.callback.__name__) for r in requests] == [(f"{SITE}/rss.xml", "parse_feed")]


def test_spider_for_prefers_a_site_module():
    assert spider_for("people_bj", SiteConfig(url=f"{SITE}/")) == "people_bj"
    assert spider_for("demo_etown", None) == "demo_etown"
    assert spider_for("elsewhere", SiteConfig(url=f"{SITE}/")).name == "elsewhere"
    assert "generic" not in spider_names()


def test_a_page_announcing_feeds_is_read_through_them():
    page = html(
        f"{SITE}/news/",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
        '<body><a href="/2024/05/01/c_1001.htm">Forum opens in Beijing today</a></body></html>',
    )
    out = list(GenericSpider(url=page.url).parse_page(page))
    assert [(r.url, r.callback.__name__) for r in out] == [(f"{SITE}/rss.xml", "parse_feed")]


def test_a_page_without_feeds_offers_its_article_looking_links_capped():
    links = "".join(
        f'<a href="/2024/05/{day:02d}/c_{1000 + day}.htm">Health forum report of day {day}</a>'
        for day in range(1, 29)
    )
    page = html(f"{SITE}/news/", f'<html><body><a href="/">Home</a>{links}</body></html>')
    spider = GenericSpider(url=page.url)
    spider.max_links = 5
    out = list(spider.parse_page(page))
    assert all(r.meta.get(ARTICLE) for r in out)
    assert [r.url for r in out] == [f"{SITE}/2024/05/{d:02d}/c_{1000 + d}.htm" for d in range(1, 6)]


def test_sitemaps_newest_first_and_bounded():
    spider = GenericSpider(url=SITE)
    spider.max_links, spider.max_sitemaps = 2, 1
    index = XmlResponse(
        url=f"{SITE}/sitemap.xml",
        body=(
            f"<sitemapindex><sitemap><loc>{SITE}/s1.xml</loc><lastmod>2023-01-01</lastmod></sitemap>"
            f"<sitemap><loc>{SITE}/s2.xml</loc><lastmod>2024-05-01</lastmod></sitemap></sitemapindex>"
        ).encode(),
    )
    assert [r.url for r in spider.parse_sitemap(index)] == [f"{SITE}/s2.xml"]
    urlset = XmlResponse(
        url=f"{SITE}/s2.xml",
        body=(
            "<urlset>"
            + "".join(
                f"<url><loc>{SITE}/a{d}.html</loc><lastmod>2024-05-0{d}</lastmod></url>"
                for d in (1, 3, 2)
            )
            + "</urlset>"
        ).encode(),
    )
    assert [r.url for r in spider.parse_sitemap(urlset)] == [f"{SITE}/a3.html", f"{SITE}/a2.html"]
