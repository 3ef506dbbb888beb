"""The xinhua_en_health spider on its saved pages (tests/data/spiders/xinhua_en_health/), offline."""

from __future__ import annotations

from spiders.xinhua_en_health import XinhuaEnHealth


def test_xinhua_en_health_listing_offers_article_links(site_case):
    site_case("xinhua_en_health", "listing").check_listing(XinhuaEnHealth)


def test_xinhua_en_health_article_fields(site_case):
    site_case("xinhua_en_health", "article").check_article(XinhuaEnHealth)


def test_xinhua_en_health_crawl_requests_articles_and_follows_pages(site_case):
    case = site_case("xinhua_en_health", "listing")
    articles, pages = case.followed(XinhuaEnHealth)
    assert articles == XinhuaEnHealth.read(case.body, case.url, case.headers).links
    assert pages == ([case.expected["next_page"]] if case.expected["next_page"] else [])


def test_xinhua_en_health_skips_section_links(site_case):
    """A ``.tit`` link to a section page is not an article."""
    case = site_case("xinhua_en_health", "listing")
    assert b"/health/special/index.htm" in case.body
    links = XinhuaEnHealth.read(case.body, case.url, case.headers).links
    assert all(link.endswith("/c.html") for link in links)
