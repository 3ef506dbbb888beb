"""Failure paths against real receivers: a receiver down then up, 500 x3 then
200, a dispatcher SIGKILLed between send and mark, two dispatchers at once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from alert_helpers import (
    OPTIONS,
    SECRET,
    alerts_of,
    crawled_before,
    receiver,
    report,
    store,
    subscribe,
)
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import ChannelOptions
from alerts.dispatcher import dispatch_due
from crawler.demo.receivers import SmtpSink, free_port
from storage.db import transaction
from storage.models import Alert, Article, Event, Subscription, utcnow

CHILD = Path(__file__).with_name("dispatcher_child.py")


def one_alert(factory: sessionmaker[Session], url: str) -> None:
    subscribe(factory, ("hook", url, {}, "instant"))
    crawled_before(factory, "gov")
    store(factory, report("http://gov.test/1.html", site="gov"))


def time_passes(factory: sessionmaker[Session]) -> None:
    """Every backed-off retry and every lapsed claim becomes due now."""
    with transaction(factory) as session:
        past = utcnow().replace(year=2000)
        session.execute(update(Alert).values(next_attempt_at=past))
        session.execute(update(Alert).where(Alert.status == "sending").values(claimed_until=past))


def test_receiver_down_then_up_gets_the_alert_once(factory: sessionmaker[Session]) -> None:
    port = free_port()
    one_alert(factory, f"http://127.0.0.1:{port}/hook")
    down = dispatch_due(factory, OPTIONS, retry=5)
    [(_, error)] = down.retrying
    assert f"127.0.0.1:{port}" in error
    with receiver(port=port) as hook:
        time_passes(factory)
        up = dispatch_due(factory, OPTIONS, retry=5)
        time_passes(factory)
        assert dispatch_due(factory, OPTIONS, retry=5).sent == []
    assert len(up.sent) == 1 and len(hook.received) == 1
    [(_, row)] = alerts_of(factory)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    assert hook.ids == [row.idempotency_key]


def test_three_server_errors_then_success_is_one_delivery_after_four_attempts(
    factory: sessionmaker[Session],
) -> None:
    with receiver(500, 500, 500, 200) as hook:
        one_alert(factory, hook.url)
        results = []
        for _ in range(5):
            results.append(dispatch_due(factory, OPTIONS, retry=6))
            time_passes(factory)
    assert [len(r.retrying) for r in results] == [1, 1, 1, 0, 0]
    assert [len(r.sent) for r in results] == [0, 0, 0, 1, 0]
    [(_, row)] = alerts_of(factory)
    assert (row.status, row.attempts) == ("sent", 4)
    assert len(hook.received) == 1
    assert hook.ids == [row.idempotency_key] * 4  # every try carried the same key


def test_attempts_run_out_and_the_alert_is_dead_with_its_last_error(
    factory: sessionmaker[Session],
) -> None:
    with receiver(503) as hook:
        one_alert(factory, hook.url)
        for _ in range(3):
            dispatch_due(factory, OPTIONS, retry=3)
            time_passes(factory)
    [(_, row)] = alerts_of(factory)
    assert (row.status, row.attempts, row.last_error) == ("dead", 3, "webhook answered HTTP 503")
    assert len(hook.ids) == 3


@pytest.mark.slow
def test_dispatcher_killed_between_send_and_mark_resends_with_the_same_key(
    factory: sessionmaker[Session], db_url: str
) -> None:
    child: list[subprocess.Popen[bytes]] = []
    killed = threading.Event()

    def kill_the_sender(webhook_id: str) -> None:
        """The request arrived: the dispatcher dies before it can record it."""
        if not killed.is_set():
            os.kill(child[0].pid, signal.SIGKILL)
            child[0].wait(timeout=30)
            killed.set()

    with receiver() as hook:
        one_alert(factory, hook.url)
        hook.on_request = kill_the_sender
        child.append(subprocess.Popen([sys.executable, str(CHILD), db_url], cwd=CHILD.parent))
        assert child[0].wait(timeout=60) == -signal.SIGKILL
        [(_, row)] = alerts_of(factory)
        assert row.status == "sending" and row.sent_at is None  # claimed, never recorded
        # ...but delivered: the receiver thread records it once the kill hook returns
        assert killed.wait(timeout=30)
        deadline = time.monotonic() + 10
        while len(hook.received) < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(hook.received) == 1

        assert dispatch_due(factory, OPTIONS, retry=5).sent == []  # claim still held
        time_passes(factory)  # the claim lapses
        again = dispatch_due(factory, OPTIONS, retry=5)
    assert len(again.sent) == 1
    assert hook.ids == [row.idempotency_key, row.idempotency_key]
    [(_, row)] = alerts_of(factory)
    assert (row.status, row.attempts) == ("sent", 1)


def seed_many(factory: sessionmaker[Session], url: str, count: int, receivers: int = 1) -> None:
    """``count`` events with one article and one due alert each, in one go,
    spread over ``receivers`` subscriptions (paths of the one receiver)."""
    with transaction(factory) as session:
        subs = [
            Subscription(name=f"hook{i}", channel_url=f"{url}/r{i}", filters={}, mode="instant")
            for i in range(receivers)
        ]
        session.add_all(subs)
        events = [Event(type="forum", title=f"Forum number {n}") for n in range(count)]
        session.add_all(events)
        session.flush()
        session.add_all(
            Article(
                canonical_url=f"http://gov.test/{event.id}",
                url=f"http://gov.test/{event.id}",
                site="gov",
                title=event.title,
                text=event.title,
                language="en",
                content_hash=uuid.uuid4().hex,
                event_id=event.id,
            )
            for event in events
        )
        session.flush()
        session.add_all(
            Alert(
                event_id=event.id,
                subscription_id=subs[n % receivers].id,
                idempotency_key=uuid.uuid4().hex,
            )
            for n, event in enumerate(events)
        )


@pytest.mark.slow
def test_two_dispatchers_deliver_each_of_500_alerts_exactly_once(
    factory: sessionmaker[Session], db_url: str
) -> None:
    with receiver() as hook:
        seed_many(factory, hook.url, 500, receivers=10)
        children = [
            subprocess.Popen(
                [sys.executable, str(CHILD), db_url, "10"], cwd=CHILD.parent, stdout=subprocess.PIPE
            )
            for _ in range(2)
        ]
        outputs = [child.communicate(timeout=240)[0].decode().split() for child in children]
    sent = [int(out[0]) for out in outputs]
    assert sum(sent) == 500
    assert all(count > 0 for count in sent)  # both took part
    assert len(hook.ids) == 500 and len(set(hook.ids)) == 500
    # One receiver at a time, whichever dispatcher: each got its alerts in event order.
    for path in {path for path, _ in hook.arrivals}:
        events = [body["event"]["id"] for where, body in hook.arrivals if where == path]
        assert events == sorted(events), path
    assert hook.rejected == 0
    rows = [alert for _, alert in alerts_of(factory)]
    assert {(a.status, a.attempts) for a in rows} == {("sent", 1)}
    assert sorted(hook.ids) == sorted(a.idempotency_key for a in rows)


def test_an_alert_a_library_refuses_ends_dead_instead_of_looping(
    factory: sessionmaker[Session],
) -> None:
    """A recipient with a line break makes the e-mail library raise ValueError
    (not SendFailed): counted as an attempt, dead after max_attempts."""
    with SmtpSink() as sink:
        port = sink.url.split(":")[2].split("?")[0]
        one_alert(factory, f"smtp://127.0.0.1:{port}?to=a@example.org%0ABcc:%20x@example.org")
        first = dispatch_due(factory, OPTIONS, retry=2)
        time_passes(factory)
        second = dispatch_due(factory, OPTIONS, retry=2)
    [(_, error)] = first.retrying
    assert error.startswith("unexpected ValueError")
    assert len(second.dead) == 1 and sink.messages == []
    [(_, row)] = alerts_of(factory)
    assert (row.status, row.attempts) == ("dead", 2)


def test_dispatch_threads_deliver_each_alert_exactly_once(
    factory: sessionmaker[Session],
) -> None:
    """The daemon's dispatch_workers: threads claim side by side."""
    with receiver() as hook:
        seed_many(factory, hook.url, 200)
        report_ = dispatch_due(factory, OPTIONS, retry=3, batch=10, workers=4)
    assert len(report_.sent) == 200
    assert len(hook.ids) == 200 and len(set(hook.ids)) == 200
    assert {(a.status, a.attempts) for _, a in alerts_of(factory)} == {("sent", 1)}


