"""Requests a re-poll of an unchanged site costs, against its first crawl (issue 6).

    python -m bench.repoll [--pages 50] [--per-page 20]

Serves a generated news site on 127.0.0.1 (``http.server``; ETag,
Last-Modified and 304 answers, like a CMS): one listing of 50 pages holding
1,000 articles, newest first.  Crawls it through the real crawl child
(``scheduler.runner.run_crawl``) with the ``demo_etown`` spider pointed at
it by the ``sites.demo_etown.start_urls`` override, into a fresh SQLite
file, and counts requests in the server's own log.  Two ways to watch it:

- every listing page is a start URL: the first crawl reads all 1,000
  articles; an unchanged re-poll asks once per page (304);
- only page 1 is, and pagination follows ``a.next`` up to the spider's
  ``max_pages`` (5), stopping at the first page of known articles.

For each: the first crawl, an unchanged re-poll (with the crawl child's CPU
time: DESIGN.md budgets 4 ms per watched URL), the ratio, and a re-poll
after one new article was published.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import format_datetime
from pathlib import Path

from bench.local_server import answering, child_cpu, not_modified, serving
from crawler.config.settings import Settings, SiteConfig
from scheduler.runner import CrawlOutcome, run_crawl
from storage.db import upgrade

SPIDER = "demo_etown"  # its listing selectors: ul.news-list a, a.next
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
ROBOTS = b"User-agent: *\nDisallow:\n"
WARDS = ("cardiology", "oncology", "paediatrics", "radiology", "pharmacy", "nursing")


class NewsSite:
    """A generated CMS listing: ``/news/index.html``, ``index_N.html``, ``N.html``."""

    def __init__(self, articles: int, per_page: int) -> None:
        self.newest = articles
        self.per_page = per_page
        self.version = 0
        self.log: list[tuple[str, int]] = []
        self.lock = threading.Lock()

    def publish(self, count: int) -> None:
        """New articles on top: every listing page shifts, as on a real CMS."""
        with self.lock:
            self.newest += count
            self.version += 1

    def pages(self) -> int:
        return -(-self.newest // self.per_page)

    def listing_path(self, number: int) -> str:
        return "/news/index.html" if number == 1 else f"/news/index_{number}.html"

    def find(self, path: str) -> tuple[bytes, datetime] | None:
        """Body and modification time of ``path``, or None (404)."""
        if path == "/robots.txt":
            return ROBOTS, EPOCH
        for number in range(1, self.pages() + 1):
            if path == self.listing_path(number):
                return self.listing(number), EPOCH + timedelta(hours=self.version)
        ident = path.removeprefix("/news/").removesuffix(".html")
        if ident.isdigit() and 1 <= int(ident) <= self.newest:
            return self.article(int(ident)), EPOCH + timedelta(minutes=int(ident))
        return None

    def listing(self, number: int) -> bytes:
        top = self.newest - (number - 1) * self.per_page
        ids = range(top, max(top - self.per_page, 0), -1)
        links = "".join(f'<li><a href="{i}.html">Hospital notice {i}</a></li>' for i in ids)
        following = self.listing_path(number + 1).removeprefix("/news/")
        nav = f'<a class="next" href="{following}">Next</a>' if number < self.pages() else ""
        return f'<html><body><ul class="news-list">{links}</ul>{nav}</body></html>'.encode()

    def article(self, ident: int) -> bytes:
        day = (EPOCH + timedelta(minutes=ident)).date().isoformat()
        text = " ".join(
            f"The {WARDS[(ident + n) % len(WARDS)]} ward reported {ident * 31 + n * 17} visits "
            f"in week {n} and {ident % 97 + n} new beds."
            for n in range(1, 7)
        )
        return (
            f"<html><head><title>Hospital notice {ident}</title></head><body>"
            f"<h1>Hospital notice {ident}</h1><div class='info'>Updated: {day}</div>"
            f"<div class='article'><p>{text}</p></div></body></html>"
        ).encode()

    def answer(self, path: str, headers: Message) -> tuple[int, bytes, dict[str, str]]:
        """Status, body and validators for one GET; logs it."""
        with self.lock:
            found = self.find(path)
            status, body, sent = 404, b"not found", {}
            if found is not None:
                body, modified = found
                etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
                sent = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
                sent["Content-Type"] = "text/html; charset=utf-8"
                status = 304 if not_modified(headers, etag, modified) else 200
            self.log.append((path, status))
        return status, b"" if status == 304 else body, sent


@dataclass(frozen=True)
class Crawl:
    """One crawl as the site saw it."""

    hits: collections.Counter[tuple[str, int]]
    wall: float
    cpu: float  # the crawl child's user + system time

    @property
    def requests(self) -> int:
        return sum(self.hits.values())

    def breakdown(self) -> str:
        kinds: collections.Counter[str] = collections.Counter()
        for (path, status), count in self.hits.items():
            kinds[f"{kind_of(path)} {status}"] += count
        return ", ".join(f"{kind} x{count}" for kind, count in sorted(kinds.items()))


def kind_of(path: str) -> str:
    if path == "/robots.txt":
        return "robots"
    return "listing" if path.startswith("/news/index") else "article"


def crawl(settings: Settings, site: NewsSite) -> Crawl:
    """One crawl child; fails loudly if the crawl did not end ``ok``."""
    mark, cpu, start = len(site.log), child_cpu(), time.perf_counter()
    outcome: CrawlOutcome = run_crawl(settings, [SPIDER])
    wall, cpu = time.perf_counter() - start, child_cpu() - cpu
    if outcome.sites.get(SPIDER, {}).get("status") != "ok":
        raise SystemExit(f"crawl failed: {outcome.sites}\n{outcome.stderr_tail}")
    with site.lock:
        hits = collections.Counter(site.log[mark:])
    return Crawl(hits, wall, cpu)


def scenario(
    title: str, args: argparse.Namespace, start_urls: Callable[[NewsSite, str], list[str]]
) -> None:
    """First crawl, unchanged re-poll, re-poll after one new article; printed."""
    site = NewsSite(args.pages * args.per_page, args.per_page)
    with (
        tempfile.TemporaryDirectory(prefix="hw-repoll-") as tmp,
        serving(answering(site.answer)) as base,
    ):
        url = f"sqlite:///{Path(tmp) / 'repoll.db'}"
        upgrade(url)
        watched = start_urls(site, base)
        settings = Settings(
            database_url=url,
            download_delay=0,  # a local site: measure requests, not politeness delays
            spider_timeout=1800,
            crawl_timeout=3600,
            sites={SPIDER: SiteConfig(start_urls=watched)},
        )
        first, repoll = crawl(settings, site), crawl(settings, site)
        site.publish(1)
        fresh = crawl(settings, site)
    print(f"\n{title} ({len(watched)} start URL(s))")
    report("first crawl", first)
    report("unchanged re-poll", repoll)
    print(f"  {'re-poll / first':<22}{repoll.requests / first.requests:>8.2%}")
    per_url = repoll.cpu / len(watched) * 1000
    print(f"  {'re-poll child CPU':<22}{repoll.cpu:>8.2f} s = {per_url:.1f} ms per watched URL")
    report("after 1 new article", fresh)


def report(label: str, result: Crawl) -> None:
    print(
        f"  {label:<22}{result.requests:>6} requests  {result.wall:6.1f} s  ({result.breakdown()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50, help="listing pages (default 50)")
    parser.add_argument("--per-page", type=int, default=20, help="articles a page (default 20)")
    args = parser.parse_args()
    total = args.pages * args.per_page
    print(f"generated site: {args.pages} listing pages x {args.per_page} = {total} articles")
    scenario(
        "every listing page watched",
        args,
        lambda site, base: [base + site.listing_path(n) for n in range(1, site.pages() + 1)],
    )
    scenario(
        f"page 1 watched, pagination by {SPIDER} (max_pages 5)",
        args,
        lambda site, base: [base + site.listing_path(1)],
    )


if __name__ == "__main__":
    main()
