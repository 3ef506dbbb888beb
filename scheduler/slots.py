"""Schedule slots: the one moment each site is due, the same on every node.

A site polled every 30 minutes has one slot per half hour, starting at the
half hours since the Unix epoch; a cron site has one slot per fire time.
Every node computes the same slot, so the slot's row in ``crawl_slot``
(storage/slots.py) decides which node crawls it.  Among the live nodes one
is preferred for each (site, slot), by rendezvous hashing: the sites spread
evenly over the nodes, and the preference moves from slot to slot, so a
node that is slow or gone is taken over by the others after a short wait
(``takeover_after``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math

from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]

from scheduler.schedules import SiteSchedule, cron_fields

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def current_slot(schedule: SiteSchedule, now: dt.datetime) -> dt.datetime:
    """The start of the slot ``now`` falls in."""
    if schedule.every is not None:
        period = schedule.every.total_seconds()
        return EPOCH + dt.timedelta(
            seconds=math.floor((now - EPOCH).total_seconds() / period) * period
        )
    assert schedule.cron is not None
    trigger = CronTrigger(**cron_fields(schedule.cron), timezone=dt.UTC)
    look_back = dt.timedelta(seconds=2 * schedule.period())
    fire: dt.datetime | None = trigger.get_next_fire_time(None, now - look_back)
    last = fire
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + dt.timedelta(seconds=1))
    return last if last is not None and last <= now else now.replace(second=0, microsecond=0)


def next_slot(schedule: SiteSchedule, now: dt.datetime) -> dt.datetime:
    """The start of the slot after the current one."""
    if schedule.every is not None:
        return current_slot(schedule, now) + schedule.every
    assert schedule.cron is not None
    trigger = CronTrigger(**cron_fields(schedule.cron), timezone=dt.UTC)
    fire: dt.datetime | None = trigger.get_next_fire_time(None, now + dt.timedelta(seconds=1))
    return fire if fire is not None else now + dt.timedelta(seconds=schedule.period())


def preferred_node(site: str, slot: dt.datetime, live: list[int]) -> int:
    """The live node that should crawl (site, slot): highest hash wins (rendezvous)."""

    def weight(node: int) -> bytes:
        key = f"{site}|{slot.isoformat()}|{node}".encode()
        return hashlib.blake2b(key, digest_size=8).digest()

    return max(live, key=weight)
