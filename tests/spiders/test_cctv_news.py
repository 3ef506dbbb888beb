"""The cctv_news spider on its saved pages (tests/data/spiders/cctv_news/), offline."""

from __future__ import annotations

from spiders.cctv_news import CctvNews


def test_cctv_news_listing_offers_article_links(site_case):
    site_case("cctv_news", "listing").check_listing(CctvNews)


def test_cctv_news_article_fields(site_case):
    site_case("cctv_news", "article").check_article(CctvNews)


def test_cctv_news_crawl_requests_articles_and_follows_pages(site_case):
    case = site_case("cctv_news", "listing")
    articles, pages = case.followed(CctvNews)
    assert articles == CctvNews.read(case.body, case.url, case.headers).links
    assert pages == ([case.expected["next_page"]] if case.expected["next_page"] else [])


def test_cctv_news_reads_urls_out_of_jsonp(site_case):
    """No <a> at all: the article URLs are JSON-escaped strings in a script."""
    case = site_case("cctv_news", "listing")
    assert b"<a " not in case.body and b"\\/" in case.body


def test_cctv_news_malformed_jsonp_is_one_line_and_the_pattern_still_reads(site_case):
    """A truncated data file: the spider says so in one line and still finds
    the URLs its pattern recognises in the raw text."""
    case = site_case("cctv_news", "listing")
    found = CctvNews.read(case.body[: len(case.body) // 2], case.url, case.headers)
    assert found.problem is not None and found.problem.startswith("listing data malformed:")
    assert "\n" not in found.problem
    assert found.links and set(found.links) <= set(case.expected["first"])
