"""The daemon's part of the settings (``healthwatch run``): schedules, batches,
the dispatcher, health and logs.  Crawl children never see these."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crawler.config.values import check_channel_url, parse_address


class DaemonSettings(BaseModel):
    """How the daemon schedules crawls, sends alerts and reports its health."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Hard wall-clock limit of one crawl child process, in seconds.
    crawl_timeout: float = 600.0
    # Where /healthz and /metrics listen (HOST:PORT; `--http` overrides).
    http: str = "127.0.0.1:8787"
    # Seconds a running crawl may go on after SIGTERM/SIGINT before it is ended.
    shutdown_grace: float = Field(default=30.0, ge=0)
    # Random delay added to each poll, as a fraction of the site's interval...
    schedule_jitter: float = Field(default=0.1, ge=0, le=1)
    # ...capped at this many seconds, so sites are not polled in lockstep.
    max_jitter: float = Field(default=300.0, ge=0)
    # Sites due within this many seconds of each other share one crawl child.
    batch_window: float = Field(default=1.0, ge=0)
    # At most this many sites in one crawl child (they share its crawl_timeout).
    batch_size: int = Field(default=20, ge=1)
    # Seconds between passes of the alert dispatcher.
    dispatch_every: float = Field(default=30.0, gt=0)
    # Alerts the daemon sends side by side (threads): a slow receiver then
    # delays only its own alerts.  1 = one after another.
    dispatch_workers: int = Field(default=4, ge=1, le=32)
    # When the database does not answer, due crawls are retried after this many seconds.
    database_retry: float = Field(default=30.0, gt=0)
    # A site whose last this-many crawls all failed is marked unhealthy.
    failure_threshold: int = Field(default=3, ge=1)
    # Channel URLs (webhook, smtp://, Apprise) told once when a site breaks
    # and once when it recovers; empty = only `status` and /metrics show it.
    ops_channels: list[str] = Field(default_factory=list)
    # Daemon log level (DEBUG shows every crawl progress line).
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Ask each due site's entry pages conditionally from the daemon first and
    # crawl only the sites where something answered other than 304.
    precheck: bool = True
    # Crawl in one long-lived worker process (imports paid once) instead of a
    # fresh child per crawl; replaced after this many crawls or, between
    # crawls, past this much memory (its browser included); a crawl that
    # pushes it past worker_kill_rss_mb (default twice that) is stopped.
    warm_worker: bool = True
    worker_max_crawls: int = Field(default=200, ge=1)
    worker_max_rss_mb: float = Field(default=1024.0, gt=0)
    worker_kill_rss_mb: float | None = Field(default=None, gt=0)
    # Crawl runs (the history behind `status`, the sites page and the health
    # verdicts) that finished more than this many days ago are deleted every
    # hour; each site's newest run is always kept.  0 keeps every run.
    keep_runs_days: float = Field(default=90.0, ge=0)
    # --- several daemons on one PostgreSQL database (docs/scaling.md) ---
    # This node's name in `status` and the logs (default: host name and process id).
    node_name: str | None = Field(default=None, max_length=100)
    # Seconds the other nodes give a site's preferred node before they crawl
    # its slot themselves (added to the site's jitter).
    takeover_after: float = Field(default=30.0, ge=0)

    @field_validator("http")
    @classmethod
    def _check_http(cls, value: str) -> str:
        parse_address(value)
        return value

    @field_validator("ops_channels")
    @classmethod
    def _check_ops_channels(cls, values: list[str]) -> list[str]:
        return [check_channel_url(value) for value in values]
