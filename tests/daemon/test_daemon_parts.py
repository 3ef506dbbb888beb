"""The daemon's parts on their own: batching, schedules, settings, recording."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select

from crawler.config.settings import ConfigError, Settings, SiteConfig, load_settings, parse_duration
from scheduler.batches import CrawlQueue
from scheduler.cycle import record_unfinished
from scheduler.metrics import Metrics, crawl_reports, read_state
from scheduler.runner import CrawlOutcome
from scheduler.schedules import SiteSchedule, site_schedule
from scheduler.slots import current_slot, next_slot, preferred_node
from scheduler.status import describe_health, site_statuses
from storage.db import transaction
from storage.models import CrawlRun, Site
from storage.runs import start_run

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def settings(**kw):
    return Settings(**kw)


# ---------------------------------------------------------------- the queue


def test_sites_due_together_share_one_batch_and_never_queue_twice():
    queue = CrawlQueue(window=0.3, size=10)
    assert queue.offer("a")
    assert not queue.offer("a")  # already waiting
    threading.Timer(0.1, queue.offer, args=["b"]).start()  # due a moment later
    began = time.monotonic()
    assert queue.take() == ["a", "b"]
    assert 0.25 < time.monotonic() - began < 1.0  # waited the window out
    assert not queue.offer("b")  # being crawled: no overlap
    assert queue.sizes() == (0, 2)
    queue.done(["a", "b"])
    assert queue.offer("b")


def test_jitter_delays_the_whole_batch_which_keeps_gathering(monkeypatch):
    """Sites due a second apart share a batch when its jitter covers the gap,
    and are two batches without jitter: jitter never splits a batch."""
    monkeypatch.setattr("scheduler.batches.random.uniform", lambda low, high: high)
    plain = CrawlQueue(window=0.3, size=10)
    plain.offer("a")
    threading.Timer(1.0, plain.offer, args=["b"]).start()
    assert plain.take() == ["a"]
    assert plain.take() == ["b"]
    jittered = CrawlQueue(window=0.3, size=10, jitter=lambda site: 2.0)
    jittered.offer("a")
    threading.Timer(1.0, jittered.offer, args=["b"]).start()
    assert jittered.take() == ["a", "b"]


def test_sites_of_one_interval_fire_together_whatever_their_jitter():
    now = dt.datetime(2026, 12, 3, 10, 0, 7, tzinfo=dt.UTC)
    aligned = dt.datetime(2026, 12, 3, 10, 1, tzinfo=dt.UTC)
    fires = {
        SiteSchedule(site, dt.timedelta(minutes=1), None, "config")
        .trigger(aligned)
        .get_next_fire_time(None, now)
        for site in ("a", "b", "c")
    }
    assert fires == {aligned}


def test_batches_are_capped_and_close_releases_the_runner():
    queue = CrawlQueue(window=5, size=2)
    for site in "abc":
        queue.offer(site)
    assert queue.take() == ["a", "b"]  # full batch: no waiting for the window
    assert queue.close() == ["c"]
    assert queue.take() is None
    assert not queue.offer("d")


# ---------------------------------------------------------------- schedules


def test_schedule_from_config_or_spider_default():
    assert site_schedule("demo_cctv", SiteConfig(every="90s")).describe() == "every 90s"
    assert site_schedule("demo_cctv", SiteConfig()).describe() == "every 15m (spider default)"
    cron = site_schedule("demo_cctv", SiteConfig(cron="*/10 * * * *"))
    assert cron.describe() == "cron */10 * * * * (UTC)" and cron.period() == 600


def test_jitter_is_a_capped_fraction_of_the_interval():
    hourly = SiteSchedule("s", dt.timedelta(hours=1), None, "config")
    assert hourly.jitter(settings()) == 300  # 10 % = 360 s, capped at 300
    assert hourly.jitter(settings(schedule_jitter=0.05)) == 180
    assert hourly.jitter(settings(max_jitter=0)) == 0


def test_slots_are_the_same_on_every_node():
    """An interval's slots start at its boundaries since the epoch; a cron
    line's at its fire times: no node's start time changes them."""
    half_hourly = SiteSchedule("s", dt.timedelta(minutes=30), None, "config")
    at = dt.datetime(2024, 5, 6, 10, 17, 42, tzinfo=dt.UTC)
    assert current_slot(half_hourly, at) == dt.datetime(2024, 5, 6, 10, 0, tzinfo=dt.UTC)
    assert next_slot(half_hourly, at) == dt.datetime(2024, 5, 6, 10, 30, tzinfo=dt.UTC)
    daily = SiteSchedule("s", None, "0 8 * * *", "config")
    assert current_slot(daily, at) == dt.datetime(2024, 5, 6, 8, 0, tzinfo=dt.UTC)
    early = at.replace(hour=7)
    assert current_slot(daily, early) == dt.datetime(2024, 5, 5, 8, 0, tzinfo=dt.UTC)
    assert next_slot(daily, early) == dt.datetime(2024, 5, 6, 8, 0, tzinfo=dt.UTC)


def test_preferred_nodes_spread_the_sites_and_only_a_dead_nodes_sites_move():
    slot = dt.datetime(2024, 5, 6, 10, tzinfo=dt.UTC)
    sites = [f"site{n}" for n in range(60)]
    three = {site: preferred_node(site, slot, [0, 1, 2]) for site in sites}
    shares = [list(three.values()).count(node) for node in (0, 1, 2)]
    assert all(12 <= share <= 30 for share in shares), shares  # no node gets half
    two = {site: preferred_node(site, slot, [0, 2]) for site in sites}
    assert all(two[site] == node for site, node in three.items() if node != 1)
    assert all(node in (0, 2) for node in two.values())
    # the preference moves from slot to slot: over a day each node gets a share of each site
    day = [slot + dt.timedelta(hours=h) for h in range(24)]
    assert {preferred_node("site0", moment, [0, 1, 2]) for moment in day} == {0, 1, 2}


# ---------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[sites.demo_cctv]\ncron = "0 8 * * 1-5"\n', "name the weekdays"),
        ('[sites.demo_cctv]\ncron = "0 8 * *"\n', "5 fields"),
        ('[sites.demo_cctv]\ncron = "0 25 * * *"\n', "not a crontab line"),
        ('[sites.demo_cctv]\nevery = "1h"\ncron = "0 8 * * *"\n', "not both"),
        ('[sites.demo_cctv]\nevery = "0s"\n', "longer than zero"),
        ('http = "localhost"\n', "not an address like 127.0.0.1:8787"),
        ("shutdown_grace = -1\n", "shutdown_grace"),
    ],
)
def test_bad_daemon_settings_are_one_line_config_errors(tmp_path, body, message):
    path = tmp_path / "healthwatch.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_settings(path, env={})


def test_durations_accept_seconds():
    assert parse_duration("2s") == dt.timedelta(seconds=2)
    assert parse_duration("90s") == dt.timedelta(seconds=90)


# ---------------------------------------------------------------- recording


def test_a_child_that_died_before_a_site_started_still_leaves_a_failed_run(factory):
    with transaction(factory) as session:
        started = start_run(session, "demo_cctv")
    outcome = CrawlOutcome(exit_code=-9, runs={"demo_cctv": started}, stderr_tail="Traceback...")
    with transaction(factory) as session:
        record_unfinished(session, ["demo_cctv", "demo_etown"], outcome)
    with factory() as session:
        runs = {run.site: run for run in session.scalars(select(CrawlRun))}
    assert {run.status for run in runs.values()} == {"failed"}
    assert all(run.finished_at for run in runs.values())
    assert runs["demo_etown"].error.splitlines() == [
        "Traceback...",
        "the crawl child was killed by SIGKILL",
    ]
    assert set(outcome.runs) == {"demo_cctv", "demo_etown"} and not outcome.unfinished()


def test_gauges_read_from_the_database(factory):
    with transaction(factory) as session:
        session.add_all([Site(key="a", name="a"), Site(key="b", name="b", healthy=False)])
        run = start_run(session, "a")
        session.get_one(CrawlRun, run).status = "ok"
        session.get_one(CrawlRun, run).finished_at = NOW
    with factory() as session:
        state = read_state(session)
        metrics = Metrics(lambda: (0, 0))
        metrics.refresh(session)
    assert state.healthy == {"a": True, "b": False}
    assert state.last_success == {"a": NOW.timestamp()}
    text = metrics.render().decode()
    assert 'healthwatch_site_healthy{site="b"} 0.0' in text
    assert "healthwatch_outbox_backlog 0.0" in text


def test_crawl_warnings_and_rendered_pages_reach_status_and_metrics(factory):
    warning = "layout-changed: listing http://x.test/list: selector 'ul a' found no links"
    with transaction(factory) as session:
        session.add(Site(key="a", name="a"))
        run_id = start_run(session, "a")
        run = session.get_one(CrawlRun, run_id)
        run.status, run.finished_at, run.rendered = "ok", NOW, 3
        run.warnings = [warning, "layout-changed: listing http://x.test/list2: ..."]
    with factory() as session:
        reports = crawl_reports(session, {"a": run_id})
        [status] = site_statuses(session, Settings(sites={"a": SiteConfig()}))
    metrics = Metrics(lambda: (0, 0))
    metrics.record_crawls(reports)
    text = metrics.render().decode()
    assert 'healthwatch_pages_rendered_total{site="a"} 3.0' in text
    assert 'healthwatch_crawl_warnings_total{kind="layout-changed",site="a"} 2.0' in text
    assert describe_health(status) == f"ok, warning: {warning} (+1 more)"


# ---------------------------------------------------------------- start-up errors


def run_cli(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
        env=env,
    )


def test_run_with_a_bad_or_taken_address_is_a_one_line_usage_error(tmp_path):
    result = run_cli(tmp_path, "run", "--http", "nowhere")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        "healthwatch: error: --http: not an address like 127.0.0.1:8787: 'nowhere'"
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(tmp_path, "run", "--http", f"127.0.0.1:{port}")
    assert result.returncode == 2
    last = result.stderr.decode().strip().splitlines()[-1]
    assert last.startswith(f"healthwatch: error: cannot listen on 127.0.0.1:{port}: ")
    assert not (tmp_path / "healthwatch.db").exists()  # failed before touching the database
