"""``healthwatch sites check``: each site's pages read live, as its spider
reads them, with a verdict for ops.

Per site: its listings (or feeds, sitemaps, the generic page) fetched and
read, then a few of the newest articles fetched, extracted with the
spider's selectors (field by field: matched or not, and what was read) and
analysed.  Politely: robots.txt first (unless the site's config says not
to), one request at a time, through the site's own network settings
(proxy, User-Agent, headers, cookies, timeout).  Synchronous and
Scrapy-free: a command line waits for it anyway.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

import httpx2 as httpx
from protego import Protego

from crawler.analysis.events import analyse
from crawler.config.network import expand, masked
from crawler.config.sites import SiteConfig
from crawler.config.values import ConfigError
from crawler.crawl.extract import PageError, extract_page
from crawler.crawl.listing import page_response, read_listing
from crawler.crawl.render import carries_script
from crawler.items import FetchedPage
from spiders import discovery, is_generic
from spiders.base import SiteSpider, fallback_links
from spiders.generic import generic_spider

Verdict = Literal["ok", "degraded", "broken"]
# Newest articles fetched and read per site.
SAMPLES = 3
MAX_BYTES = 5 * 1024 * 1024
# What a field's value is shortened to in the report.
SHOWN = 80
# The proxy to use for a URL beyond the site's own (the demo sites' server).
Route = Callable[[str], str | None]


@dataclass
class FieldCheck:
    """One declared selector on one article: did it read something, and what."""

    field: str
    selector: str
    matches: int
    value: str

    @property
    def matched(self) -> bool:
        return bool(self.value)


@dataclass
class SampleCheck:
    """One article fetched and read."""

    url: str
    status: int = 0
    error: str | None = None
    title: str = ""
    published: str | None = None
    type: str | None = None
    relevant: bool | None = None
    event_dates: list[str | None] = field(default_factory=list)  # start, end
    fields: list[FieldCheck] = field(default_factory=list)

    @property
    def missed(self) -> list[str]:
        return [f.field for f in self.fields if f.field in ("title", "body") and not f.matched]


@dataclass
class SourceCheck:
    """One listing, feed, sitemap or watched page."""

    kind: str  # "listing", "feed", "sitemap", "page"
    url: str
    status: int = 0
    error: str | None = None
    links: int = 0
    next_page: str | None = None
    problem: str | None = None  # malformed data, a selector far too wide
    fallback: bool = False  # the selectors found nothing; generic heuristics did
    scripted: bool = False  # nothing found, and a script builds the page: a crawl renders it
    first_links: list[str] = field(default_factory=list)


@dataclass
class SiteCheck:
    site: str
    verdict: Verdict = "ok"
    reason: str = ""
    network: list[str] = field(default_factory=list)
    sources: list[SourceCheck] = field(default_factory=list)
    samples: list[SampleCheck] = field(default_factory=list)
    seconds: float = 0.0


def spider_class(site: str, cfg: SiteConfig | None) -> type[SiteSpider]:
    """The spider a crawl of ``site`` runs, with the config's start URLs."""
    if cfg is not None and is_generic(site, cfg.url):
        return generic_spider(site, cfg)
    module = importlib.import_module(f"spiders.{site}")
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, SiteSpider)
            and getattr(value, "name", None) == site
        ):
            if cfg is not None and cfg.start_urls:
                return type(value.__name__, (value,), {"start_urls": list(cfg.start_urls)})
            return value
    raise ConfigError(f"spiders/{site}.py defines no spider named {site!r}")


