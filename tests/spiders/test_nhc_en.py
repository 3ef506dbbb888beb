"""The nhc_en spider on its saved pages (tests/data/spiders/nhc_en/), offline."""

from __future__ import annotations

from spiders.nhc_en import NhcEn


def test_nhc_en_listing_offers_article_links(site_case):
    site_case("nhc_en", "listing").check_listing(NhcEn)


def test_nhc_en_article_fields(site_case):
    site_case("nhc_en", "article").check_article(NhcEn)


def test_nhc_en_crawl_requests_articles_and_follows_pages(site_case):
    case = site_case("nhc_en", "listing")
    articles, pages = case.followed(NhcEn)
    assert articles == NhcEn.read(case.body, case.url, case.headers).links
    assert pages == ([case.expected["next_page"]] if case.expected["next_page"] else [])
