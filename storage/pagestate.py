"""What a crawl knows of the pages it fetches: validators of listing pages,
feeds and sitemaps (conditional GET), listings that need the browser, and
article pages that could not be read.

A re-poll sends the stored ``ETag`` / ``Last-Modified`` back; a server that
answers 304 costs one request and nothing else.  Each function takes an open
Session; the crawl reads a site's rows once and writes them back in one
statement when it ends.  A page whose URL is longer than
``PAGE_STATE_URL_CHARS`` is not remembered (it is fetched as if new).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import PAGE_STATE_URL_CHARS, PageState


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
    checks = [check for check in checks if fits(check.url)]
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
    urls = [url for url in urls if fits(url)]
    if not urls:
        return
    insert = _insert(session)
    upsert = insert.on_conflict_do_update(index_elements=["url"], set_={"needs_render": True})
    session.execute(upsert, [{"url": url, "site": site, "needs_render": True} for url in urls])


def fits(url: str) -> bool:
    """Whether a page_state row can hold ``url`` (longer ones are not remembered)."""
    return len(url) <= PAGE_STATE_URL_CHARS


@dataclass(frozen=True)
class FailedPage:
    """An article page that could not be read, and how to tell it changed."""

    url: str
    site: str
    failure: str  # why, one line
    body_hash: str  # sha256 of the body that failed
    etag: str | None = None
    last_modified: str | None = None
    checked_at: dt.datetime | None = None


def failed_pages(session: Session, site: str) -> dict[str, FailedPage]:
    """URL -> the article pages of ``site`` that failed, as they were."""
    query = select(PageState).where(PageState.site == site, PageState.failure.is_not(None))
    return {
        row.url: FailedPage(
            row.url, row.site, row.failure or "", row.body_hash or "", row.etag, row.last_modified
        )
        for row in session.scalars(query)
    }


def remember_failures(session: Session, pages: Sequence[FailedPage]) -> None:
    """Record failed article pages (an upsert: a page failing again keeps
    its newest reason, body hash and validators)."""
    rows = [
        {
            "url": page.url,
            "site": page.site,
            "failure": page.failure,
            "body_hash": page.body_hash,
            "etag": page.etag,
            "last_modified": page.last_modified,
            "checked_at": page.checked_at,
        }
        for page in pages
        if fits(page.url)
    ]
    if not rows:
        return
    insert = _insert(session)
    changed = {
        name: insert.excluded[name]
        for name in ("site", "failure", "body_hash", "etag", "last_modified", "checked_at")
    }
    session.execute(insert.on_conflict_do_update(index_elements=["url"], set_=changed), rows)


def forget_failures(session: Session, urls: Sequence[str]) -> None:
    """The pages were read after all (they changed): no longer failed."""
    if urls:
        session.execute(
            update(PageState)
            .where(PageState.url.in_(list(urls)))
            .values(failure=None, body_hash=None)
        )
