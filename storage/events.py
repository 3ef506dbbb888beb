"""Events and the articles that report them: lookups for merging and for display."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from storage import search
from storage.models import Alert, Article, Event, EventChange, Subscription
from storage.search import candidate_events


def events_since(session: Session, since: dt.datetime) -> Sequence[Event]:
    """Events first seen at or after ``since``, oldest first."""
    query = select(Event).where(Event.first_seen >= since).order_by(Event.id)
    return session.scalars(query).all()


def first_reports(session: Session, event_ids: Iterable[int]) -> dict[int, Article]:
    """Per event, the first article that reported it, in one query for all."""
    first = (
        select(func.min(Article.id))
        .where(Article.event_id.in_(list(event_ids)))
        .group_by(Article.event_id)
        .scalar_subquery()
    )
    rows = session.scalars(select(Article).where(Article.id.in_(first)))
    return {row.event_id: row for row in rows if row.event_id is not None}


def event_sites(session: Session, event_ids: Iterable[int]) -> dict[int, str]:
    """Per event, the site of its first report."""
    return {event: article.site for event, article in first_reports(session, event_ids).items()}


def reports_of(session: Session, event_id: int) -> Sequence[Article]:
    """Every article that reported an event, in the order they were stored."""
    query = select(Article).where(Article.event_id == event_id).order_by(Article.id)
    return session.scalars(query).all()


def event_with_key(session: Session, key: str) -> Event | None:
    """The event stored under a same-event key, if any."""
    return session.scalars(select(Event).where(Event.key == key).limit(1)).first()


def events_near(
    session: Session, event_type: str, start: dt.date, end: dt.date, limit: int
) -> Sequence[Event]:
    """Events of a type starting between ``start`` and ``end``, newest first."""
    query = select(Event).where(
        Event.type == event_type, Event.start_date >= start, Event.start_date <= end
    )
    return session.scalars(query.order_by(Event.id.desc()).limit(limit)).all()


def events_keyed(session: Session, event_type: str, key: str, limit: int) -> Sequence[Event]:
    """Events of a type stored under one key, newest first."""
    query = select(Event).where(Event.type == event_type, Event.key == key)
    return session.scalars(query.order_by(Event.id.desc()).limit(limit)).all()


def newest_events(
    session: Session, event_type: str | None, since: dt.datetime | None
) -> Sequence[Event]:
    """Stored events, newest first, of one type and first seen since a time."""
    query = select(Event).order_by(Event.id.desc())
    if event_type:
        query = query.where(Event.type == event_type)
    if since:
        query = query.where(Event.first_seen >= since)
    return session.scalars(query).all()


# --------------------------------------------------------------------------
# Lists for people (web UI, API, feeds, `healthwatch events`, agendas)
# --------------------------------------------------------------------------

# The status an event shows on a given day, in SQL: the twin of
# crawler.event_status.status_on (storage imports nothing of ours;
# tests/storage/test_event_queries.py checks the two agree on every case).
PASSES_INTO_HELD = ("upcoming", "unknown", "postponed")
# `upcoming`: not over yet (alerts.rules.is_upcoming): a last day today or
# later, or no date and a status saying it is still to come.
PAST_STATUSES = ("held", "cancelled")
COMING_STATUSES = ("upcoming", "postponed")
SORTS = ("date", "-date", "-found")
# The longest an event lasts (start to end): date filters look back this far
# from their first day.  Forums, signings and launches last days, not years.
MAX_SPAN = dt.timedelta(days=366)
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class EventFilter:
    """What a list of events is narrowed to; every part optional, all must hold."""

    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # as shown on ``today`` (status_on)
    start: dt.date | None = None  # the event's dates overlap [start, end]
    end: dt.date | None = None
    sites: tuple[str, ...] = ()  # reported by an article of one of these sites
    languages: tuple[str, ...] = ()  # reported in one of these languages
    relevant: bool | None = None  # about the health industry (None: either)
    # Words in search form (crawler.text.normal.search_form), each of which
    # must occur in the title or text of one report.
    search: tuple[str, ...] = ()
    upcoming: bool = False  # not over yet on ``today``
    seen_since: dt.datetime | None = None  # first seen at or after
    today: dt.date = field(default_factory=dt.date.today)
    # The events ``search`` matches, once looked up (``search_once``): a page
    # that counts and lists asks the index once.  None: look up per query.
    search_hits: frozenset[int] | None = None
    search_scanned: bool = False  # looked up, and the index cannot narrow it: scan


@dataclass(frozen=True)
class EventPage:
    """One page of a list, and the cursor of the next page (None: the last)."""

    events: list[Event]
    next_cursor: str | None


@dataclass(frozen=True)
class ReportLine:
    """One article of an event, without its text: what lists show."""

    id: int
    url: str
    title: str
    site: str
    language: str
    published: dt.date | None
    duplicate_of: int | None


def _last_day() -> ColumnElement[dt.date | None]:
    return func.coalesce(Event.end_date, Event.start_date)


def shown_status(today: dt.date) -> ColumnElement[str]:
    """``status_on(status, start, end, today)`` as a SQL expression."""
    last = _last_day()
    passed = and_(last.is_not(None), last < today, Event.status.in_(PASSES_INTO_HELD))
    return case((passed, literal("held")), else_=Event.status)


def not_over(today: dt.date) -> ColumnElement[bool]:
    """The event has not happened yet on ``today`` (alerts.rules.is_upcoming)."""
    last = _last_day()
    return and_(
        shown_status(today).not_in(PAST_STATUSES),
        or_(last >= today, and_(last.is_(None), Event.status.in_(COMING_STATUSES))),
    )


def _reported_by(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Some report of the event meets ``condition`` (a correlated EXISTS: an
    index lookup per event, so a page stops scanning once it is full)."""
    return select(Article.id).where(Article.event_id == Event.id, condition).exists()


