"""Typed settings: one TOML file plus ``HEALTHWATCH_*`` environment variables.

Precedence: environment > TOML file > defaults.  With no file at all the
embedded demo configuration is used, so ``healthwatch demo`` and the quick
start need nothing on disk.  Every component reads these objects; none calls
``os.getenv``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from crawler.items import EventType

# Event types that alert by default; "other" never does.
ALERT_TYPES: tuple[EventType, ...] = ("forum", "agreement", "launch")

DEMO_CONFIG = "demo/healthwatch.toml"
# Placeholders in the demo config, filled with the live demo receivers' URLs.
DEMO_WEBHOOK = "{demo_webhook}"
DEMO_SMTP = "{demo_smtp}"
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class ConfigError(Exception):
    """The configuration is missing or invalid (exit code 2)."""


def parse_duration(text: str) -> dt.timedelta:
    """``"30m"`` -> 30 minutes: schedules read better as short strings."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration like 30m, 2h or 1d: {text!r}")
    value = dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if not value:
        raise ValueError(f"a duration must be longer than zero: {text!r}")
    return value


def check_cron(text: str) -> str:
    """A five-field crontab line (``"0 8 * * mon-fri"``), checked as APScheduler reads it.

    Imported here, not at the top: only configs that use cron pay for it.
    """
    from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]  # noqa: PLC0415

    fields = text.split()
    if len(fields) != 5:
        raise ValueError(f"not a crontab line like '0 8 * * mon-fri' (5 fields): {text!r}")
    if any(char.isdigit() for char in fields[4]):
        # APScheduler 3 counts weekdays from Monday=0, crontab from Sunday=0.
        raise ValueError(f"name the weekdays (mon-fri, sun), not numbers: {text!r}")
    try:
        CronTrigger.from_crontab(text, timezone=dt.UTC)
    except ValueError as exc:
        raise ValueError(f"not a crontab line like '0 8 * * mon-fri': {text!r} ({exc})") from None
    return text


