"""The database schema, declared once for SQLite and PostgreSQL.

Storage is the seam between crawling and alerting: the crawl child writes
articles, events and outbox rows; the dispatcher reads the outbox.  Keep it
small; later issues add columns through Alembic revisions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The values status-like columns may hold, enforced by CHECK constraints.
CRAWL_STATUSES = ("running", "ok", "failed", "timeout", "cancelled")
EVENT_STATUSES = ("upcoming", "held", "postponed", "cancelled", "unknown")
ALERT_STATUSES = ("pending", "digest", "sending", "sent", "dead", "skipped")
ALERT_KINDS = ("new", "update")
SUBSCRIPTION_MODES = ("instant", "digest", "agenda")
AGENDA_STATUSES = ("pending", "sending", "sent", "dead", "skipped")

# Named constraints, so Alembic's batch mode can drop them by name on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``values`` (named ``ck_<table>_<column>``)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on both backends.

    SQLite stores naive values; this type re-attaches UTC on the way out and
    refuses naive values on the way in, so no local time sneaks into the DB.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The one clock every row uses."""
    return dt.datetime.now(dt.UTC)


IntPK = Annotated[int, mapped_column(Integer, primary_key=True, autoincrement=True)]
Timestamp = Annotated[dt.datetime, mapped_column(UTCDateTime, default=utcnow)]
OptTimestamp = Annotated[dt.datetime | None, mapped_column(UTCDateTime, nullable=True)]
# URLs have no length limit (a 10 kB article URL is stored like any other);
# what must be unique or indexed is keyed by a digest (``url_key``).
Url = Annotated[str, mapped_column(Text)]
# Longest URL a page_state row holds (its primary key: a B-tree entry on
# PostgreSQL must stay under ~2.7 kB); longer pages are simply not remembered.
PAGE_STATE_URL_CHARS = 2048
SiteKey = Annotated[str, mapped_column(String(100), index=True)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Site(Base):
    """A watched site, mirrored from the config so runs can refer to it."""

    __tablename__ = "site"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    schedule: Mapped[str | None] = mapped_column(String(100), nullable=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    # The daemon's own schedule state, so a restart neither re-crawls every
    # site at once nor forgets one.
    last_run_at: Mapped[OptTimestamp]
    next_run_at: Mapped[OptTimestamp]
    # Breakage detection: failures in a row, and whether ops were told.
    consecutive_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    healthy: Mapped[bool] = mapped_column(default=True, server_default=true())
    unhealthy_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    unhealthy_since: Mapped[OptTimestamp]


class CrawlRun(Base):
    """One crawl of one site: when, how it ended, what it found."""

    __tablename__ = "crawl_run"
    __table_args__ = (one_of("status", CRAWL_STATUSES),)
    id: Mapped[IntPK]
    site: Mapped[SiteKey]
    started_at: Mapped[Timestamp]
    # Indexed: the daemon prunes runs by it (keep_runs_days).
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    # The daemon node that ran it (several nodes share one PostgreSQL database).
    node: Mapped[str | None] = mapped_column(String(100), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="running")  # CRAWL_STATUSES
    requests: Mapped[int] = mapped_column(default=0)
    new_articles: Mapped[int] = mapped_column(default=0)
    new_events: Mapped[int] = mapped_column(default=0)
    # Article links the listings, feeds and sitemaps offered (0 where there
    # used to be some = the layout changed), and 304 answers to re-polls.
    links_found: Mapped[int] = mapped_column(default=0, server_default="0")
    not_modified: Mapped[int] = mapped_column(default=0, server_default="0")
    # Pages fetched again in the browser (render policy `auto`/`always`), and
    # what the crawl noticed without failing, e.g. "layout-changed: <url>".
    rendered: Mapped[int] = mapped_column(default=0, server_default="0")
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class CrawlSlot(Base):
    """One (site, slot) a node took: each slot of a site is crawled once across nodes.

    A slot is the start of a schedule period (an interval's boundary, a cron
    line's fire time); the row is inserted before the crawl, and the primary
    key makes a second node's insert a no-op (docs/scaling.md).
    """

    __tablename__ = "crawl_slot"
    site: Mapped[str] = mapped_column(String(100), primary_key=True)
    slot: Mapped[dt.datetime] = mapped_column(UTCDateTime, primary_key=True)
    node: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[Timestamp]
    run_id: Mapped[int | None] = mapped_column(nullable=True)  # the CrawlRun, once recorded


class PageState(Base):
    """Validators of a listing/feed URL, for conditional GET on re-polls."""

    __tablename__ = "page_state"
    url: Mapped[str] = mapped_column(String(PAGE_STATE_URL_CHARS), primary_key=True)
    site: Mapped[SiteKey]
    etag: Mapped[str | None] = mapped_column(String(512), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(100), nullable=True)
    last_status: Mapped[int | None] = mapped_column(nullable=True)
    checked_at: Mapped[OptTimestamp]
    # The static fetch of this page once proved empty (script-built): later
    # polls go straight to the browser.
    needs_render: Mapped[bool] = mapped_column(default=False, server_default=false())
    # An article page that could not be read (not an article, over its time
    # budget, an extractor failure): why, and the sha256 of the body that
    # failed.  It is not read again until it changes (crawler/crawl/failed.py).
    failure: Mapped[str | None] = mapped_column(Text, nullable=True)
    body_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Event(Base):
    """A real-world event; several articles (sites) may report the same one."""

    __tablename__ = "event"
    __table_args__ = (
        one_of("status", EVENT_STATUSES),
        # Lists sorted by event date page through this index (cursor: date, id).
        Index("ix_event_start_date_id", "start_date", "id"),
    )
    id: Mapped[IntPK]
    # Deterministic identity (type, start date, normalised title): re-analysing
    # the same pages yields the same events.
    key: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(Text)
    start_date: Mapped[dt.date | None] = mapped_column(nullable=True, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(nullable=True)
    place: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="unknown")
    # About the health industry: subscriptions alert only these by default.
    relevant: Mapped[bool] = mapped_column(default=True, server_default=true(), index=True)
    organisers: Mapped[list[str]] = mapped_column(JSON, default=list)
    parties: Mapped[list[str]] = mapped_column(JSON, default=list)
    also: Mapped[list[str]] = mapped_column(JSON, default=list)
    evidence: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    first_seen: Mapped[Timestamp]
    updated_at: Mapped[OptTimestamp]
    articles: Mapped[list[Article]] = relationship(back_populates="event", order_by="Article.id")
    changes: Mapped[list[EventChange]] = relationship(
        back_populates="event", order_by="EventChange.id"
    )


class EventChange(Base):
    """A fact of an event changed by a later report (new date, postponed...),
    kept so an update alert can say what changed and why."""

    __tablename__ = "event_change"
    id: Mapped[IntPK]
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"))
    field: Mapped[str] = mapped_column(String(20))
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    changed_at: Mapped[Timestamp]
    event: Mapped[Event] = relationship(back_populates="changes")


def url_key(canonical_url: str) -> str:
    """The unique key of a canonical URL: its sha256, so URLs of any length
    are unique on both backends (a PostgreSQL B-tree entry holds ~2.7 kB)."""
    return hashlib.sha256(canonical_url.encode("utf-8", "surrogatepass")).hexdigest()


def _url_key_default(context: DefaultExecutionContext) -> str:
    parameters = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return url_key(parameters["canonical_url"])


class Article(Base):
    """One stored page: unique by canonical URL (through its key), linked to its event."""

    __tablename__ = "article"
    __table_args__ = (
        *(
            Index(f"ix_article_sim_band{i}_cover", f"sim_band{i}", "simhash", "id")
            for i in range(4)
        ),
        # The rows a search still reads by raw title and text (search text not
        # filled yet: migration 0013); the text search indexes themselves are
        # engine-specific and made by that migration (storage/search.py).
        Index(
            "ix_article_unsearched",
            "id",
            sqlite_where=sql_text("search_text IS NULL"),
            postgresql_where=sql_text("search_text IS NULL"),
        ),
    )
    id: Mapped[IntPK]
    canonical_url: Mapped[str] = mapped_column(Text)
    url_key: Mapped[str] = mapped_column(String(64), unique=True, default=_url_key_default)
    url: Mapped[Url]
    site: Mapped[SiteKey]
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    published: Mapped[dt.date | None] = mapped_column(nullable=True, index=True)
    type: Mapped[str] = mapped_column(String(20), default="other")
    relevant: Mapped[bool] = mapped_column(default=False, server_default=false())  # health industry
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    simhash: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # signed 64-bit
    # The SimHash in 4 indexed 16-bit bands: near-duplicate lookup by band
    # probes, no scan and no in-memory index (crawler/identity/dedup.py).  Each index
    # covers (band, simhash, id), so a lookup never touches the table.
    sim_band0: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sim_band1: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sim_band2: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sim_band3: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("article.id"), nullable=True)
    # Title and text in search form (crawler.text.normal.search_form: NFKC,
    # Traditional -> Simplified, casefolded), so a search matches either script
    # and any case; NULL for rows stored before 0010 until `db upgrade` fills it.
    search_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), nullable=True, index=True)
    fetched_at: Mapped[Timestamp]
    event: Mapped[Event | None] = relationship(back_populates="articles")


