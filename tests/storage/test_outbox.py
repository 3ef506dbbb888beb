"""The alert outbox: atomic claims, backoff, and dispatch through real receivers."""

from __future__ import annotations

import base64
import datetime as dt
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks.webhooks import Webhook

from alerts.channels import ChannelOptions
from alerts.dispatcher import dispatch_due
from crawler.demo.receivers import SmtpSink, WebhookReceiver
from crawler.items import Analysis, Article, EventFacts, FingerprintedArticle
from crawler.services.articles import store_article
from storage.db import transaction
from storage.models import Alert, Event, Subscription, utcnow
from storage.models import Article as ArticleRow
from storage.outbox import (
    BACKOFF,
    BACKOFF_CAP,
    CLAIM_FOR,
    RetryPolicy,
    claim_digests,
    claim_due,
    hold_subscription,
    mark_failed,
    mark_sent,
    renew,
)
from storage.subscriptions import SubscriptionRow, sync_subscriptions

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
SECRET = "whsec_" + base64.b64encode(b"outbox-test-secret-0123456789abc").decode()
OPTIONS = ChannelOptions(secret=SECRET, sender="healthwatch@example.org", allow_private=True)
SLACK = dt.timedelta(seconds=5)


def seed(factory: sessionmaker[Session], *specs: dict[str, Any]) -> list[int]:
    """One event with one article, and one alert per spec (each its own subscription)."""
    with transaction(factory) as session:
        event = Event(type="forum", title="Boao Forum for Asia 2024")
        session.add(event)
        session.flush()
        url = f"https://gov.example.org/{uuid.uuid4().hex}"
        session.add(
            ArticleRow(
                canonical_url=url,
                url=url,
                site="gov",
                title="Boao",
                text="Boao",
                language="en",
                content_hash="0" * 64,
                event_id=event.id,
            )
        )
        ids = []
        for number, given in enumerate(specs):
            fields = dict(given)
            if "subscription_id" not in fields:
                sub = Subscription(
                    name=f"sub{number}-{uuid.uuid4().hex[:6]}",
                    channel_url=f"https://hooks.example.org/{number}",
                )
                session.add(sub)
                session.flush()
                fields["subscription_id"] = sub.id
            alert = Alert(event_id=event.id, idempotency_key=uuid.uuid4().hex, **fields)
            session.add(alert)
            session.flush()
            ids.append(alert.id)
    return ids


def seed_subscriptions(factory: sessionmaker[Session], count: int) -> list[int]:
    with transaction(factory) as session:
        subs = [
            Subscription(name=f"s{i}-{uuid.uuid4().hex[:6]}", channel_url=f"https://h.test/{i}")
            for i in range(count)
        ]
        session.add_all(subs)
        session.flush()
        return [sub.id for sub in subs]


def load(factory: sessionmaker[Session], alert_id: int) -> Alert:
    with factory() as session:
        return session.get_one(Alert, alert_id)


def due(minutes: float = -1, **fields: Any) -> dict[str, Any]:
    return {"next_attempt_at": utcnow() + dt.timedelta(minutes=minutes), **fields}


# --------------------------------------------------------------------------
# claim_due
# --------------------------------------------------------------------------


def test_claim_takes_only_due_pending_rows_and_reclaims_lapsed_ones(
    factory: sessionmaker[Session],
) -> None:
    now = utcnow()
    ids = seed(
        factory,
        due(-1),  # 0: due
        due(+60),  # 1: not yet
        due(-60, status="sent", sent_at=now),  # 2: done
        due(-60, status="dead"),  # 3: given up
        due(
            -60, status="sending", claimed_until=now + dt.timedelta(minutes=1)
        ),  # 4: claimed elsewhere
        due(-2),  # 5: due
    )
    with transaction(factory) as session:
        # ``now`` in another zone: comparisons must happen in UTC.
        claimed = claim_due(session, now=now.astimezone(SHANGHAI))
    assert sorted(row.id for row in claimed) == [ids[0], ids[5]]
    for row in claimed:
        assert row.status == "sending"
        assert row.claimed_until == now + CLAIM_FOR
    stored = load(factory, ids[0])
    assert (stored.status, stored.claimed_until) == ("sending", now + CLAIM_FOR)
    keys = {row.id: row.idempotency_key for row in claimed}

    with transaction(factory) as session:
        assert claim_due(session, now=now + dt.timedelta(seconds=1)) == []

    later = now + CLAIM_FOR + dt.timedelta(seconds=1)  # the dispatcher died mid-send
    with transaction(factory) as session:
        reclaimed = claim_due(session, now=later)
    assert sorted(row.id for row in reclaimed) == [ids[0], ids[4], ids[5]]
    for row in reclaimed:
        assert row.claimed_until == later + CLAIM_FOR
        if row.id in keys:
            assert row.idempotency_key == keys[row.id]


