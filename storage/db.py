"""Engines, sessions and migrations: the one place that knows backend quirks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config


class DatabaseError(Exception):
    """The database cannot be reached, opened or migrated (exit code 3)."""


class DatabaseUrlError(DatabaseError):
    """The database URL itself is wrong: a config error (exit code 2), not
    an outage a restart could cure."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL lets the dispatcher read while a crawl writes; FKs are off by default."""
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite quirk)
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    """BEGIN IMMEDIATE takes the write lock up front, so two writers never
    deadlock half-way through a transaction and the outbox claim is atomic."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")


# PostgreSQL must never hang a daemon: a connection attempt gives up after
# CONNECT_TIMEOUT, a dead server is noticed by TCP keepalives within about a
# minute, and a statement (or a lock wait) that runs past its limit is
# cancelled by the server, so /healthz answers 503 during a stall instead of
# never answering.  Values a URL sets itself (``?connect_timeout=3``) win.
CONNECT_TIMEOUT = 10
STATEMENT_TIMEOUT_MS = 60_000
LOCK_TIMEOUT_MS = 30_000
POOL_TIMEOUT = 30
PG_CONNECT_ARGS = {
    "connect_timeout": CONNECT_TIMEOUT,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS}",
}


READER_MMAP_BYTES = 256 * 1024 * 1024
READER_CACHE_KIB = 32 * 1024


def _sqlite_read_only(dbapi_conn: Any, _record: Any) -> None:
    """A reader's connection: refuses every write, takes no write lock."""
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA query_only=ON")
    # Readers (``healthwatch serve``) read a large file again and again: pages
    # through the OS's mapping instead of a copy per read, and a page cache
    # bigger than the 2 MB default.  Memory is shared with the OS page cache.
    cursor.execute(f"PRAGMA mmap_size={READER_MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size=-{READER_CACHE_KIB}")
    cursor.close()


def _sqlite_begin_deferred(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """Create an engine for ``url`` with the settings each backend needs.

    ``read_only`` (the web UI): SQLite connections refuse writes and read
    without taking the write lock, so pages never wait for a crawl;
    PostgreSQL transactions are READ ONLY.
    """
    # ValueError: a non-numeric port; ArgumentError/ImportError: an unknown
    # dialect or a driver that is not installed (create_engine loads it).
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_read_only if read_only else _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin_deferred if read_only else _sqlite_begin)
            return engine
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
        connect_args = {k: v for k, v in PG_CONNECT_ARGS.items() if k not in parsed.query}
        engine = create_engine(
            parsed, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT, connect_args=connect_args
        )
        return engine.execution_options(postgresql_readonly=True) if read_only else engine
    except (ArgumentError, ValueError, ImportError) as exc:
        raise DatabaseUrlError(f"bad database URL {safe_url(url)!r}: {first_line(exc)}") from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (we print them afterwards)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(url: str) -> Config:
    """An Alembic config that works from an installed package, no alembic.ini.

    Alembic is imported here, not at the top: every crawl child imports this
    module and never migrates, and Alembic costs it ~0.1 s of start-up.
    """
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str) -> None:
    """Bring the schema at ``url`` to the newest revision."""
    from alembic import command  # noqa: PLC0415 - see alembic_config

    try:
        command.upgrade(alembic_config(url), "head")
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseError(f"cannot migrate {safe_url(url)}: {first_line(exc)}") from exc


def schema_is_current(url: str) -> bool:
    """Whether the database at ``url`` is at the newest revision (readers check
    this before serving: an old schema lacks columns they read)."""
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415 - see alembic_config
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = make_engine(url, read_only=True)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read {safe_url(url)}: {first_line(exc)}") from exc
    finally:
        engine.dispose()
    return current == heads


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # ValueError: a non-numeric port
        return url


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message: CLI errors are one line."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
