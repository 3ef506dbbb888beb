"""Every event filter as a feed: RSS 2.0 and Atom (feedgen), JSON Feed 1.1,
iCalendar (icalendar; all-day events with their dates and place), one
``.ics`` per event, and CSV / NDJSON exports.

The query is the events page's (``/events.rss?type=forum`` = the feed of
``/events?type=forum``); ``?token=`` carries the web token for readers
that cannot send headers.  RSS, Atom and JSON Feed list the newest found
first; the calendar and the exports follow the page's order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from feedgen.feed import FeedGenerator
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy.orm import Session, sessionmaker

from crawler.web.common import WebError, sessions
from crawler.web.query import FeedParams
from crawler.web.records import event_record, originals, shown_status, when
from storage.events import ReportLine, event_by_id, list_events, report_lines
from storage.models import Event

router = APIRouter(include_in_schema=False)
Db = Annotated[Session, Depends(sessions)]
Params = Annotated[FeedParams, Query()]
FEED_SIZE = 50  # entries of RSS, Atom and JSON Feed unless `limit` says
CALENDAR_SIZE = 1000  # events of an .ics feed unless `limit` says (at most MAX_CALENDAR)
MAX_CALENDAR = 5000
EXPORT_BATCH = 500
ICAL_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}
CSV_COLUMNS = (
    "id", "type", "title", "start", "end", "place", "status", "relevant",
    "organisers", "parties", "sites", "languages", "source_url", "url", "first_seen",
)  # fmt: skip
# A cell starting with one of these is a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def event_url(request: Request, event_id: int) -> str:
    return str(request.url_for("event_page", event_id=event_id))


def page_of(request: Request, params: FeedParams) -> str:
    """The events page of this filter (what a feed links to)."""
    return f"{str(request.base_url).rstrip('/')}/events{params.query()}"


def feed_url(request: Request, suffix: str, params: FeedParams) -> str:
    return f"{str(request.base_url).rstrip('/')}/events.{suffix}{params.query()}"


def newest(
    session: Session, request: Request, params: FeedParams, size: int
) -> tuple[list[Event], dict[int, list[ReportLine]]]:
    """The feed's events (newest found first unless ``sort`` says) and their reports."""
    try:
        page = list_events(
            session,
            params.event_filter(dt.date.today()),
            params.sort or "-found",
            params.cursor,
            params.limit or size,
        )
    except ValueError as exc:
        raise WebError(422, f"cursor: {exc}") from None
    return page.events, report_lines(session, [e.id for e in page.events])


def summary(event: Event, reports: list[ReportLine], today: dt.date) -> str:
    """The entry text: when, where, status, who, and the sources."""
    lines = [
        f"{event.type}: {when(event)}" + (f", {event.place}" if event.place else ""),
        f"status: {shown_status(event, today)}",
    ]
    if event.organisers:
        lines.append("organisers: " + "; ".join(event.organisers))
    if event.parties:
        lines.append("parties: " + "; ".join(event.parties))
    for report, copies in originals(reports):
        lines.append(f"{report.site} ({report.language}): {report.url}")
        lines += [f"  copy on {copy.site}: {copy.url}" for copy in copies]
    return "\n".join(lines)


def entry_title(event: Event) -> str:
    return f"[{event.type}] {when(event)} - {event.title}"


def generator(request: Request, params: FeedParams, suffix: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_url(request, suffix, params))
    feed.title(f"healthwatch: {params.describe()}")
    feed.subtitle("Health-industry events found by healthwatch")
    # self first: feedgen's RSS <link> is the last link given
    feed.link(href=feed_url(request, suffix, params), rel="self")
    feed.link(href=page_of(request, params), rel="alternate")
    feed.language("en")
    feed.generator("healthwatch")
    return feed


def feed_response(request: Request, params: FeedParams, session: Session, suffix: str) -> Response:
    events, reports = newest(session, request, params, FEED_SIZE)
    today = dt.date.today()
    feed = generator(request, params, suffix)
    if not events:
        feed.updated(dt.datetime.now(dt.UTC))
    for event in events:
        entry = feed.add_entry(order="append")
        url = event_url(request, event.id)
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(entry_title(event))
        entry.link(href=url, rel="alternate")
        entry.description(summary(event, reports[event.id], today))
        entry.published(event.first_seen)
        entry.updated(event.updated_at or event.first_seen)
        entry.category(term=event.type)
    if suffix == "rss":
        return Response(feed.rss_str(pretty=True), media_type="application/rss+xml")
    return Response(feed.atom_str(pretty=True), media_type="application/atom+xml")


@router.get("/events.rss")
def rss(request: Request, params: Params, session: Db) -> Response:
    return feed_response(request, params, session, "rss")


@router.get("/events.atom")
def atom(request: Request, params: Params, session: Db) -> Response:
    return feed_response(request, params, session, "atom")


