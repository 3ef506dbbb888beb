"""Events as records: the JSON of the API, NDJSON, ``events --json``, and the
pieces pages and feeds share (status as of today, dates, evidence marks).

Plain functions of stored rows; no request, no template.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from crawler.event_status import status_on
from crawler.event_types import kind_of
from storage.events import ReportLine
from storage.models import Alert, Article, CrawlRun, Event, EventChange, Site

# schema.org eventStatus of each shown status.
SCHEMA_STATUS = {
    "upcoming": "https://schema.org/EventScheduled",
    "held": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
    "unknown": "https://schema.org/EventScheduled",
}


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def shown_status(event: Event, today: dt.date) -> str:
    """The status true on ``today``."""
    return status_on(event.status, event.start_date, event.end_date, today)


def when(event: Event) -> str:
    """``2024-04-20``, ``2024-04-20 to 2024-04-21`` or ``date unknown``."""
    if event.start_date is None:
        return "date unknown"
    if event.end_date and event.end_date != event.start_date:
        return f"{event.start_date.isoformat()} to {event.end_date.isoformat()}"
    return event.start_date.isoformat()


def originals(reports: Sequence[ReportLine]) -> list[tuple[ReportLine, list[ReportLine]]]:
    """Reports with their copies folded under them (``duplicate_of``), in stored order."""
    copies: dict[int, list[ReportLine]] = {}
    for report in reports:
        if report.duplicate_of is not None:
            copies.setdefault(report.duplicate_of, []).append(report)
    ids = {report.id for report in reports}
    folded = []
    for report in reports:
        if report.duplicate_of is None or report.duplicate_of not in ids:
            folded.append((report, copies.get(report.id, [])))
    return folded


def report_record(report: ReportLine | Article) -> dict[str, Any]:
    return {
        "id": report.id,
        "url": report.url,
        "title": report.title,
        "site": report.site,
        "language": report.language,
        "published": iso(report.published),
        "duplicate_of": report.duplicate_of,
    }


def event_record(
    event: Event, reports: Sequence[ReportLine], today: dt.date, page_url: str | None = None
) -> dict[str, Any]:
    """An event as JSON: its facts, status as of today, evidence and reports."""
    sites = list(dict.fromkeys(report.site for report in reports))
    return {
        "id": event.id,
        "type": event.type,
        "type_label": kind_of(event.type).label,
        "title": event.title,
        "start": iso(event.start_date),
        "end": iso(event.end_date),
        "place": event.place,
        "status": shown_status(event, today),
        "reported_status": event.status,
        "relevant": event.relevant,
        "organisers": list(event.organisers),
        "parties": list(event.parties),
        "also": list(event.also),
        "evidence": [
            {"field": e.get("field", ""), "text": e.get("text", "")} for e in event.evidence
        ],
        "first_seen": iso(event.first_seen),
        "updated_at": iso(event.updated_at),
        "site": sites[0] if sites else None,
        "sites": sites,
        "languages": sorted({report.language for report in reports}),
        "source_url": reports[0].url if reports else None,
        "url": page_url,
        "articles": [report_record(report) for report in reports],
    }


def change_record(change: EventChange, source: str | None) -> dict[str, Any]:
    return {
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "changed_at": iso(change.changed_at),
        "article_id": change.article_id,
        "source_url": source,
    }


def alert_record(alert: Alert, subscription: str, channel: str) -> dict[str, Any]:
    """An alert as shown outside the outbox: the channel already masked."""
    return {
        "id": alert.id,
        "subscription": subscription,
        "channel": channel,
        "kind": alert.kind,
        "revision": alert.revision,
        "state": alert.status,
        "attempts": alert.attempts,
        "created_at": iso(alert.created_at),
        "sent_at": iso(alert.sent_at),
        "last_error": alert.last_error,
    }


def article_record(article: Article, *, text: bool) -> dict[str, Any]:
    record = report_record(article)
    record |= {
        "event_id": article.event_id,
        "type": article.type,
        "relevant": article.relevant,
        "fetched_at": iso(article.fetched_at),
    }
    if text:
        record["text"] = article.text
    return record


def run_record(run: CrawlRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "site": run.site,
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "status": run.status,
        "node": run.node,
        "requests": run.requests,
        "new_articles": run.new_articles,
        "new_events": run.new_events,
        "links_found": run.links_found,
        "not_modified": run.not_modified,
        "rendered": run.rendered,
        "warnings": list(run.warnings or []),
        "error": run.error,
    }


@dataclass(frozen=True)
class SiteView:
    """A site's health as the sites page and API show it."""

    key: str
    name: str
    enabled: bool
    healthy: bool
    unhealthy_reason: str | None
    unhealthy_since: dt.datetime | None
    last_run: CrawlRun | None
    next_run_at: dt.datetime | None
    articles: int
    events: int

    @property
    def warnings(self) -> list[str]:
        return list(self.last_run.warnings or []) if self.last_run else []

    def record(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "enabled": self.enabled,
            "healthy": self.healthy,
            "unhealthy_reason": self.unhealthy_reason,
            "unhealthy_since": iso(self.unhealthy_since),
            "last_run": run_record(self.last_run) if self.last_run else None,
            "next_run_at": iso(self.next_run_at),
            "articles": self.articles,
            "events": self.events,
            "warnings": self.warnings,
        }