def _conditions(session: Session, wanted: EventFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if wanted.types:
        where.append(Event.type.in_(wanted.types))
    if wanted.statuses:
        where.append(shown_status(wanted.today).in_(wanted.statuses))
        if set(wanted.statuses) <= set(PASSES_INTO_HELD):
            # Implied (an event shown as still to come has not ended), and
            # served by the start-date index: only recent rows are read.
            where.append(
                or_(Event.start_date >= wanted.today - MAX_SPAN, Event.start_date.is_(None))
            )
    if wanted.start is not None:
        where.append(_last_day() >= wanted.start)
        # Implied for events of up to MAX_SPAN days; a bound the index can use.
        where.append(Event.start_date >= wanted.start - MAX_SPAN)
    if wanted.end is not None:
        where.append(Event.start_date <= wanted.end)
    if wanted.sites:
        where.append(_reported_by(Article.site.in_(wanted.sites)))
    if wanted.languages:
        where.append(_reported_by(Article.language.in_(wanted.languages)))
    if wanted.relevant is not None:
        where.append(Event.relevant.is_(wanted.relevant))
    if wanted.upcoming:
        where.append(not_over(wanted.today))
        where.append(or_(Event.start_date >= wanted.today - MAX_SPAN, Event.start_date.is_(None)))
    if wanted.seen_since is not None:
        where.append(Event.first_seen >= wanted.seen_since)
    if wanted.search and wanted.search_hits is not None:
        where.append(Event.id.in_(sorted(wanted.search_hits)))
    elif wanted.search:
        words = wanted.search[:MAX_SEARCH_WORDS]
        where.append(_matching(session, words, look_up=not wanted.search_scanned))
    return where


def search_once(session: Session, wanted: EventFilter) -> EventFilter:
    """The filter with its search words looked up in the index now, for the
    queries of one page (a count and a list) to share: the events found, or
    the verdict that the index cannot narrow the search (the queries then
    scan without asking it again)."""
    if not wanted.search or wanted.search_hits is not None or wanted.search_scanned:
        return wanted
    words = wanted.search[:MAX_SEARCH_WORDS]
    found = candidate_events(session, words, *_search_conditions(words))
    if found is None:
        return replace(wanted, search_scanned=True)
    return replace(wanted, search_hits=frozenset(found))


def _search_conditions(
    words: Sequence[str],
) -> tuple[ColumnElement[bool], ColumnElement[bool], ColumnElement[bool]]:
    """Every word in a report's search text; in an unfilled report's raw
    title or text; in the event's title (``LIKE '%word%'`` each)."""

    def has(column: Any, word: str) -> ColumnElement[bool]:
        return func.lower(column).contains(word, autoescape=True)

    stored = and_(*(Article.search_text.contains(w, autoescape=True) for w in words))
    raw = and_(*(or_(has(Article.title, w), has(Article.text, w)) for w in words))
    title = and_(*(has(Event.title, w) for w in words))
    return stored, raw, title


def _matching(
    session: Session, words: tuple[str, ...], *, look_up: bool = True
) -> ColumnElement[bool]:
    """Every word in one report's search text (or, for rows stored before the
    search text existed, in its raw title or text), or in the event's title.

    The engine's trigram index finds the events that match first
    (storage/search.py); where it cannot narrow the search, every candidate
    event's reports are scanned with the same conditions.
    """
    stored, raw, title = _search_conditions(words)
    found = candidate_events(session, words, stored, raw, title) if look_up else None
    if found is not None:
        return Event.id.in_(sorted(found))
    reported = or_(stored, and_(Article.search_text.is_(None), raw))
    if session.get_bind().dialect.name == "postgresql" and search.has_index(session):
        # The index found the words common.  Under OR, PostgreSQL hashes an
        # EXISTS: one scan of every report (0.45 s for a common word at
        # 100,000 events).  A scalar subquery with LIMIT 1 is read per event,
        # through the event_id index, and stops with the page as on SQLite.
        # (Without the index, the one hashed scan is the better plan for a
        # rare word, so the EXISTS stays.)
        hit = select(literal(1)).where(Article.event_id == Event.id, reported).limit(1)
        return or_(title, hit.scalar_subquery().is_not(None))
    return or_(title, _reported_by(reported))


def encode_cursor(values: list[Any]) -> str:
    """An opaque, URL-safe cursor for the next page."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[dt.date | None, int]:
    """(event date or None, event id) of a cursor; ValueError when it is not one of ours."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != 3 or values[0] != sort:
            raise ValueError
        day = dt.date.fromisoformat(values[1]) if values[1] is not None else None
        if not isinstance(values[2], int) or isinstance(values[2], bool):
            raise ValueError
        return day, values[2]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValueError("not a cursor this list gave out") from None


def count_events(session: Session, wanted: EventFilter, at_most: int | None = None) -> int:
    """How many events a filter selects; with ``at_most``, counting stops
    there (a page says "10,000+" rather than scan a large table to the end)."""
    where = _conditions(session, wanted)
    if at_most is None:
        return int(session.scalar(select(func.count(Event.id)).where(*where)) or 0)
    found = select(Event.id).where(*where).limit(at_most + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(found)) or 0)


