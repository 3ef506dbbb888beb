"""Agenda subscriptions: daily or weekly, the upcoming events of the next N
days, once per period, through a real verifying webhook receiver and a real
SMTP sink; retried under the same id; never an instant alert."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes

import pytest
from alert_helpers import OPTIONS, TODAY, crawled_before, receiver, report, store, subscribe
from sqlalchemy import select, update

from alerts.agenda import dispatch_agendas
from alerts.rules import agenda_slot, agenda_window
from crawler.demo.receivers import SmtpSink
from storage.db import transaction
from storage.models import Agenda, Alert
from tests.web.webdata import populate

NOON = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=dt.UTC)


def rules(**extra):
    base = {"types": ["forum", "agreement", "launch"], "keywords": [], "sites": [], "languages": [],
            "relevant_only": True, "digest_at": "08:00", "timezone": "UTC",
            "agenda_every": "daily", "agenda_weekday": "mon", "agenda_days": 14}  # fmt: skip
    return base | extra


@pytest.mark.parametrize(
    ("now", "filters", "slot"),
    [
        # Wednesday 2026-06-10 12:00 UTC = 20:00 in Shanghai: this week's Monday
        (
            dt.datetime(2026, 6, 10, 12, tzinfo=dt.UTC),
            {"agenda_every": "weekly", "timezone": "Asia/Shanghai"},
            dt.date(2026, 6, 8),
        ),
        # Monday 2026-06-08 07:59 local: the Monday before
        (
            dt.datetime(2026, 6, 7, 23, 59, tzinfo=dt.UTC),
            {"agenda_every": "weekly", "timezone": "Asia/Shanghai"},
            dt.date(2026, 6, 1),
        ),
        (
            dt.datetime(2026, 6, 8, 0, 0, tzinfo=dt.UTC),
            {"agenda_every": "weekly", "timezone": "Asia/Shanghai"},
            dt.date(2026, 6, 8),
        ),
        (
            dt.datetime(2026, 6, 10, 7, tzinfo=dt.UTC),
            {"agenda_every": "daily"},
            dt.date(2026, 6, 9),
        ),
        (
            dt.datetime(2026, 6, 10, 9, tzinfo=dt.UTC),
            {"agenda_every": "weekly", "agenda_weekday": "fri"},
            dt.date(2026, 6, 5),
        ),
    ],
)
def test_agenda_moment(now, filters, slot):
    assert agenda_slot(rules(**filters), now) == slot
    assert agenda_window(rules(agenda_days=7), slot) == (slot, slot + dt.timedelta(days=6))


def test_agenda_lists_the_coming_events_once_per_period(factory):
    stored = populate(factory)  # forum in 10 days, cancelled launch in 5, postponed forum in 40
    with receiver() as hook, SmtpSink() as sink:
        subscribe(
            factory,
            ("week-ahead", hook.url, rules(), "agenda"),
            ("week-ahead", sink.url, rules(), "agenda"),
            ("chips", hook.url, rules(keywords=["芯片"]), "agenda"),
        )
        report = dispatch_agendas(factory, OPTIONS, retry=3, now=NOON)
        assert len(report.sent) == 2 and not report.retrying and not report.dead
        [payload] = hook.received
        assert payload["schema"] == "healthwatch.agenda/1"
        assert payload["window"] == {
            "start": TODAY.isoformat(),
            "end": (TODAY + dt.timedelta(days=13)).isoformat(),
        }
        assert [e["id"] for e in payload["events"]] == [
            stored.forum
        ]  # not the cancelled one, not day 40
        assert payload["events"][0]["status"] == "upcoming"
        assert payload["events"][0]["articles"][0]["url"] == "http://en.example.test/forum.html"
        [mail] = [message_from_bytes(m) if isinstance(m, bytes) else m for m in sink.messages]
        assert "[healthwatch agenda] 1 events" in str(mail["Subject"])
        # the same period again: nothing new is written or sent
        again = dispatch_agendas(factory, OPTIONS, retry=3, now=NOON + dt.timedelta(hours=3))
        assert again.sent == [] and len(hook.received) == 1
        # the next day's agenda is a new period
        dispatch_agendas(factory, OPTIONS, retry=3, now=NOON + dt.timedelta(days=1))
        assert len(hook.received) == 2
    with factory() as session:
        rows = session.scalars(select(Agenda).order_by(Agenda.id)).all()
        skipped = [row for row in rows if row.status == "skipped"]
        assert skipped and all(row.event_ids == [] for row in skipped)  # "chips": nothing to come
        assert session.scalars(
            select(Alert).where(Alert.event_id == stored.forum)
        ).all()  # populate's own


def test_a_failed_agenda_is_retried_with_the_same_id(factory):
    populate(factory)
    with receiver(500, 200) as hook:
        subscribe(factory, ("week-ahead", hook.url, rules(), "agenda"))
        first = dispatch_agendas(factory, OPTIONS, retry=3, now=NOON)
        assert len(first.retrying) == 1 and hook.received == []
        with transaction(factory) as session:
            session.execute(update(Agenda).values(next_attempt_at=NOON))
        second = dispatch_agendas(factory, OPTIONS, retry=3, now=NOON + dt.timedelta(minutes=1))
        assert len(second.sent) == 1
        assert hook.ids[0] == hook.ids[1] and len(hook.received) == 1


def test_agenda_subscribers_get_no_instant_alert(factory):
    crawled_before(factory, "gov")
    with receiver() as hook:
        subscribe(
            factory,
            ("week-ahead", hook.url, rules(), "agenda"),
            ("now", hook.url, rules(), "instant"),
        )
        store(factory, report("http://gov.test/a.html", title="Health expo in Beijing",
                              start=TODAY + dt.timedelta(days=3), site="gov"))  # fmt: skip
    with factory() as session:
        alerts = session.scalars(select(Alert)).all()
    assert len(alerts) == 1  # the instant subscriber's only
