"""The crawl's part of the settings: what a crawl child needs, and nothing else.

The parent hands exactly this to the child (``CrawlSettings`` as JSON), so
no secret of the alerting side and no daemon knob ever reaches a crawl.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crawler.config.sites import SiteConfig
from crawler.config.values import check_database_url


class CrawlSettings(BaseModel):
    """Database, politeness, rendering and the watched sites."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Where articles, events and the alert outbox live.
    database_url: str = "sqlite:///healthwatch.db"
    # Soft per-spider limit (Scrapy CLOSESPIDER_TIMEOUT), in seconds.
    spider_timeout: float = 300.0
    # Seconds between requests to one site (AutoThrottle adapts above it; 0 = off).
    download_delay: float = Field(default=0.5, ge=0)
    # Near-duplicate articles: at most this many differing SimHash bits (the
    # banded index finds every pair up to 7; unrelated articles are ~30 apart).
    near_duplicate_distance: int = Field(default=7, ge=0, le=7)
    # Sent as User-Agent; put a contact address here in production.
    user_agent: str = "healthwatch/0.1 (+https://github.com/healthwatch)"
    sites: dict[str, SiteConfig] = Field(default_factory=dict)
    # Set by ``healthwatch demo``: the local server that serves *.demo.test.
    demo_server: str | None = None
    # Fetch script-built pages in chromium when needed (docs/render.md); false = never.
    render: bool = True
    # chromium's path for rendering; unset = `chromium` on PATH.
    browser: str | None = None
    # Set by the daemon: the node that runs the crawl (CrawlRun.node).
    node: str = ""
    # Seconds one page's extraction (and, apart, its analysis) may take; a
    # page over it is recorded as failed and not read again until it changes.
    page_budget: float = Field(default=30.0, ge=0)

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        return check_database_url(value)