def test_claim_respects_the_limit_oldest_first(factory: sessionmaker[Session]) -> None:
    ids = seed(factory, due(), due(), due())
    with transaction(factory) as session:
        assert [row.id for row in claim_due(session, limit=2)] == ids[:2]
    with transaction(factory) as session:
        assert [row.id for row in claim_due(session, limit=2)] == ids[2:]


def test_concurrent_claimers_never_get_the_same_row(factory: sessionmaker[Session]) -> None:
    """Two threads claim at the same moment, each in its own transaction, and
    hold their claim open a moment: PostgreSQL skips the locked rows, SQLite's
    BEGIN IMMEDIATE makes the second wait for the first to commit."""
    ids = seed(factory, *(due() for _ in range(10)))
    barrier = threading.Barrier(2, timeout=10)

    def claimer() -> list[int]:
        with transaction(factory) as session:
            barrier.wait()
            rows = [row.id for row in claim_due(session, limit=5)]
            threading.Event().wait(0.2)
            return rows

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(claimer), pool.submit(claimer)]
        first, second = (future.result(timeout=30) for future in futures)
    assert len(first) == len(second) == 5
    assert set(first).isdisjoint(second)
    assert sorted(first + second) == ids


# --------------------------------------------------------------------------
# mark_failed / mark_sent
# --------------------------------------------------------------------------


def fail(
    factory: sessionmaker[Session], alert_id: int, error: str, retryable: bool, max_attempts: int
) -> str:
    with transaction(factory) as session:
        return mark_failed(session, alert_id, error, retryable, max_attempts)


def test_mark_failed_backs_off_on_its_schedule_then_goes_dead(
    factory: sessionmaker[Session],
) -> None:
    [alert_id] = seed(factory, due(status="sending", claimed_until=utcnow()))
    delays = []
    for attempt in (1, 2, 3):
        before = utcnow()
        assert fail(factory, alert_id, f"HTTP 503 #{attempt}", True, max_attempts=4) == "pending"
        row = load(factory, alert_id)
        assert (row.status, row.attempts, row.claimed_until) == ("pending", attempt, None)
        assert row.last_error == f"HTTP 503 #{attempt}"
        base = BACKOFF[attempt - 1]
        delay = row.next_attempt_at - before
        assert base * 0.8 - SLACK <= delay <= base * 1.2 + SLACK
        delays.append(delay)
    assert delays == sorted(delays)

    assert fail(factory, alert_id, "HTTP 503 #4", True, max_attempts=4) == "dead"
    row = load(factory, alert_id)
    assert (row.status, row.attempts, row.last_error) == ("dead", 4, "HTTP 503 #4")
    with transaction(factory) as session:
        assert claim_due(session, now=utcnow() + dt.timedelta(days=30)) == []


def test_mark_failed_not_retryable_is_dead_at_once_with_the_error_kept(
    factory: sessionmaker[Session],
) -> None:
    [alert_id] = seed(factory, due(status="sending"))
    error = "webhook answered HTTP 404 " + "x" * 5000
    assert fail(factory, alert_id, error, False, max_attempts=6) == "dead"
    row = load(factory, alert_id)
    assert (row.status, row.attempts) == ("dead", 1)
    assert row.last_error == error[:2000]


def test_backoff_is_capped_even_after_many_attempts(factory: sessionmaker[Session]) -> None:
    [alert_id] = seed(factory, due(status="sending", attempts=60))
    before = utcnow()
    assert fail(factory, alert_id, "HTTP 503", True, max_attempts=100) == "pending"
    delay = load(factory, alert_id).next_attempt_at - before
    assert BACKOFF_CAP * 0.8 - SLACK <= delay <= BACKOFF_CAP * 1.2 + SLACK


def test_mark_sent_records_when(factory: sessionmaker[Session]) -> None:
    [alert_id] = seed(
        factory, due(status="sending", attempts=1, last_error="HTTP 503", claimed_until=utcnow())
    )
    before = utcnow()
    with transaction(factory) as session:
        mark_sent(session, alert_id)
    row = load(factory, alert_id)
    assert (row.status, row.attempts, row.last_error, row.claimed_until) == ("sent", 2, None, None)
    assert row.sent_at is not None
    assert row.sent_at.utcoffset() == dt.timedelta(0)
    assert before <= row.sent_at <= utcnow()


# --------------------------------------------------------------------------
# dispatch_due through real receivers
# --------------------------------------------------------------------------


