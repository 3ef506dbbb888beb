"""The dry run of ``healthwatch sites add URL``: what the generic spider
would collect from a site, found with a handful of plain HTTP requests.

It asks what the generic spider will read, in the same order of preference:
feeds (announced by the page, else at the common paths), sitemaps (named in
robots.txt, else at the common paths), else the page's article-looking
links.  Synchronous and Scrapy-free: a command line waits for it anyway.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from spiders import discovery

# Plenty for a listing, feed or sitemap page; more is not read.
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 20.0
# Article URLs shown (and counted) per source, as the generic spider offers per poll.
SAMPLE = 30


class ProbeError(Exception):
    """The site's page could not be fetched: nothing to judge it by."""


@dataclass(frozen=True)
class Fetched:
    """One answer: final URL, status and body (empty on errors)."""

    url: str
    status: int
    body: bytes
    content_type: str = ""  # the Content-Type header, charset included


Fetch = Callable[[str], Fetched]


@dataclass
class SiteProbe:
    """What a site offers the generic spider, source by source."""

    url: str
    feeds: dict[str, list[str]] = field(default_factory=dict)  # feed -> its articles
    sitemaps: dict[str, list[str]] = field(default_factory=dict)  # sitemap -> articles
    listing: list[str] = field(default_factory=list)  # article links on the page
    url_only: int = 0  # of those, how many look like articles by their URL alone
    # A selector that reads the page's list of headlines, for a spider's
    # ``Listing(links=...)``, when the URLs alone say little.
    proposed_listing: str | None = None

    @property
    def source(self) -> str | None:
        """What the generic spider will read: "feeds", "sitemaps", "listing" or nothing."""
        if any(self.feeds.values()):
            return "feeds"
        if any(self.sitemaps.values()):
            return "sitemaps"
        return "listing" if self.listing else None

    def articles(self) -> list[str]:
        """The article URLs a first poll would fetch, from the chosen source."""
        chosen = {"feeds": self.feeds, "sitemaps": self.sitemaps}.get(self.source or "")
        if chosen is None:
            return list(self.listing)
        return list(dict.fromkeys(url for urls in chosen.values() for url in urls))


def http_fetch(user_agent: str) -> Fetch:
    """A fetcher with our User-Agent, a timeout and a size cap."""

    def fetch(url: str) -> Fetched:
        if not url.startswith(("http://", "https://")):
            return Fetched(url, 0, b"not an http(s) URL")
        request = urllib.request.Request(url, headers={"User-Agent": user_agent})  # noqa: S310 - http(s) only, checked above
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310 - http(s) only
                ctype = answer.headers.get("Content-Type") or ""
                return Fetched(answer.geturl(), answer.status, answer.read(MAX_BYTES), ctype)
        except urllib.error.HTTPError as exc:
            return Fetched(url, exc.code, b"")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Fetched(url, 0, str(reason).encode())

    return fetch


def probe_site(url: str, fetch: Fetch) -> SiteProbe:
    """Discover what the generic spider would collect from ``url``."""
    page = fetch(url)
    if page.status != 200 or not page.body:
        why = page.body.decode(errors="replace") if page.status == 0 else f"HTTP {page.status}"
        raise ProbeError(f"cannot fetch {url}: {why}")
    result = SiteProbe(url=page.url)
    result.feeds = find_feeds(page, fetch)
    if not any(result.feeds.values()):
        result.sitemaps = find_sitemaps(page.url, fetch)
    tree = discovery.parse(page.body)
    if tree is not None:
        links = discovery.links_of(tree, page.url)
        result.listing = links[:SAMPLE]
        result.url_only = len(discovery.url_only_links(page.body, page.url))
        block = discovery.listing_block(tree, page.url)
        if block is not None and block.selector and result.url_only < len(block.links):
            result.proposed_listing = block.selector
    return result


def find_feeds(page: Fetched, fetch: Fetch) -> dict[str, list[str]]:
    """Feeds the page announces, else the first common feed path that is one."""
    announced = discovery.feed_links(page.body, page.url)[:3]
    candidates = announced or [urljoin(page.url, path) for path in discovery.COMMON_FEED_PATHS]
    found: dict[str, list[str]] = {}
    for candidate in candidates:
        answer = fetch(candidate)
        if answer.status == 200 and discovery.is_feed(answer.body):
            found[candidate] = discovery.feed_entries(answer.body, answer.url)[:SAMPLE]
            if not announced:
                break
    return found


def find_sitemaps(url: str, fetch: Fetch) -> dict[str, list[str]]:
    """Sitemaps named in robots.txt, else at the common paths, with their
    newest articles (an index is followed to its newest child)."""
    robots = fetch(urljoin(url, "/robots.txt"))
    named = discovery.robots_sitemaps(robots.body.decode("utf-8", "replace"), url)
    candidates = named if robots.status == 200 and named else common_sitemaps(url)
    found: dict[str, list[str]] = {}
    for candidate in candidates[:3]:
        entries = sitemap_articles(candidate, fetch)
        if entries is not None:
            found[candidate] = entries
    return found


def common_sitemaps(url: str) -> list[str]:
    return [urljoin(url, path) for path in discovery.COMMON_SITEMAP_PATHS]


def sitemap_articles(url: str, fetch: Fetch, depth: int = 0) -> list[str] | None:
    """Newest article URLs of a sitemap, or None when ``url`` is no sitemap."""
    answer = fetch(url)
    if answer.status != 200 or not discovery.is_sitemap(answer.body):
        return None
    kind, entries = discovery.sitemap_entries(answer.body)
    if kind == "sitemapindex":
        children = discovery.newest_first(entries, 1)
        if depth > 0 or not children:
            return []
        return sitemap_articles(children[0], fetch, depth + 1) or []
    return discovery.newest_first(entries, SAMPLE)
