"""Shared fixtures: migrated databases on SQLite and PostgreSQL, local servers.

``db_url`` runs each test on both backends.  SQLite gets a fresh file per
test, copied from one migrated template; PostgreSQL gets one database per
test session (migrated once, emptied before each test), created on the local
server and dropped at the end.  When that server is not reachable the
PostgreSQL variants are skipped with the reason.
"""

from __future__ import annotations

import os
import secrets
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.db import first_line, make_engine, session_factory, upgrade

# The local server the postgres-marked tests use (trust auth).
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


# --------------------------------------------------------------------------
# Parallel runs (pytest-xdist, the README's test command)
# --------------------------------------------------------------------------

TERMINAL_ENV = ("COLUMNS", "LINES")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Hand each xdist worker the caller's COLUMNS and LINES.

    The workers inherit this process's C-level environment, where a library
    has set COLUMNS=80 and LINES=24 that the caller never had; the CLI's
    tables would then be 80 columns wide in a worker and 140 in a serial run.
    """
    node.workerinput["terminal_env"] = {key: os.environ.get(key) for key in TERMINAL_ENV}


def pytest_configure(config: pytest.Config) -> None:
    """In an xdist worker: the caller's COLUMNS and LINES, or none (see above)."""
    wanted = getattr(config, "workerinput", {}).get("terminal_env")
    for key, value in (wanted or {}).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


# --------------------------------------------------------------------------
# Databases
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """The admin URL of the local PostgreSQL server, or skip every caller."""
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3):
            pass
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 not reachable: {first_line(exc)}")
    return PG_ADMIN_URL


@contextmanager
def pg_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on the admin URL's server, dropped afterwards."""
    name = f"hw_test_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="session")
def pg_migrated_url(pg_admin_url: str) -> Iterator[str]:
    """One migrated PostgreSQL database for the whole test session."""
    with pg_database(pg_admin_url) as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies (migrate once per run)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def empty_pg_tables(url: str) -> None:
    """TRUNCATE every table but Alembic's, so each test starts from nothing."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '10s'")  # a leaked session fails the test, not hangs it
        query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        tables = [sql.Identifier(row[0]) for row in conn.execute(query)]
        if tables:
            conn.execute(
                sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(sql.SQL(", ").join(tables))
            )


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a migrated database with no rows, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "t.db"
        template = request.getfixturevalue("sqlite_template")
        with closing(sqlite3.connect(template)) as src, closing(sqlite3.connect(path)) as dst:
            src.backup(dst)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_migrated_url")
    empty_pg_tables(url)
    return url


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a database with no schema at all (for migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.db"
        return
    with pg_database(request.getfixturevalue("pg_admin_url")) as url:
        yield url


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on the test's database; the engine is disposed afterwards."""
    engine = make_engine(db_url)
    yield session_factory(engine)
    engine.dispose()


# --------------------------------------------------------------------------
# Local network peers
# --------------------------------------------------------------------------


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A 127.0.0.1 port that refuses connections (bound, never listening)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@dataclass(frozen=True)
class Request:
    """One request as a ScriptedServer saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class ScriptedServer:
    """An HTTP server on 127.0.0.1 that answers requests with scripted
    statuses, in order (the last one repeats), and keeps what it got."""

    responses: list[tuple[int, dict[str, str]]]
    requests: list[Request] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/hook"

    def answer(self, request: Request) -> tuple[int, dict[str, str]]:
        self.requests.append(request)
        return self.responses[min(len(self.requests), len(self.responses)) - 1]


def _handler(scripted: ScriptedServer, lock: threading.Lock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                status, extra = scripted.answer(Request(self.command, self.path, headers, body))
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("content-length", "0")
            self.end_headers()

        do_GET = do_POST = _serve

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def scripted_server() -> Iterator[Callable[..., ScriptedServer]]:
    """Start ScriptedServers: ``scripted_server(500, 200)`` or ``(302, {"location": ...})``."""
    started: list[ThreadingHTTPServer] = []

    def start(*responses: int | tuple[int, dict[str, str]]) -> ScriptedServer:
        script = [r if isinstance(r, tuple) else (r, {}) for r in responses]
        scripted = ScriptedServer(script)
        scripted.server = ThreadingHTTPServer(
            ("127.0.0.1", 0), _handler(scripted, threading.Lock())
        )
        threading.Thread(target=scripted.server.serve_forever, args=(0.05,), daemon=True).start()
        started.append(scripted.server)
        return scripted

    yield start
    for server in started:
        server.shutdown()
        server.server_close()