def queue(factory: sessionmaker[Session], channels: dict[str, str]) -> dict[str, Alert]:
    """Subscribe each channel to everything, store one forum article; its alerts by name."""
    facts = EventFacts(title="Boao Forum for Asia 2024", type="forum", start=dt.date(2024, 3, 26))
    analysis = Analysis(language="en", type="forum", event=facts)
    article = Article(
        url="https://gov.example.org/news/1", title="Boao opens", text="Boao opens.", site="gov"
    )
    item = FingerprintedArticle(article, analysis, "https://gov.example.org/news/1", "f" * 64)
    with transaction(factory) as session:
        sync_subscriptions(
            session, [SubscriptionRow(name, url, {}, "instant") for name, url in channels.items()]
        )
        assert store_article(session, item).alerts == len(channels)
    with factory() as session:
        rows = session.execute(
            select(Subscription.name, Alert).join(Alert, Alert.subscription_id == Subscription.id)
        )
        return dict(rows.all())


def make_due(factory: sessionmaker[Session], alert_id: int) -> None:
    with transaction(factory) as session:
        session.execute(update(Alert).where(Alert.id == alert_id).values(next_attempt_at=utcnow()))


def subscription_enabled(factory: sessionmaker[Session], alert_id: int) -> bool:
    with factory() as session:
        alert = session.get_one(Alert, alert_id)
        return session.get_one(Subscription, alert.subscription_id).enabled


def test_dispatch_sends_each_alert_once_by_webhook_and_mail(factory: sessionmaker[Session]) -> None:
    with WebhookReceiver() as hook, SmtpSink() as sink:
        alerts = queue(factory, {"hook": hook.url, "mail": sink.url})
        report = dispatch_due(factory, OPTIONS, retry=3)
        again = dispatch_due(factory, OPTIONS, retry=3)

    assert sorted(message.subscription for message in report.sent) == ["hook", "mail"]
    assert (report.retrying, report.dead) == ([], [])
    assert (again.sent, again.retrying, again.dead) == ([], [], [])
    for alert in alerts.values():
        row = load(factory, alert.id)
        assert (row.status, row.attempts) == ("sent", 1)
        assert row.sent_at is not None

    [webhook] = hook.received
    assert webhook.headers["webhook-id"] == alerts["hook"].idempotency_key
    assert (
        Webhook(SECRET).verify(webhook.body, webhook.headers)["event"]["title"]
        == "Boao Forum for Asia 2024"
    )
    [mail] = sink.messages
    assert mail["Message-ID"] == f"<{alerts['mail'].idempotency_key}@healthwatch>"


def test_server_error_is_retried_later_with_the_same_webhook_id(
    factory: sessionmaker[Session], scripted_server: Callable[..., Any]
) -> None:
    flaky = scripted_server(500, 200)
    with WebhookReceiver() as hook:
        alerts = queue(factory, {"flaky": flaky.url, "ok": hook.url})
        first = dispatch_due(factory, OPTIONS, retry=3)
        assert [m.subscription for m in first.sent] == ["ok"]  # one bad receiver delays no other
    assert [(m.subscription, error) for m, error in first.retrying] == [
        ("flaky", "webhook answered HTTP 500")
    ]
    alert_id = alerts["flaky"].id
    row = load(factory, alert_id)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "webhook answered HTTP 500")
    assert row.next_attempt_at > utcnow()

    assert dispatch_due(factory, OPTIONS, retry=3).sent == []  # not due yet
    assert len(flaky.requests) == 1

    make_due(factory, alert_id)
    assert [m.subscription for m in dispatch_due(factory, OPTIONS, retry=3).sent] == ["flaky"]
    row = load(factory, alert_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    key = alerts["flaky"].idempotency_key
    assert [request.headers["webhook-id"] for request in flaky.requests] == [key, key]


@pytest.mark.parametrize(("status", "disabled"), [(410, True), (404, False)])
def test_gone_and_not_found_are_dead_and_gone_disables(
    factory: sessionmaker[Session], scripted_server: Callable[..., Any], status: int, disabled: bool
) -> None:
    server = scripted_server(status)
    [alert] = queue(factory, {"receiver": server.url}).values()
    report = dispatch_due(factory, OPTIONS, retry=3)
    assert [m.subscription for m, _ in report.dead] == ["receiver"]
    row = load(factory, alert.id)
    assert (row.status, row.attempts) == ("dead", 1)
    assert str(status) in (row.last_error or "")
    assert subscription_enabled(factory, alert.id) is not disabled
    assert len(server.requests) == 1


def test_unreachable_receiver_is_retried_with_the_host_named(
    factory: sessionmaker[Session], closed_port: int
) -> None:
    [alert] = queue(factory, {"down": f"http://127.0.0.1:{closed_port}/hook"}).values()
    report = dispatch_due(factory, OPTIONS, retry=3)
    [(_, error)] = report.retrying
    row = load(factory, alert.id)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, error)
    assert f"127.0.0.1:{closed_port}" in error
    assert subscription_enabled(factory, alert.id)


