"""Queueing alerts with the event, on SQLite and PostgreSQL: filters, no floods,
digest rows, and one short update alert when an alerted event changes."""

from __future__ import annotations

import datetime as dt

import pytest
from alert_helpers import TODAY, alerts_of, crawled_before, report, store, subscribe
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from alerts.rules import next_digest
from storage.db import transaction
from storage.models import Alert, Subscription, utcnow

FLOOD_RULES = {"backfill": False, "max_age_days": 14}


def test_first_crawl_is_backfill_and_stored_but_not_alerted(factory: sessionmaker[Session]) -> None:
    subscribe(factory, ("all", "https://hooks.example.org/a", FLOOD_RULES, "instant"))
    first = store(factory, report("http://etown.test/1.html"))
    assert first.new_event is not None and first.alerts == 0
    [(_, skipped)] = alerts_of(factory)
    assert skipped.status == "skipped"
    assert "first crawl" in (skipped.last_error or "")

    crawled_before(factory, "etown")  # the first crawl finished well: now it is news
    second = store(
        factory,
        report(
            "http://etown.test/2.html",
            title="Biomedical expo opens",
            start=TODAY + dt.timedelta(days=40),
        ),
    )
    assert second.alerts == 1
    assert [a.status for _, a in alerts_of(factory)] == ["skipped", "pending"]


def test_old_articles_are_stored_but_not_alerted(factory: sessionmaker[Session]) -> None:
    subscribe(factory, ("all", "https://hooks.example.org/a", FLOOD_RULES, "instant"))
    crawled_before(factory, "etown")
    old = store(
        factory, report("http://etown.test/old.html", published=TODAY - dt.timedelta(days=30))
    )
    assert old.new_event is not None and old.alerts == 0
    [(_, row)] = alerts_of(factory)
    assert row.status == "skipped" and "over 14 days ago" in (row.last_error or "")


def test_only_matching_live_subscriptions_get_rows(factory: sessionmaker[Session]) -> None:
    subscribe(
        factory,
        ("forums", "https://hooks.example.org/f", {"types": ["forum"]}, "instant"),
        ("launches", "https://hooks.example.org/l", {"types": ["launch"]}, "instant"),
        ("zh-keyword", "https://hooks.example.org/z", {"keywords": ["醫療"]}, "instant"),
        ("gone", "https://hooks.example.org/g", {}, "instant"),
    )
    with transaction(factory) as session:
        session.execute(
            update(Subscription).where(Subscription.name == "gone").values(gone_at=utcnow())
        )
    store(factory, report("http://gov.test/1.html", title="北京医疗器械论坛开幕", language="zh"))
    assert [name for name, _ in alerts_of(factory)] == ["forums", "zh-keyword"]


def test_digest_subscribers_rows_wait_for_their_digest_time(factory: sessionmaker[Session]) -> None:
    rules = {"digest_at": "08:00", "timezone": "Asia/Shanghai"}
    subscribe(factory, ("daily", "https://hooks.example.org/d", rules, "digest"))
    before = utcnow()
    store(factory, report("http://etown.test/1.html"))
    [(_, row)] = alerts_of(factory)
    assert row.status == "digest"
    assert row.next_attempt_at in (next_digest(rules, before), next_digest(rules, utcnow()))
    assert row.next_attempt_at > before


def postponed(url: str = "http://etown.test/postponed.html") -> object:
    return report(
        url,
        title="Health industry forum in Beijing E-Town postponed",
        text="The Health Industry Forum in Beijing E-Town has been postponed to a later date. " * 3,
        status="postponed",
        start=TODAY + dt.timedelta(days=60),
        published=TODAY,
    )


def mark_all_sent(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        session.execute(update(Alert).values(status="sent", sent_at=utcnow()))


def test_a_change_to_an_alerted_event_queues_one_short_update(
    factory: sessionmaker[Session],
) -> None:
    subscribe(
        factory,
        ("told", "https://hooks.example.org/t", {}, "instant"),
        ("daily", "https://hooks.example.org/d", {}, "digest"),
    )
    first = store(
        factory, report("http://etown.test/forum.html", published=TODAY - dt.timedelta(days=2))
    )
    mark_all_sent(factory)
    result = store(factory, postponed())
    assert result.merged_into is not None and result.merged_into.id == first.new_event.id
    assert result.alerts == 2
    rows = alerts_of(factory)
    updates = [(name, a) for name, a in rows if a.kind == "update"]
    assert [(name, a.revision, a.status) for name, a in updates] == [
        ("told", 1, "pending"),
        ("daily", 1, "digest"),
    ]
    changes = {c["field"]: (c["old"], c["new"]) for c in updates[0][1].changes}
    assert changes["status"] == ("upcoming", "postponed")
    assert changes["start_date"] == (
        (TODAY + dt.timedelta(days=20)).isoformat(),
        (TODAY + dt.timedelta(days=60)).isoformat(),
    )
    assert len({a.idempotency_key for _, a in rows}) == len(rows)


def test_no_update_when_the_first_alert_has_not_gone_out(factory: sessionmaker[Session]) -> None:
    """The waiting alert is built from the event's facts when sent: it
    already says 'postponed', so an update would be a repeat."""
    subscribe(factory, ("told", "https://hooks.example.org/t", {}, "instant"))
    store(factory, report("http://etown.test/forum.html", published=TODAY - dt.timedelta(days=2)))
    assert store(factory, postponed()).alerts == 0
    assert [a.kind for _, a in alerts_of(factory)] == ["new"]


def test_a_report_that_changes_nothing_announced_sends_nothing(
    factory: sessionmaker[Session],
) -> None:
    subscribe(factory, ("told", "https://hooks.example.org/t", {}, "instant"))
    store(
        factory,
        report("http://etown.test/forum.html", place=None, published=TODAY - dt.timedelta(days=2)),
    )
    mark_all_sent(factory)
    again = report(
        "http://other.test/forum.html",
        text="Another site reports the Health Industry Forum in Beijing E-Town, with its place. "
        * 3,
        site="other",
    )
    result = store(factory, again)
    assert result.merged_into is not None
    assert "place" in result.changes and result.alerts == 0  # a filled-in place is no news


def test_each_later_change_is_its_own_update(factory: sessionmaker[Session]) -> None:
    subscribe(factory, ("told", "https://hooks.example.org/t", {}, "instant"))
    store(factory, report("http://etown.test/forum.html", published=TODAY - dt.timedelta(days=2)))
    mark_all_sent(factory)
    store(factory, postponed())
    mark_all_sent(factory)
    cancelled = report(
        "http://etown.test/cancelled.html",
        title="Health industry forum in Beijing E-Town cancelled",
        text="The Health Industry Forum in Beijing E-Town has been cancelled this year. " * 3,
        status="cancelled",
        start=TODAY + dt.timedelta(days=60),
    )
    assert store(factory, cancelled).alerts == 1
    rows = alerts_of(factory)
    assert [(a.kind, a.revision) for _, a in rows] == [("new", 0), ("update", 1), ("update", 2)]
    assert rows[-1][1].changes == [{"field": "status", "old": "postponed", "new": "cancelled"}]


def test_one_alert_per_event_subscription_and_revision(factory: sessionmaker[Session]) -> None:
    subscribe(factory, ("told", "https://hooks.example.org/t", {}, "instant"))
    store(factory, report("http://etown.test/forum.html"))
    [(_, row)] = alerts_of(factory)
    with pytest.raises(IntegrityError), transaction(factory) as session:
        session.add(
            Alert(
                event_id=row.event_id, subscription_id=row.subscription_id, idempotency_key="x" * 32
            )
        )
