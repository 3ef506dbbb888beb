"""The crawl child: ``python -m crawler.worker.process --settings FILE SITE...``.

One fresh interpreter per crawl, several spiders in one CrawlerProcess
(DESIGN.md: the daemon never imports the reactor; sites due together share
one start-up).  Exit code 0 when every site crawled ok, 1 otherwise, 2 on
bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings as ScrapySettings

from crawler.config.crawl import CrawlSettings
from crawler.crawl.browser import close_leftovers
from crawler.crawl.keys import STATUS_KEY
from crawler.crawl.runs import emit
from crawler.crawl.settings import SCHEMES_OFF
from spiders.generic import spider_for


def scrapy_settings(settings: CrawlSettings) -> ScrapySettings:
    """Our typed settings mapped onto Scrapy's."""
    result = ScrapySettings()
    result.setmodule("crawler.crawl.settings", priority="project")
    result.update(
        {
            "HEALTHWATCH_DATABASE_URL": settings.database_url,
            "HEALTHWATCH_DEMO_SERVER": settings.demo_server,
            "HEALTHWATCH_PROGRESS": True,
            "HEALTHWATCH_NEAR_DUPLICATE_DISTANCE": settings.near_duplicate_distance,
            "CLOSESPIDER_TIMEOUT": settings.spider_timeout,
            "USER_AGENT": settings.user_agent,
            "DOWNLOAD_DELAY": settings.download_delay,
            "AUTOTHROTTLE_ENABLED": settings.download_delay > 0,
            "HEALTHWATCH_RENDER": settings.render,
            "HEALTHWATCH_BROWSER": settings.browser,
            "HEALTHWATCH_PAGE_BUDGET": settings.page_budget,
        },
        priority="cmdline",
    )
    if settings.browser:
        launch = {
            **result.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"),
            "executable_path": settings.browser,
        }
        result.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch, priority="cmdline")
    if not settings.render:  # plain downloads only: Playwright is not even loaded
        result.set("DOWNLOAD_HANDLERS", dict(SCHEMES_OFF), priority="cmdline")
    return result


def crawl(settings: CrawlSettings, sites: list[str]) -> int:
    """Run the given sites' spiders together; 0 if all ended ``ok``."""
    process = CrawlerProcess(scrapy_settings(settings), install_root_handler=True)
    crawlers: list[Crawler] = []
    for site in sites:
        overrides = settings.sites.get(site)
        crawler = process.create_crawler(spider_for(site, overrides))
        kwargs = {"start_urls": overrides.start_urls} if overrides and overrides.start_urls else {}
        process.crawl(crawler, **kwargs)
        crawlers.append(crawler)
    try:
        process.start()
    finally:
        close_leftovers()  # a browser the handlers could not close (render_browser.py)
    statuses = [c.stats.get_value(STATUS_KEY) if c.stats else None for c in crawlers]
    return 0 if all(s == "ok" for s in statuses) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.worker.process")
    parser.add_argument("--settings", required=True, type=Path, help="JSON dump of Settings")
    parser.add_argument("sites", nargs="+")
    args = parser.parse_args(argv)
    try:
        settings = CrawlSettings.model_validate_json(args.settings.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        emit("fatal", error=f"cannot read settings: {exc}")
        return 2
    return crawl(settings, args.sites)


if __name__ == "__main__":
    sys.exit(main())
