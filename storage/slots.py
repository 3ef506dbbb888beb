"""Crawl slots: each (site, slot) is taken by one node, whatever the number of nodes.

A slot is the start of a schedule period.  The node that inserts the row
crawls the site for that slot; the primary key turns every other node's
insert into nothing (``ON CONFLICT DO NOTHING``, on both backends).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import CrawlSlot, utcnow

# Slots older than this are forgotten (they only say who crawled what).
KEEP_SLOTS = dt.timedelta(days=14)


def take_slot(session: Session, site: str, slot: dt.datetime, node: str) -> bool:
    """Insert the (site, slot) row for ``node``; True when this node got it."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(CrawlSlot)
        .values(site=site, slot=slot, node=node, claimed_at=utcnow())
        .on_conflict_do_nothing(index_elements=["site", "slot"])
        .returning(CrawlSlot.site)
    )
    return session.execute(stmt).first() is not None


def record_slot_runs(session: Session, slots: dict[str, dt.datetime], runs: dict[str, int]) -> None:
    """Link each crawled (site, slot) to its CrawlRun (``status`` and audits read it)."""
    for site, run_id in runs.items():
        if site in slots:
            row = session.get(CrawlSlot, (site, slots[site]))
            if row is not None:
                row.run_id = run_id


def slot_taker(session: Session, site: str, slot: dt.datetime) -> str | None:
    """The node that took (site, slot), if any."""
    query = select(CrawlSlot.node).where(CrawlSlot.site == site, CrawlSlot.slot == slot)
    return session.scalar(query)


def forget_old_slots(session: Session, now: dt.datetime | None = None) -> int:
    """Delete slot rows older than KEEP_SLOTS; returns how many."""
    cutoff = (now or utcnow()) - KEEP_SLOTS
    result = session.execute(delete(CrawlSlot).where(CrawlSlot.slot < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
