"""The crawl child: ``python -m crawler.worker.process --settings FILE SITE...``.

One fresh interpreter per crawl, several spiders in one CrawlerProcess
(DESIGN.md: the daemon never imports the reactor; sites due together share
one start-up).  Exit code 0 when every site crawled ok, 1 otherwise, 2 on
bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from scrapy.crawler import Crawler, CrawlerProcess, CrawlerRunner
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.settings import Settings as ScrapySettings
from twisted.internet.defer import Deferred

from crawler.config.crawl import CrawlSettings
from crawler.config.sites import SiteConfig
from crawler.crawl.browser import close_leftovers
from crawler.crawl.keys import STATUS_KEY
from crawler.crawl.network import site_settings
from crawler.crawl.runs import emit
from crawler.crawl.settings import SCHEMES_OFF
from spiders.generic import spider_for

log = logging.getLogger("healthwatch.crawl")
# A site's own settings beat the batch's (set at "cmdline"), which
# CrawlerProcess merges into each crawler again when it starts it.
SITE_PRIORITY = SETTINGS_PRIORITIES["cmdline"] + 1


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
            "HEALTHWATCH_NODE": settings.node,
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


def apply_network(
    crawler: Crawler, site: str, cfg: SiteConfig | None, env: Mapping[str, str]
) -> None:
    """The site's own network settings on its crawler (above the batch's),
    logged once at start-up with credentials masked."""
    base = crawler.settings.getdict("DEFAULT_REQUEST_HEADERS")
    network = site_settings(site, cfg, env, base)
    for name, value in network.settings.items():
        crawler.settings.set(name, value, priority=SITE_PRIORITY)
    for note in network.notes:
        log.warning("site %s: %s", site, note)
    if network.notes:
        emit("network", site=site, notes=list(network.notes))


def start_crawls(
    runner: CrawlerRunner, settings: CrawlSettings, sites: list[str]
) -> tuple[list[Crawler], list[Deferred[None]]]:
    """One crawler per site on ``runner`` (a CrawlerProcess here, a
    CrawlerRunner in the warm worker), each with its network settings."""
    crawlers: list[Crawler] = []
    started: list[Deferred[None]] = []
    for site in sites:
        overrides = settings.sites.get(site)
        crawler = runner.create_crawler(spider_for(site, overrides))
        apply_network(crawler, site, overrides, os.environ)
        kwargs = {"start_urls": overrides.start_urls} if overrides and overrides.start_urls else {}
        started.append(runner.crawl(crawler, **kwargs))
        crawlers.append(crawler)
    return crawlers, started


def all_ok(crawlers: list[Crawler]) -> bool:
    """Did every site's crawl end with status ``ok``?"""
    statuses = [c.stats.get_value(STATUS_KEY) if c.stats else None for c in crawlers]
    return all(s == "ok" for s in statuses)


def crawl(settings: CrawlSettings, sites: list[str]) -> int:
    """Run the given sites' spiders together; 0 if all ended ``ok``."""
    process = CrawlerProcess(scrapy_settings(settings), install_root_handler=True)
    crawlers, _ = start_crawls(process, settings, sites)
    try:
        process.start()
    finally:
        close_leftovers()  # a browser the handlers could not close (render_browser.py)
    return 0 if all_ok(crawlers) else 1


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int | None) -> None:
    """Never outlive the daemon or CLI that started this crawl.

    On Linux the kernel kills this child when its parent dies, however it
    dies (SIGKILL included); the browser it may have started goes with it
    (Playwright's driver exits when its pipe closes).  The parent's pid is
    checked afterwards, in case it died before the request was made.
    """
    if parent is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.worker.process")
    parser.add_argument("--settings", required=True, type=Path, help="JSON dump of Settings")
    parser.add_argument("--parent", type=int, help="the starting process: die with it")
    parser.add_argument("sites", nargs="+")
    args = parser.parse_args(argv)
    die_with_parent(args.parent)
    try:
        settings = CrawlSettings.model_validate_json(args.settings.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        emit("fatal", error=f"cannot read settings: {exc}")
        return 2
    return crawl(settings, args.sites)


if __name__ == "__main__":
    sys.exit(main())
