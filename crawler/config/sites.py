"""One watched site as the config describes it (``[sites.NAME]``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

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
