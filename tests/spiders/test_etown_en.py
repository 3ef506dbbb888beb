"""The etown_en spider on its saved pages (tests/data/spiders/etown_en/), offline."""

from __future__ import annotations

from spiders.etown_en import EtownEn


def test_etown_en_listing_offers_article_links(site_case):
    site_case("etown_en", "listing").check_listing(EtownEn)


def test_etown_en_article_fields(site_case):
    site_case("etown_en", "article").check_article(EtownEn)


def test_etown_en_crawl_requests_articles_and_follows_pages(site_case):
    case = site_case("etown_en", "listing")
    articles, pages = case.followed(EtownEn)
    assert articles == EtownEn.read(case.body, case.url, case.headers).links
    assert pages == ([case.expected["next_page"]] if case.expected["next_page"] else [])
