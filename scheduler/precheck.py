"""Conditional GETs from the daemon: no crawl to learn that nothing changed.

An unchanged re-poll of a site is its entry pages (listings, feeds,
sitemaps) answering 304 to the validators the last crawl stored.  The
daemon sends those requests itself, a few milliseconds of CPU, and hands
the crawl worker only the sites where something answered otherwise.

The check predicts a crawl exactly or steps aside: a site goes to the
worker unless *every* entry page has stored validators, robots.txt allows
it, and it answers 304 (a 200, a redirect, an error, a timeout, a SOCKS
proxy or settings that cannot be met all mean "crawl it", and the crawl
records whatever happened).  A site whose entry pages all answered 304
gets the run a crawl would have written: ``ok``, its requests, every page
``not_modified``.

robots.txt is fetched once per host and kept for 24 hours (RFC 9309
allows caching it that long); a host whose robots.txt could not be read is
asked again next time, and its sites are crawled.
"""

from __future__ import annotations

import concurrent.futures
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import urllib3
from protego import Protego
from sqlalchemy.orm import Session

from crawler.config.network import expand, is_socks
from crawler.config.settings import Settings, SiteConfig
from crawler.config.values import ConfigError
from spiders.generic import spider_class
from storage.models import utcnow
from storage.pagestate import PageCheck, Validators, site_validators

# RFC 9309 2.4: a crawler SHOULD NOT use a cached robots.txt for more than 24 hours.
ROBOTS_FOR = 24 * 3600.0
# Checks of one batch run side by side; each is one short request.
PARALLEL = 8
# Scrapy's defaults (what the crawl sends), so servers answer both alike.
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_ENCODING = "gzip, deflate"
DEMO_SUFFIX = ".demo.test"  # routed to the demo server (crawler/demo/routing.py)


@dataclass(frozen=True)
class Entry:
    """One entry page of a site and the validators its last crawl stored."""

    url: str
    validators: Validators


@dataclass
class SiteCheck:
    """What the check of one site found."""

    site: str
    unchanged: bool = False  # every entry page answered 304
    checks: list[PageCheck] = field(default_factory=list)  # one per 304 entry page
    requests: int = 0  # requests sent for this site (robots.txt included)
    why: str = ""  # why the site goes to the crawl (for the debug log)


@dataclass(frozen=True)
class SiteRequestSettings:
    """How one site's requests are sent (its config's network settings)."""

    headers: dict[str, str]
    proxy: str | None
    timeout: float
    obey_robots: bool


class RobotsCache:
    """Parsed robots.txt per (scheme, host), kept ``ROBOTS_FOR`` seconds."""

    def __init__(self, keep_for: float = ROBOTS_FOR) -> None:
        self.keep_for = keep_for
        self._parsers: dict[str, tuple[Protego, float]] = {}
        self._lock = threading.Lock()
        self._fetching: dict[str, threading.Lock] = {}  # one fetch per origin at a time

    def fetch_lock(self, origin: str) -> threading.Lock:
        with self._lock:
            return self._fetching.setdefault(origin, threading.Lock())

    def get(self, origin: str) -> Protego | None:
        with self._lock:
            found = self._parsers.get(origin)
        if found is None or time.monotonic() - found[1] > self.keep_for:
            return None
        return found[0]

    def put(self, origin: str, parser: Protego) -> None:
        with self._lock:
            self._parsers[origin] = (parser, time.monotonic())


