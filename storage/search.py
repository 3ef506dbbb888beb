"""Text search through each engine's trigram index: the events a search can match.

A search word matches where ``LIKE '%word%'`` does (``storage/events.py``,
``_matching``): in one report's search text, or in the event's title.
Scanning 175,000 reports that way took 0.35-0.55 s at 100,000 events.
Migration 0013 gave each engine its own index, and here the index finds
the rows that can hold every word; the same ``LIKE`` conditions as the
scan then decide on those few rows, so the results are the scan's, row
for row.

- SQLite: FTS5 tables with the trigram tokenizer.  A word of 3+ characters
  stands for its trigrams (all of them, in any order).  A word of 1-2 characters
  (论坛, "ai") has no trigram of its own; it is the OR of the indexed
  trigrams it begins, read from the index's vocabulary (every character
  begins a trigram: the index holds each text followed by two newlines).
- PostgreSQL: ``pg_trgm`` GIN indexes serve the ``LIKE`` conditions of
  words with 3 letters or digits in a row; a GIN index over every 1-2
  character substring (``hw_short_grams``) serves the other words (论坛,
  "ai", punctuation) through their characters or pairs of characters.

The index is not used, and the caller scans as before, when the words are
common (the index returns more than ``MAX_CANDIDATES`` rows: newest first,
the scan fills a page within a few hundred events and stops), when no word
can be looked up, or when the database has no index (an SQLite without
FTS5 trigram tables, a server without ``pg_trgm``: migration 0013 warned).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from storage.models import Article, Event

TRIGRAM = 3  # characters: the shortest word that is a trigram query of its own
# What pg_trgm can look up: 3 letters or digits in a row (it skips the rest).
TRIGRAM_RUN = re.compile(r"[^\W_]{3}")
# Rows the index may return before the scan is the cheaper way.
MAX_CANDIDATES = 2000
# Indexed trigrams a 1-2 character word may stand for; more: not looked up.
MAX_PREFIX_TERMS = 500
# The names migration 0013 gives the indexes.
SQLITE_TABLES = ("article_search", "event_search")
POSTGRES_INDEXES = (
    "ix_article_search_trgm",
    "ix_event_title_trgm",
    "ix_article_search_grams",
    "ix_event_title_grams",
)


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's ``include_name``: autogenerate and ``alembic check`` leave the
    engine-specific search objects of migration 0013 alone (FTS5 tables and
    their shadow tables, the GIN indexes), which the models do not declare."""
    if type_ == "table" and name is not None:
        return not any(name == t or name.startswith(f"{t}_") for t in SQLITE_TABLES)
    if type_ == "index":
        return name not in POSTGRES_INDEXES
    return True


def fts_string(word: str) -> str:
    """``word`` as one FTS5 string: ``*``, ``-``, ``:``, parentheses,
    ``AND``/``OR``/``NOT``/``NEAR`` and quotes inside are text, never syntax."""
    return '"' + word.replace('"', '""') + '"'


def folds_as_itself(word: str) -> bool:
    """Whether FTS5's case folding leaves ``word`` as it is (lower-case ASCII,
    or characters without case such as Chinese, digits and punctuation), so
    its trigrams can be looked up in the vocabulary by prefix."""
    return all(ch.lower() == ch == ch.upper() or (ch.isascii() and ch.islower()) for ch in word)


