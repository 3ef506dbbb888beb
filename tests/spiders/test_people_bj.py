"""The people_bj spider on its saved pages (tests/data/spiders/people_bj/), offline."""

from __future__ import annotations

from spiders.base import page_response
from spiders.people_bj import PeopleBj


def test_people_bj_listing_offers_article_links(site_case):
    site_case("people_bj", "listing").check_listing(PeopleBj)


def test_people_bj_article_fields(site_case):
    site_case("people_bj", "article").check_article(PeopleBj)


def test_people_bj_crawl_requests_articles_and_follows_pages(site_case):
    case = site_case("people_bj", "listing")
    articles, pages = case.followed(PeopleBj)
    assert articles == PeopleBj.read(case.body, case.url, case.headers).links
    assert pages == ([case.expected["next_page"]] if case.expected["next_page"] else [])


def test_people_bj_listing_is_read_as_gbk(site_case):
    """The listing is GBK with no charset header: the spider's hint decodes it."""
    case = site_case("people_bj", "listing")
    assert "charset" not in case.headers.get("content-type", "")

    response = page_response(case.body, case.url, case.headers, PeopleBj.encoding)
    assert "北京市推进医药健康协同创新" in response.text
