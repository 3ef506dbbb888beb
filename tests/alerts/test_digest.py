"""Daily digests and update alerts through real receivers: one message per
subscriber per period, grouped by type and sorted by date, nothing when
there is nothing new, rows marked sent only after the digest went out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from alert_helpers import (
    OPTIONS,
    TODAY,
    alerts_of,
    crawled_before,
    receiver,
    report,
    store,
    subscribe,
)
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from alerts.dispatcher import dispatch_digests, dispatch_due
from crawler.demo.receivers import SmtpSink
from storage.db import transaction
from storage.models import Alert, utcnow


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    with SmtpSink() as server:
        yield server


def digest_time_comes(factory: sessionmaker[Session]) -> None:
    """Move every waiting digest row's time to now (the clock reaching 08:00)."""
    with transaction(factory) as session:
        session.execute(
            update(Alert).where(Alert.status == "digest").values(next_attempt_at=utcnow())
        )


def three_events(factory: sessionmaker[Session]) -> None:
    crawled_before(factory, "gov")
    days = dt.timedelta
    store(
        factory,
        report(
            "http://gov.test/a.html",
            title="Medical park launched in Chengdu",
            kind="launch",
            start=TODAY + days(9),
            site="gov",
        ),
    )
    store(
        factory,
        report(
            "http://gov.test/b.html",
            title="Biomedicine summit in Shanghai",
            start=TODAY + days(30),
            site="gov",
        ),
    )
    store(
        factory,
        report(
            "http://gov.test/c.html",
            title="Health expo in Beijing",
            start=TODAY + days(5),
            site="gov",
        ),
    )
    store(
        factory,
        report(
            "http://gov.test/d.html",
            title="Hospitals sign cooperation agreement",
            kind="agreement",
            start=None,
            site="gov",
        ),
    )


def test_one_digest_per_subscriber_grouped_by_type_and_sorted_by_date(
    factory: sessionmaker[Session], sink: SmtpSink
) -> None:
    with receiver() as hook:
        subscribe(
            factory,
            ("daily-mail", sink.url, {"digest_at": "08:00", "timezone": "Asia/Shanghai"}, "digest"),
            ("daily-hook", hook.url, {}, "digest"),
            ("instant", hook.url.replace("/hook", "/instant"), {"types": ["launch"]}, "instant"),
        )
        three_events(factory)
        assert dispatch_digests(factory, OPTIONS, 3).sent == []  # not 08:00 yet
        assert [m.subscription for m in dispatch_due(factory, OPTIONS, 3).sent] == ["instant"]
        digest_time_comes(factory)
        report_ = dispatch_digests(factory, OPTIONS, 3)
        assert sorted(m.subscription for m in report_.sent) == ["daily-hook", "daily-mail"]
        assert dispatch_digests(factory, OPTIONS, 3).sent == []  # nothing new: nothing sent

    [mail] = sink.messages
    text = mail.get_body(("plain",)).get_content()
    order = [
        "Health expo in Beijing",
        "Biomedicine summit in Shanghai",
        "Hospitals sign cooperation agreement",
        "Medical park launched in Chengdu",
    ]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)
    assert (
        text.index("== Forum (2) ==")
        < text.index("== Agreement (1) ==")
        < text.index("== Launch (1) ==")
    )
    assert mail["Subject"] == "[healthwatch digest] 4 events: 2 forum, 1 agreement, 1 launch"
    assert mail.get_content_type() == "multipart/alternative"

    digests = [p for p in hook.received if p.get("kind") == "digest"]
    [payload] = digests
    assert payload["schema"] == "healthwatch.digest/1"
    assert [a["event"]["title"] for a in payload["alerts"]] == order
    rows = {
        name: [a for n, a in alerts_of(factory) if n == name]
        for name in ("daily-mail", "daily-hook")
    }
    for name, alerts in rows.items():
        assert {a.status for a in alerts} == {"sent"}, name
        assert len({a.digest_key for a in alerts}) == 1
    assert payload["id"] == rows["daily-hook"][0].digest_key
    assert mail["Message-ID"] == f"<{rows['daily-mail'][0].digest_key}@healthwatch>"


def test_a_failed_digest_keeps_its_rows_unsent_and_retries_with_the_same_key(
    factory: sessionmaker[Session],
) -> None:
    with receiver(500, 200) as hook:
        subscribe(factory, ("daily", hook.url, {}, "digest"))
        three_events(factory)
        digest_time_comes(factory)
        first = dispatch_digests(factory, OPTIONS, 3)
        assert [error for _, error in first.retrying] == ["webhook answered HTTP 500"]
        rows = [a for _, a in alerts_of(factory)]
        assert {(a.status, a.attempts) for a in rows} == {("digest", 1)}
        assert all(a.next_attempt_at > utcnow() for a in rows)  # backed off
        store(factory, report("http://gov.test/e.html", title="Pharma forum in Wuhan", site="gov"))
        digest_time_comes(factory)
        second = dispatch_digests(factory, OPTIONS, 3)
    assert len(second.sent) == 2  # the retried digest, then the new alert's own digest
    assert hook.ids[0] == hook.ids[1]  # the retry is the same digest
    assert [len(p["alerts"]) for p in hook.received] == [4, 1]
    assert {a.status for _, a in alerts_of(factory)} == {"sent"}


def test_an_update_alert_is_short_and_says_what_changed(
    factory: sessionmaker[Session], sink: SmtpSink
) -> None:
    with receiver() as hook:
        subscribe(factory, ("hook", hook.url, {}, "instant"), ("mail", sink.url, {}, "instant"))
        crawled_before(factory, "etown")
        store(
            factory, report("http://etown.test/forum.html", published=TODAY - dt.timedelta(days=2))
        )
        assert len(dispatch_due(factory, OPTIONS, 3).sent) == 2
        store(
            factory,
            report(
                "http://etown.test/postponed.html",
                title="Health industry forum in Beijing E-Town postponed",
                text="The Health Industry Forum in Beijing E-Town has been postponed. " * 3,
                status="postponed",
                start=TODAY + dt.timedelta(days=60),
            ),
        )
        assert len(dispatch_due(factory, OPTIONS, 3).sent) == 2
    first, update_ = hook.received
    assert update_["kind"] == "event.update" and update_["id"] != first["id"]
    assert {c["field"]: c["new"] for c in update_["changes"]} == {
        "status": "postponed",
        "start_date": (TODAY + dt.timedelta(days=60)).isoformat(),
    }
    alert_mail, update_mail = sink.messages
    assert str(update_mail["Subject"]).strip().startswith("Update: [forum]")
    text = update_mail.get_body(("plain",)).get_content()
    assert "status: upcoming -> postponed" in text
    assert f"start date: {(TODAY + dt.timedelta(days=20)).isoformat()} -> " in text
    assert "http://etown.test/postponed.html" in text
    # Short, and not a repeat of the first alert's fact sheet.
    assert "Organisers:" in alert_mail.get_body(("plain",)).get_content()
    assert "Organisers:" not in text and "New Forum" not in text
    assert len(text.splitlines()) <= 8