class PoliteClient:
    """One request at a time, robots.txt obeyed, the site's network settings."""

    def __init__(
        self, cfg: SiteConfig, user_agent: str, env: Mapping[str, str], route: Route, delay: float
    ) -> None:
        self.proxy = expand(cfg.proxy, env, "proxy") if cfg.proxy else None
        headers = {k: expand(v, env, f"headers.{k}") for k, v in cfg.headers.items()}
        cookies = {k: expand(v, env, f"cookies.{k}") for k, v in cfg.cookies.items()}
        self.user_agent = cfg.user_agent or user_agent
        self.obey_robots = cfg.obey_robots
        self.delay = cfg.download_delay if cfg.download_delay is not None else delay
        self.route = route
        self.options = {
            "headers": {"User-Agent": self.user_agent, **headers},
            "cookies": cookies,
            "timeout": cfg.timeout or 20.0,
            "follow_redirects": True,
            "trust_env": False,
        }
        self.clients: dict[str | None, httpx.Client] = {}
        self.robots: dict[str, Protego | None] = {}
        self.last = 0.0

    def client(self, url: str) -> httpx.Client:
        proxy = self.proxy or self.route(url)
        if proxy not in self.clients:
            self.clients[proxy] = httpx.Client(proxy=proxy, **self.options)  # type: ignore[arg-type]
        return self.clients[proxy]

    def get(self, url: str) -> tuple[int, bytes, dict[str, str], str, str | None]:
        """(status, body, headers, final URL, error): errors are one line."""
        if self.obey_robots and not self.allowed(url):
            return 0, b"", {}, url, "robots.txt disallows it"
        wait = self.last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            with self.client(url).stream("GET", url) as answer:
                body = b""
                for chunk in answer.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        break
                headers = {k.lower(): v for k, v in answer.headers.items()}
                return answer.status_code, body, headers, str(answer.url), None
        except httpx.HTTPError as exc:
            via = f" (via proxy {masked(self.proxy)})" if self.proxy else ""
            return 0, b"", {}, url, f"{type(exc).__name__}: {one_line(exc)}{via}"
        finally:
            self.last = time.monotonic()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        home = f"{parts.scheme}://{parts.netloc}"
        if home not in self.robots:
            self.robots[home] = None
            status, body, _h, _u, _e = self.get_robots(home + "/robots.txt")
            if status == 200:
                self.robots[home] = Protego.parse(body.decode("utf-8", "replace"))
        rules = self.robots[home]
        return rules is None or bool(rules.can_fetch(url, self.user_agent))

    def get_robots(self, url: str) -> tuple[int, bytes, dict[str, str], str, str | None]:
        obey, self.obey_robots = self.obey_robots, False
        try:
            return self.get(url)
        finally:
            self.obey_robots = obey

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def one_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def check_site(
    site: str,
    cfg: SiteConfig,
    *,
    user_agent: str,
    env: Mapping[str, str],
    route: Route = lambda url: None,
    delay: float = 0.0,
    samples: int = SAMPLES,
) -> SiteCheck:
    """Read one site live and judge it."""
    started = time.monotonic()
    result = SiteCheck(site, network=network_notes(cfg))
    try:
        spider = spider_class(site, cfg)
        client = PoliteClient(cfg, user_agent, env, route, delay)
    except (ConfigError, ImportError) as exc:
        result.verdict, result.reason = "broken", one_line(exc)
        return result
    try:
        links = list(read_sources(spider, client, result))
        for url in list(dict.fromkeys(links))[:samples]:
            result.samples.append(read_article(spider, client, url))
    finally:
        client.close()
    result.verdict, result.reason = judge(result)
    result.seconds = round(time.monotonic() - started, 2)
    return result


def network_notes(cfg: SiteConfig) -> list[str]:
    notes = []
    if cfg.proxy:
        notes.append(f"proxy {masked(cfg.proxy)}")
    if cfg.user_agent:
        notes.append(f"user agent {cfg.user_agent}")
    if not cfg.obey_robots:
        notes.append("robots.txt not obeyed")
    return notes


def read_sources(
    spider: type[SiteSpider], client: PoliteClient, result: SiteCheck
) -> Iterator[str]:
    """Fetch and read every listing, feed and sitemap; yield their article links."""
    url = str(getattr(spider, "url", "") or "")
    if not (spider.start_urls or spider.feeds or spider.sitemaps) and url:
        yield from read_page(client, url, result)
    for start in spider.start_urls:
        yield from read_listing_page(spider, client, start, result)
    for feed in spider.feeds:
        source = fetched(client, "feed", feed, result)
        if source is not None:
            found = discovery.feed_entries(source[0], source[1])
            yield from counted(result.sources[-1], found)
    for sitemap in spider.sitemaps:
        source = fetched(client, "sitemap", sitemap, result)
        if source is not None:
            kind, entries = discovery.sitemap_entries(source[0])
            if kind == "sitemapindex":
                result.sources[-1].problem = "a sitemap index: its newest child is read in a crawl"
            yield from counted(result.sources[-1], discovery.newest_first(entries, 30))


def fetched(
    client: PoliteClient, kind: str, url: str, result: SiteCheck
) -> tuple[bytes, str, dict[str, str]] | None:
    """Fetch one source and record it; None when nothing usable came back."""
    status, body, headers, final, error = client.get(url)
    source = SourceCheck(kind, url, status, error)
    result.sources.append(source)
    if error is None and status != 200:
        source.error = f"HTTP {status}"
    return None if source.error else (body, final, headers)


