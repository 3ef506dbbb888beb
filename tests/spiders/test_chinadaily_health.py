"""The chinadaily_health spider on its saved pages (tests/data/spiders/chinadaily_health/), offline."""

from __future__ import annotations

from spiders.chinadaily_health import ChinadailyHealth


def test_chinadaily_health_listing_offers_article_links(site_case):
    site_case("chinadaily_health", "listing").check_listing(ChinadailyHealth)


def test_chinadaily_health_article_fields(site_case):
    site_case("chinadaily_health", "article").check_article(ChinadailyHealth)


def test_chinadaily_health_crawl_requests_articles_and_follows_pages(site_case):
    case = site_case("chinadaily_health", "listing")
    articles, pages = case.followed(ChinadailyHealth)
    assert articles == ChinadailyHealth.read(case.body, case.url, case.headers).links
    assert pages == ([case.expected["next_page"]] if case.expected["next_page"] else [])
