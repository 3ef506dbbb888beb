"""Typed settings: one TOML file plus ``HEALTHWATCH_*`` environment variables.

Precedence: environment > TOML file > defaults.  With no file at all the
embedded demo configuration is used, so ``healthwatch demo`` and the quick
start need nothing on disk.  Every component reads these objects; none calls
``os.getenv``.  The keys stay flat in the file; in code the settings are
four parts (``CrawlSettings``, ``AlertSettings``, ``DaemonSettings``,
``WebSettings``), and a
crawl child receives only its own (``Settings.crawl``).
"""

from __future__ import annotations

import os
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from crawler.config.alerting import DEMO_WEBHOOK_SECRET, AlertSettings
from crawler.config.crawl import CrawlSettings
from crawler.config.daemon import DaemonSettings
from crawler.config.sites import SiteConfig
from crawler.config.subscriptions import SubscriptionConfig
from crawler.config.values import ConfigError, parse_address, parse_duration
from crawler.config.web import WebSettings

__all__ = [
    "ConfigError",
    "Settings",
    "SiteConfig",
    "SubscriptionConfig",
    "load_settings",
    "parse_address",
    "parse_duration",
]

DEMO_CONFIG = "demo/healthwatch.toml"
# Placeholders in the demo config, filled with the live demo receivers' URLs.
DEMO_WEBHOOK = "{demo_webhook}"
DEMO_SMTP = "{demo_smtp}"
# How to make a webhook secret, said where one is missing.
MAKE_SECRET = (
    "python -c 'import base64, secrets; "  # noqa: S105 - a command, not a secret
    'print("whsec_" + base64.b64encode(secrets.token_bytes(32)).decode())\''
)


class Settings(CrawlSettings, AlertSettings, DaemonSettings, WebSettings, BaseSettings):
    """Everything healthwatch can be told; each part's fields document their defaults."""

    model_config = SettingsConfigDict(
        env_prefix="HEALTHWATCH_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    @model_validator(mode="after")
    def _own_webhook_secret(self) -> Settings:
        """Webhook channels sign with a secret of one's own: none, or the
        public demo one, and the config is refused (the demo sets its own)."""
        webhooks = [
            (f"subscription {sub.name!r}", url)
            for sub in self.subscriptions
            for url in sub.channels
            if is_webhook(url)
        ] + [("ops_channels", url) for url in self.ops_channels if is_webhook(url)]
        secret = self.webhook_secret.get_secret_value()
        if webhooks and secret in ("", DEMO_WEBHOOK_SECRET):
            which = "is the public demo secret" if secret else "is not set"
            raise ValueError(
                f"{webhooks[0][0]} sends signed webhooks but webhook_secret {which}: set "
                'webhook_secret = "whsec_..." in the config or HEALTHWATCH_WEBHOOK_SECRET '
                f"(make one with: {MAKE_SECRET})"
            )
        return self

    @property
    def crawl(self) -> CrawlSettings:
        """The crawl's part alone: what a crawl child is given."""
        return CrawlSettings(**{name: getattr(self, name) for name in CrawlSettings.model_fields})

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


def is_webhook(url: str) -> bool:
    """A signed-webhook channel (http/https; the others sign nothing)."""
    return url.lower().startswith(("http://", "https://"))


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
    data = read_toml(found)
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise ConfigError(f"{found}: {describe_validation_error(exc, data)}") from None
    except SettingsError as exc:
        raise ConfigError(describe_settings_error(exc)) from None


def describe_validation_error(exc: ValidationError, data: dict[str, Any] | None = None) -> str:
    """The first problem of a validation error, as ``field.path: message``;
    a subscription's problem names the subscription."""
    first = exc.errors()[0]
    loc = first["loc"]
    where = ".".join(str(part) for part in loc)
    subs = (data or {}).get("subscriptions")
    variable = f"HEALTHWATCH_{str(loc[0]).upper()}" if loc else ""
    if variable in os.environ:  # the environment wins over the file: it said this
        where = variable + where.removeprefix(str(loc[0]))
    elif len(loc) >= 2 and loc[0] == "subscriptions" and isinstance(loc[1], int):
        name = subs[loc[1]].get("name") if isinstance(subs, list) and len(subs) > loc[1] else None
        if isinstance(name, str):
            where = f"subscription {name!r} ({where})"
    message = str(first["msg"]).removeprefix("Value error, ")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {message}{more}" if where else f"{message}{more}"


def describe_settings_error(exc: SettingsError) -> str:
    """An environment variable pydantic-settings could not read (not JSON), one line."""
    field = re.search(r'field "(\w+)"', str(exc))
    name = f"HEALTHWATCH_{field.group(1).upper()}" if field else "a HEALTHWATCH_* variable"
    cause = exc.__cause__
    detail = (str(cause).splitlines() or [""])[0] if cause else str(exc)
    return f"{name} is not valid JSON ({detail}); it takes a JSON list or object"


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
    # The demo's receivers check signatures with the public demo secret: only here.
    secret = SecretStr(DEMO_WEBHOOK_SECRET)
    return settings.model_copy(update={"subscriptions": subs, "webhook_secret": secret})


def load_demo_settings() -> Settings:
    """The embedded demo config, with ``HEALTHWATCH_*`` variables on top
    (so ``HEALTHWATCH_DATABASE_URL`` still picks the database)."""
    data = demo_config_data()
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, data)) from None
    except SettingsError as exc:
        raise ConfigError(describe_settings_error(exc)) from None
