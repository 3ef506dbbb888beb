"""The beijing_wjw spider on its saved pages (tests/data/spiders/beijing_wjw/), offline."""

from __future__ import annotations

from spiders.beijing_wjw import BeijingWjw


def test_beijing_wjw_listing_offers_article_links(site_case):
    site_case("beijing_wjw", "listing").check_listing(BeijingWjw)


def test_beijing_wjw_article_fields(site_case):
    site_case("beijing_wjw", "article").check_article(BeijingWjw)


def test_beijing_wjw_crawl_requests_articles_and_follows_pages(site_case):
    case = site_case("beijing_wjw", "listing")
    articles, pages = case.followed(BeijingWjw)
    assert articles == BeijingWjw.read(case.body, case.url, case.headers).links
    assert pages == ([case.expected["next_page"]] if case.expected["next_page"] else [])
