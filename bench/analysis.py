"""Throughput of extraction and analysis on a folder of saved pages.

    python bench/analysis.py --corpus ../shared/corpus/pages [--limit N]

Measures, in one run on the same pages:
- baseline: trafilatura's ``bare_extraction`` alone;
- healthwatch's extraction (decode, trafilatura, selectors, date lines);
- healthwatch's analysis alone, on the already extracted articles.
Prints pages/s for each, the analysis/baseline time ratio (the event-analysis
target is under 20 %), and how many pages were refused and why.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

import trafilatura

from crawler.analysis.events import analyse
from crawler.crawl.extract import PageError, extract_article
from crawler.items import Article, FetchedPage


def pages(folder: Path, limit: int | None) -> list[tuple[str, bytes]]:
    files = sorted(p for p in folder.iterdir() if p.suffix in {".html", ".htm"})
    return [(p.name, p.read_bytes()) for p in files[:limit]]


def baseline(docs: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    for _name, body in docs:
        trafilatura.bare_extraction(body)
    return time.perf_counter() - start


def extraction(
    docs: list[tuple[str, bytes]],
) -> tuple[float, list[Article], collections.Counter[str]]:
    refused: collections.Counter[str] = collections.Counter()
    articles: list[Article] = []
    start = time.perf_counter()
    for name, body in docs:
        try:
            articles.append(
                extract_article(FetchedPage(url=f"file:///{name}", site="bench", body=body))
            )
        except PageError as exc:
            refused[type(exc).__name__] += 1
    return time.perf_counter() - start, articles, refused


def analysis(articles: list[Article]) -> tuple[float, collections.Counter[str]]:
    types: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    for article in articles:
        types[analyse(article).type] += 1
    return time.perf_counter() - start, types


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, required=True, help="folder of saved .html pages")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    docs = pages(args.corpus, args.limit)
    base = baseline(docs)
    extract_s, articles, refused = extraction(docs)
    analyse_s, types = analysis(articles)
    mb = sum(len(b) for _n, b in docs) / 1e6
    print(f"pages: {len(docs)} ({mb:.1f} MB); articles extracted: {len(articles)}")
    print(f"baseline trafilatura.bare_extraction: {len(docs) / base:7.1f} pages/s")
    print(f"healthwatch extraction:               {len(docs) / extract_s:7.1f} pages/s")
    print(f"healthwatch analysis alone:           {len(articles) / analyse_s:7.1f} articles/s")
    print(f"analysis time / baseline time:        {analyse_s / base:7.1%} (target < 20 %)")
    print(f"extraction time / baseline time:      {extract_s / base:7.2f}")
    print(f"refused: {dict(refused) or 'none'}; types: {dict(types)}")


if __name__ == "__main__":
    main()