# --------------------------------------------------------------------------
# digest rows
# --------------------------------------------------------------------------


def test_digest_rows_are_claimed_per_subscriber_and_keep_their_key(
    factory: sessionmaker[Session],
) -> None:
    ids = seed(factory, due(status="digest"), due(status="digest"), due(+60, status="digest"))
    with transaction(factory) as session:
        assert claim_due(session) == []  # the instant dispatcher leaves digest rows alone
    now = utcnow()
    with transaction(factory) as session:
        groups = claim_digests(session, now=now)
    # seed() gives each alert its own subscription: one digest each, the future one waits.
    assert sorted(row.id for rows in groups.values() for row in rows) == ids[:2]
    keys = {row.id: key for key, rows in groups.items() for row in rows}
    assert len(set(keys.values())) == 2

    later = now + CLAIM_FOR + dt.timedelta(seconds=1)  # the digest sender died
    with transaction(factory) as session:
        assert claim_due(session, now=later) == []  # not re-sent as instant alerts
        again = claim_digests(session, now=later)
    assert {row.id: key for key, rows in again.items() for row in rows} == keys

    with transaction(factory) as session:
        assert mark_failed(session, ids[0], "HTTP 503", True, 3) == "digest"
    assert load(factory, ids[0]).digest_key == keys[ids[0]]


# --------------------------------------------------------------------------
# Time budget, owned claims, one receiver's queue in order
# --------------------------------------------------------------------------


def test_retries_run_on_a_time_budget_not_a_count(factory: sessionmaker[Session]) -> None:
    """An alert retried for a day is still pending; past its budget it is dead."""
    young = utcnow() - dt.timedelta(hours=20)
    old = utcnow() - dt.timedelta(hours=47, minutes=59)
    [fresh, stale] = seed(
        factory,
        due(status="sending", attempts=30, created_at=young),
        due(status="sending", attempts=30, created_at=old),
    )
    policy = RetryPolicy(budget=dt.timedelta(hours=48))
    with transaction(factory) as session:
        assert mark_failed(session, fresh, "HTTP 503", True, policy) == "pending"
        assert mark_failed(session, stale, "HTTP 503", True, policy) == "dead"


def test_a_lost_claim_is_neither_sent_nor_recorded(factory: sessionmaker[Session]) -> None:
    """A batch that outlived its claim: the second dispatcher owns the rows now."""
    [alert_id] = seed(factory, due())
    start = utcnow()
    with transaction(factory) as session:
        [row] = claim_due(session, now=start, token="first")
    later = start + CLAIM_FOR + dt.timedelta(seconds=1)
    with transaction(factory) as session:
        [again] = claim_due(session, now=later, token="second")
        assert again.id == alert_id
    with transaction(factory) as session:
        assert not renew(session, [alert_id], "first")  # the first may not send
        assert not mark_sent(session, alert_id, "first")  # nor record
        assert mark_failed(session, alert_id, "x", True, token="first") == "lost"
    row = load(factory, alert_id)
    assert (row.status, row.claimed_by, row.attempts) == ("sending", "second", 0)
    with transaction(factory) as session:
        assert renew(session, [alert_id], "second")
        assert mark_sent(session, alert_id, "second")


def test_one_receiver_at_a_time_whole_queue_in_order(factory: sessionmaker[Session]) -> None:
    """A subscription with alerts in flight is not claimed again; the next claim
    takes another subscription's queue, oldest first."""
    sub_a, sub_b = seed_subscriptions(factory, 2)
    ids_a = [seed(factory, due(subscription_id=sub_a))[0] for _ in range(3)]
    ids_b = [seed(factory, due(subscription_id=sub_b))[0] for _ in range(2)]
    with transaction(factory) as session:
        first = [row.id for row in claim_due(session, limit=50, token="t1")]
    assert first == sorted(ids_a + ids_b)  # both queues, whole, in id order
    with transaction(factory) as session:
        hold_subscription(session, sub_a, utcnow() + dt.timedelta(minutes=10), "t1")
        assert claim_due(session, limit=50, token="t2") == []  # b is in flight, a is held
    assert {load(factory, i).status for i in ids_a} == {"pending"}
