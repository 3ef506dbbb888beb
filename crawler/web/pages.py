"""The pages people read: events (list and month calendar), one event, the sites.

Server-rendered Jinja2, no script: every filter is a GET form, so the URL of
any view is shareable and is also the feed's and the API's query.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.templating import Jinja2Templates

from crawler.event_types import kinds
from crawler.web.access import COOKIE, login_page, safe_target, same
from crawler.web.common import WebError, redirect, sessions
from crawler.web.query import CalendarParams, EventParams
from crawler.web.records import (
    event_record,
    highlight,
    json_ld,
    originals,
    shown_status,
    site_views,
    when,
)
from storage.events import (
    alerts_of,
    changes_of,
    count_events,
    event_by_id,
    events_per_site,
    list_events,
    report_lines,
    search_once,
)
from storage.runs import last_runs
from storage.sites import article_counts, sites_by_key

router = APIRouter(include_in_schema=False)
Db = Annotated[Session, Depends(sessions)]
MAX_CALENDAR_EVENTS = 1000
# Events shown in one day's cell; the rest is a link to that day's list.
PER_DAY = 6
# Lists count matches up to this many ("1,000+"): an exact count of a large
# filtered table would cost more than the page.
COUNT_UP_TO = 1_000
FEEDS = (
    ("RSS", "events.rss"),
    ("Atom", "events.atom"),
    ("JSON Feed", "events.json"),
    ("iCalendar", "events.ics"),
    ("CSV", "events.csv"),
    ("NDJSON", "events.ndjson"),
)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    base = {
        "types": kinds(),
        "feeds": FEEDS,
        "token_required": bool(request.app.state.config.token),
    }
    return templates.TemplateResponse(request, name, base | context, status_code=status)


def site_choices(session: Session) -> list[str]:
    return sorted(sites_by_key(session))


@router.get("/")
def home() -> RedirectResponse:
    return redirect("/events")


@router.get("/login", response_class=HTMLResponse)
def login_form(next: str = "/events") -> HTMLResponse:
    return HTMLResponse(login_page(safe_target(next), ""))


@router.post("/login")
async def login(request: Request) -> Response:
    """The login form: a right token sets an HttpOnly cookie and goes back."""
    body = (await request.body())[:4096].decode("utf-8", "replace")
    form = parse_qs(body)
    target = safe_target(form.get("next", ["/events"])[0])
    token = request.app.state.config.token
    if not token:
        return redirect(target)
    if not same(form.get("token", [""])[0], token):
        return HTMLResponse(login_page(target, "That is not the token."), status_code=401)
    response = redirect(target)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, params: Annotated[EventParams, Query()], session: Db) -> Response:
    today = dt.date.today()
    wanted = search_once(session, params.event_filter(today))  # counted and listed
    limit = params.limit or request.app.state.config.page_size
    try:
        page = list_events(session, wanted, params.order(), params.cursor, limit)
    except ValueError as exc:
        raise WebError(422, f"cursor: {exc}") from None
    reports = report_lines(session, [event.id for event in page.events])
    rows = [
        {
            "event": event,
            "status": shown_status(event, today),
            "when": when(event),
            "reports": originals(reports[event.id]),
            "sites": sorted({r.site for r in reports[event.id]}),
            "languages": sorted({r.language for r in reports[event.id]}),
        }
        for event in page.events
    ]
    context = {
        "params": params,
        "rows": rows,
        "total": count_events(session, wanted, COUNT_UP_TO),
        "count_up_to": COUNT_UP_TO,
        "next_url": f"/events{params.query(cursor=page.next_cursor, limit=params.limit)}"
        if page.next_cursor
        else None,
        "first_url": f"/events{params.query(limit=params.limit)}" if params.cursor else None,
        "sites": site_choices(session),
    }
    return render(request, "events.html", context)


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request, params: Annotated[CalendarParams, Query()], session: Db
) -> Response:
    today = dt.date.today()
    try:
        first = params.first_day(today)
    except ValueError as exc:
        raise WebError(422, str(exc)) from None
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    wanted = params.event_filter(today)
    start = max(first, wanted.start) if wanted.start else first
    end = min(last, wanted.end) if wanted.end else last
    month_filter = replace(wanted, start=start, end=end)
    page = list_events(session, month_filter, "date", None, MAX_CALENDAR_EVENTS)
    days: dict[dt.date, list[dict[str, Any]]] = {}
    for event in page.events:
        assert event.start_date is not None  # a date range selects dated events only
        day = max(event.start_date, first)
        stop = min(event.end_date or event.start_date, last)
        while day <= stop:
            days.setdefault(day, []).append(
                {
                    "event": event,
                    "status": shown_status(event, today),
                    "first": day == event.start_date,
                }
            )
            day += dt.timedelta(days=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    previous = (first - dt.timedelta(days=1)).strftime("%Y-%m")
    following = (last + dt.timedelta(days=1)).strftime("%Y-%m")
    context = {
        "params": params,
        "first": first,
        "weeks": weeks,
        "days": days,
        "today": today,
        "count": len(page.events),
        "more": page.next_cursor is not None,
        "previous_url": f"/calendar{params.query(month=previous)}",
        "next_url": f"/calendar{params.query(month=following)}",
        "list_query": params.query(month=None),
        "per_day": PER_DAY,
        "day_links": {
            day: "/events"
            + params.query_with({"month": None, "from": day, "to": day, "sort": "date"})
            for day, items in days.items()
            if len(items) > PER_DAY
        },
        "sites": site_choices(session),
    }
    return render(request, "calendar.html", context)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: int, session: Db) -> Response:
    from alerts.channels import masked  # noqa: PLC0415 - only this page shows channels

    event = event_by_id(session, event_id)
    if event is None:
        raise WebError(404, f"no event {event_id}")
    today = dt.date.today()
    reports = report_lines(session, [event.id])[event.id]
    evidence = [(e.get("field", ""), e.get("text", "")) for e in event.evidence]
    first = event.articles[0] if event.articles else None
    marked = None
    if first is not None:
        marked = {
            "article": first,
            "title": highlight(first.title, evidence),
            "paragraphs": [highlight(p, evidence) for p in first.text.split("\n") if p.strip()],
        }
    page_url = str(request.url_for("event_page", event_id=event.id))
    alerts = [
        {"alert": alert, "subscription": sub.name, "channel": masked(sub.channel_url)}
        for alert, sub in alerts_of(session, event.id)
    ]
    context = {
        "event": event,
        "record": event_record(event, reports, today, page_url),
        "status": shown_status(event, today),
        "when": when(event),
        "evidence": evidence,
        "marked": marked,
        "reports": originals(reports),
        "changes": changes_of(session, event.id),
        "alerts": alerts,
        "json_ld": json_ld(event, today, page_url, reports[0].url if reports else None),
    }
    return render(request, "event.html", context)


@router.get("/sites", response_class=HTMLResponse)
def sites_page(request: Request, session: Db) -> Response:
    sites, articles = sites_by_key(session), article_counts(session)
    runs = last_runs(session, set(sites) | set(articles))
    views = site_views(sites, runs, articles, events_per_site(session))
    return render(request, "sites.html", {"sites": views})
