"""The alert as every channel sees it: plain data built from stored rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.render import render_email
from storage.models import Alert, Article, Event, Subscription

WEBHOOK_SCHEMA = "healthwatch.alert/1"


@dataclass(frozen=True)
class AlertMessage:
    """One event for one subscriber; ``key`` is stable across retries."""

    key: str
    subscription: str
    channel_url: str
    type: str
    title: str
    start: dt.date | None
    end: dt.date | None
    place: str | None
    status: str
    organisers: tuple[str, ...]
    parties: tuple[str, ...]
    url: str
    site: str
    article_title: str
    published: dt.date | None
    language: str

    def when(self) -> str:
        """``2024-04-20`` or ``2024-04-20 to 2024-04-21``, or ``date unknown``."""
        if self.start is None:
            return "date unknown"
        if self.end and self.end != self.start:
            return f"{self.start.isoformat()} to {self.end.isoformat()}"
        return self.start.isoformat()

    def email(self, sender: str, recipients: list[str]) -> EmailMessage:
        """The alert as a multipart e-mail (alerts/templates)."""
        return render_email(self, sender, recipients)

    def payload(self) -> dict[str, object]:
        """The versioned webhook body (docs/alerts.md documents it)."""
        return {
            "schema": WEBHOOK_SCHEMA,
            "id": self.key,
            "kind": "event.new",
            "subscription": self.subscription,
            "event": {
                "type": self.type,
                "title": self.title,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "place": self.place,
                "status": self.status,
                "organisers": list(self.organisers),
                "parties": list(self.parties),
            },
            "article": {
                "url": self.url,
                "title": self.article_title,
                "site": self.site,
                "published": self.published.isoformat() if self.published else None,
                "language": self.language,
            },
        }


def build_message(session: Session, alert: Alert) -> AlertMessage:
    """Gather the event, its first article and the subscription of an alert."""
    event = session.get_one(Event, alert.event_id)
    sub = session.get_one(Subscription, alert.subscription_id)
    query = select(Article).where(Article.event_id == event.id).order_by(Article.id).limit(1)
    article = session.scalars(query).one()
    return AlertMessage(
        key=alert.idempotency_key,
        subscription=sub.name,
        channel_url=sub.channel_url,
        type=event.type,
        title=event.title,
        start=event.start_date,
        end=event.end_date,
        place=event.place,
        status=event.status,
        organisers=tuple(event.organisers),
        parties=tuple(event.parties),
        url=article.url,
        site=article.site,
        article_title=article.title,
        published=article.published,
        language=article.language,
    )
