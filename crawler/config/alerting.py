"""The alerting part of the settings: subscriptions, channels' secrets, retries."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from crawler.config.subscriptions import SubscriptionConfig
from crawler.config.values import parse_duration

# The demo's signing secret: public (it is in this repository), so only for the demo.
DEMO_WEBHOOK_SECRET = "whsec_aGVhbHRod2F0Y2gtZGVtby1zZWNyZXQ="  # noqa: S105 - public on purpose


class AlertSettings(BaseModel):
    """Who is told of which events, how alerts are signed, sent and retried."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Alert channels refuse loopback/private targets unless this is true (SSRF guard).
    allow_private_targets: bool = False
    # Signs webhook bodies (Standard Webhooks); "whsec_<base64>" or any string.
    # Required (and not the public demo one) once a webhook channel is set.
    webhook_secret: SecretStr = SecretStr("")
    # Sender address of alert e-mails.
    smtp_from: str = "healthwatch@localhost"
    # How long a failed alert keeps being retried (from its creation) before it
    # is dead: "48h" (tries at +30 s, 2 m, 10 m, 30 m, then hourly; docs/reliability.md).
    retry_for: str = "48h"
    # An optional cap on attempts within that time; unset = only the time counts.
    max_attempts: int | None = Field(default=None, ge=1)
    # Seconds a dispatcher holds the alerts it is sending before another may
    # take them over (it renews the hold before each send).
    claim_for: float = Field(default=120.0, ge=1)
    # No floods: events whose article was published longer ago than this are
    # stored but not alerted ("14d"; "off" alerts whatever the age).
    alert_max_age: str = "14d"
    # Alert the events found in a site's first crawl (its backfill) too.
    alert_backfill: bool = False
    subscriptions: list[SubscriptionConfig] = Field(default_factory=list)

    @field_validator("retry_for")
    @classmethod
    def _check_retry_for(cls, value: str) -> str:
        parse_duration(value)
        return value

    def retry_budget(self) -> dt.timedelta:
        """``retry_for`` as a duration."""
        return parse_duration(self.retry_for)

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
