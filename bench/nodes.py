"""Three nodes crawl three times the sites of one node, at the same per-site interval.

    python bench/nodes.py [--sites 60] [--period 30] [--slots 4]

Needs the local PostgreSQL server (127.0.0.1:5432, trust auth).  Serves
``--sites`` local news sites (crawler/demo/newsroom.py: a new article on
every site each slot) and runs, one after the other, real `healthwatch run`
processes on a fresh database each:

- one node watching a third of the sites;
- three nodes watching all of them.

Each site is due every ``--period`` seconds.  After ``--slots`` whole slots
it counts, per phase: the (site, slot) pairs crawled (rows of crawl_slot)
against those due (missed slots), the crawls per node, and the CPU seconds
of each phase's processes (daemons and their crawl children).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from crawler.demo.newsroom import Sites, pg_database
from crawler.demo.receivers import free_port
from storage.db import make_engine, session_factory
from storage.models import CrawlSlot

ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def start_node(config: Path, name: str, work: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    env["HEALTHWATCH_NODE_NAME"] = name
    log = (work / f"{name}.log").open("wb")
    argv = [sys.executable, "-m", "crawler.cli", "--config", str(config), "run"]
    argv += ["--http", f"127.0.0.1:{free_port()}"]
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=log)


def slot_of(moment: dt.datetime, period: int) -> int:
    return int(moment.timestamp() // period)


def phase(sites: Sites, keys: list[str], nodes: int, period: int, slots: int) -> dict[str, object]:
    """Run ``nodes`` daemons over the sites ``keys`` for ``slots`` whole slots."""
    with pg_database(ADMIN) as url:
        work = Path(tempfile.mkdtemp(prefix="healthwatch-nodes-"))
        config = work / "healthwatch.toml"
        config.write_text(
            f'database_url = "{url}"\ndownload_delay = 0\nallow_private_targets = true\n'
            "max_jitter = 1\nbatch_window = 0.5\ntakeover_after = 5\n"
            + sites.site_tables(f"{period}s", count=len(keys))
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        procs = []
        for number in range(nodes):
            procs.append(start_node(config, f"n{number}", work))
            time.sleep(3)  # one at a time: the first migrates
        first = slot_of(dt.datetime.now(dt.UTC), period) + 1
        last = first + slots - 1
        while slot_of(dt.datetime.now(dt.UTC), period) <= last:
            sites.publish()
            time.sleep(period / 2)
        time.sleep(period / 3)  # let the last slot's crawls finish
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=120)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        engine = make_engine(url)
        with session_factory(engine)() as session:
            rows = [
                row
                for row in session.scalars(select(CrawlSlot))
                if first <= slot_of(row.slot, period) <= last
            ]
        engine.dispose()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    due = len(keys) * slots
    return {
        "nodes": nodes,
        "sites": len(keys),
        "due": due,
        "crawled": len(rows),
        "missed": due - len({(row.site, row.slot) for row in rows}),
        "per_node": dict(sorted(collections.Counter(row.node for row in rows).items())),
        "cpu_s": round(cpu, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sites", type=int, default=60)
    parser.add_argument("--period", type=int, default=30, help="seconds between a site's slots")
    parser.add_argument("--slots", type=int, default=4, help="whole slots measured per phase")
    args = parser.parse_args()
    sites = Sites(args.sites)
    sites.publish()
    sites.start()
    keys = [f"site{n:02d}" for n in range(args.sites)]
    try:
        one = phase(sites, keys[: args.sites // 3], 1, args.period, args.slots)
        three = phase(sites, keys, 3, args.period, args.slots)
    finally:
        sites.stop()
    for result in (one, three):
        print(
            f"{result['nodes']} node(s), {result['sites']} sites, every {args.period} s, "
            f"{args.slots} slots: {result['crawled']}/{result['due']} site-slots crawled, "
            f"{result['missed']} missed, per node {result['per_node']}, "
            f"CPU {result['cpu_s']} s"
        )
    ratio = float(three["cpu_s"]) / max(0.1, float(one["cpu_s"]))  # type: ignore[arg-type]
    print(f"CPU ratio three nodes / one node: {ratio:.2f} (3x the sites)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
