"""The cdhtma_en spider on its saved pages (tests/data/spiders/cdhtma_en/), offline."""

from __future__ import annotations

from spiders.cdhtma_en import CdhtmaEn


def test_cdhtma_en_listing_offers_article_links(site_case):
    site_case("cdhtma_en", "listing").check_listing(CdhtmaEn)


def test_cdhtma_en_article_fields(site_case):
    site_case("cdhtma_en", "article").check_article(CdhtmaEn)


def test_cdhtma_en_crawl_requests_articles_and_follows_pages(site_case):
    case = site_case("cdhtma_en", "listing")
    articles, pages = case.followed(CdhtmaEn)
    assert articles == CdhtmaEn.read(case.body, case.url, case.headers).links
    assert pages == ([case.expected["next_page"]] if case.expected["next_page"] else [])
