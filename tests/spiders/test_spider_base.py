"""Every site spider starts crawling and reads its own site's pages.

Scrapy 2.19 only calls ``start()``: a spider that yields no first request
finishes "successfully" with nothing (LIBRARIES.md), so check each one.
"""

from __future__ import annotations

import asyncio
import importlib
import urllib.request

import pytest
from scrapy.http import HtmlResponse, Request, XmlResponse

from crawler.demo.content import demo_articles
from crawler.demo.server import DemoServer
from spiders import spider_names
from spiders.base import ARTICLE, SiteSpider


def spider_class(name: str) -> type[SiteSpider]:
    module = importlib.import_module(f"spiders.{name}")
    found = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, SiteSpider)
        and getattr(obj, "name", None) == name
    ]
    assert len(found) == 1, f"spiders/{name}.py must define exactly one spider named {name!r}"
    return found[0]


async def first_requests(spider: SiteSpider) -> list[Request]:
    return [request async for request in spider.start()]


@pytest.mark.parametrize("name", spider_names())
def test_spider_yields_first_requests(name):
    requests = asyncio.run(first_requests(spider_class(name)()))
    assert requests, f"{name} makes no request"


@pytest.fixture(scope="module")
def demo():
    with DemoServer() as server:
        yield urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.url}))


def fetch(opener, url: str, kind=HtmlResponse):
    with opener.open(url, timeout=10) as response:
        return kind(
            url=url,
            body=response.read(),
            headers={"Content-Type": response.headers.get("content-type", "")},
        )


def crawl_links(opener, spider: SiteSpider, request: Request, seen: set[str]) -> set[str]:
    """Follow listing/feed/sitemap callbacks offline; collect article URLs."""
    kind = (
        XmlResponse
        if request.callback in (spider.parse_feed, spider.parse_sitemap)
        else HtmlResponse
    )
    response = fetch(opener, request.url, kind)
    response = response.replace(request=request)
    found: set[str] = set()
    for out in request.callback(response, **request.cb_kwargs):
        if out.meta.get(ARTICLE):
            found.add(out.url)
        elif out.url not in seen:
            seen.add(out.url)
            found |= crawl_links(opener, spider, out, seen)
    return found


# Demo sites built by script (demo_cctv_js*) need the browser to show their
# links; tests/e2e/test_demo_cycle.py crawls them with it.
STATIC_DEMOS = [n for n in spider_names() if n.startswith("demo_") and "_js" not in n]


@pytest.mark.parametrize("name", STATIC_DEMOS)
def test_demo_spider_finds_every_article_of_its_site(name, demo):
    spider = spider_class(name)()
    found: set[str] = set()
    for request in asyncio.run(first_requests(spider)):
        found |= crawl_links(demo, spider, request, {request.url})
    expected = {a.url for a in demo_articles() if a.site == name}
    assert expected <= found
    assert not found - expected - {u for u in found if u.endswith(".pdf")}
