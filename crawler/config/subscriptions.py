"""Who gets which events (``[[subscriptions]]``)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from crawler.config.values import Strict, check_channel_url
from crawler.event_types import alert_types, check_type


class SubscriptionConfig(Strict):
    """Who gets which events, through which channels, instantly or in a daily digest."""

    name: str
    # Channel URLs: http(s):// signed webhook, smtp(s):// e-mail, or any Apprise URL.
    channels: list[str] = Field(min_length=1)
    types: list[str] = Field(default_factory=lambda: list(alert_types()))
    # Any of them, in title or text; Traditional and Simplified Chinese match alike.
    keywords: list[str] = Field(default_factory=list)
    sites: list[str] = Field(default_factory=list)  # empty = every site
    languages: list[Literal["en", "zh"]] = Field(default_factory=list)
    upcoming_only: bool = False  # only events that have not taken place yet
    # Only events about the health industry (the analysis's `relevant`);
    # false: every forum, signing and launch, a chip expo included.
    relevant_only: bool = True
    # instant: one alert per new event; digest: the day's new events in one
    # message at digest_at; agenda: the upcoming events of the next
    # agenda_days days, every day or every week (agenda_every), at digest_at.
    mode: Literal["instant", "digest", "agenda"] = "instant"
    digest_at: str = "08:00"  # digest and agenda modes: local time of the message, HH:MM
    timezone: str = "UTC"  # the zone of digest_at, e.g. "Asia/Shanghai"
    agenda_every: Literal["daily", "weekly"] = "weekly"  # agenda mode: how often
    agenda_weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"  # weekly
    agenda_days: int = Field(default=7, ge=1, le=366)  # agenda mode: events of the next N days

    @field_validator("channels")
    @classmethod
    def _check_channels(cls, values: list[str]) -> list[str]:
        return [check_channel_url(value) for value in values]

    @field_validator("types")
    @classmethod
    def _check_types(cls, values: list[str]) -> list[str]:
        for value in values:
            check_type(value)
        return values

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
