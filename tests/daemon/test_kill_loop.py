"""The daemon SIGKILLed again and again while articles appear: nothing lost,
nothing doubled (docs/reliability.md, "What happens on a crash").

Real processes on SQLite and PostgreSQL: after the loop every published
article is stored once, is one event with one alert, every alert reached the
receiver (each idempotency key at least once: the delivery is at-least-once,
the receiver drops repeats by key), and nothing is left claimed or running.
"""

from __future__ import annotations

import collections
import random
import signal
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from crawler.demo.newsroom import Sites
from crawler.demo.receivers import WebhookReceiver
from storage.models import Alert, Article, CrawlRun, Event
from tests.conftest import pg_database  # a random name: safe beside other test workers

from .conftest import RunningDaemon, wait_for

pytestmark = pytest.mark.slow

KILLS = 10
SITES = 3


@pytest.fixture
def sites() -> Iterator[Sites]:
    found = Sites(SITES)
    found.publish()
    found.start()
    yield found
    found.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/kill.db"
        return
    admin = request.getfixturevalue("pg_admin_url")
    with pg_database(admin) as url:
        yield url


def test_repeated_kills_lose_and_double_nothing(start_daemon, sites: Sites, database: str) -> None:
    rng = random.Random(1234)
    with WebhookReceiver() as hook:
        config = (
            "alert_backfill = true\ndispatch_every = 1\nclaim_for = 3\ncrawl_timeout = 30\n"
            f"[[subscriptions]]\nname = 'analysts'\nchannels = ['{hook.url}']\n"
            + sites.site_tables("2s")
        )
        for _ in range(KILLS):
            daemon = start_daemon(config, database_url=database)
            daemon.wait_healthy(timeout=60)
            sites.publish()
            time.sleep(rng.uniform(1.0, 4.0))  # mid-crawl, mid-store or mid-send
            daemon.signal(signal.SIGKILL)
            daemon.wait_exit(timeout=10)
            daemon.close()
        last = start_daemon(config, database_url=database)
        last.wait_healthy(timeout=60)
        published = sum(sites.counts)
        wait_for(lambda: settled(last, published), 120, "every article stored and sent", 0.2)
        last.signal(signal.SIGTERM)
        assert last.wait_exit(timeout=30) == 0

        with last.session() as session:
            articles = session.scalars(select(Article)).all()
            events = session.scalars(select(Event)).all()
            alerts = session.scalars(select(Alert)).all()
            runs = session.scalars(select(CrawlRun)).all()
        assert len(articles) == len({a.canonical_url for a in articles}) == published
        assert len(events) == published  # one event per article, never two
        per_event = collections.Counter(alert.event_id for alert in alerts)
        assert set(per_event.values()) == {1}
        assert {alert.status for alert in alerts} == {"sent"}
        received = {w.headers["webhook-id"] for w in hook.received}
        assert received == {alert.idempotency_key for alert in alerts}
        assert not [run for run in runs if run.status == "running"]


def settled(daemon: RunningDaemon, published: int) -> bool:
    with daemon.session() as session:
        stored = len(session.scalars(select(Article.id)).all())
        states = set(session.scalars(select(Alert.status)))
    return stored == published and bool(states) and states <= {"sent"}
