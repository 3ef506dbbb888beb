"""Per-site network settings in a crawl: proxy, headers, cookies, pacing,
timeout, robots.txt (``[sites.NAME]`` in the config, docs/configuration.md).

``site_settings`` maps one site's config onto its crawler's Scrapy
settings; ``SiteNetworkMiddleware`` puts the proxy and cookies on each
request.  Proxy credentials come from the environment and reach only
Scrapy's proxy middleware: every log line and error shows them masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.config.network import expand, is_socks, masked
from crawler.config.sites import SiteConfig
from crawler.config.values import ConfigError

# Setting names of our own (read by the middleware and the run recorder).
PROXY = "HEALTHWATCH_PROXY"
COOKIES = "HEALTHWATCH_COOKIES"
NETWORK_ERROR = "HEALTHWATCH_NETWORK_ERROR"  # the site cannot be crawled as configured
# Scrapy's httpx download handler speaks SOCKS (httpx2[socks]); the default one does not.
SOCKS_HANDLER = "scrapy.core.downloader.handlers._httpx.HttpxDownloadHandler"


@dataclass(frozen=True)
class SiteNetwork:
    """One site's Scrapy settings and the start-up lines that describe them."""

    settings: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # "proxy http://u:***@host:3128", "robots.txt ignored"


def site_settings(
    site: str, cfg: SiteConfig | None, env: Mapping[str, str], base_headers: Mapping[str, str]
) -> SiteNetwork:
    """The crawler settings of one site (empty when it sets nothing)."""
    if cfg is None:
        return SiteNetwork()
    try:
        return _site_settings(site, cfg, env, base_headers)
    except ConfigError as exc:
        return SiteNetwork({NETWORK_ERROR: str(exc)}, (f"cannot crawl: {exc}",))


def _site_settings(
    site: str, cfg: SiteConfig, env: Mapping[str, str], base_headers: Mapping[str, str]
) -> SiteNetwork:
    values: dict[str, Any] = {}
    notes: list[str] = []
    if cfg.proxy:
        proxy = expand(cfg.proxy, env, f"sites.{site}.proxy")
        values[PROXY] = proxy
        notes.append(f"proxy {masked(proxy)}")
        if is_socks(proxy):
            values["DOWNLOAD_HANDLERS"] = {"http": SOCKS_HANDLER, "https": SOCKS_HANDLER}
            notes.append("SOCKS: fetched with Scrapy's httpx handler, never rendered")
    if cfg.user_agent:
        values["USER_AGENT"] = cfg.user_agent
    if cfg.headers:
        headers = {k: expand(v, env, f"sites.{site}.headers.{k}") for k, v in cfg.headers.items()}
        values["DEFAULT_REQUEST_HEADERS"] = {**base_headers, **headers}
        notes.append("headers " + ", ".join(sorted(headers)))
    if cfg.cookies:
        values[COOKIES] = {
            k: expand(v, env, f"sites.{site}.cookies.{k}") for k, v in cfg.cookies.items()
        }
        notes.append("cookies " + ", ".join(sorted(cfg.cookies)))
    if cfg.download_delay is not None:
        values["DOWNLOAD_DELAY"] = cfg.download_delay
        values["AUTOTHROTTLE_ENABLED"] = cfg.download_delay > 0
    if cfg.concurrency is not None:
        values["CONCURRENT_REQUESTS_PER_DOMAIN"] = cfg.concurrency
    if cfg.timeout is not None:
        values["DOWNLOAD_TIMEOUT"] = cfg.timeout
    if not cfg.obey_robots:
        values["ROBOTSTXT_OBEY"] = False
        notes.append("robots.txt NOT obeyed (obey_robots = false)")
    return SiteNetwork(values, tuple(notes))


class SiteNetworkMiddleware:
    """Downloader middleware: the site's proxy (unless a request names its
    own) and cookies on every request, before Scrapy's cookie (700) and
    proxy (750) middlewares handle them."""

    def __init__(self, proxy: str | None, cookies: dict[str, str], error: str | None) -> None:
        self.proxy = proxy
        self.cookies = cookies
        self.error = error

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(settings.get(PROXY), settings.getdict(COOKIES), settings.get(NETWORK_ERROR))

    def process_request(self, request: Request) -> None:
        if self.error:  # the site's settings cannot be met: fetch nothing
            raise IgnoreRequest(self.error)
        if self.proxy and "proxy" not in request.meta:
            request.meta["proxy"] = self.proxy
        if self.cookies and isinstance(request.cookies, dict):
            for name, value in self.cookies.items():
                request.cookies.setdefault(name, value)
