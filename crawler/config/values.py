"""Values written as short strings in the config: durations, crontab lines, addresses."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class ConfigError(Exception):
    """The configuration is missing or invalid (exit code 2)."""


class Strict(BaseModel):
    """A config table: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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


# ``{demo_webhook}``: a placeholder the demo fills with a live receiver's URL.
_PLACEHOLDER = re.compile(r"\{\w+\}")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*", re.IGNORECASE)
CHANNEL_EXAMPLES = (
    "e.g. https://hooks.example.org/hw, smtp://mail.example.org?to=a@example.org, slack://..."
)


def check_channel_url(text: str) -> str:
    """A channel URL as a URL: ``scheme://...``, no spaces; web and mail
    channels name a host (and a valid port).  Whether Apprise knows a
    scheme is asked when a command that sends starts (alerts.channels)."""
    if _PLACEHOLDER.fullmatch(text):
        return text
    scheme, sep, rest = text.partition("://")
    if not sep or not _SCHEME.fullmatch(scheme) or not rest or any(c.isspace() for c in text):
        raise ValueError(f"not a channel URL: {text!r} ({CHANNEL_EXAMPLES})")
    if scheme.lower() in ("http", "https", "smtp", "smtps"):
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError as exc:
            raise ValueError(f"not a channel URL: {text!r} ({exc})") from None
        if not parts.hostname:
            raise ValueError(f"not a channel URL: {text!r} (no host)")
    return text


def check_database_url(text: str) -> str:
    """A database URL SQLAlchemy parses, for a backend we ship (SQLite or PostgreSQL)."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - only when a config is read
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    example = "sqlite:///healthwatch.db or postgresql://user@host/db"
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ValueError(f"not a database URL ({reason}); use {example}") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database {url.get_backend_name()!r}; use {example}")
    return text


def parse_address(text: str) -> tuple[str, int]:
    """``"127.0.0.1:8787"`` -> (host, port); the daemon's HTTP endpoint."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"not an address like 127.0.0.1:8787: {text!r}")
    return host, int(port)
