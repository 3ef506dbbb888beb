"""Values written as short strings in the config: durations, crontab lines, addresses."""

from __future__ import annotations

import datetime as dt
import re

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


def parse_address(text: str) -> tuple[str, int]:
    """``"127.0.0.1:8787"`` -> (host, port); the daemon's HTTP endpoint."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"not an address like 127.0.0.1:8787: {text!r}")
    return host, int(port)
