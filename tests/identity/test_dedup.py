"""Canonical URLs and content hashes: identity must be stable and honest."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from crawler.identity.dedup import (
    UrlRules,
    band_probes,
    bands,
    canonical_url,
    content_hash,
    from_signed,
    hamming,
    resemblance,
    simhash,
    to_signed,
)

segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)
query_key = st.sampled_from(["id", "page", "cat", "q", "p"])
urls = st.builds(
    lambda host, path, params: (
        f"http://{host}.example.cn/{'/'.join(path)}.html"
        + ("?" + "&".join(f"{k}={v}" for k, v in params) if params else "")
    ),
    segment,
    st.lists(segment, min_size=1, max_size=4),
    st.lists(st.tuples(query_key, segment), max_size=3),
)


@given(urls)
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


@given(
    urls,
    st.sampled_from(["utm_source=wx", "spm=a2c.1", "from=timeline", "share=1", "utm_medium=email"]),
)
def test_tracking_parameters_never_change_identity(url, tracking):
    joiner = "&" if "?" in url else "?"
    assert canonical_url(url + joiner + tracking) == canonical_url(url)


@given(urls, segment)
def test_distinct_articles_stay_distinct(url, other):
    path, _, query = url.partition("?")
    moved = path.replace(".html", f"/{other}.html") + ("?" + query if query else "")
    assert canonical_url(moved) != canonical_url(url)
    assert canonical_url(path + "?id=1") != canonical_url(path + "?id=2")


def test_canonical_url_cases():
    assert (
        canonical_url("HTTP://Example.COM:80/a/../b/?b=2&a=1#frag")
        == "http://example.com/b?a=1&b=2"
    )
    assert canonical_url("https://x.cn:443/n2/1.html") == "https://x.cn/n2/1.html"
    assert canonical_url("http://x.cn:8080/n2/1.html") == "http://x.cn:8080/n2/1.html"


def test_content_hash_ignores_spacing_and_width():
    a = content_hash("t", "２０２４全民数字健康大会\n将在  北京昌平举行")
    b = content_hash("t", "2024全民数字健康大会 将在 北京昌平举行")
    assert a == b
    assert content_hash("t", "4月19日举行") != content_hash("t", "4月20日举行")


def test_index_files_trailing_slashes_and_www_are_one_page():
    same = {
        canonical_url(u)
        for u in (
            "http://www.example.cn/news/",
            "http://example.cn/news",
            "http://example.cn/news/index.html",
            "HTTP://EXAMPLE.CN/news/index.shtml#top",
            "http://example.cn/news/default.aspx?utm_campaign=x",
        )
    }
    assert len(same) == 1
    assert canonical_url("http://example.cn/") == "http://example.cn/"


def test_site_rules_map_mobile_host_and_print_view_to_the_article():
    rules = UrlRules(
        hosts={"m.news.cn": "www.news.cn"}, rewrites=((r"/print/(\d+)\.html$", r"/\1.html"),)
    )
    article = canonical_url("http://www.news.cn/2024/123.html", rules)
    assert canonical_url("http://m.news.cn/2024/123.html", rules) == article
    assert canonical_url("http://www.news.cn/2024/print/123.html", rules) == article
    assert canonical_url("http://m.news.cn/2024/124.html", rules) != article


def test_hostile_urls_are_handled():
    huge = "http://x.cn/a?" + "&".join(f"p{i}={i}" for i in range(2000))
    assert canonical_url(huge).startswith("http://x.cn/a?")
    assert canonical_url(canonical_url(huge)) == canonical_url(huge)
    gbk = "http://x.cn/search?q=%B1%B1%BE%A9"  # GBK bytes, not UTF-8
    assert canonical_url(gbk) == canonical_url(canonical_url(gbk))
    raw = "http://x.cn/新闻/北京.html?关键词=论坛"
    assert canonical_url(raw).startswith("http://x.cn/%E6%96%B0%E9%97%BB/")


SEED = (Path(__file__).parents[1] / "data" / "seed_002_boao_forum.txt").read_text(encoding="utf-8")


def test_near_identical_copy_is_within_the_simhash_threshold_and_other_texts_are_not():
    copy = (
        SEED.replace("is happening in", "takes place in") + "\nEditor: Wang Fei\n(Source: E-Town)"
    )
    assert hamming(simhash(SEED), simhash(copy)) <= 7
    other = SEED.replace("Boao", "Zhongguancun").split("\n")[::-1]
    assert hamming(simhash(SEED), simhash("\n".join(other[:8]))) > 10
    chinese = "2024全民数字健康大会将在北京昌平举行，健康领域专家、学者和业界代表将齐聚一堂。" * 3
    assert hamming(simhash(SEED), simhash(chinese)) > 10


def test_edited_republication_keeps_a_high_resemblance():
    edited = SEED.replace("is happening in", "takes place in").replace("Among them, ", "")
    edited = "According to the E-Town portal:\n" + edited + "\nEditor: Wang Fei"
    assert resemblance(SEED, edited) > 0.9
    paragraphs = [p for p in SEED.split("\n") if p.strip()]
    assert resemblance(SEED, "\n".join(paragraphs[:5] + paragraphs[6:])) > 0.8
    rewritten = "Beijing E-Town hosts the Boao health industry forum on April 20 and 21, with eight parallel sessions."
    assert resemblance(SEED, rewritten) < 0.1


def test_boilerplate_lines_do_not_change_the_content_hash():
    body = "The forum opened.\nMore than 300 people attended."
    assert content_hash("t", body) == content_hash(
        "t", body + "\n(Editor in charge: Bao Congying)\n责任编辑：史健"
    )


@given(st.integers(min_value=0, max_value=2**64 - 1), st.sets(st.integers(0, 63), max_size=7))
def test_seven_flipped_bits_are_always_found_by_the_band_probes(value, flips):
    other = value
    for bit in flips:
        other ^= 1 << bit
    assert hamming(value, other) == len(flips)
    assert any(b in band_probes(a) for a, b in zip(bands(value), bands(other), strict=True))


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_signed_storage_round_trips(value):
    stored = to_signed(value)
    assert -(2**63) <= stored < 2**63
    assert from_signed(stored) == value


def test_empty_and_navigation_only_text():
    assert simhash("") == 0
    assert simhash("首页 | 新闻 | 联系我们") != 0
    assert content_hash("", "") == content_hash("", "   \n ")
