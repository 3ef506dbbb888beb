"""Text search through each engine's trigram index: the events a search can match.

A search word matches where ``LIKE '%word%'`` does (``storage/events.py``,
``_matching``): in one report's search text, or in the event's title.
Scanning 175,000 reports that way took 0.35-0.55 s at 100,000 events.
Migration 0012 gave each engine a trigram index: SQLite an FTS5 table
(trigram tokenizer) per searched column, PostgreSQL ``pg_trgm`` GIN
indexes, which serve ``LIKE`` itself.  Here the index finds the rows that
hold every word of 3+ characters, and the same ``LIKE`` conditions as the
scan decide on those few rows, so the results are the scan's, row for row.

The index cannot help, and the caller scans as before, when

- no word has 3 characters (a trigram index has nothing to look up for
  论坛 or "ai"; such words are still checked on every candidate when a
  longer word comes with them);
- the words are common (more than ``MAX_CANDIDATES`` rows hold them): the
  scan, newest first, fills a page within a few hundred events, and
  reading every candidate would cost more;
- the database has no index (an SQLite without FTS5 trigram, a server
  without ``pg_trgm``: migration 0012 warned).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    ColumnElement,
    Integer,
    bindparam,
    column,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from storage.models import Article, Event

TRIGRAM = 3  # characters: the shortest word a trigram index can look up
# Rows (reports and titles) read at most before the scan is the cheaper way.
MAX_CANDIDATES = 2000
# The names migration 0012 gives the indexes.
SQLITE_TABLES = ("article_search", "event_search")
POSTGRES_INDEXES = ("ix_article_search_trgm", "ix_event_title_trgm")

_article_fts = table("article_search", column("rowid", Integer))
_event_fts = table("event_search", column("rowid", Integer))


def indexable(words: Sequence[str]) -> list[str]:
    """The words a trigram index can look up (3+ characters, no NUL)."""
    return [word for word in words if len(word) >= TRIGRAM and "\x00" not in word]


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query for rows holding every word as a substring.

    Each word is one quoted string (an embedded ``"`` doubled), so ``*``,
    ``-``, ``:``, parentheses, ``AND``/``OR``/``NOT``/``NEAR`` and quotes are
    text to find, never query syntax; with the trigram tokenizer a quoted
    string matches where it occurs as a substring, case-folded.
    """
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def has_index(session: Session) -> bool:
    """Whether migration 0012 could make this database's search indexes."""
    if session.get_bind().dialect.name == "sqlite":
        query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN :names"
        names = SQLITE_TABLES
    else:
        query = "SELECT count(*) FROM pg_indexes WHERE indexname IN :names"
        names = POSTGRES_INDEXES
    statement = text(query).bindparams(bindparam("names", expanding=True))
    return session.scalar(statement, {"names": list(names)}) == len(names)


def candidate_events(
    session: Session,
    words: Sequence[str],
    stored: ColumnElement[bool],
    raw: ColumnElement[bool],
    title: ColumnElement[bool],
) -> set[int] | None:
    """The ids of the events a search matches, or None: scan instead.

    ``stored``, ``raw`` and ``title`` are the scan's own conditions (all
    words in a report's search text; in an unfilled report's raw title or
    text; in the event's title): they decide on every row the index finds.
    """
    looked_up = indexable(words)
    if not looked_up or not has_index(session):
        return None
    if session.get_bind().dialect.name == "sqlite":
        match = fts_query(looked_up)
        reports = (
            select(Article.event_id)
            .join_from(_article_fts, Article, Article.id == _article_fts.c.rowid)
            .where(literal_column("article_search").op("MATCH")(match), stored)
        )
        titles = (
            select(Event.id)
            .join_from(_event_fts, Event, Event.id == _event_fts.c.rowid)
            .where(literal_column("event_search").op("MATCH")(match), title)
        )
    else:
        # pg_trgm serves the LIKE conditions themselves (the GIN index on
        # search_text and on lower(title)).
        reports = select(Article.event_id).where(stored)
        titles = select(Event.id).where(title)
    # Reports stored before search texts existed, until `db upgrade` fills
    # them: read through the partial index ix_article_unsearched.
    unfilled = select(Article.event_id).where(Article.search_text.is_(None), raw)
    found: set[int] = set()
    read = 0
    for query in (reports, unfilled, titles):
        rows = session.scalars(query.limit(MAX_CANDIDATES + 1 - read)).all()
        read += len(rows)
        if read > MAX_CANDIDATES:
            return None
        found.update(row for row in rows if row is not None)
    return found
