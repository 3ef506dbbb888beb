"""Page -> Article on real saved pages and on hostile input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crawler.crawl.extract import (
    NotAnArticleError,
    NotHtmlError,
    Selectors,
    decode_html,
    extract_article,
)
from crawler.items import FetchedPage

DATA = Path(__file__).parents[1] / "data"


def page(
    body: bytes, ctype: str = "text/html", url: str = "http://example.test/a.html"
) -> FetchedPage:
    return FetchedPage(url=url, site="t", body=body, headers={"content-type": ctype})


def test_utf8_bytes_under_stale_gb2312_label_decode_as_utf8():
    body = (DATA / "corpus_gne-013_utf8_labelled_gb2312.html").read_bytes()
    article = extract_article(page(body))
    assert article.title.startswith("5月20日至31日")
    assert "京沪高速" in article.text
    assert "\ufffd" not in article.text


def test_real_gb2312_page_decodes_without_mojibake():
    body = (DATA / "corpus_trafilatura-002_gb2312.html").read_bytes()
    text = decode_html(body, "text/html")
    assert "\ufffd" not in text[:5000]
    article = extract_article(page(body))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in article.title)


def test_utf8_once_read_as_latin1_and_saved_again_is_repaired():
    # A real UTF-8 page (gne-013) as a CMS that read it as Latin-1 and
    # saved it again serves it: valid UTF-8 of the wrong characters.
    clean = (DATA / "corpus_gne-013_utf8_labelled_gb2312.html").read_bytes().decode("utf-8")
    mangled = clean.encode("utf-8").decode("latin-1").encode("utf-8")
    want = extract_article(page(clean.encode("utf-8"), "text/html; charset=utf-8"))
    got = extract_article(page(mangled, "text/html; charset=utf-8"))
    assert got.title == want.title
    assert "京沪高速" in got.text
    assert "æ" not in got.text


def test_text_garbled_some_other_way_is_left_as_it_came():
    # GBK bytes read as Cyrillic (a real corpus page, cwce-049, as trafilatura
    # alone reads it): ftfy would turn it into private-use code points.
    garbled = "ұҫХҫЛщУРОДХВҫщПөХҫіӨҙУНшЙПКХјҜЈ¬ОӘБЛЧрЦШЧчХЯөДАН¶ҜЈ¬ОДЦР»бҫЎБҝ"
    html = f"<html><head><title>{garbled}</title></head><body><h1>{garbled}</h1>"
    html += f"<p>{garbled}</p>" * 6 + "</body></html>"
    article = extract_article(page(html.encode("utf-8"), "text/html; charset=utf-8"))
    assert garbled in article.text


def test_gbk_only_character_survives_a_gb2312_label():
    # 镕 is in GBK but not in GB2312: decoding as strict gb2312 would lose it
    html = "<html><head><meta charset='gb2312'><title>朱镕基</title></head><body><h1>朱镕基</h1>"
    html += "<p>" + "医药健康产业论坛在北京举行。" * 10 + "</p></body></html>"
    article = extract_article(page(html.encode("gbk")))
    assert article.title == "朱镕基"


def test_selectors_override_and_published_date_from_label():
    html = b"""<html><head><title>Site - Portal</title></head><body>
    <div class=nav>Home | News | Contact</div>
    <h1>Health forum to open in E-Town</h1><div class=info>Updated: 2023-12-21</div>
    <div class=article><p>The forum will be held on Dec 26.</p><p>More than 300 people will attend the forum.</p></div>
    <div class=footer>Copyright 2023</div></body></html>"""
    article = extract_article(
        page(html), Selectors(title="h1", body="div.article", published="div.info")
    )
    assert article.title == "Health forum to open in E-Town"
    assert article.text.splitlines() == [
        "The forum will be held on Dec 26.",
        "More than 300 people will attend the forum.",
    ]
    assert article.published == dt.date(2023, 12, 21)
    assert "2023-12-21" in (article.published_text or "")


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (b"%PDF-1.4 binary", "application/pdf"),
        (b"\x89PNG\r\n", "image/png"),
        (b'{"a": 1}', "application/json"),
    ],
)
def test_not_html_is_refused_with_a_reason(body, ctype):
    with pytest.raises(NotHtmlError) as info:
        extract_article(page(body, ctype))
    assert info.value.reason


def test_pdf_served_as_text_html_is_still_refused():
    with pytest.raises(NotHtmlError):
        extract_article(page(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3 binary", "text/html"))


def test_empty_shell_is_not_an_article():
    shell = b"<html><head><title>App</title></head><body><div id=app></div><script>load()</script></body></html>"
    with pytest.raises(NotAnArticleError):
        extract_article(page(shell))


def table_layout_page() -> bytes:
    """An old GBK government page: the whole article laid out in tables."""
    rows = "".join(
        f'<tr><td class="content">第{n}段：北京市卫生健康委员会召开全市医药健康产业协同创新大会，'
        "部署年度重点工作任务，推进医疗器械与创新药物产业发展。</td></tr>"
        for n in range(1, 6)
    )
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        '<title>医药健康大会召开</title></head><body><table width="100%"><tr><td><table>'
        '<tr><td class="title">医药健康产业协同创新大会召开</td></tr>'
        f"<tr><td>发布时间：2009-04-18</td></tr>{rows}</table></td></tr></table></body></html>"
    )
    return html.encode("gbk")


def test_a_table_layout_page_keeps_its_text():
    article = extract_article(page(table_layout_page(), url="http://wjw.example.gov.cn/a.htm"))
    assert article.published == dt.date(2009, 4, 18)
    lines = article.text.splitlines()
    assert sum(line.startswith("第") for line in lines) == 5
    assert not any(line.startswith("|") or line.endswith("|") for line in lines)


@pytest.mark.parametrize("control", ["\x0c", "\x01", "\x1b", "\x7f"])
def test_a_control_character_after_a_script_does_not_raise(control):
    body = (
        f"<html><head><title>Forum</title><script>var a = 1;</script>{control}</head><body>"
        "<h1>Health forum opens in Beijing</h1><div class='info'>Updated: 2024-05-01</div>"
        f"<script>track()</script>{control}<p>{'The health industry forum opened. ' * 5}</p>"
        "</body></html>"
    ).encode()
    article = extract_article(page(body))
    assert article.title == "Health forum opens in Beijing"
    assert article.published == dt.date(2024, 5, 1)
    assert control not in article.text
