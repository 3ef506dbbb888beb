"""Subscription rules: filters in EN and ZH, upcoming-only, no floods, digest times."""

from __future__ import annotations

import datetime as dt

import pytest

from alerts.rules import (
    EventView,
    is_upcoming,
    matches,
    next_digest,
    subscription_rules,
    suppressed,
)
from crawler.config.settings import Settings, SubscriptionConfig

TODAY = dt.date(2026, 11, 23)


def view(**fields: object) -> EventView:
    base: dict[str, object] = {
        "type": "forum",
        "site": "gov",
        "language": "en",
        "title": "Health Industry Forum",
        "text": "The forum will be held in Beijing.",
    }
    return EventView(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("keyword", "title", "text", "wanted"),
    [
        ("gene therapy", "Forum", "Topics: Cell and GENE Therapy.", True),
        ("医疗", "北京医疗器械博览会开幕", "", True),  # Simplified keyword, Simplified page
        ("醫療", "北京医疗器械博览会开幕", "", True),  # Traditional keyword, Simplified page
        ("医疗", "台北醫療器材博覽會開幕", "", True),  # Simplified keyword, Traditional page
        ("博览会", "", "臺灣國際醫療暨健康照護博覽會將於12月舉行", True),
        ("２０２４", "Forum 2024", "", True),  # full-width digits match ASCII ones
        ("vaccine", "Health Industry Forum", "nothing related", False),
        ("疫苗", "北京医疗器械博览会开幕", "", False),
    ],
)
def test_keywords_match_title_or_text_in_either_chinese_script(
    keyword: str, title: str, text: str, wanted: bool
) -> None:
    assert matches({"keywords": [keyword]}, view(title=title, text=text), TODAY) is wanted


def test_any_keyword_is_enough_and_blank_ones_are_ignored() -> None:
    rules = {"keywords": ["vaccine", "   ", "forum"]}
    assert matches(rules, view(), TODAY)
    assert matches({"keywords": ["  "]}, view(title="x", text="y"), TODAY)


@pytest.mark.parametrize(
    ("rules", "wanted"),
    [
        ({}, True),
        ({"types": ["forum"]}, True),
        ({"types": ["agreement", "launch"]}, False),
        ({"sites": ["gov", "cctv"]}, True),
        ({"sites": ["cctv"]}, False),
        ({"languages": ["zh"]}, False),
        ({"languages": ["en", "zh"]}, True),
        (
            {"types": ["forum"], "sites": ["gov"], "languages": ["en"], "keywords": ["beijing"]},
            True,
        ),
        (
            {"types": ["forum"], "sites": ["gov"], "languages": ["en"], "keywords": ["shanghai"]},
            False,
        ),
    ],
)
def test_every_set_filter_must_accept(rules: dict[str, object], wanted: bool) -> None:
    assert matches(rules, view(), TODAY) is wanted


@pytest.mark.parametrize(
    ("fields", "wanted"),
    [
        ({"start": TODAY + dt.timedelta(days=3)}, True),
        ({"start": TODAY}, True),
        ({"start": TODAY - dt.timedelta(days=3)}, False),
        ({"start": TODAY - dt.timedelta(days=1), "end": TODAY + dt.timedelta(days=1)}, True),
        ({"start": TODAY + dt.timedelta(days=3), "status": "held"}, False),
        ({"start": TODAY + dt.timedelta(days=3), "status": "cancelled"}, False),
        ({"status": "upcoming"}, True),
        ({"status": "postponed"}, True),
        ({"status": "unknown"}, False),
    ],
)
def test_upcoming_only(fields: dict[str, object], wanted: bool) -> None:
    event = view(**fields)
    assert is_upcoming(event, TODAY) is wanted
    assert matches({"upcoming_only": True}, event, TODAY) is wanted
    assert matches({"upcoming_only": False}, event, TODAY)


