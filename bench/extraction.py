"""What a site's selectors cost, and what the generic fallback costs.

    python bench/extraction.py [--rounds 5]

Extracts the bundled demo sites' article pages (rendered in memory, no
server) and the real People's Daily fixtures with each site's own spider
selectors ("selectors match"), then the same pages with a body selector
that matches nothing ("selectors miss": generic extraction fills in).
Prints milliseconds per page, the best of ``--rounds`` rounds.  Runs
unchanged against older checkouts (``PYTHONPATH=OLD python bench/extraction.py``)
to compare before and after a change of ``crawler/crawl/extract.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

from crawler.crawl.extract import Selectors, extract_article
from crawler.demo.content import DEMO_SITES, load_site
from crawler.demo.sites import build_all
from crawler.items import FetchedPage
from spiders.demo_cctv import DemoCctv
from spiders.demo_cdhtma import DemoCdhtma
from spiders.demo_etown import DemoEtown
from spiders.people_bj import PeopleBj

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "spiders" / "people_bj"
SPIDERS = (DemoEtown, DemoCdhtma, DemoCctv)
MISS = "div.no-such-body"


def corpus() -> list[tuple[FetchedPage, Selectors]]:
    """(page, the site's selectors) for every page whose selectors read it."""
    routes = build_all()
    found = []
    for spider in SPIDERS:
        host = DEMO_SITES[spider.name]
        for article in load_site(spider.name).articles:
            resource = routes[host][article.path]
            page = FetchedPage(
                url=article.url,
                site=spider.name,
                body=resource.body,
                headers={"content-type": resource.content_type},
            )
            found.append((page, spider.article))
    for case in sorted(FIXTURES.glob("article*/")):
        meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
        page = FetchedPage(
            url=meta["url"], site="people_bj", body=(case / "body.html").read_bytes()
        )
        found.append((PeopleBj.hinted(page, meta.get("headers") or {}), PeopleBj.article))
    return found


def best_ms(pages: list[tuple[FetchedPage, Selectors]], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for page, selectors in pages:
            extract_article(page, selectors)
        best = min(best, time.perf_counter() - start)
    return 1000 * best / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages = corpus()
    missing = [(page, dataclasses.replace(sel, body=MISS)) for page, sel in pages]
    extract_article(*pages[0])  # imports and caches warm
    print(f"{len(pages)} article pages, best of {args.rounds} rounds")
    print(f"selectors match: {best_ms(pages, args.rounds):6.2f} ms/page")
    print(f"selectors miss : {best_ms(missing, args.rounds):6.2f} ms/page (generic extraction)")


if __name__ == "__main__":
    main()
