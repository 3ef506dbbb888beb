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


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the settings each backend needs."""
    # ValueError: a non-numeric port; ArgumentError/ImportError: an unknown
    # dialect or a driver that is not installed (create_engine loads it).
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
        return create_engine(parsed, pool_pre_ping=True)
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
