"""Validators of listing pages, feeds and sitemaps, for conditional GET.

A re-poll sends the stored ``ETag`` / ``Last-Modified`` back; a server that
answers 304 costs one request and nothing else.  Each function takes an open
Session; the crawl reads a site's rows once and writes them back in one
statement when it ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import PageState


@dataclass(frozen=True)
class Validators:
    """What a server said identifies its current copy of a page."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class PageCheck:
    """One poll of one page: its answer and the validators to send next time."""

    url: str
    site: str
    etag: str | None
    last_modified: str | None
    last_status: int
    checked_at: dt.datetime


def site_validators(session: Session, site: str) -> dict[str, Validators]:
    """URL -> validators of every page of ``site`` that sent some."""
    query = select(PageState.url, PageState.etag, PageState.last_modified).where(
        PageState.site == site
    )
    return {
        url: Validators(etag, last_modified)
        for url, etag, last_modified in session.execute(query)
        if etag or last_modified
    }


def save_checks(session: Session, checks: Sequence[PageCheck]) -> None:
    """Insert or update one row per checked page, in one batched statement.

    An upsert, so two crawls sharing a feed URL never trip over the primary
    key; SQLite and PostgreSQL spell it the same way in SQLAlchemy.
    """
    if not checks:
        return
    insert = _insert(session)
    changed = {
        name: insert.excluded[name]
        for name in ("site", "etag", "last_modified", "last_status", "checked_at")
    }
    upsert = insert.on_conflict_do_update(index_elements=["url"], set_=changed)
    session.execute(upsert, [asdict(check) for check in checks])


def _insert(session: Session) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which has ``ON CONFLICT``; we ship only these two."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(PageState)
    if dialect == "sqlite":
        return sqlite.insert(PageState)
    raise NotImplementedError(f"page state upsert on {dialect}")


def render_pages(session: Session, site: str) -> set[str]:
    """URLs of ``site`` whose static HTML once proved a script shell: later
    polls fetch them in the browser straight away (docs/render.md)."""
    query = select(PageState.url).where(PageState.site == site, PageState.needs_render)
    return set(session.scalars(query))


def remember_render(session: Session, site: str, urls: Sequence[str]) -> None:
    """Mark pages as needing the browser, in one statement.

    An upsert that touches only ``needs_render``: the conditional-GET rows
    written in the same crawl keep their validators, whichever lands first.
    """
    if not urls:
        return
    insert = _insert(session)
    upsert = insert.on_conflict_do_update(index_elements=["url"], set_={"needs_render": True})
    session.execute(upsert, [{"url": url, "site": site, "needs_render": True} for url in urls])