class Subscription(Base):
    """Who gets alerts, through which channel, for which events.

    One row per (config subscription, channel URL): each channel retries on
    its own, so a dead mail server never delays the webhook.  ``filters``
    holds the matching rules and the delivery schedule (alerts/rules.py).
    ``gone_at`` is set when the receiver answered 410 Gone: the config sync
    never clears it, so a gone endpoint stays quiet until an operator
    re-enables it (``healthwatch alerts enable``).
    """

    __tablename__ = "subscription"
    __table_args__ = (UniqueConstraint("name", "channel_url"), one_of("mode", SUBSCRIPTION_MODES))
    id: Mapped[IntPK]
    name: Mapped[str] = mapped_column(String(200))
    channel_url: Mapped[str] = mapped_column(Text)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mode: Mapped[str] = mapped_column(String(20), default="instant")  # SUBSCRIPTION_MODES
    enabled: Mapped[bool] = mapped_column(default=True)
    gone_at: Mapped[OptTimestamp]
    gone_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


# Outbox states: pending (instant, waits for next_attempt_at), digest (waits
# for its subscriber's digest time), sending (claimed until claimed_until),
# sent, dead (gave up; last_error says why), skipped (stored, never sent:
# backfill or too old, the reason in last_error).
ALERT_STATES = ("pending", "digest", "sending", "sent", "dead", "skipped")


