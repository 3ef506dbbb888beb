"""Text search indexes: SQLite FTS5 trigram tables, PostgreSQL pg_trgm GIN indexes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 16:30:00

A search (``q=``) matched with ``LIKE '%word%'`` over every report's
``search_text``: 0.35-0.55 s at 100,000 events.  Each engine's own index
now finds the few candidates first (``storage/search.py``); the ``LIKE``
conditions still decide, so results are unchanged.

- SQLite: contentless FTS5 tables with the trigram tokenizer (SQLite
  3.34+) over ``article.search_text`` and ``event.title`` (each text
  followed by two newlines, so 1-2 character words are found through the
  trigrams they begin), their ``fts5vocab`` tables, triggers that keep
  them in step with inserts, updates and deletes, and the stored rows
  indexed here.  Alembic's batch mode recreates a table it alters, and
  the table's triggers go with it: a later revision that batch-alters
  ``article`` or ``event`` must drop these tables and run
  ``create_sqlite_search`` again (a copy of it: revisions stay frozen).
- PostgreSQL: ``pg_trgm`` GIN indexes on ``article.search_text`` and
  ``lower(event.title)``, which serve ``LIKE`` as it is, and GIN indexes
  over every 1-2 character substring of the same (``hw_short_grams``) for
  words pg_trgm has no trigram of.
- Either engine without the feature (an SQLite built without FTS5 or older
  than 3.34, a server where ``CREATE EXTENSION pg_trgm`` is refused): the
  indexes are skipped with a warning and searches scan as before.
- Both: a partial index on the rows whose search text is not filled yet,
  so the few searched by their raw title and text are found without a scan.
"""

import warnings
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (FTS5 table, table, column): the names storage/search.py reads.
SQLITE_INDEXED = (("article_search", "article", "search_text"), ("event_search", "event", "title"))
# Two characters after each text, so that every character of it begins a
# trigram: a word of 1-2 characters is then found through the trigrams it
# begins (storage/search.py).  A search text never holds a newline.
END = "char(10, 10)"


def _sqlite_ddl(fts: str, table: str, column: str) -> list[str]:
    # A contentless table (it indexes ``column || END``, which no table
    # holds), kept in step by the triggers of the external-content recipe
    # (https://sqlite.org/fts5.html#external_content_tables): the indexed
    # old value is deleted before the new one is added.
    old, new = f"old.{column} || {END}", f"new.{column} || {END}"
    delete = f"INSERT INTO {fts}({fts}, rowid, body) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, body) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', tokenize='trigram')",
        f"CREATE VIRTUAL TABLE {fts}_terms USING fts5vocab({fts}, 'row')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}(rowid, body) SELECT id, {column} || {END} FROM {table} "
        f"WHERE {column} IS NOT NULL",
    ]


def create_sqlite_search(conn: sa.Connection) -> bool:
    """The FTS5 tables, triggers and their contents; False when this SQLite cannot."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(
                "CREATE VIRTUAL TABLE temp.hw_probe USING fts5(x, tokenize='trigram')"
            )
            conn.exec_driver_sql("DROP TABLE temp.hw_probe")
    except sa.exc.OperationalError as exc:
        warnings.warn(
            f"SQLite without FTS5 trigram tables ({exc.orig}): searches scan", stacklevel=1
        )
        return False
    for fts, table, column in SQLITE_INDEXED:
        for statement in _sqlite_ddl(fts, table, column):
            conn.exec_driver_sql(statement)
    return True


# Every substring of 1-2 characters of a text: pg_trgm finds nothing for
# such a word (no trigram), this GIN array index does (storage/search.py).
# The characters, then the pairs from even and from odd offsets ('.' also
# matches a newline): linear in the text, about 0.2 ms for 600 characters.
SHORT_GRAMS = """
CREATE FUNCTION hw_short_grams(body text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT string_to_array(body, NULL)
    || ARRAY(SELECT m[1] FROM regexp_matches(body, '..', 'g') AS m)
    || ARRAY(SELECT m[1] FROM regexp_matches(substr(body, 2), '..', 'g') AS m)
$$"""
POSTGRES_INDEXES = (
    "CREATE INDEX ix_article_search_trgm ON article USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX ix_event_title_trgm ON event USING gin (lower(title) gin_trgm_ops)",
    "CREATE INDEX ix_article_search_grams ON article USING gin (hw_short_grams(search_text))",
    "CREATE INDEX ix_event_title_grams ON event USING gin (hw_short_grams(lower(title)))",
)


def _create_postgres_search(conn: sa.Connection) -> None:
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as exc:
        warnings.warn(f"no pg_trgm ({exc.orig}): searches scan", stacklevel=1)
        return
    # Indexing every stored text of a large database takes longer than the
    # 60 s a statement may take otherwise (storage/db.py).
    conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
    conn.exec_driver_sql(SHORT_GRAMS)
    for statement in POSTGRES_INDEXES:
        conn.exec_driver_sql(statement)


def upgrade() -> None:
    conn = op.get_bind()
    op.create_index(
        "ix_article_unsearched",
        "article",
        ["id"],
        sqlite_where=sa.text("search_text IS NULL"),
        postgresql_where=sa.text("search_text IS NULL"),
    )
    if conn.dialect.name == "sqlite":
        create_sqlite_search(conn)
    else:
        _create_postgres_search(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for fts, _table, _column in SQLITE_INDEXED:
            for suffix in ("ai", "ad", "au"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}_terms")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")
    else:
        for name in (
            "article_search_trgm",
            "event_title_trgm",
            "article_search_grams",
            "event_title_grams",
        ):
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{name}")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS hw_short_grams(text)")
        # The extension stays: other databases objects may use it, and it is harmless.
    op.drop_index("ix_article_unsearched", table_name="article")
