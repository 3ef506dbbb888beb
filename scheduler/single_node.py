"""One daemon per SQLite database: a second one is refused with one line.

SQLite is the single-node default: two daemons on one file would crawl
every site twice and send each alert twice.  The daemon holds an exclusive
``flock`` on a file beside the database (``<db>-daemon.lock``, holding its
pid) for as long as it runs; the kernel drops the lock when the process
ends, however it ends (SIGKILL included), so a crashed daemon never blocks
the next one.  PostgreSQL databases take no lock here: several nodes share
one through PostgreSQL itself (docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

from crawler.config.settings import ConfigError

SUFFIX = "-daemon.lock"


def lock_path(database_url: str) -> Path | None:
    """The lock file of a SQLite database file; None for other databases
    (and for an in-memory SQLite, which no second process can open)."""
    url = make_url(database_url)
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(f"{Path(database).resolve()}{SUFFIX}")


def hold_single_node_lock(database_url: str) -> IO[str] | None:
    """Take the database's daemon lock for this process's lifetime (keep the
    returned file open), or raise ConfigError naming the daemon that has it."""
    path = lock_path(database_url)
    if path is None:
        return None
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        database = path.name.removesuffix(SUFFIX)
        raise ConfigError(
            f"another healthwatch daemon (pid {holder}) is running on {database}: SQLite"
            " takes one daemon per database (several nodes need PostgreSQL, docs/scaling.md)"
        ) from None
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
    return handle