def has_index(session: Session) -> bool:
    """Whether migration 0013 could make this database's search indexes."""
    names: tuple[str, ...]
    if session.get_bind().dialect.name == "sqlite":
        query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN :names"
        names = SQLITE_TABLES
    else:
        query = "SELECT count(*) FROM pg_indexes WHERE indexname IN :names"
        names = POSTGRES_INDEXES
    statement = text(query).bindparams(bindparam("names", expanding=True))
    return bool(session.scalar(statement, {"names": list(names)}) == len(names))


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
    words = [word for word in words if "\x00" not in word]
    if not words or not has_index(session):
        return None
    if session.get_bind().dialect.name == "sqlite":
        reports = _sqlite_rows(session, "article_search", words)
        titles = _sqlite_rows(session, "event_search", words)
        if reports is None or titles is None:
            return None
        report_query = select(Article.event_id).where(Article.id.in_(reports), stored)
        title_query = select(Event.id).where(Event.id.in_(titles), title)
    else:
        report_query = select(Article.event_id).where(_postgres_has(Article.search_text, words))
        title_query = select(Event.id).where(_postgres_has(func.lower(Event.title), words))
    # Reports stored before search texts existed, until `db upgrade` fills
    # them: read through the partial index ix_article_unsearched.
    unfilled = select(Article.event_id).where(Article.search_text.is_(None), raw)
    found: set[int] = set()
    for query in (report_query, title_query, unfilled):
        rows = _capped(session, query)
        if rows is None:
            return None
        found.update(row for row in rows if row is not None)
    return found


def _capped(session: Session, query: Select[Any]) -> list[int | None] | None:
    rows = list(session.scalars(query.limit(MAX_CANDIDATES + 1)))
    return None if len(rows) > MAX_CANDIDATES else rows


def _sqlite_rows(session: Session, fts: str, words: Sequence[str]) -> list[int] | None:
    """Rowids of the FTS5 table's rows that can hold every word, or None:
    the index cannot narrow the search (no word looked up, or too many rows)."""
    parts: list[str] = []
    for word in words:
        if len(word) >= TRIGRAM:
            # Its trigrams, in any order: a superset of the rows holding the
            # word, and much cheaper than a phrase (no positions compared).
            grams = dict.fromkeys(word[i : i + TRIGRAM] for i in range(len(word) - TRIGRAM + 1))
            parts.extend(fts_string(gram) for gram in grams)
            continue
        if not folds_as_itself(word):
            continue
        terms = _terms_beginning(session, f"{fts}_terms", word)
        if terms is None:
            continue
        if not terms:
            return []  # no indexed text holds the word
        parts.append("(" + " OR ".join(fts_string(term) for term in terms) + ")")
    if not parts:
        return None
    rowid = column("rowid", Integer)
    query = select(rowid).select_from(table(fts, rowid))
    query = query.where(literal_column(fts).op("MATCH")(" AND ".join(parts)))
    rows = _capped(session, query)
    return None if rows is None else [row for row in rows if row is not None]


def _terms_beginning(session: Session, vocabulary: str, prefix: str) -> list[str] | None:
    """The indexed trigrams that begin with ``prefix``; None when there are too many."""
    term = column("term", Text)
    query = select(term).select_from(table(vocabulary, term)).where(term >= prefix)
    last = ord(prefix[-1]) + 1
    if last <= 0x10FFFF and not 0xD800 <= last <= 0xDFFF:
        query = query.where(term < prefix[:-1] + chr(last))
    query = query.where(func.substr(term, 1, len(prefix)) == prefix)
    terms = list(session.scalars(query.limit(MAX_PREFIX_TERMS + 1)))
    return None if len(terms) > MAX_PREFIX_TERMS else terms


def _postgres_has(body: Any, words: Sequence[str]) -> ColumnElement[bool]:
    """``body`` holds every word: the scan's ``LIKE '%word%'`` where pg_trgm
    has trigrams to look up (a run of 3+ letters or digits), else the same
    test as ``strpos`` (which no index serves, so the planner cannot turn it
    into a full scan of the trigram index) plus its 1-2 character pieces
    looked up in the hw_short_grams index."""
    conditions: list[ColumnElement[bool]] = []
    pieces: dict[str, None] = {}
    for word in words:
        if TRIGRAM_RUN.search(word):
            conditions.append(body.contains(word, autoescape=True))
            continue
        conditions.append(func.strpos(body, word) > 0)
        pieces.update(dict.fromkeys([word] if len(word) == 1 else _pairs(word)))
    if pieces:
        grams = func.hw_short_grams(body, type_=ARRAY(Text))
        conditions.append(grams.contains(literal(list(pieces), ARRAY(Text))))
    return and_(*conditions)


def _pairs(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]