def site_views(
    sites: dict[str, Site],
    runs: dict[str, CrawlRun],
    articles: dict[str, int],
    events: dict[str, int],
) -> list[SiteView]:
    """Every stored site (and any site that only has articles): enabled ones
    first, each group by key."""
    keys = sorted(
        set(sites) | set(articles), key=lambda k: (not sites[k].enabled if k in sites else True, k)
    )
    views = []
    for key in keys:
        site = sites.get(key)
        views.append(
            SiteView(
                key=key,
                name=site.name if site else key,
                enabled=site.enabled if site else False,
                healthy=site.healthy if site else True,
                unhealthy_reason=site.unhealthy_reason if site else None,
                unhealthy_since=site.unhealthy_since if site else None,
                last_run=runs.get(key),
                next_run_at=site.next_run_at if site else None,
                articles=articles.get(key, 0),
                events=events.get(key, 0),
            )
        )
    return views


def json_ld(event: Event, today: dt.date, page_url: str, source: str | None) -> str:
    """schema.org ``Event`` as JSON-LD, safe inside a ``<script>`` element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": page_url,
        "eventStatus": SCHEMA_STATUS.get(shown_status(event, today), SCHEMA_STATUS["unknown"]),
    }
    if event.start_date:
        data["startDate"] = event.start_date.isoformat()
        data["endDate"] = (event.end_date or event.start_date).isoformat()
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place}
    if event.organisers:
        data["organizer"] = [{"@type": "Organization", "name": n} for n in event.organisers]
    if source:
        data["sameAs"] = source
    text = json.dumps(data, ensure_ascii=False)
    # "</script>" or "<!--" in a title must not end the element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class Piece:
    """A run of article text and the evidence quotes covering it: ``fields``
    (empty: plain text), and ``starts``, the evidence numbers whose quote
    begins here (anchors for the evidence table's links)."""

    text: str
    fields: tuple[str, ...] = ()
    starts: tuple[int, ...] = ()


def highlight(text: str, evidence: Sequence[tuple[str, str]]) -> list[Piece]:
    """The text cut where evidence quotes begin and end: each quote is marked
    wherever it occurs (quotes are the page's own characters), and a run
    inside several quotes (a date inside the sentence giving the status)
    carries all their fields."""
    spans: list[tuple[int, int, str, int]] = []
    for number, (field, said) in enumerate(evidence):
        quote = said.strip()
        if len(quote) < 2:
            continue
        start = text.find(quote)
        while start != -1:
            spans.append((start, start + len(quote), field, number))
            start = text.find(quote, start + len(quote))
    cuts = sorted({0, len(text)} | {s[0] for s in spans} | {s[1] for s in spans})
    pieces: list[Piece] = []
    anchored: set[int] = set()
    for begin, end in pairwise(cuts):
        covering = [s for s in spans if s[0] <= begin and end <= s[1]]
        fields = tuple(dict.fromkeys(s[2] for s in covering))
        starts = tuple(s[3] for s in covering if s[0] == begin and s[3] not in anchored)
        anchored.update(starts)
        pieces.append(Piece(text[begin:end], fields, starts))
    return pieces
