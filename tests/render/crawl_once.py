"""Run one crawl of a test site in this process and print its stats as JSON.

Used by the browser tests as a child process (a Twisted reactor cannot
restart, and the browser must be counted after the crawl is gone):

    python tests/render/crawl_once.py --url URL --db URL [--policy auto] [--wait-ms N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from spiders.base import Listing, Selectors, SiteSpider

KEYS = (
    "healthwatch/rendered",
    "healthwatch/extracted",
    "healthwatch/render_failed",
    "healthwatch/warnings",
    "item_scraped_count",
    "playwright/browser_count",
    "playwright/request_count/aborted",
)


class RenderTestSite(SiteSpider):
    """A listing of ``ul.list a`` links to articles with a ``div.body``."""

    name = "render_test"
    listing = Listing(links="ul.list a")
    article = Selectors(title="h1", body="div.body")


def reporter(crawler: Crawler, result: dict[str, object]) -> Callable[..., None]:
    def closed(spider: SiteSpider, reason: str) -> None:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        result.update({key: stats.get(key) for key in KEYS}, reason=reason)

    return closed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--policy", default="auto")
    parser.add_argument("--wait-ms", type=int, default=15_000)
    parser.add_argument("--render", default="true")
    parser.add_argument("--browser", default=None)
    parser.add_argument("--spiders", type=int, default=1, help="this many spiders in one process")
    args = parser.parse_args()
    settings = Settings()
    settings.setmodule("crawler.crawl.settings", priority="project")
    settings.update(
        {
            "HEALTHWATCH_DATABASE_URL": args.db,
            "HEALTHWATCH_RENDER_WAIT_MS": args.wait_ms,
            "HEALTHWATCH_RENDER": args.render == "true",
            "HEALTHWATCH_BROWSER": args.browser,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "EXTENSIONS": {},
            "LOG_LEVEL": "INFO",
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    result: dict[str, object] = {}
    for n in range(args.spiders):
        spider_class = type(
            f"RenderTestSite{n}", (RenderTestSite,), {"name": f"render_test{n or ''}"}
        )
        crawler = process.create_crawler(spider_class)
        if n == 0:  # the first spider's stats are reported (signals hold weak references)
            keep = reporter(crawler, result)
            crawler.signals.connect(keep, signal=signals.spider_closed)
        process.crawl(crawler, start_urls=args.url, render=args.policy)
    process.start()
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
