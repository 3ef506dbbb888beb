"""Agenda subscriptions: daily or weekly, the upcoming events of the next N days.

Each dispatch pass writes, for every live ``agenda`` subscription whose
moment has come, one row for the period (``storage/agenda.py``) listing the
events then matching its filters (the same rules as instant alerts, plus
dates inside the window and not cancelled or over), then sends the due rows.
A period's row is written once, so an agenda is sent once per period; a
retry resends the same events under the same idempotency key.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import ChannelOptions, SendFailed
from alerts.dispatcher import Claimed, DispatchReport, disable_by_id, send
from alerts.message import AgendaMessage, summarise
from alerts.rules import EventView, agenda_slot, agenda_window, matches
from crawler.event_status import status_on
from storage.agenda import (
    add_agenda,
    agenda_written,
    claim_agendas,
    mark_agenda_failed,
    mark_agenda_sent,
)
from storage.db import transaction
from storage.events import EventFilter, first_reports, list_events
from storage.models import Agenda, Event, Subscription, utcnow
from storage.outbox import RetryPolicy, as_policy
from storage.subscriptions import live_subscriptions

# Statuses an event of an agenda may show: still to come.
COMING = ("upcoming", "postponed", "unknown")
MAX_EVENTS = 500


def agenda_events(
    session: Session, filters: dict[str, object], window: tuple[dt.date, dt.date], today: dt.date
) -> list[Event]:
    """Events dated inside ``window``, still to come, that the filters accept."""
    wanted = EventFilter(statuses=COMING, start=window[0], end=window[1], today=today)
    events = list_events(session, wanted, "date", None, MAX_EVENTS).events
    firsts = first_reports(session, [event.id for event in events])
    chosen = []
    for event in events:
        report = firsts.get(event.id)
        view = EventView(
            type=event.type,
            site=report.site if report else "",
            language=report.language if report else "",
            title=event.title,
            text=f"{report.title}\n{report.text}" if report else "",
            start=event.start_date,
            end=event.end_date,
            status=status_on(event.status, event.start_date, event.end_date, today),
            relevant=event.relevant,
        )
        if matches(dict(filters), view, today):
            chosen.append(event)
    return chosen


def plan_agendas(session: Session, now: dt.datetime) -> int:
    """Write the agenda of each live agenda subscription whose moment has
    come and whose period has none yet; returns how many were written."""
    written = 0
    for sub in live_subscriptions(session):
        if sub.mode != "agenda":
            continue
        slot = agenda_slot(sub.filters, now)
        period = slot.isoformat()
        if agenda_written(session, sub.id, period):
            continue
        window = agenda_window(sub.filters, slot)
        events = agenda_events(session, sub.filters, window, slot)
        add_agenda(session, sub.id, period, window, [event.id for event in events], now=now)
        written += 1
    return written


def build_agenda(session: Session, row: Agenda) -> AgendaMessage:
    sub = session.get_one(Subscription, row.subscription_id)
    events = [session.get(Event, event_id) for event_id in row.event_ids]
    return AgendaMessage(
        key=row.idempotency_key,
        subscription=sub.name,
        channel_url=sub.channel_url,
        start=row.window_start,
        end=row.window_end,
        items=tuple(summarise(session, event) for event in events if event is not None),
    )


def dispatch_agendas(
    factory: sessionmaker[Session],
    options: ChannelOptions,
    retry: RetryPolicy | int = RetryPolicy(),  # noqa: B008 - frozen
    now: dt.datetime | None = None,
) -> DispatchReport:
    """Write the agendas whose moment came, then send every due one."""
    now = now or utcnow()
    policy = as_policy(retry)
    report = DispatchReport()
    with transaction(factory) as session:
        plan_agendas(session, now)
    with transaction(factory) as session:
        claimed = [
            (row.id, build_agenda(session, row))
            for row in claim_agendas(session, now=now, hold=policy.claim_for)
        ]
    for agenda_id, message in claimed:
        try:
            send(Claimed(message, message.channel_url, (), None), options)
        except SendFailed as exc:
            with transaction(factory) as session:
                status = mark_agenda_failed(
                    session,
                    agenda_id,
                    str(exc),
                    exc.retryable,
                    policy,
                    retry_after=exc.retry_after,
                )
                if exc.disable:
                    row = session.get_one(Agenda, agenda_id)
                    disable_by_id(session, row.subscription_id, str(exc))
            (report.dead if status == "dead" else report.retrying).append((message, str(exc)))
            continue
        with transaction(factory) as session:
            mark_agenda_sent(session, agenda_id)
        report.sent.append(message)
    return report
