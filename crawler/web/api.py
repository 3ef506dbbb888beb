"""``/api/v1``: events (the page's filters), one event with its articles and
evidence, articles, sites and crawl runs.  JSON, cursor-paged, read-only;
the OpenAPI schema is at ``/api/v1/openapi.json``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from crawler.web.common import WebError, sessions
from crawler.web.pages import COUNT_UP_TO
from crawler.web.query import ArticleParams, EventParams, PageParams
from crawler.web.records import (
    alert_record,
    article_record,
    change_record,
    event_record,
    run_record,
    site_views,
)
from storage.articles import list_articles
from storage.events import (
    alerts_of,
    changes_of,
    count_events,
    decode_cursor,
    encode_cursor,
    event_by_id,
    events_per_site,
    list_events,
    report_lines,
    search_once,
)
from storage.runs import last_runs, list_runs
from storage.sites import article_counts, sites_by_key

router = APIRouter(prefix="/api/v1", tags=["api"])
Db = Annotated[Session, Depends(sessions)]


def page_url(request: Request, event_id: int) -> str:
    return str(request.url_for("event_page", event_id=event_id))


def id_cursor(cursor: str | None) -> int | None:
    """The id a cursor of the articles or runs list stands for."""
    if cursor is None:
        return None
    try:
        return decode_cursor(cursor, "id")[1]
    except ValueError as exc:
        raise WebError(422, f"cursor: {exc}") from None


def next_link(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return str(request.url.include_query_params(cursor=cursor))


@router.get("/events", summary="Events matching the filters, one page")
def api_events(
    request: Request, params: Annotated[EventParams, Query()], session: Db
) -> dict[str, Any]:
    """Events with their reports (no article text) and evidence; ``next`` pages on."""
    today = dt.date.today()
    wanted = search_once(session, params.event_filter(today))  # counted and listed
    limit = params.limit or request.app.state.config.page_size
    try:
        page = list_events(session, wanted, params.order(), params.cursor, limit)
    except ValueError as exc:
        raise WebError(422, f"cursor: {exc}") from None
    reports = report_lines(session, [event.id for event in page.events])
    total = count_events(session, wanted, COUNT_UP_TO)
    return {
        "events": [
            event_record(e, reports[e.id], today, page_url(request, e.id)) for e in page.events
        ],
        # Counted up to COUNT_UP_TO; "total_exact" is false when there are more.
        "total": min(total, COUNT_UP_TO),
        "total_exact": total <= COUNT_UP_TO,
        "sort": params.order(),
        "next_cursor": page.next_cursor,
        "next": next_link(request, page.next_cursor),
    }


@router.get("/events/{event_id}", summary="One event: facts, evidence, articles, history, alerts")
def api_event(request: Request, event_id: int, session: Db) -> dict[str, Any]:
    from alerts.channels import masked  # noqa: PLC0415

    event = event_by_id(session, event_id)
    if event is None:
        raise WebError(404, f"no event {event_id}")
    today = dt.date.today()
    record = event_record(
        event, report_lines(session, [event_id])[event_id], today, page_url(request, event_id)
    )
    texts = {article.id: article.text for article in event.articles}
    for article in record["articles"]:
        article["text"] = texts.get(article["id"], "")
    record["changes"] = [change_record(c, url) for c, url in changes_of(session, event_id)]
    record["alerts"] = [
        alert_record(a, sub.name, masked(sub.channel_url))
        for a, sub in alerts_of(session, event_id)
    ]
    return record


@router.get("/articles", summary="Stored articles, newest first")
def api_articles(
    request: Request, params: Annotated[ArticleParams, Query()], session: Db
) -> dict[str, Any]:
    rows = list_articles(
        session,
        sites=params.site,
        languages=params.language,
        event_id=params.event,
        before=id_cursor(params.cursor),
        limit=params.limit + 1,
    )
    cursor = (
        encode_cursor(["id", None, rows[params.limit - 1].id]) if len(rows) > params.limit else None
    )
    return {
        "articles": [article_record(a, text=True) for a in rows[: params.limit]],
        "next_cursor": cursor,
        "next": next_link(request, cursor),
    }


@router.get("/sites", summary="Sites: health, last and next crawl, counts, warnings")
def api_sites(session: Db) -> dict[str, Any]:
    sites, articles = sites_by_key(session), article_counts(session)
    runs = last_runs(session, set(sites) | set(articles))
    views = site_views(sites, runs, articles, events_per_site(session))
    return {"sites": [view.record() for view in views]}


@router.get("/runs", summary="Crawl runs, newest first")
def api_runs(
    request: Request, params: Annotated[PageParams, Query()], session: Db
) -> dict[str, Any]:
    rows = list_runs(session, params.site, id_cursor(params.cursor), params.limit + 1)
    cursor = (
        encode_cursor(["id", None, rows[params.limit - 1].id]) if len(rows) > params.limit else None
    )
    return {
        "runs": [run_record(run) for run in rows[: params.limit]],
        "next_cursor": cursor,
        "next": next_link(request, cursor),
    }
