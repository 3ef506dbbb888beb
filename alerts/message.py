"""The alert as every channel sees it: plain data built from stored rows.

``AlertMessage`` is one event (new, or an update saying what changed) for
one subscriber; ``DigestMessage`` is a subscriber's daily batch of them.
Both offer the same four things to channels: a stable ``key``, a JSON
``payload`` (webhooks), an ``email`` and a ``subject`` plus ``text`` (Apprise).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from itertools import groupby

from sqlalchemy.orm import Session

from alerts import render
from crawler.event_status import status_on
from crawler.event_types import rank
from storage.events import reports_of
from storage.models import Alert, Event, Subscription

WEBHOOK_SCHEMA = "healthwatch.alert/1"
DIGEST_SCHEMA = "healthwatch.digest/1"
# Order of the type groups in a digest.
# Links listed per event at most (a widely reported event has dozens).
MAX_REPORTS = 20
# How a changed field is named in an update alert.
FIELD_NAMES = {"status": "status", "start_date": "start date", "end_date": "end date"}


@dataclass(frozen=True)
class Report:
    """One article that reports the event."""

    url: str
    title: str
    site: str
    published: dt.date | None
    language: str

    def as_json(self) -> dict[str, object]:
        return {
            "url": self.url,
            "title": self.title,
            "site": self.site,
            "published": _iso(self.published),
            "language": self.language,
        }


@dataclass(frozen=True)
class Change:
    """One fact an update alert announces."""

    field: str
    old: str | None
    new: str | None

    def describe(self) -> str:
        """``start date: 2024-04-20 -> 2024-05-10``."""
        name = FIELD_NAMES.get(self.field, self.field)
        return f"{name}: {self.old or 'unknown'} -> {self.new or 'unknown'}"


@dataclass(frozen=True)
class EventSummary:
    """What an analyst needs to know of an event: what, when, where, who, the links."""

    id: int
    type: str
    title: str
    start: dt.date | None
    end: dt.date | None
    place: str | None
    status: str
    organisers: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    reports: tuple[Report, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()  # (field, text read from the page)
    # The title in the language it was published in, when the alert (in
    # English) would otherwise show only a translation or an English report.
    original_title: str | None = None

    @property
    def site(self) -> str:
        return self.reports[0].site if self.reports else ""

    def when(self) -> str:
        """``2024-04-20`` or ``2024-04-20 to 2024-04-21``, or ``date unknown``."""
        if self.start is None:
            return "date unknown"
        if self.end and self.end != self.start:
            return f"{self.start.isoformat()} to {self.end.isoformat()}"
        return self.start.isoformat()

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "original_title": self.original_title,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "place": self.place,
            "status": self.status,
            "organisers": list(self.organisers),
            "parties": list(self.parties),
            "site": self.site,
            "evidence": [{"field": f, "text": t} for f, t in self.evidence],
        }


@dataclass(frozen=True)
class AlertMessage:
    """One event for one subscriber; ``key`` is stable across retries."""

    key: str
    subscription: str
    channel_url: str
    event: EventSummary
    kind: str = "event.new"  # or "event.update"
    changes: tuple[Change, ...] = ()

    @property
    def title(self) -> str:
        return self.event.title

    @property
    def subject(self) -> str:
        """``[forum] 2024-04-20 - Boao Forum ...``; updates start with ``Update:``."""
        lead = "Update: " if self.kind == "event.update" else ""
        return one_line(f"{lead}[{self.event.type}] {self.event.when()} - {self.event.title}")

    @property
    def text(self) -> str:
        """The plain-text body (also what Apprise sends)."""
        return render.alert_text(self)

    def email(self, sender: str, recipients: list[str]) -> EmailMessage:
        """The alert as a multipart e-mail (alerts/templates)."""
        return render.alert_email(self, sender, recipients)

    def payload(self) -> dict[str, object]:
        """The versioned webhook body (docs/alerts.md documents it)."""
        return {
            "schema": WEBHOOK_SCHEMA,
            "id": self.key,
            "kind": self.kind,
            "subscription": self.subscription,
            "event": self.event.as_json(),
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in self.changes],
            "articles": [report.as_json() for report in self.event.reports],
            # The first report, as in the first version of the schema.
            "article": self.event.reports[0].as_json() if self.event.reports else None,
        }


@dataclass(frozen=True)
class DigestMessage:
    """A subscriber's alerts of one period in one message."""

    key: str
    subscription: str
    channel_url: str
    items: tuple[AlertMessage, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return f"digest of {len(self.items)} alerts"

    @property
    def subject(self) -> str:
        return one_line(f"[healthwatch digest] {len(self.items)} events: {self.type_counts()}")

    def type_counts(self) -> str:
        return ", ".join(f"{len(items)} {kind}" for kind, items in self.groups())

    def groups(self) -> list[tuple[str, list[AlertMessage]]]:
        """Items grouped by event type (forum, agreement, launch...), each by date."""

        def order(item: AlertMessage) -> tuple[int, str, dt.date, str]:
            event = item.event
            return (rank(event.type), event.type, event.start or dt.date.max, event.title)

        ordered = sorted(self.items, key=order)
        return [(kind, list(items)) for kind, items in groupby(ordered, lambda i: i.event.type)]

    @property
    def text(self) -> str:
        return render.digest_text(self)

    def email(self, sender: str, recipients: list[str]) -> EmailMessage:
        return render.digest_email(self, sender, recipients)

    def payload(self) -> dict[str, object]:
        return {
            "schema": DIGEST_SCHEMA,
            "id": self.key,
            "kind": "digest",
            "subscription": self.subscription,
            "alerts": [item.payload() for _, items in self.groups() for item in items],
        }


AGENDA_SCHEMA = "healthwatch.agenda/1"


@dataclass(frozen=True)
class AgendaMessage:
    """A subscriber's agenda: the upcoming events of ``start``..``end``, by date."""

    key: str
    subscription: str
    channel_url: str
    start: dt.date
    end: dt.date
    items: tuple[EventSummary, ...] = ()

    @property
    def title(self) -> str:
        return f"agenda of {len(self.items)} events"

    @property
    def subject(self) -> str:
        return one_line(
            f"[healthwatch agenda] {len(self.items)} events, "
            f"{self.start.isoformat()} to {self.end.isoformat()}"
        )

    def ordered(self) -> list[EventSummary]:
        """By date, then type order, then title."""
        return sorted(
            self.items, key=lambda e: (e.start or dt.date.max, rank(e.type), e.type, e.title)
        )

    @property
    def text(self) -> str:
        return render.agenda_text(self)

    def email(self, sender: str, recipients: list[str]) -> EmailMessage:
        return render.agenda_email(self, sender, recipients)

    def payload(self) -> dict[str, object]:
        return {
            "schema": AGENDA_SCHEMA,
            "id": self.key,
            "kind": "agenda",
            "subscription": self.subscription,
            "window": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "events": [
                event.as_json() | {"articles": [r.as_json() for r in event.reports]}
                for event in self.ordered()
            ],
        }


def one_line(text: str) -> str:
    """Whitespace runs become one space: a line break in a scraped title would
    make EmailMessage refuse the header (ValueError, not SendFailed)."""
    return " ".join(text.split())[:200]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def summarise(session: Session, event: Event) -> EventSummary:
    """An event with every report of it, in the order they were stored."""
    articles = reports_of(session, event.id)
    reports = tuple(
        Report(a.url, a.title, a.site, a.published, a.language) for a in articles[:MAX_REPORTS]
    )
    original = next((a.title for a in articles if a.language != "en"), None)
    return EventSummary(
        id=event.id,
        type=event.type,
        title=event.title,
        start=event.start_date,
        end=event.end_date,
        place=event.place,
        status=status_on(event.status, event.start_date, event.end_date, dt.date.today()),
        organisers=tuple(event.organisers),
        parties=tuple(event.parties),
        reports=reports,
        evidence=tuple((e.get("field", ""), e.get("text", "")) for e in event.evidence),
        original_title=original if original and original != event.title else None,
    )


def build_message(session: Session, alert: Alert) -> AlertMessage:
    """Gather the event, its reports and the subscription of an alert."""
    sub = session.get_one(Subscription, alert.subscription_id)
    return AlertMessage(
        key=alert.idempotency_key,
        subscription=sub.name,
        channel_url=sub.channel_url,
        event=summarise(session, session.get_one(Event, alert.event_id)),
        kind="event.update" if alert.kind == "update" else "event.new",
        changes=tuple(Change(c["field"] or "", c.get("old"), c.get("new")) for c in alert.changes),
    )


def build_digest(session: Session, key: str, alerts: list[Alert]) -> DigestMessage:
    """One subscriber's claimed digest rows as one message."""
    items = tuple(build_message(session, alert) for alert in alerts)
    return DigestMessage(key, items[0].subscription, items[0].channel_url, items)


def sample_message(channel_url: str) -> AlertMessage:
    """A realistic alert (English and Chinese text) that says it is a test:
    what ``healthwatch alerts test`` sends."""
    today = dt.datetime.now(dt.UTC).date()
    event = EventSummary(
        id=0,
        type="forum",
        title="healthwatch test alert: Boao Forum for Asia health sub-forum",
        original_title="博鳌亚洲论坛健康分论坛（测试）",
        start=today + dt.timedelta(days=30),
        end=today + dt.timedelta(days=31),
        place="Boao, Hainan",
        status="upcoming",
        organisers=("Boao Forum for Asia",),
        reports=(Report("https://example.org/healthwatch-test", "Test", "test", today, "en"),),
        evidence=(("type", "health sub-forum"),),
    )
    return AlertMessage(f"test-{uuid.uuid4().hex}", "test", channel_url, event)
