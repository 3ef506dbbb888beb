"""When each site is polled: its interval or cron line, jitter, and first run.

A site's schedule comes from the config (``every`` or ``cron``) or else from
its spider's ``every`` attribute.  Reading that attribute imports the spider
module, and so Scrapy, but never installs or runs the Twisted reactor.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Literal

from apscheduler.triggers.base import BaseTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from crawler.config.settings import ConfigError, Settings, SiteConfig, parse_duration
from spiders import GENERIC_EVERY, is_generic

# A cron slot missed by more than this (daemon down, machine asleep) is not
# run late: the next slot, or the start-up catch-up run, takes its place.
CRON_MISFIRE_GRACE = 3600


@dataclass(frozen=True)
class SiteSchedule:
    """How often one site is polled, and who said so."""

    site: str
    every: dt.timedelta | None  # exactly one of every / cron is set
    cron: str | None
    source: Literal["config", "spider"]

    def describe(self) -> str:
        """``every 30m`` / ``cron 0 8 * * *`` and where it comes from, for people."""
        what = f"cron {self.cron} (UTC)" if self.cron else f"every {_short(self.every)}"
        return what if self.source == "config" else f"{what} (spider default)"

    def jitter(self, settings: Settings) -> float:
        """Seconds of random delay per poll: a fraction of the interval, capped."""
        return min(settings.schedule_jitter * self.period(), settings.max_jitter)

    def period(self) -> float:
        """The interval in seconds (for cron: the gap between its next two slots)."""
        if self.every is not None:
            return self.every.total_seconds()
        assert self.cron is not None
        trigger = CronTrigger(**cron_fields(self.cron), timezone=dt.UTC)
        first: dt.datetime | None = trigger.get_next_fire_time(None, dt.datetime.now(dt.UTC))
        if first is None:
            return float(CRON_MISFIRE_GRACE)
        second: dt.datetime | None = trigger.get_next_fire_time(first, first)
        if second is None:
            return float(CRON_MISFIRE_GRACE)
        return (second - first).total_seconds()

    def trigger(self, start: dt.datetime | None) -> BaseTrigger:
        """The APScheduler trigger, firing at the slot boundaries (an interval
        from ``start``); jitter is the batch's (``scheduler.batches``), so
        sites of one interval fire together and share a crawl pass."""
        if self.cron is not None:
            return CronTrigger(**cron_fields(self.cron), timezone=dt.UTC)
        assert self.every is not None
        return IntervalTrigger(
            seconds=self.every.total_seconds(), start_date=start, timezone=dt.UTC
        )

    def misfire_grace(self) -> int:
        """Seconds a late slot still counts: one interval (the job only queues)."""
        if self.every is not None:
            return max(1, int(self.every.total_seconds()))
        return CRON_MISFIRE_GRACE


def cron_fields(line: str) -> dict[str, str]:
    """The five crontab fields as CronTrigger keyword arguments."""
    minute, hour, day, month, day_of_week = line.split()
    return {
        "minute": minute,
        "hour": hour,
        "day": day,
        "month": month,
        "day_of_week": day_of_week,
    }


def _short(value: dt.timedelta | None) -> str:
    """A timedelta back in the config's own notation (90s, 30m, 2h, 1d)."""
    assert value is not None
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def spider_every(site: str) -> dt.timedelta:
    """The ``every`` default a site's spider class declares.

    Imports ``spiders.<site>``; a broken module is a config error.
    """
    try:
        module = importlib.import_module(f"spiders.{site}")
    except Exception as exc:  # a spider module can fail in any way; say which
        raise ConfigError(f"spider {site!r} cannot be imported: {exc}") from exc
    for value in vars(module).values():
        if isinstance(value, type) and getattr(value, "name", None) == site:
            every = getattr(value, "every", None)
            if isinstance(every, dt.timedelta) and every > dt.timedelta(0):
                return every
            raise ConfigError(f"spider {site!r} has no usable `every` (got {every!r})")
    raise ConfigError(f"spiders/{site}.py defines no spider named {site!r}")


def site_schedule(site: str, cfg: SiteConfig) -> SiteSchedule:
    """The schedule of one site: config first, then the spider's default."""
    if cfg.cron:
        return SiteSchedule(site, None, cfg.cron, "config")
    if cfg.every:
        return SiteSchedule(site, parse_duration(cfg.every), None, "config")
    if is_generic(site, cfg.url):
        return SiteSchedule(site, GENERIC_EVERY, None, "spider")
    return SiteSchedule(site, spider_every(site), None, "spider")


def site_schedules(settings: Settings, sites: list[str]) -> dict[str, SiteSchedule]:
    """Schedules of the given sites, in order."""
    return {site: site_schedule(site, settings.sites[site]) for site in sites}