def counted(source: SourceCheck, links: list[str]) -> list[str]:
    source.links = len(links)
    source.first_links = links[:3]
    return links


def read_listing_page(
    spider: type[SiteSpider], client: PoliteClient, url: str, result: SiteCheck
) -> list[str]:
    got = fetched(client, "listing", url, result)
    if got is None or spider.listing is None:
        return []
    body, final, headers = got
    source = result.sources[-1]
    response = page_response(
        body, final, {"Content-Type": headers.get("content-type", "")}, spider.encoding
    )
    found = read_listing(spider.listing, response)
    source.next_page, source.problem = found.next_page, found.problem
    links = found.links
    if not links:
        links = fallback_links(spider.listing, response)
        source.fallback = bool(links)
        source.scripted = not links and spider.render != "never" and carries_script(body)
    return counted(source, links)


def read_page(client: PoliteClient, url: str, result: SiteCheck) -> list[str]:
    """The generic spider's watched page: feeds it announces, else its article links."""
    got = fetched(client, "page", url, result)
    if got is None:
        return []
    body, final, _headers = got
    feeds = discovery.feed_links(body, final)[:3]
    if feeds:
        links: list[str] = []
        for feed in feeds:
            source = fetched(client, "feed", feed, result)
            if source is not None:
                links += counted(result.sources[-1], discovery.feed_entries(source[0], source[1]))
        return links
    return counted(result.sources[-1], discovery.article_links(body, final))


def read_article(spider: type[SiteSpider], client: PoliteClient, url: str) -> SampleCheck:
    sample = SampleCheck(url)
    status, body, headers, final, error = client.get(url)
    sample.status, sample.error = status, error
    if error is None and status != 200:
        sample.error = f"HTTP {status}"
    if sample.error:
        return sample
    page = spider.hinted(FetchedPage(url=final, site=spider.name, body=body), headers)
    try:
        read = extract_page(page, spider.article)
    except PageError as exc:
        sample.error = f"not an article: {exc.reason}"
        return sample
    except Exception as exc:  # one bad page is one line, never a traceback
        sample.error = f"extraction raised {type(exc).__name__}: {one_line(exc)}"
        return sample
    article = read.article
    sample.fields = [
        FieldCheck(f.field, f.selector, f.matches, shorten(f.value)) for f in read.fields
    ]
    sample.title = shorten(article.title)
    sample.published = article.published.isoformat() if article.published else None
    analysis = analyse(article)
    sample.type, sample.relevant = analysis.type, analysis.relevant
    sample.event_dates = [
        day.isoformat() if day else None for day in (analysis.event.start, analysis.event.end)
    ]
    return sample


def shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN else flat[: SHOWN - 1] + "…"


def judge(result: SiteCheck) -> tuple[Verdict, str]:
    """ok / degraded / broken, and why (one line)."""
    sources = result.sources
    usable = [s for s in sources if not s.error]
    if not usable:
        first = sources[0] if sources else None
        why = f"{first.kind} {first.url}: {first.error}" if first else "nothing to read"
        return "broken", f"no listing, feed or sitemap answered: {why}"
    if not any(s.links for s in usable) and any(s.scripted for s in usable):
        return "degraded", (
            "the listing is built by a script: a crawl renders it in chromium "
            "(sites check reads static pages only)"
        )
    if not any(s.links for s in usable):
        problems = "; ".join(s.problem for s in usable if s.problem)
        return "broken", "no article links found" + (f" ({problems})" if problems else "")
    read = [s for s in result.samples if not s.error]
    if result.samples and not read:
        return "broken", f"no article could be read: {result.samples[0].error}"
    reasons = [f"{s.kind} {s.url}: {s.error}" for s in sources if s.error]
    reasons += [f"listing {s.url}: {s.problem}" for s in usable if s.problem]
    reasons += [
        f"listing {s.url}: selectors found no links; generic heuristics did"
        for s in usable
        if s.fallback
    ]
    for sample in read:
        if sample.missed:
            reasons.append(
                f"{', '.join(sample.missed)} selector missed on {sample.url} "
                "(generic extraction used)"
            )
    reasons += [f"article {s.url}: {s.error}" for s in result.samples if s.error]
    if reasons:
        more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
        return "degraded", reasons[0] + more
    return "ok", f"{sum(s.links for s in usable)} links, {len(read)} articles read"