class Prechecker:
    """Sends the conditional GETs of due sites; one per daemon."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.robots = RobotsCache()
        self._pools: dict[str | None, urllib3.PoolManager] = {}
        self._pools_lock = threading.Lock()

    def check(
        self, entries: Mapping[str, list[Entry] | None], sites: Mapping[str, SiteConfig]
    ) -> dict[str, SiteCheck]:
        """Check each site's entry pages (None: the site cannot be predicted)."""
        results: dict[str, SiteCheck] = {}
        todo = {}
        for site, pages in entries.items():
            if not pages:
                results[site] = SiteCheck(site, why="no entry page with stored validators")
                continue
            todo[site] = pages
        if not todo:
            return results
        with concurrent.futures.ThreadPoolExecutor(min(PARALLEL, len(todo))) as pool:
            futures = {
                site: pool.submit(self.check_site, site, pages, sites.get(site))
                for site, pages in todo.items()
            }
            for site, future in futures.items():
                results[site] = future.result()
        return results

    def check_site(self, site: str, entries: list[Entry], cfg: SiteConfig | None) -> SiteCheck:
        """One site: robots.txt (cached), then each entry page conditionally."""
        result = SiteCheck(site)
        try:
            how = self.request_settings(site, cfg)
        except ConfigError as exc:
            result.why = f"network settings: {exc}"
            return result
        if how is None:
            result.why = "a SOCKS proxy: only the crawl speaks it"
            return result
        for entry in entries:
            if how.obey_robots and not self.allowed(entry.url, how, result):
                return result
            status, headers = self.fetch(entry.url, how, entry.validators, result)
            if status != 304:
                result.why = f"{entry.url} answered {status or 'nothing'}"
                return result
            result.checks.append(self.page_check(site, entry, headers))
        result.unchanged = True
        return result

    def request_settings(self, site: str, cfg: SiteConfig | None) -> SiteRequestSettings | None:
        """The headers, proxy and timeout the crawl would use for ``site``
        (None: a SOCKS proxy, which only the crawl's handler speaks)."""
        cfg = cfg or SiteConfig()
        env = os.environ
        headers = {
            "User-Agent": cfg.user_agent or self.settings.user_agent,
            "Accept": ACCEPT,
            "Accept-Language": "en",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        for name, value in cfg.headers.items():
            headers[name] = expand(value, env, f"sites.{site}.headers.{name}")
        if cfg.cookies:
            headers["Cookie"] = "; ".join(
                f"{name}={expand(value, env, f'sites.{site}.cookies.{name}')}"
                for name, value in cfg.cookies.items()
            )
        proxy = expand(cfg.proxy, env, f"sites.{site}.proxy") if cfg.proxy else None
        if proxy is not None and is_socks(proxy):
            return None
        timeout = min(cfg.timeout or 30.0, 30.0)
        return SiteRequestSettings(headers, proxy, timeout, cfg.obey_robots)

    def allowed(self, url: str, how: SiteRequestSettings, result: SiteCheck) -> bool:
        """robots.txt allows ``url`` (read once per host and day); False also
        when it could not be read: the crawl then decides, as it always did."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self.robots.fetch_lock(origin):  # sites on one host share one fetch
            parser = self.robots.get(origin)
            if parser is None:
                status, body = self.fetch_robots(origin, how, result)
                if status is None or status >= 500:
                    result.why = f"robots.txt of {origin} unreadable ({status or 'no answer'})"
                    return False
                # RFC 9309 2.3.1.3: a 4xx robots.txt means no rules.
                parser = Protego.parse(body.decode("utf-8", "replace") if status < 400 else "")
                self.robots.put(origin, parser)
        if not parser.can_fetch(url, how.headers["User-Agent"]):
            result.why = f"robots.txt forbids {url}"
            return False
        return True

    def fetch_robots(
        self, origin: str, how: SiteRequestSettings, result: SiteCheck
    ) -> tuple[int | None, bytes]:
        result.requests += 1
        try:
            response = self._pool(how.proxy, origin).request(
                "GET",
                f"{origin}/robots.txt",
                headers=how.headers,
                timeout=how.timeout,
                retries=urllib3.Retry(total=None, connect=0, read=0, redirect=5, status=0),
                preload_content=True,
            )
        except (urllib3.exceptions.HTTPError, OSError, ValueError):
            return None, b""
        return response.status, response.data[: 512 * 1024]

    def fetch(
        self, url: str, how: SiteRequestSettings, validators: Validators, result: SiteCheck
    ) -> tuple[int | None, Mapping[str, str]]:
        """One conditional GET; its status (None: no answer) and headers.
        A body is never read: anything but 304 goes to the crawl."""
        headers = dict(how.headers)
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        result.requests += 1
        try:
            response = self._pool(how.proxy, url).request(
                "GET",
                url,
                headers=headers,
                timeout=how.timeout,
                retries=False,
                redirect=False,
                preload_content=False,
            )
        except (urllib3.exceptions.HTTPError, OSError, ValueError):
            return None, {}
        status, answer = response.status, dict(response.headers)
        if status == 304:
            response.release_conn()
        else:
            response.close()  # a 200's body is the crawl's to read
        return status, answer

    @staticmethod
    def page_check(site: str, entry: Entry, headers: Mapping[str, str]) -> PageCheck:
        """The 304 on record, as the crawl would write it: new validators
        when the answer carried them, else the stored ones."""
        lowered = {key.lower(): value for key, value in headers.items()}
        etag = lowered.get("etag") or entry.validators.etag
        modified = lowered.get("last-modified") or entry.validators.last_modified
        return PageCheck(entry.url, site, etag, modified, 304, utcnow())

    def _pool(self, proxy: str | None, url: str) -> urllib3.PoolManager:
        """The connection pool for a request: through the site's HTTP proxy,
        through the demo server for the demo hosts, else direct."""
        host = urlsplit(url).hostname or ""
        if proxy is None and host.endswith(DEMO_SUFFIX) and self.settings.demo_server:
            proxy = self.settings.demo_server
        with self._pools_lock:
            pool = self._pools.get(proxy)
            if pool is None:
                pool = urllib3.ProxyManager(proxy) if proxy else urllib3.PoolManager(maxsize=4)
                self._pools[proxy] = pool
            return pool

    def close(self) -> None:
        with self._pools_lock:
            for pool in self._pools.values():
                pool.clear()
            self._pools.clear()


def site_entries(session: Session, site: str, cfg: SiteConfig | None) -> list[Entry] | None:
    """The site's entry pages with their stored validators, or None when
    some entry page has none (never polled, rendered, or its last crawl
    left articles behind): then only a crawl can tell."""
    try:
        urls = spider_class(site, cfg).entry_urls(cfg.start_urls if cfg else None)
    except Exception:  # a spider that cannot be loaded: the crawl reports why
        return None
    stored = site_validators(session, site)
    if not urls or any(url not in stored for url in urls):
        return None
    return [Entry(url, stored[url]) for url in dict.fromkeys(urls)]