def test_retry_after_makes_the_retry_wait_at_least_that_long(
    factory: sessionmaker[Session], scripted_server: Any
) -> None:
    server = scripted_server((503, {"retry-after": "3600"}))
    one_alert(factory, server.url)
    before = utcnow()
    dispatch_due(factory, OPTIONS, retry=5)
    [(_, row)] = alerts_of(factory)
    assert row.status == "pending"
    assert row.next_attempt_at - before >= dt.timedelta(seconds=3600)  # backoff alone: ~30 s


def test_a_receiver_that_never_answers_times_out_and_is_retried(
    factory: sessionmaker[Session],
) -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        one_alert(factory, f"http://127.0.0.1:{silent.getsockname()[1]}/hook")
        quick = ChannelOptions(secret=SECRET, allow_private=True, timeout=0.5)
        report_ = dispatch_due(factory, quick, retry=5)
    [(_, error)] = report_.retrying
    assert "timed out" in error
    [(_, row)] = alerts_of(factory)
    assert (row.status, row.attempts) == ("pending", 1)


def test_a_receiver_back_after_an_outage_gets_its_whole_queue_in_event_order(
    factory: sessionmaker[Session],
) -> None:
    """The first alert fails twice; the four behind it wait with it (no attempt
    counted), and all five arrive in order once the receiver answers."""
    with receiver(503, 503, 200) as hook:
        subscribe(factory, ("hook", hook.url, {}, "instant"))
        crawled_before(factory, "gov")
        for number in range(5):
            title = f"Regional health forum number {number} on {number} themes"
            start = dt.date.today() + dt.timedelta(days=20 + 30 * number)
            store(
                factory,
                report(f"http://gov.test/{number}.html", site="gov", title=title, start=start),
            )
        for _ in range(3):
            dispatch_due(factory, OPTIONS)
            time_passes(factory)
    rows = [alert for _, alert in alerts_of(factory)]
    assert [(a.status, a.attempts) for a in rows] == [("sent", 3)] + [("sent", 1)] * 4
    events = [body["event"]["id"] for _, body in hook.arrivals]
    assert events == sorted(events) and len(events) == 5
    assert hook.ids == [rows[0].idempotency_key] * 3 + [a.idempotency_key for a in rows[1:]]