def parse_address(text: str) -> tuple[str, int]:
    """``"127.0.0.1:8787"`` -> (host, port); the daemon's HTTP endpoint."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"not an address like 127.0.0.1:8787: {text!r}")
    return host, int(port)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteConfig(_Strict):
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


class SubscriptionConfig(_Strict):
    """Who gets which events, through which channels, instantly or in a daily digest."""

    name: str
    # Channel URLs: http(s):// signed webhook, smtp(s):// e-mail, or any Apprise URL.
    channels: list[str] = Field(min_length=1)
    types: list[EventType] = Field(default_factory=lambda: list(ALERT_TYPES))
    # Any of them, in title or text; Traditional and Simplified Chinese match alike.
    keywords: list[str] = Field(default_factory=list)
    sites: list[str] = Field(default_factory=list)  # empty = every site
    languages: list[Literal["en", "zh"]] = Field(default_factory=list)
    upcoming_only: bool = False  # only events that have not taken place yet
    mode: Literal["instant", "digest"] = "instant"
    digest_at: str = "08:00"  # digest mode: local time of the daily message, HH:MM
    timezone: str = "UTC"  # digest mode: the zone of digest_at, e.g. "Asia/Shanghai"

    @field_validator("digest_at")
    @classmethod
    def _check_digest_at(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
            raise ValueError(f"not a time like 08:00: {value!r}")
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415 - only configs that set it

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use e.g. Asia/Shanghai)") from None
        return value


class Settings(BaseSettings):
    """Everything healthwatch can be told; each field documents its default."""

    model_config = SettingsConfigDict(
        env_prefix="HEALTHWATCH_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    # Where articles, events and the alert outbox live.
    database_url: str = "sqlite:///healthwatch.db"
    # Alert channels refuse loopback/private targets unless this is true (SSRF guard).
    allow_private_targets: bool = False
    # Hard wall-clock limit of one crawl child process, in seconds.
    crawl_timeout: float = 600.0
    # Soft per-spider limit (Scrapy CLOSESPIDER_TIMEOUT), in seconds.
    spider_timeout: float = 300.0
    # Signs webhook bodies (Standard Webhooks); "whsec_<base64>" or any string.
    webhook_secret: SecretStr = SecretStr("whsec_aGVhbHRod2F0Y2gtZGVtby1zZWNyZXQ=")
    # Sender address of alert e-mails.
    smtp_from: str = "healthwatch@localhost"
    # Seconds between requests to one site (AutoThrottle adapts above it; 0 = off).
    download_delay: float = Field(default=0.5, ge=0)
    # Near-duplicate articles: at most this many differing SimHash bits (the
    # banded index finds every pair up to 7; unrelated articles are ~30 apart).
    near_duplicate_distance: int = Field(default=7, ge=0, le=7)
    # Attempts before an alert is marked dead.
    max_attempts: int = Field(default=6, ge=1)
    # No floods: events whose article was published longer ago than this are
    # stored but not alerted ("14d"; "off" alerts whatever the age).
    alert_max_age: str = "14d"
    # Alert the events found in a site's first crawl (its backfill) too.
    alert_backfill: bool = False
    # Sent as User-Agent; put a contact address here in production.
    user_agent: str = "healthwatch/0.1 (+https://github.com/healthwatch)"
    # --- the daemon (`healthwatch run`) ---
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
    sites: dict[str, SiteConfig] = Field(default_factory=dict)
    subscriptions: list[SubscriptionConfig] = Field(default_factory=list)
    # Set by ``healthwatch demo``: the local server that serves *.demo.test.
    demo_server: str | None = None
    # Fetch script-built pages in chromium when needed (docs/render.md); false = never.
    render: bool = True
    # chromium's path for rendering; unset = `chromium` on PATH.
    browser: str | None = None

    @field_validator("http")
    @classmethod
    def _check_http(cls, value: str) -> str:
        parse_address(value)
        return value

    @field_validator("alert_max_age")
    @classmethod
    def _check_alert_max_age(cls, value: str) -> str:
        if value.strip().lower() != "off":
            parse_duration(value)
        return value

    def alert_max_age_delta(self) -> dt.timedelta | None:
        """``alert_max_age`` as a duration; None when it is ``"off"``."""
        if self.alert_max_age.strip().lower() == "off":
            return None
        return parse_duration(self.alert_max_age)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment first, then what the TOML file gave (passed as init kwargs).
        return env_settings, init_settings


def config_path(explicit: str | os.PathLike[str] | None, env: dict[str, str]) -> Path | None:
    """``--config`` wins, then ``HEALTHWATCH_CONFIG``, then ./healthwatch.toml."""
    if explicit:
        return Path(explicit)
    if env.get("HEALTHWATCH_CONFIG"):
        return Path(env["HEALTHWATCH_CONFIG"])
    default = Path("healthwatch.toml")
    return default if default.is_file() else None


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a config file, turning every failure into one ConfigError line."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def demo_config_data() -> dict[str, Any]:
    """The embedded demo configuration, as parsed TOML."""
    text = (resources.files("crawler") / DEMO_CONFIG).read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_settings(
    path: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None
) -> Settings:
    """Load and validate the settings; raise ConfigError with one clear line."""
    env = dict(os.environ if env is None else env)
    found = config_path(path, env)
    if not found:
        return without_demo_channels(load_demo_settings())
    try:
        return Settings(**read_toml(found))
    except ValidationError as exc:
        raise ConfigError(f"{found}: {describe_validation_error(exc)}") from None


def describe_validation_error(exc: ValidationError) -> str:
    """The first problem of a validation error, as ``field.path: message``."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "config"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def without_demo_channels(settings: Settings) -> Settings:
    """Drop the demo receivers' placeholders: outside ``healthwatch demo``
    nothing listens there, so no alert should be queued for them."""

    def live(url: str) -> bool:
        return DEMO_WEBHOOK not in url and DEMO_SMTP not in url

    subs = [
        sub.model_copy(update={"channels": [c for c in sub.channels if live(c)]})
        for sub in settings.subscriptions
        if any(live(c) for c in sub.channels)
    ]
    return settings.model_copy(update={"subscriptions": subs})


def with_demo_channels(settings: Settings, webhook_url: str, smtp_url: str) -> Settings:
    """Fill the demo config's receiver placeholders with live local URLs."""

    def fill(url: str) -> str:
        return url.replace(DEMO_WEBHOOK, webhook_url).replace(DEMO_SMTP, smtp_url)

    subs = [
        sub.model_copy(update={"channels": [fill(c) for c in sub.channels]})
        for sub in settings.subscriptions
    ]
    return settings.model_copy(update={"subscriptions": subs})


def load_demo_settings() -> Settings:
    """The embedded demo config, with ``HEALTHWATCH_*`` variables on top
    (so ``HEALTHWATCH_DATABASE_URL`` still picks the database)."""
    try:
        return Settings(**demo_config_data())
    except ValidationError as exc:
        raise ConfigError(f"the embedded demo config: {describe_validation_error(exc)}") from None