class Alert(Base):
    """The outbox: one row per (event, subscription, revision), written with the event.

    Revision 0 is the first alert of an event (kind ``new``); each later
    change of its date or status that a subscriber must hear about adds one
    ``update`` row with the next revision and the changes it announces.
    """

    __tablename__ = "alert"
    __table_args__ = (
        UniqueConstraint("event_id", "subscription_id", "revision"),
        Index("ix_alert_due", "status", "next_attempt_at"),
        one_of("status", ALERT_STATUSES),
        one_of("kind", ALERT_KINDS),
    )
    id: Mapped[IntPK]
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscription.id"))
    kind: Mapped[str] = mapped_column(String(10), default="new", server_default="new")
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # For updates: [{"field", "old", "new"}], fixed when the update was queued.
    changes: Mapped[list[dict[str, str | None]]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[Timestamp]
    claimed_until: Mapped[OptTimestamp]
    # Who holds the claim: a dispatcher records only what it still holds.
    claimed_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[Timestamp]
    sent_at: Mapped[OptTimestamp]
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The digest this alert went (or goes) out in: kept across retries, so a
    # re-sent digest has the same key and the same alerts.
    digest_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class Agenda(Base):
    """The agenda outbox: one row per (agenda subscription, period).

    An ``agenda`` subscription gets, daily or weekly, the upcoming events of
    the next N days matching its filters.  The row is written when its period
    comes, with the events it lists fixed then, so a retried send is the same
    message under the same idempotency key; ``skipped`` when nothing matched.
    """

    __tablename__ = "agenda"
    __table_args__ = (
        UniqueConstraint("subscription_id", "period"),
        Index("ix_agenda_due", "status", "next_attempt_at"),
        one_of("status", AGENDA_STATUSES),
    )
    id: Mapped[IntPK]
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscription.id"))
    # The local date of the send slot this agenda belongs to ("2026-12-07").
    period: Mapped[str] = mapped_column(String(32))
    window_start: Mapped[dt.date]
    window_end: Mapped[dt.date]
    event_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # AGENDA_STATUSES
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[Timestamp]
    claimed_until: Mapped[OptTimestamp]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[Timestamp]
    sent_at: Mapped[OptTimestamp]
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
