"""The people_bj spider on its saved pages (tests/data/spiders/people_bj/), offline."""

from __future__ import annotations

from crawler.items import FetchedPage
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


def test_people_bj_reads_the_2020s_rm_txt_template_of_a_real_gb2312_page(site_case):
    """js.people.com.cn, 2022: real GB2312 bytes; the share bar is not text."""
    site_case("people_bj", "article_js_2022_rm_txt").check_article(PeopleBj)


def test_people_bj_reads_the_older_box_con_template(site_case):
    """culture.people.com.cn, 2019: the template bj.people.com.cn still used in
    2021; the 推荐阅读 block inside the body is left out."""
    site_case("people_bj", "article_culture_2019_box_con").check_article(PeopleBj)


def test_people_bj_selectors_match_every_real_article_so_nothing_degrades(site_case):
    """On the real pages every declared selector reads something: no page of
    this site would be flagged selector-miss."""
    from crawler.crawl.extract import extract_page
    from crawler.items import FetchedPage

    for name in ("article", "article_js_2022_rm_txt", "article_culture_2019_box_con"):
        case = site_case("people_bj", name)
        page = PeopleBj.hinted(FetchedPage(url=case.url, site="people_bj", body=case.body), {})
        read = extract_page(page, PeopleBj.article)
        assert read.missed == (), name
        assert {f.field for f in read.fields if f.matched} == {"title", "body", "published"}


def test_people_bj_charset_hint_yields_to_a_declared_charset():
    """The gbk hint applies only where neither the header nor a <meta> names a
    charset: a page that says UTF-8 is read as UTF-8."""
    text = "<p>北京市卫生健康委员会召开医药健康产业发布会，介绍协同创新行动计划的进展情况。</p>" * 3
    declared = (
        f'<html><head><meta charset="utf-8"><title>t</title></head><body>{text}</body></html>'
    )
    page = PeopleBj.hinted(
        FetchedPage(
            url="http://bj.people.com.cn/n2/x.html", site="people_bj", body=declared.encode()
        ),
        {"Content-Type": "text/html"},
    )
    assert page.headers["content-type"] == "text/html"  # no hint added
    bare = declared.replace('<meta charset="utf-8">', "").encode("gbk")
    hinted = PeopleBj.hinted(FetchedPage(url="http://x", site="people_bj", body=bare), {})
    assert hinted.headers["content-type"] == "text/html; charset=gbk"
    header = PeopleBj.hinted(
        FetchedPage(url="http://x", site="people_bj", body=bare),
        {"content-type": "text/html; charset=utf-8"},
    )
    assert header.headers["content-type"] == "text/html; charset=utf-8"
    response = page_response(declared.encode("utf-8"), "http://x", {}, PeopleBj.encoding)
    assert "北京市卫生健康委员会" in response.text