@router.get("/events.json")
def json_feed(request: Request, params: Params, session: Db) -> Response:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    events, reports = newest(session, request, params, FEED_SIZE)
    today = dt.date.today()
    items = []
    for event in events:
        url = event_url(request, event.id)
        record = event_record(event, reports[event.id], today, url)
        items.append(
            {
                "id": url,
                "url": url,
                "external_url": record["source_url"],
                "title": entry_title(event),
                "content_text": summary(event, reports[event.id], today),
                "date_published": event.first_seen.isoformat(),
                "date_modified": (event.updated_at or event.first_seen).isoformat(),
                "tags": [event.type, record["status"]],
                "language": record["languages"][0] if record["languages"] else None,
                "_healthwatch": record,
            }
        )
    body = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"healthwatch: {params.describe()}",
        "home_page_url": page_of(request, params),
        "feed_url": feed_url(request, "json", params),
        "description": "Health-industry events found by healthwatch",
        "language": "en",
        "items": items,
    }
    return Response(
        json.dumps(body, ensure_ascii=False), media_type="application/feed+json; charset=utf-8"
    )


def vevent(
    request: Request, event: Event, reports: list[ReportLine], today: dt.date
) -> CalendarEvent:
    """One all-day VEVENT (DTEND is the day after the last, as RFC 5545 wants)."""
    assert event.start_date is not None
    item = CalendarEvent()
    item.add("uid", f"event-{event.id}@healthwatch")
    item.add("dtstamp", event.updated_at or event.first_seen)
    item.add("dtstart", event.start_date)
    item.add("dtend", (event.end_date or event.start_date) + dt.timedelta(days=1))
    item.add("summary", event.title)
    if event.place:
        item.add("location", event.place)
    item.add("url", event_url(request, event.id))
    item.add("description", summary(event, reports, today))
    item.add("categories", [event.type])
    item.add("status", ICAL_STATUS.get(shown_status(event, today), "CONFIRMED"))
    return item


def calendar_of(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//healthwatch//events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def ics(body: bytes, name: str) -> Response:
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": f'inline; filename="{name}"'},
    )


@router.get("/events.ics")
def ical_feed(request: Request, params: Params, session: Db) -> Response:
    today = dt.date.today()
    size = min(params.limit or CALENDAR_SIZE, MAX_CALENDAR)
    wanted = params.event_filter(today)
    try:
        page = list_events(session, wanted, params.sort or "-date", params.cursor, size)
    except ValueError as exc:
        raise WebError(422, f"cursor: {exc}") from None
    dated = [event for event in page.events if event.start_date is not None]
    reports = report_lines(session, [e.id for e in dated])
    cal = calendar_of(f"healthwatch: {params.describe()}")
    for event in dated:
        cal.add_component(vevent(request, event, reports[event.id], today))
    return ics(cal.to_ical(), "healthwatch-events.ics")


@router.get("/events/{event_id}.ics")
def event_ics(request: Request, event_id: int, session: Db) -> Response:
    event = event_by_id(session, event_id)
    if event is None:
        raise WebError(404, f"no event {event_id}")
    if event.start_date is None:
        raise WebError(404, f"event {event_id} has no known date")
    cal = calendar_of(event.title)
    reports = report_lines(session, [event_id])[event_id]
    cal.add_component(vevent(request, event, reports, dt.date.today()))
    return ics(cal.to_ical(), f"healthwatch-event-{event_id}.ics")


def export_rows(
    request: Request, params: FeedParams, factory: sessionmaker[Session]
) -> Iterator[dict[str, Any]]:
    """Every event of the filter, in the page's order, read a batch at a time."""
    today = dt.date.today()
    wanted = params.event_filter(today)
    cursor, left = params.cursor, params.limit
    while True:
        size = min(EXPORT_BATCH, left) if left is not None else EXPORT_BATCH
        with factory() as session:
            page = list_events(session, wanted, params.order(), cursor, size)
            reports = report_lines(session, [e.id for e in page.events])
            records = [
                event_record(e, reports[e.id], today, event_url(request, e.id)) for e in page.events
            ]
        yield from records
        if left is not None:
            left -= len(records)
        if page.next_cursor is None or (left is not None and left <= 0):
            return
        cursor = page.next_cursor


def check_cursor(params: FeedParams) -> None:
    """A streamed export cannot answer 422 half-way: check its cursor first."""
    if params.cursor:
        try:
            from storage.events import decode_cursor  # noqa: PLC0415

            decode_cursor(params.cursor, params.order())
        except ValueError as exc:
            raise WebError(422, f"cursor: {exc}") from None


def cell(value: Any) -> str:
    """A CSV cell: lists joined, formulas defused (a leading ')."""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "yes" if value else "no"
    return f"'{text}" if text.startswith(FORMULA_START) else text


@router.get("/events.csv")
def csv_export(request: Request, params: Params) -> Response:
    check_cursor(params)
    factory = request.app.state.sessions

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # so spreadsheets read the Chinese as UTF-8
        writer.writerow(CSV_COLUMNS)
        for record in export_rows(request, params, factory):
            writer.writerow([cell(record[column]) for column in CSV_COLUMNS])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="healthwatch-events.csv"'},
    )


@router.get("/events.ndjson")
def ndjson_export(request: Request, params: Params) -> Response:
    check_cursor(params)
    factory = request.app.state.sessions

    def lines() -> Iterator[str]:
        for record in export_rows(request, params, factory):
            yield json.dumps(record, ensure_ascii=False) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson; charset=utf-8")
