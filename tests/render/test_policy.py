"""The render decision and its memory, without a browser (these always run)."""

from __future__ import annotations

import datetime as dt

import pytest
from scrapy import Request, Spider

from crawler.cli.console import render_lines
from crawler.crawl.browser import NO_BROWSER
from crawler.crawl.render import carries_script, page_kind, policy_of
from spiders.base import ARTICLE, SiteSpider
from storage.db import make_engine, session_factory, transaction, upgrade
from storage.pagestate import PageCheck, remember_render, render_pages, save_checks, site_validators
from tests.render.conftest import crawl

CCTV_SHELL = (
    b'<html><head><script src="/js/jquery.js"></script></head><body>'
    b'<ul id="newslist"><li>\xe6\xad\xa3\xe5\x9c\xa8\xe5\x8a\xa0\xe8\xbd\xbd</li></ul>'
    b"<script>$.getJSON('/cmsdatainterface/page/health_1.jsonp?cb=health')</script></body></html>"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (CCTV_SHELL, True),  # CCTV: JSON list loaded by jQuery, "正在加载" placeholder
        (b"<div id='app'></div><script src='/app.js'></script>", True),  # an app shell
        (b"<p>Loading...</p><script>go()</script>", True),
        (b"<ul><li><a href='/a.html'>A</a></li></ul>", False),  # no script at all
        (b"<p>text</p><script>var x = 1;</script>", False),  # a script that builds nothing
        (b"<p>fetch( the dog )</p>", False),  # a marker, but no script to act on it
    ],
)
def test_script_markers(body: bytes, expected: bool) -> None:
    assert carries_script(body) is expected


class Site(SiteSpider):
    name = "site"


def test_page_kinds_rendered_and_not() -> None:
    spider = Site()
    assert page_kind(Request("http://x/list", callback=spider.parse_listing)) == "listing"
    assert page_kind(spider.article_request("http://x/a.html")) == "article"
    assert page_kind(Request("http://x/feed.xml", callback=spider.parse_feed)) is None
    assert page_kind(Request("http://x/robots.txt")) is None
    assert page_kind(Request("http://x/a", meta={ARTICLE: True})) == "article"
    assert page_kind(spider.article_request("http://x/files/notice.PDF")) is None


def test_policy_per_spider_and_switch() -> None:
    assert policy_of(Site(), enabled=True) == "auto"  # the default
    assert policy_of(Site(render="always"), enabled=True) == "always"  # -a render=always
    assert policy_of(Site(render="always"), enabled=False) == "never"  # HEALTHWATCH_RENDER=false
    assert policy_of(Site(render="sometimes"), enabled=True) == "auto"
    assert policy_of(Spider(name="plain"), enabled=True) == "auto"


def test_needs_render_is_remembered_beside_the_validators(tmp_path) -> None:
    upgrade(f"sqlite:///{tmp_path}/s.db")
    engine = make_engine(f"sqlite:///{tmp_path}/s.db")
    factory = session_factory(engine)
    now = dt.datetime.now(dt.UTC)
    # the render memory lands first for one page and second for another
    with transaction(factory) as session:
        remember_render(session, "site", ["http://x/js"])
    with transaction(factory) as session:
        save_checks(
            session,
            [
                PageCheck("http://x/js", "site", None, None, 200, now),
                PageCheck("http://x/static", "site", '"e1"', None, 200, now),
                PageCheck("http://x/later", "site", '"e2"', None, 200, now),
            ],
        )
    with transaction(factory) as session:
        remember_render(session, "site", ["http://x/later"])
    with factory() as session:
        assert render_pages(session, "site") == {"http://x/js", "http://x/later"}
        assert render_pages(session, "other") == set()
        validators = site_validators(session, "site")
    assert validators["http://x/later"].etag == '"e2"'  # kept by the render upsert
    assert "http://x/js" not in validators
    engine.dispose()


def test_no_browser_is_one_clear_line_and_the_crawl_goes_on(site, db) -> None:
    """A JS listing with no chromium to be found: static fetch, one warning."""
    stats = crawl(
        [f"{site.url}/js.html", f"{site.url}/static.html"], db, "--browser", "/nonexistent/chromium"
    )

    assert stats["reason"] == "finished"
    assert stats["item_scraped_count"] == 1  # the static listing's article
    unavailable = [w for w in stats["healthwatch/warnings"] if w.startswith("render-unavailable")]
    assert unavailable == [
        f"render-unavailable: {site.url}/js.html needs rendering, but {NO_BROWSER}"
    ]
    assert stats["playwright/browser_count"] is None


def test_the_render_check_and_the_pipeline_read_each_page_once(site, db) -> None:
    """A static article with script markers is read by the render check (is
    it a shell?) and then stored: one extraction, not two (issue 18)."""
    stats = crawl([f"{site.url}/static.html"], db, "--browser", "/nonexistent/chromium")

    assert stats["reason"] == "finished"
    assert stats["item_scraped_count"] == 1  # a1.html carries script markers: it was checked
    assert stats["healthwatch/extracted"] == 1


def test_demo_render_lines() -> None:
    done = {
        "demo_cctv_js": {"rendered": 2, "warnings": []},
        "demo_etown": {"rendered": 0, "warnings": ["layout-changed: x"]},
        "demo_js2": {
            "rendered": 0,
            "warnings": [f"render-unavailable: http://j/ needs rendering, but {NO_BROWSER}"],
        },
    }
    assert render_lines(done) == [
        "rendered 2 script-built pages in chromium (demo_cctv_js 2)",
        f"site demo_js2: render-unavailable: http://j/ needs rendering, but {NO_BROWSER}",
    ]
    assert render_lines({"demo_etown": {"rendered": 0}}) == []
