"""Static vs rendered fetching on the demo sites, in one run (issue 8).

    python bench/render.py [--repeat 3]

Serves the bundled demo sites (``crawler.demo.server``) and crawls all of
them, every spider together in one crawl child, once per render policy
forced on every spider (``-a render=...``): ``never`` (static only),
``always`` (every listing and article in chromium) and ``auto`` (the
default: static, rendered only when a page proves a script shell).  Each
crawl starts from an empty database, so every page is fetched.

Prints, per policy: pages fetched (robots.txt aside), pages rendered,
renders that failed (all runs), the
crawl's wall time from first spider open to last spider close (child
start-up excluded) and pages/s; then, under ``auto``, the share of pages
rendered and which sites they belong to (only demo_cctv_js's should be).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.demo.content import DEMO_SITES
from crawler.demo.server import DemoServer
from storage.db import upgrade

POLICIES = ("never", "always", "auto")


def child(policy: str, db: str, proxy: str) -> None:
    """In the crawl child: every demo spider under ``policy``; JSON stats out."""
    from scrapy.crawler import CrawlerProcess  # noqa: PLC0415 - the child only
    from scrapy.settings import Settings  # noqa: PLC0415

    settings = Settings()
    settings.setmodule("crawler.crawl.settings", priority="project")
    overrides = {
        "HEALTHWATCH_DATABASE_URL": db,
        "HEALTHWATCH_DEMO_SERVER": proxy,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
    }
    settings.update(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    for site in DEMO_SITES:
        crawler = process.create_crawler(site)
        process.crawl(crawler, render=policy)
        crawlers.append((site, crawler))
    process.start()
    report = {}
    for site, crawler in crawlers:
        stats = crawler.stats.get_stats()
        robots = int(stats.get("robotstxt/response_count", 0))
        report[site] = {
            "pages": int(stats.get("downloader/response_count", 0)) - robots,
            "rendered": int(stats.get("healthwatch/rendered", 0)),
            "failed": int(stats.get("healthwatch/render_failed", 0)),
            "start": stats["start_time"].timestamp(),
            "finish": stats["finish_time"].timestamp(),
        }
    sys.stdout.write(json.dumps(report) + "\n")


def crawl(policy: str, proxy: str) -> dict[str, Any]:
    """One crawl of every demo site in a fresh child and a fresh database."""
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        upgrade(db)
        argv = [sys.executable, __file__, "--child", policy, "--db", db, "--proxy", proxy]
        done = subprocess.run(argv, capture_output=True, check=True, timeout=600)
    line = [text for text in done.stdout.decode().splitlines() if text.startswith("{")][-1]
    sites: dict[str, dict[str, Any]] = json.loads(line)
    wall = max(s["finish"] for s in sites.values()) - min(s["start"] for s in sites.values())
    return {
        "pages": sum(s["pages"] for s in sites.values()),
        "rendered": sum(s["rendered"] for s in sites.values()),
        "failed": {site: s["failed"] for site, s in sites.items() if s["failed"]},
        "walls": {site: round(s["finish"] - s["start"], 2) for site, s in sites.items()},
        "by_site": {site: s["rendered"] for site, s in sites.items() if s["rendered"]},
        "wall": wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="crawls per policy (median)")
    parser.add_argument("--child", choices=POLICIES, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--proxy", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.proxy)
        return
    results: dict[str, list[dict[str, Any]]] = {policy: [] for policy in POLICIES}
    with DemoServer() as server:
        for _ in range(args.repeat):
            for policy in POLICIES:  # interleaved, so drift hits every policy alike
                results[policy].append(crawl(policy, server.url))
    print(f"demo sites: {len(DEMO_SITES)}; median of {args.repeat} crawls per policy")
    print(f"{'policy':<8} {'pages':>6} {'rendered':>9} {'failed':>7} {'wall s':>8} {'pages/s':>8}")
    for policy, runs in results.items():
        wall = statistics.median(run["wall"] for run in runs)
        pages, rendered = runs[0]["pages"], runs[0]["rendered"]
        failed = sum(sum(run["failed"].values()) for run in runs)
        print(f"{policy:<8} {pages:>6} {rendered:>9} {failed:>7} {wall:>8.2f} {pages / wall:>8.1f}")
    auto = results["auto"][0]
    print(
        f"auto: rendered {auto['rendered']} of {auto['pages']} pages "
        f"({100 * auto['rendered'] / auto['pages']:.1f} %), by site: {auto['by_site']}"
    )


if __name__ == "__main__":
    main()