def test_no_floods_backfill_and_max_age() -> None:
    rules = {"backfill": False, "max_age_days": 14}
    assert suppressed(rules, view(published=TODAY), TODAY) is None
    assert "first crawl" in (suppressed(rules, view(first_crawl=True), TODAY) or "")
    old = view(published=TODAY - dt.timedelta(days=15))
    assert "over 14 days" in (suppressed(rules, old, TODAY) or "")
    assert suppressed(rules, view(published=TODAY - dt.timedelta(days=14)), TODAY) is None
    assert suppressed(rules, view(published=None), TODAY) is None  # unknown age: alert
    # Rules off (the demo), or a subscription row written before they existed.
    off = {"backfill": True, "max_age_days": None}
    assert suppressed(off, view(first_crawl=True, published=dt.date(2001, 1, 1)), TODAY) is None
    assert suppressed({}, view(first_crawl=True, published=dt.date(2001, 1, 1)), TODAY) is None


@pytest.mark.parametrize(
    ("now", "zone", "at", "expected"),
    [
        # 08:00 in Shanghai is 00:00 UTC; before it -> today, after it -> tomorrow.
        ("2026-11-22T23:59:00+00:00", "Asia/Shanghai", "08:00", "2026-11-23T00:00:00+00:00"),
        ("2026-11-23T00:00:00+00:00", "Asia/Shanghai", "08:00", "2026-11-24T00:00:00+00:00"),
        ("2026-11-23T10:00:00+00:00", "UTC", "08:00", "2026-11-24T08:00:00+00:00"),
        # Across the DST change in New York: 08:00 local stays 08:00 local.
        ("2026-03-07T14:00:00+00:00", "America/New_York", "08:00", "2026-03-08T12:00:00+00:00"),
        ("2026-03-06T14:00:00+00:00", "America/New_York", "08:00", "2026-03-07T13:00:00+00:00"),
    ],
)
def test_next_digest_is_the_next_local_time_in_the_subscribers_zone(
    now: str, zone: str, at: str, expected: str
) -> None:
    moment = next_digest({"digest_at": at, "timezone": zone}, dt.datetime.fromisoformat(now))
    assert moment == dt.datetime.fromisoformat(expected)
    assert moment.tzinfo == dt.UTC


def test_rules_from_the_config_carry_filters_flood_rules_and_schedule() -> None:
    sub = SubscriptionConfig(
        name="zh-digest",
        channels=["https://hooks.example.org/x"],
        keywords=["醫療"],
        languages=["zh"],
        upcoming_only=True,
        mode="digest",
        digest_at="07:30",
        timezone="Asia/Shanghai",
    )
    rules = subscription_rules(sub, Settings())
    assert rules == {
        "types": ["forum", "agreement", "launch"],
        "keywords": ["醫療"],
        "sites": [],
        "languages": ["zh"],
        "upcoming_only": True,
        "relevant_only": True,
        "max_age_days": 14,
        "backfill": False,
        "digest_at": "07:30",
        "timezone": "Asia/Shanghai",
        "agenda_every": "weekly",
        "agenda_weekday": "mon",
        "agenda_days": 7,
    }
    demo = Settings(alert_max_age="off", alert_backfill=True)
    assert subscription_rules(sub, demo)["max_age_days"] is None
    assert subscription_rules(sub, demo)["backfill"] is True


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"digest_at": "25:00"}, "not a time like 08:00"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"mode": "weekly"}, "mode"),
    ],
)
def test_bad_subscription_settings_are_refused(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SubscriptionConfig(name="x", channels=["https://x.example.org"], **fields)  # type: ignore[arg-type]


def test_alert_max_age_is_a_duration_or_off() -> None:
    assert Settings(alert_max_age="3d").alert_max_age_delta() == dt.timedelta(days=3)
    assert Settings(alert_max_age="off").alert_max_age_delta() is None
    with pytest.raises(ValueError, match="not a duration"):
        Settings(alert_max_age="soon")


def test_events_not_about_health_are_not_alerted_unless_the_subscription_asks() -> None:
    """A chip forum is an event, stored and browsable, but alerts need relevant_only = false."""
    chip_forum = EventView(
        type="forum", site="s", language="en", title="Chip forum", text="", relevant=False
    )
    assert not matches({"types": ["forum"]}, chip_forum)
    assert not matches({"types": ["forum"], "relevant_only": True}, chip_forum)
    assert matches({"types": ["forum"], "relevant_only": False}, chip_forum)
    health = EventView(type="forum", site="s", language="en", title="Health forum", text="")
    assert matches({"types": ["forum"]}, health)
