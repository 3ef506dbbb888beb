"""Alembic environment: one script for SQLite (batch mode) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import event, text

from storage.db import make_engine
from storage.models import Base
from storage.search import include_name

config = context.config
target_metadata = Base.metadata


def database_url() -> str | None:
    """``alembic -x url=...`` wins over the ini file (CI checks a scratch DB)."""
    return context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )


def run_migrations_online() -> None:
    """Migrate through our own engine so SQLite gets its pragmas and BEGIN."""
    url = database_url()
    assert url, "sqlalchemy.url is not set"
    engine = make_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # Batch mode copies a table and drops the original; with foreign keys
        # on, the rows pointing at it (alerts at their subscription) would
        # fail the drop.  SQLite's own recipe: keys off while the schema
        # changes, then a foreign_key_check before trusting the result.
        event.listen(engine, "connect", _foreign_keys_off)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
    engine.dispose()


def _foreign_keys_off(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def run_migrations_offline() -> None:
    """Emit SQL without a connection (``alembic upgrade --sql``)."""
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
