"""Which subscriptions want which event, and when: pure rules over plain data.

A subscription's rules live in one JSON dict (``Subscription.filters``),
built from the config by ``subscription_rules`` and read back by the store
(in the crawl child) and the dispatcher.  Keys, all optional:

- ``types``, ``sites``, ``languages``: lists; empty or absent = any;
- ``keywords``: any of them in the title or text, case-insensitive, with
  Traditional and Simplified Chinese matching alike (OpenCC t2s);
- ``upcoming_only``: only events that have not happened yet;
- ``max_age_days``: no alert for an article published longer ago (None = off);
- ``backfill``: alert events found in a site's first crawl too (default no);
- ``digest_at`` (``"HH:MM"``) and ``timezone``: when a digest subscriber's
  daily message (or an agenda) goes out, in local time;
- ``agenda_every`` (``daily``/``weekly``), ``agenda_weekday`` and
  ``agenda_days``: an agenda subscriber's schedule and how far it looks ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from crawler.analysis.language import normalise

if TYPE_CHECKING:
    from crawler.config.settings import Settings, SubscriptionConfig

# Statuses of an event that has already taken place or will not.
PAST_STATUSES = ("held", "cancelled")
# Statuses that say "still to come" when no date is known.
COMING_STATUSES = ("upcoming", "postponed")


@dataclass(frozen=True)
class EventView:
    """The facts of a new event that subscription rules look at."""

    type: str
    site: str
    language: str
    title: str
    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = "unknown"
    published: dt.date | None = None
    first_crawl: bool = False  # found while the site was crawled for the first time
    relevant: bool = True  # about the health industry (the analysis says)


def subscription_rules(sub: SubscriptionConfig, settings: Settings) -> dict[str, Any]:
    """The JSON rules of a configured subscription (filters plus schedule).

    The global flood rules are copied in: the crawl child that queues alerts
    reads them from the subscription row, not from the config.
    """
    max_age = settings.alert_max_age_delta()
    return {
        "types": list(sub.types),
        "keywords": list(sub.keywords),
        "sites": list(sub.sites),
        "languages": list(sub.languages),
        "upcoming_only": sub.upcoming_only,
        "relevant_only": sub.relevant_only,
        "max_age_days": max_age.days if max_age else None,
        "backfill": settings.alert_backfill,
        "digest_at": sub.digest_at,
        "timezone": sub.timezone,
        "agenda_every": sub.agenda_every,
        "agenda_weekday": sub.agenda_weekday,
        "agenda_days": sub.agenda_days,
    }


def keyword_text(text: str) -> str:
    """Text as keywords are compared: Simplified Chinese, ASCII digits, casefolded."""
    return normalise(text).casefold()


def matches(  # noqa: PLR0911 - one return per filter reads best
    filters: dict[str, Any], event: EventView, today: dt.date | None = None
) -> bool:
    """True when every filter a subscription sets accepts the event.

    An empty filter accepts everything; keywords match the title or text,
    any one of them.
    """
    if filters.get("types") and event.type not in filters["types"]:
        return False
    if filters.get("relevant_only", True) and not event.relevant:
        return False
    if filters.get("sites") and event.site not in filters["sites"]:
        return False
    if filters.get("languages") and event.language not in filters["languages"]:
        return False
    if filters.get("upcoming_only") and not is_upcoming(event, today or dt.date.today()):
        return False
    keywords = [keyword_text(k) for k in filters.get("keywords", []) if k.strip()]
    if not keywords:
        return True
    haystack = keyword_text(f"{event.title}\n{event.text}")
    return any(k in haystack for k in keywords)


def is_upcoming(event: EventView, today: dt.date) -> bool:
    """Not over yet: its last day is today or later; without dates, a status
    that says it is still to come."""
    if event.status in PAST_STATUSES:
        return False
    last = event.end or event.start
    if last is not None:
        return last >= today
    return event.status in COMING_STATUSES


def suppressed(filters: dict[str, Any], event: EventView, today: dt.date) -> str | None:
    """Why an event that matches is stored but not alerted (no floods), or None."""
    if event.first_crawl and not filters.get("backfill", True):
        return "not alerted: found in the site's first crawl (backfill)"
    days = filters.get("max_age_days")
    published = event.published
    if (
        days is not None
        and published is not None
        and published < today - dt.timedelta(days=int(days))
    ):
        return f"not alerted: published {published.isoformat()}, over {days} days ago"
    return None


def next_digest(filters: dict[str, Any], now: dt.datetime) -> dt.datetime:
    """The next daily digest moment after ``now``, in UTC.

    The time is local to the subscriber's zone, so 08:00 Asia/Shanghai stays
    08:00 there whatever the server's zone, and DST shifts follow the zone.
    """
    zone = ZoneInfo(str(filters.get("timezone") or "UTC"))
    hour, minute = (int(part) for part in str(filters.get("digest_at") or "08:00").split(":"))
    local_now = now.astimezone(zone)
    slot = dt.datetime.combine(local_now.date(), dt.time(hour, minute), tzinfo=zone)
    if slot <= local_now:
        slot = dt.datetime.combine(
            local_now.date() + dt.timedelta(days=1), dt.time(hour, minute), tzinfo=zone
        )
    return slot.astimezone(dt.UTC)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _send_time(filters: dict[str, Any]) -> tuple[ZoneInfo, dt.time]:
    zone = ZoneInfo(str(filters.get("timezone") or "UTC"))
    hour, minute = (int(part) for part in str(filters.get("digest_at") or "08:00").split(":"))
    return zone, dt.time(hour, minute)


def agenda_slot(filters: dict[str, Any], now: dt.datetime) -> dt.date:
    """The local day of the newest agenda moment at or before ``now``: today
    once ``digest_at`` has passed (weekly: on ``agenda_weekday``), else the one before."""
    zone, at = _send_time(filters)
    local_now = now.astimezone(zone)
    day = local_now.date()
    if dt.datetime.combine(day, at, tzinfo=zone) > local_now:
        day -= dt.timedelta(days=1)
    if filters.get("agenda_every", "weekly") == "weekly":
        wanted = WEEKDAYS.index(str(filters.get("agenda_weekday") or "mon"))
        day -= dt.timedelta(days=(day.weekday() - wanted) % 7)
    return day


def agenda_window(filters: dict[str, Any], slot: dt.date) -> tuple[dt.date, dt.date]:
    """The event dates an agenda sent on ``slot`` covers: the next ``agenda_days`` days."""
    days = int(filters.get("agenda_days") or 7)
    return slot, slot + dt.timedelta(days=days - 1)
