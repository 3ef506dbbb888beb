"""The render check's extraction is the pipeline's: each page read once."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.crawl.extract import NotAnArticleError, Selectors
from crawler.crawl.extract_once import ExtractOnce
from crawler.crawl.keys import EXTRACTED
from crawler.items import FetchedPage

# A real page (gb2312, no charset in the headers), saved in tests/data.
REAL = Path(__file__).parents[1] / "data" / "corpus_trafilatura-002_gb2312.html"
URL = "http://127.0.0.1/news/1.html"


def page(body: bytes, language: str | None = None) -> FetchedPage:
    return FetchedPage(
        url=URL, site="t", body=body, headers={"content-type": "text/html"}, language_hint=language
    )


@pytest.fixture
def memo() -> ExtractOnce:
    return ExtractOnce(MemoryStatsCollector(get_crawler()), keep=2)


def extracted(memo: ExtractOnce) -> int:
    assert memo.stats is not None
    return int(memo.stats.get_value(EXTRACTED, 0))


def test_the_pipeline_takes_the_checks_reading(memo: ExtractOnce) -> None:
    real = page(REAL.read_bytes())
    checked = memo.check(real, None, 30).result()

    assert memo.extract(page(REAL.read_bytes()), None, 30) is checked  # an equal page, rebuilt
    assert extracted(memo) == 1
    memo.extract(real, None, 30)  # taken once: a second pipeline pass reads again
    assert extracted(memo) == 2


@pytest.mark.parametrize(
    "other",
    [
        page(REAL.read_bytes() + b"<p>changed</p>"),
        page(REAL.read_bytes(), language="zh"),
    ],
    ids=["another body", "another language hint"],
)
def test_another_page_is_read_afresh(memo: ExtractOnce, other: FetchedPage) -> None:
    memo.check(page(REAL.read_bytes()), None, 30)
    memo.extract(other, None, 30)
    assert extracted(memo) == 2


def test_other_selectors_read_afresh(memo: ExtractOnce) -> None:
    real = page(REAL.read_bytes())
    memo.check(real, None, 30)
    assert memo.extract(real, Selectors(title="title"), 30).fields  # the selector was read
    assert extracted(memo) == 2


def test_a_failure_is_kept_and_raised_again_once(memo: ExtractOnce) -> None:
    shell = page(b"<html><body><div id='app'>Loading...</div></body></html>")
    assert isinstance(memo.check(shell, None, 30).error, NotAnArticleError)

    with pytest.raises(NotAnArticleError):
        memo.extract(shell, None, 30)
    assert extracted(memo) == 1


def test_readings_the_pipeline_never_takes_fall_out(memo: ExtractOnce) -> None:
    bodies = [REAL.read_bytes() + f"<!-- {n} -->".encode() for n in range(3)]
    for body in bodies:
        memo.check(page(body), None, 30)
    assert len(memo.kept) == 2  # keep=2: the oldest went
    memo.extract(page(bodies[0]), None, 30)
    assert extracted(memo) == 4
