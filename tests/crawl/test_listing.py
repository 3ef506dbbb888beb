"""Listings read declaratively: HTML, script-XML records, JSON and JSONP;
malformed data and far too wide selectors give one line, never an exception."""

from __future__ import annotations

import json

import pytest

from crawler.crawl.listing import Listing, page_response, read_listing

URL = "http://wsjkw.example.gov.cn/col/col1229123/index.html"
ARTICLE = r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$"


def records_page(records: str) -> bytes:
    return (
        "<html><body><div id='4243'><script type=\"text/xml\"><datastore><recordset>"
        f"{records}</recordset></datastore></script></div></body></html>"
    ).encode()


def record(n: int) -> str:
    return (
        f'<record><![CDATA[<li><a href="/art/2024/4/{n}/art_1229123_{n}000.html" '
        f'title="t">卫生健康工作动态第{n}条</a><span>2024-04-{n:02d}</span></li>]]></record>'
    )


RECORDS = Listing(links="li a", records="recordset record", pattern=ARTICLE)


def test_script_xml_records_are_read():
    found = read_listing(RECORDS, page_response(records_page(record(1) + record(2)), URL))
    assert found.problem is None
    assert found.links == [
        "http://wsjkw.example.gov.cn/art/2024/4/1/art_1229123_1000.html",
        "http://wsjkw.example.gov.cn/art/2024/4/2/art_1229123_2000.html",
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"<html><body><ul><li>no data</li></ul></body></html>", "no <script"),
        (records_page("<other>x</other>"), "holds no 'recordset record' record"),
        (records_page(record(1)[:60]), "none holding a 'li a' link"),  # cut off mid-record
    ],
    ids=["no-script", "no-records", "truncated"],
)
def test_malformed_script_data_is_one_line(body, problem):
    found = read_listing(RECORDS, page_response(body, URL))
    assert found.problem is not None and problem in found.problem
    assert found.problem.startswith("listing data malformed: ") and "\n" not in found.problem


JSON_LISTING = Listing(links="", json_items="data.list", json_url="url", pattern=r"/ARTI\w+\.shtml")
ITEMS = {"data": {"list": [{"url": "https://news.cctv.com/2024/04/16/ARTIab1.shtml"}, {"x": 1}]}}


@pytest.mark.parametrize(
    "body",
    [json.dumps(ITEMS), f"news({json.dumps(ITEMS)});", f"  cb_1 ( {json.dumps(ITEMS)} )\n"],
    ids=["json", "jsonp", "jsonp-spaced"],
)
def test_json_and_jsonp_items_are_read(body):
    found = read_listing(JSON_LISTING, page_response(body.encode(), URL))
    assert (found.links, found.problem) == (
        ["https://news.cctv.com/2024/04/16/ARTIab1.shtml"],
        None,
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('news({"data": {"list": [', "does not parse"),
        ('{"data": {"items": []}}', "has no 'data.list'"),
        ('{"data": {"list": "x"}}', "is not a list"),
        ("<html>oops</html>", "neither JSON nor JSONP"),
    ],
)
def test_malformed_json_is_one_line(body, problem):
    found = read_listing(JSON_LISTING, page_response(body.encode(), URL))
    assert found.links == [] and found.problem is not None and problem in found.problem


def test_a_selector_matching_500_links_is_capped_with_one_line():
    links = "".join(f'<a href="/p/{n}.html">page {n}</a>' for n in range(500))
    page = page_response(f"<html><body>{links}</body></html>".encode(), URL)
    found = read_listing(Listing(links="a"), page)
    assert len(found.links) == 200 and found.matched == 500
    assert found.problem == "selector 'a' matched 500 links; read the first 200"
