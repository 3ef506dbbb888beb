"""One bad page fails that page, never the run: whatever extraction raises
is caught by the pipeline, recorded as a ``page-failed`` warning, and the
next page is read as usual."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.crawl.extract import Selectors
from crawler.crawl.keys import WARNINGS, selector_miss_warnings
from crawler.crawl.pipelines import ExtractPipeline
from crawler.items import FetchedPage
from spiders.base import SiteSpider

TEXT = "<p>" + "The health industry forum opened in Beijing with 300 guests. " * 4 + "</p>"
PAGE = f"<html><head><title>Forum</title></head><body><h1>Forum opens</h1>{TEXT}</body></html>"


class Broken(SiteSpider):
    """A spider whose title selector is not CSS at all: every page raises."""

    name = "broken"
    article = Selectors(title="h1[", body="div.article")


class Missing(SiteSpider):
    name = "missing"
    article = Selectors(title="h1", body="div.article")


def pipeline(spider: type[SiteSpider]) -> tuple[ExtractPipeline, object]:
    crawler = get_crawler(spider)
    crawler.spider = spider.from_crawler(crawler)
    return ExtractPipeline.from_crawler(crawler), crawler


def test_an_exception_in_extraction_fails_that_page_and_is_recorded():
    extract, crawler = pipeline(Broken)
    page = FetchedPage(url="http://x.test/1.html", site="broken", body=PAGE.encode())
    with pytest.raises(DropItem, match="extraction failed"):
        extract.process_item(page)
    (warning,) = crawler.stats.get_value(WARNINGS)
    assert warning.startswith("page-failed: http://x.test/1.html: extraction failed: ")
    assert "\n" not in warning


def test_a_missed_selector_still_yields_the_article_and_is_counted():
    extract, crawler = pipeline(Missing)
    for n in (1, 2):
        page = FetchedPage(url=f"http://x.test/{n}.html", site="missing", body=PAGE.encode())
        article = extract.process_item(page)
        assert article.title == "Forum opens"
        assert "300 guests" in article.text
    assert selector_miss_warnings(crawler.stats.get_stats()) == [
        "selector-miss: body selector 'div.article' read nothing on 2 pages "
        "(first: http://x.test/1.html); generic extraction used"
    ]
