"""Three `healthwatch run` nodes on one PostgreSQL database, as ops run them.

Real processes, 20 real local sites, a real webhook receiver: each (site,
slot) is crawled once across the nodes, the crawls spread, each alert is
delivered once; then one node is SIGKILLed mid-crawl and its sites are
crawled by the others at their next slot.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo.newsroom import Sites
from crawler.demo.receivers import WebhookReceiver
from storage.models import Alert, CrawlSlot
from tests.conftest import pg_database  # a random name: safe beside other test workers

from .conftest import RunningDaemon, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SITES = 20
PERIOD = 20  # seconds: one slot


@pytest.fixture
def sites() -> Iterator[Sites]:
    found = Sites(SITES)
    found.publish()
    found.start()
    yield found
    found.stop()


def slot_of(moment: dt.datetime) -> int:
    return int(moment.timestamp() // PERIOD)


def test_three_nodes_crawl_each_slot_once_spread_and_survive_a_killed_node(
    pg_admin_url: str, sites: Sites, start_daemon, tmp_path: Path
) -> None:
    with pg_database(pg_admin_url) as db_url, WebhookReceiver() as hook:
        site_tables = sites.site_tables(f"{PERIOD}s")
        nodes: list[RunningDaemon] = []
        for number in range(3):
            node = start_daemon(
                f'node_name = "n{number}"\ntakeover_after = 5\ndispatch_every = 1\nclaim_for = 5\n'
                f"crawl_timeout = 60\n"
                f"[[subscriptions]]\nname = 'analysts'\nchannels = ['{hook.url}']\n" + site_tables,
                database_url=db_url,
            )
            node.wait_healthy(timeout=60)  # one at a time: the first one migrates
            nodes.append(node)

        # Three slots with new articles, all nodes up.
        start = slot_of(dt.datetime.now(dt.UTC))
        for passed in range(1, 3):
            wait_for(
                lambda passed=passed: slot_of(dt.datetime.now(dt.UTC)) >= start + passed,
                PERIOD + 5,
                "a new slot",
            )
            time.sleep(PERIOD * 0.7)
            sites.publish()

        slots = taken_slots(nodes[0])
        runs = {run.id: run for run in nodes[0].runs()}
        linked = [row.run_id for row in slots if row.run_id is not None]
        assert len(linked) == len(set(linked))  # one run per (site, slot), one slot per run
        assert set(linked) == set(runs)  # and every run belongs to a slot
        for slot in (start + 1, start + 2):  # whole slots: every site, exactly once
            crawled = sorted(row.site for row in slots if slot_of(row.slot) == slot)
            assert crawled == sorted(f"site{n:02d}" for n in range(SITES)), slot
        # spread over the slots all three nodes were up for
        whole = [row for row in slots if slot_of(row.slot) in (start + 1, start + 2)]
        by_node = collections.Counter(row.node for row in whole)
        assert set(by_node) == {"n0", "n1", "n2"}
        assert max(by_node.values()) <= len(whole) / 2, by_node

        # Kill n1 in the middle of one of its crawls (new articles: the
        # next slot's checks answer 200, so there is crawling to do).
        victim = nodes[1]
        sites.publish()
        wait_for(lambda: running_on(nodes[0], "n1"), PERIOD * 2, "n1 crawling", every=0.1)
        killed_at = dt.datetime.now(dt.UTC)
        victim.signal(signal.SIGKILL)
        victim.wait_exit(timeout=10)
        sites.publish()
        after = slot_of(killed_at) + 1
        wait_for(lambda: slot_of(dt.datetime.now(dt.UTC)) > after + 1, PERIOD * 3, "two slots")
        time.sleep(PERIOD * 0.5)
        slots = [row for row in taken_slots(nodes[0]) if slot_of(row.slot) in (after, after + 1)]
        assert {row.node for row in slots} <= {"n0", "n2"}  # n1's sites went to the others
        for slot in (after, after + 1):
            crawled = sorted(row.site for row in slots if slot_of(row.slot) == slot)
            assert crawled == sorted(f"site{n:02d}" for n in range(SITES)), slot

        # `healthwatch status` names the node of each site's last run
        command = ["-m", "crawler.cli", "--config", str(nodes[0].config_path), "status", "--json"]
        listed = subprocess.run(
            [sys.executable, *command],
            capture_output=True,
            timeout=60,
            check=True,
        ).stdout.decode()
        last_nodes = {
            record["last_run"]["node"]
            for record in map(json.loads, listed.splitlines())
            if "site" in record
        }
        assert last_nodes <= {"n0", "n2"} and last_nodes

        # Every alert delivered exactly once (receivers drop repeats by webhook-id).
        wait_for(lambda: drained(nodes[0]), 90, "the outbox to drain", every=0.2)
        states = alert_states(nodes[0])
        assert set(states) <= {"sent", "skipped"}, states  # skipped: the sites' first crawl
        ids = [w.headers["webhook-id"] for w in hook.received]
        assert len(ids) == len(set(ids)) == states["sent"] > 0


def running_on(node: RunningDaemon, name: str) -> bool:
    return any(run.node == name and run.status == "running" for run in node.runs())


def taken_slots(node: RunningDaemon) -> list[CrawlSlot]:
    from sqlalchemy import select

    with node.session() as session:
        return list(session.scalars(select(CrawlSlot)))


def alert_states(node: RunningDaemon) -> collections.Counter[str]:
    from sqlalchemy import select

    with node.session() as session:
        return collections.Counter(session.scalars(select(Alert.status)))


def drained(node: RunningDaemon) -> bool:
    states = alert_states(node)
    return bool(states) and not {"pending", "sending"} & set(states)