def list_events(
    session: Session,
    wanted: EventFilter,
    sort: str = "-date",
    cursor: str | None = None,
    limit: int = 50,
) -> EventPage:
    """One page of the events a filter selects.

    ``date``/``-date``: by event date (events without a date come last),
    then id; ``-found``: newest first seen first.  ``cursor`` is the
    ``next_cursor`` of the previous page (ValueError when it is not one).
    Dated and undated events are read with two index-ordered queries, so a
    page costs the same at any depth.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r} (known: {', '.join(SORTS)})")
    after = decode_cursor(cursor, sort) if cursor else None
    where = _conditions(session, wanted)
    if sort == "-found":
        query = select(Event).where(*where).order_by(Event.id.desc())
        if after is not None:
            query = query.where(Event.id < after[1])
        rows = list(session.scalars(query.limit(limit + 1)))
    else:
        rows = _by_date(session, where, sort == "-date", after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows and more else None
    next_cursor = None
    if last is not None:
        day = last.start_date.isoformat() if last.start_date else None
        next_cursor = encode_cursor([sort, day, last.id])
    return EventPage(rows, next_cursor)


def _by_date(
    session: Session,
    where: list[ColumnElement[bool]],
    descending: bool,
    after: tuple[dt.date | None, int] | None,
    limit: int,
) -> list[Event]:
    rows: list[Event] = []
    undated_after: int | None = None
    if after is None or after[0] is not None:
        query = select(Event).where(*where, Event.start_date.is_not(None))
        if after is not None:
            # A row-value comparison: one range on the (start_date, id)
            # index on both backends (an OR of two ranges made SQLite sort).
            key = tuple_(Event.start_date, Event.id)
            at = tuple_(literal(after[0], Date()), literal(after[1], Integer()))
            query = query.where(key < at if descending else key > at)
        order = (
            (Event.start_date.desc(), Event.id.desc())
            if descending
            else (Event.start_date, Event.id)
        )
        rows = list(session.scalars(query.order_by(*order).limit(limit)))
    else:
        undated_after = after[1]
    if len(rows) < limit:
        query = select(Event).where(*where, Event.start_date.is_(None))
        if undated_after is not None:
            query = query.where(
                Event.id < undated_after if descending else Event.id > undated_after
            )
        order_id = Event.id.desc() if descending else Event.id
        rows += session.scalars(query.order_by(order_id).limit(limit - len(rows)))
    return rows


def report_lines(session: Session, event_ids: Iterable[int]) -> dict[int, list[ReportLine]]:
    """Per event, its articles (no text) in the order they were stored: one query."""
    ids = list(event_ids)
    found: dict[int, list[ReportLine]] = {event_id: [] for event_id in ids}
    if not ids:
        return found
    query = (
        select(
            Article.event_id,
            Article.id,
            Article.url,
            Article.title,
            Article.site,
            Article.language,
            Article.published,
            Article.duplicate_of,
        )
        .where(Article.event_id.in_(ids))
        # By event first: PostgreSQL then reads the event_id index, where
        # ORDER BY id alone tempts it to walk the whole primary key.
        .order_by(Article.event_id, Article.id)
    )
    for row in session.execute(query):
        event_id, article_id, url, title, site, language, published, duplicate_of = row
        if event_id is not None:
            found[event_id].append(
                ReportLine(article_id, url, title, site, language, published, duplicate_of)
            )
    return found


def event_by_id(session: Session, event_id: int) -> Event | None:
    """One event, or None."""
    return session.get(Event, event_id)


def changes_of(session: Session, event_id: int) -> list[tuple[EventChange, str | None]]:
    """An event's recorded changes, oldest first, each with the URL of the
    report that made it (one query)."""
    query = (
        select(EventChange, Article.url)
        .outerjoin(Article, EventChange.article_id == Article.id)
        .where(EventChange.event_id == event_id)
        .order_by(EventChange.id)
    )
    return [(change, url) for change, url in session.execute(query)]


def alerts_of(session: Session, event_id: int) -> list[tuple[Alert, Subscription]]:
    """The alerts queued or sent for an event, with their subscription, oldest first."""
    query = (
        select(Alert, Subscription)
        .join(Subscription, Alert.subscription_id == Subscription.id)
        .where(Alert.event_id == event_id)
        .order_by(Alert.id)
    )
    return [(alert, sub) for alert, sub in session.execute(query)]


def events_per_site(session: Session) -> dict[str, int]:
    """Events per site (an event reported by two sites counts for both)."""
    query = (
        select(Article.site, func.count(func.distinct(Article.event_id)))
        .where(Article.event_id.is_not(None))
        .group_by(Article.site)
    )
    return {site: int(count) for site, count in session.execute(query)}
