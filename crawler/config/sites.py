"""One watched site as the config describes it (``[sites.NAME]``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from crawler.config.network import PROXY_SCHEMES, masked
from crawler.config.values import Strict, check_cron, parse_duration


class SiteConfig(Strict):
    """One watched site; its key is the spider's ``name``.

    A key with no spider module of its own is watched by the generic spider
    from ``url`` (``feeds`` and ``sitemaps``, when known, are read instead;
    ``healthwatch sites add URL`` finds them).
    """

    enabled: bool = True
    every: str | None = None  # overrides the spider's own schedule, e.g. "30m" or "90s"
    cron: str | None = None  # instead of `every`: crontab line in UTC, e.g. "0 8 * * mon-fri"
    start_urls: list[str] = Field(default_factory=list)  # overrides the spider's
    # --- sites without a spider module (the generic spider) ---
    url: str | None = None  # the page to watch: home page or news section
    feeds: list[str] = Field(default_factory=list)  # RSS/Atom feeds, read instead of `url`
    sitemaps: list[str] = Field(default_factory=list)  # (news) sitemaps, when no feed
    language: Literal["en", "zh"] | None = None  # a hint for analysis
    # --- how the site is reached (docs/configuration.md, "Network") ---
    # http://, https://, socks5:// (socks5h: the proxy resolves names) proxy;
    # ${NAME} parts come from the environment, e.g. "http://${WJW_PROXY_AUTH}@10.0.0.5:3128".
    proxy: str | None = None
    user_agent: str | None = None  # instead of the global `user_agent`
    headers: dict[str, str] = Field(default_factory=dict)  # extra request headers (${NAME} too)
    cookies: dict[str, str] = Field(default_factory=dict)  # sent with every request (${NAME} too)
    download_delay: float | None = Field(default=None, ge=0)  # seconds; the global one otherwise
    concurrency: int | None = Field(default=None, ge=1, le=16)  # requests at a time to the site
    timeout: float | None = Field(default=None, gt=0, le=600)  # seconds per request
    obey_robots: bool = True  # false: robots.txt is not read (logged at start-up)

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value

    @field_validator("feeds", "sitemaps", "start_urls")
    @classmethod
    def _check_urls(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.startswith(("http://", "https://")):
                raise ValueError(f"not an http(s) URL: {value!r}")
        return values

    @field_validator("proxy")
    @classmethod
    def _check_proxy(cls, value: str | None) -> str | None:
        if value is None:
            return value
        scheme = value.split("://", 1)[0].lower() if "://" in value else ""
        if scheme not in PROXY_SCHEMES:
            raise ValueError(f"not a proxy URL ({', '.join(PROXY_SCHEMES)}): {masked(value)!r}")
        return value

    @field_validator("every")
    @classmethod
    def _check_every(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value

    @field_validator("cron")
    @classmethod
    def _check_cron(cls, value: str | None) -> str | None:
        return None if value is None else check_cron(value)

    @model_validator(mode="after")
    def _one_schedule(self) -> SiteConfig:
        if self.every is not None and self.cron is not None:
            raise ValueError("give `every` or `cron`, not both")
        return self
