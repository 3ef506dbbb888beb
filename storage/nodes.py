"""Daemons sharing one PostgreSQL database: who is alive, who crawls which site.

PostgreSQL's own session-level advisory locks do the work, no protocol of
ours: a node holds one lock for as long as its connection lives (its
presence), and one per site while it crawls that site.  PostgreSQL releases
them when the connection ends, however the node dies, so a killed node
leaves the set of live nodes and frees its sites at once (docs/scaling.md).

On SQLite there is one node (a second daemon is refused elsewhere): the
presence is always number 0 and every site lock is granted.
"""

from __future__ import annotations

import threading
import zlib
from contextlib import suppress

from sqlalchemy import Connection, Engine, text

# Advisory lock namespaces (the first of the two int4 keys): "hw" presence, "hs" sites.
NODE_KEYS = 0x6877
SITE_KEYS = 0x6873
MAX_NODES = 256


def site_key(site: str) -> int:
    """The second lock key of a site: a stable 31-bit hash of its name."""
    return zlib.crc32(site.encode("utf-8")) & 0x7FFFFFFF


class Presence:
    """This node's place among the daemons on one database, held on its own connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.shared = engine.dialect.name == "postgresql"
        self.number: int | None = None if self.shared else 0
        self._conn: Connection | None = None
        self._lock = threading.Lock()  # one connection, used by several threads
        self._sites: set[str] = set()

    def join(self) -> int | None:
        """Take the lowest free node number; None when the database does not answer."""
        if not self.shared:
            return self.number
        with self._lock:
            self._drop()
            try:
                conn = self.engine.connect()
                conn.commit()  # no transaction left open: locks are per session
                for number in range(MAX_NODES):
                    taken = conn.execute(
                        text("SELECT pg_try_advisory_lock(:ns, :n)"), {"ns": NODE_KEYS, "n": number}
                    ).scalar()
                    conn.commit()
                    if taken:
                        self._conn, self.number = conn, number
                        return number
                conn.close()
            except Exception:  # any driver error: not joined, tried again later
                self._drop()
            return None

    def check(self) -> bool:
        """True while this node's presence holds (reconnects after an outage)."""
        if not self.shared:
            return True
        with self._lock:
            conn = self._conn
            if conn is not None:
                try:
                    conn.execute(text("SELECT 1"))
                    conn.commit()
                    return True
                except Exception:  # the connection died: the locks went with it
                    self._drop()
        return self.join() is not None

    def live_nodes(self) -> list[int]:
        """The numbers of the live nodes on this database, this one included."""
        if not self.shared:
            return [0]
        query = text(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = :ns"
            " AND objsubid = 2 AND granted AND database ="
            " (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        mine = [self.number] if self.number is not None else []
        try:
            with self.engine.connect() as conn:
                numbers = sorted(int(row[0]) for row in conn.execute(query, {"ns": NODE_KEYS}))
        except Exception:  # the database does not answer: this node alone, for now
            return mine
        return numbers or mine

    def lock_site(self, site: str) -> bool:
        """Take the crawl lock of ``site``: False when another node crawls it now."""
        if not self.shared:
            return True
        with self._lock:
            if self._conn is None:
                return False
            try:
                got = bool(
                    self._conn.execute(
                        text("SELECT pg_try_advisory_lock(:ns, :k)"),
                        {"ns": SITE_KEYS, "k": site_key(site)},
                    ).scalar()
                )
                self._conn.commit()
            except Exception:
                self._drop()
                return False
            if got:
                self._sites.add(site)
            return got

    def unlock_site(self, site: str) -> None:
        """Release the crawl lock of ``site`` (a lost connection released it already)."""
        if not self.shared:
            return
        with self._lock:
            if self._conn is None or site not in self._sites:
                return
            self._sites.discard(site)
            with suppress(Exception):
                self._conn.execute(
                    text("SELECT pg_advisory_unlock(:ns, :k)"),
                    {"ns": SITE_KEYS, "k": site_key(site)},
                )
                self._conn.commit()

    def leave(self) -> None:
        """Give up the presence and every site lock (shutdown)."""
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._conn is not None:
            with suppress(Exception):
                self._conn.close()
        self._conn = None
        self._sites.clear()
        if self.shared:
            self.number = None
