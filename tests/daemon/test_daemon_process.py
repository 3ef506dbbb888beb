"""`healthwatch run` as ops meet it: a real daemon process, real crawl
children, a real demo site and a server that never answers."""

from __future__ import annotations

import datetime as dt
import secrets
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from storage.models import utcnow

from .conftest import alive, wait_for

pytestmark = pytest.mark.slow

METRIC_NAMES = (
    "healthwatch_crawls_total",
    "healthwatch_crawl_duration_seconds_bucket",
    "healthwatch_articles_found_total",
    "healthwatch_events_found_total",
    "healthwatch_alerts",
    "healthwatch_outbox_backlog",
    "healthwatch_last_success_timestamp_seconds",
    "healthwatch_site_healthy",
    "healthwatch_crawl_child_startup_seconds_bucket",
)


def ok_runs(daemon, site):
    return [run for run in daemon.runs(site) if run.status == "ok"]


def test_health_metrics_logs_and_clean_sigterm(start_daemon):
    daemon = start_daemon('shutdown_grace = 10\n[sites.demo_cctv]\nevery = "1h"\n')
    daemon.wait_healthy()
    assert daemon.get("/healthz") == (200, "ok\n")
    wait_for(
        lambda: daemon.metric("healthwatch_crawls_total", site="demo_cctv", status="ok"),
        30,
        "a counted ok crawl",
    )

    status, body = daemon.get("/metrics")
    assert status == 200
    for name in METRIC_NAMES:
        assert name in body, name
    assert daemon.metric("healthwatch_articles_found_total", site="demo_cctv") > 0
    assert daemon.metric("healthwatch_events_found_total", site="demo_cctv") > 0
    assert daemon.metric("healthwatch_site_healthy", site="demo_cctv") == 1
    assert daemon.get("/nope")[0] == 404
    site = daemon.site("demo_cctv")
    assert site.last_run_at is not None
    # recorded for restarts: the next slot, the next full hour
    assert site.next_run_at == utcnow().replace(minute=0, second=0, microsecond=0) + dt.timedelta(
        hours=1
    )

    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit(timeout=10) == 0
    events = daemon.log_events()  # every stderr line is one JSON event
    names = [e["event"] for e in events]
    assert {"daemon.started", "crawl.site_started", "crawl.site_finished", "daemon.stopped"} <= set(
        names
    )
    finished = next(e for e in events if e["event"] == "crawl.site_finished")
    assert finished["site"] == "demo_cctv" and finished["run"] == ok_runs(daemon, "demo_cctv")[0].id


def test_hanging_site_times_out_while_the_schedule_goes_on(start_daemon, hanging_server):
    # crawl_timeout leaves the answering site time to finish even on a busy
    # machine (child start-up alone can take seconds under load)
    daemon = start_daemon(
        "crawl_timeout = 8\nspider_timeout = 60\n"
        f'[sites.demo_etown]\nstart_urls = ["{hanging_server.url}"]\n'
        '[sites.demo_cctv]\nevery = "1s"\n'
    )
    daemon.wait_healthy()
    timed_out = wait_for(
        lambda: [r for r in daemon.runs("demo_etown") if r.status == "timeout"], 60, "a timeout"
    )[0]
    assert "crawl_timeout" in timed_out.error
    # both sites were due at start: one child crawled them, and the site that
    # answered kept its own result while the other overran the child's limit
    first_batch = next(e for e in daemon.log_events() if e["event"] == "crawl.started")
    assert sorted(first_batch["sites"]) == ["demo_cctv", "demo_etown"]
    assert ok_runs(daemon, "demo_cctv")[0].finished_at < timed_out.finished_at
    # the next crawl of the other site still happens, after the timeout
    wait_for(
        lambda: [r for r in ok_runs(daemon, "demo_cctv") if r.started_at > timed_out.finished_at],
        60,
        "a later ok crawl of demo_cctv",
    )
    assert daemon.proc.poll() is None
    assert daemon.get("/healthz")[0] == 200
    assert daemon.metric("healthwatch_crawls_total", site="demo_etown", status="timeout") == 1
    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit(timeout=15) == 0


def test_crashed_crawl_child_is_recorded_failed(start_daemon, hanging_server):
    daemon = start_daemon(
        f'crawl_timeout = 60\n[sites.demo_etown]\nstart_urls = ["{hanging_server.url}"]\n'
    )
    daemon.wait_healthy()
    wait_for(lambda: daemon.runs("demo_etown"), 30, "the crawl to start")
    [child] = wait_for(daemon.crawl_children, 10, "the crawl child")
    subprocess.run(["kill", "-KILL", str(child)], check=True)

    [run] = wait_for(
        lambda: [r for r in daemon.runs("demo_etown") if r.status == "failed"], 15, "failed run"
    )
    assert run.error.splitlines()[-1] == "the crawl child was killed by SIGKILL"
    assert run.finished_at is not None
    assert daemon.proc.poll() is None and daemon.get("/healthz")[0] == 200
    assert daemon.metric("healthwatch_crawls_total", site="demo_etown", status="failed") == 1
    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit(timeout=15) == 0


def test_restart_resumes_the_schedule_and_status_shows_it(start_daemon, tmp_path):
    first = start_daemon('[sites.demo_cctv]\nevery = "1h"\n')
    first.wait_healthy()
    wait_for(lambda: ok_runs(first, "demo_cctv"), 30, "the first crawl")
    first.signal(signal.SIGTERM)
    assert first.wait_exit(timeout=15) == 0
    due = first.site("demo_cctv").next_run_at
    # the next slot: the next full hour (slots are the same on every node)
    hour = utcnow().replace(minute=0, second=0, microsecond=0)
    assert due in (hour + dt.timedelta(hours=1), hour + dt.timedelta(hours=2))

    # restart with a new site: the new one is crawled at once, the other is not
    second = start_daemon(
        '[sites.demo_cctv]\nevery = "1h"\n[sites.demo_etown]\ncron = "0 8 * * mon-fri"\n'
        "[sites.demo_people_bj]\nenabled = false\n"
    )
    second.wait_healthy()
    wait_for(lambda: ok_runs(second, "demo_etown"), 30, "the new site's crawl")
    time.sleep(1)  # longer than the batch window and jitter
    assert len(second.runs("demo_cctv")) == 1
    assert second.site("demo_cctv").next_run_at == due
    scheduled = {e["site"]: e for e in second.log_events() if e["event"] == "site.scheduled"}
    assert scheduled["demo_cctv"]["next_run"] == due.isoformat(timespec="seconds")
    assert scheduled["demo_etown"]["schedule"] == "cron 0 8 * * mon-fri (UTC)"
    second.signal(signal.SIGTERM)
    assert second.wait_exit(timeout=15) == 0

    def cli(*args):
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "--config", str(second.config_path), *args],
            capture_output=True,
            timeout=60,
            check=False,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr.decode()
        return result.stdout.decode()

    sites = cli("sites")
    assert "every 1h" in sites and "cron 0 8 * * mon-fri (UTC)" in sites
    assert "every 15m (spider default)" in sites  # demo_people_bj: its spider's `every`
    status = cli("status")
    line = {
        key: next(x for x in status.splitlines() if key in x)
        for key in ("demo_cctv", "demo_people_bj")
    }
    assert " ok " in line["demo_cctv"] and f"{due:%Y-%m-%d %H:%M:%S}" in line["demo_cctv"]
    assert "disabled" in line["demo_people_bj"] and "never" in line["demo_people_bj"]
    assert status.strip().splitlines()[-1].endswith(" alerts")


def test_sigterm_ends_a_crawl_after_the_grace_period(start_daemon, hanging_server):
    daemon = start_daemon(
        "crawl_timeout = 60\nshutdown_grace = 1\n"
        f'[sites.demo_etown]\nstart_urls = ["{hanging_server.url}"]\n'
    )
    daemon.wait_healthy()
    wait_for(lambda: daemon.runs("demo_etown"), 30, "the crawl to start")
    [child] = daemon.crawl_children()
    began = time.monotonic()
    daemon.signal(signal.SIGTERM)
    assert daemon.wait_exit(timeout=15) == 0
    assert time.monotonic() - began < 1 + 5 + 3  # grace + the child's SIGTERM->SIGKILL time
    assert not alive(child)
    [run] = daemon.runs("demo_etown")
    assert run.status == "cancelled"
    assert run.error.splitlines()[-1] == "the crawl was ended by a daemon shutdown"


def test_second_signal_exits_at_once(start_daemon, hanging_server):
    daemon = start_daemon(
        "crawl_timeout = 60\nshutdown_grace = 30\n"
        f'[sites.demo_etown]\nstart_urls = ["{hanging_server.url}"]\n'
    )
    daemon.wait_healthy()
    wait_for(lambda: daemon.runs("demo_etown"), 30, "the crawl to start")
    [child] = daemon.crawl_children()
    daemon.signal(signal.SIGINT)
    wait_for(lambda: "daemon.stopping" in daemon.log_text(), 5, "the graceful stop to begin")
    began = time.monotonic()
    daemon.signal(signal.SIGINT)
    assert daemon.wait_exit(timeout=5) == 128 + signal.SIGINT
    assert time.monotonic() - began < 2
    wait_for(lambda: not alive(child), 5, "the crawl child to be gone")
    forced = [e for e in daemon.log_events() if e["event"] == "daemon.forced_exit"]
    assert forced and forced[0]["exit_code"] == 130


def test_the_daemon_process_never_imports_the_reactor(tmp_path, demo_sites):
    """Reading spider schedules imports Scrapy; a crawl through the daemon's
    runner must still leave the Twisted reactor out of the daemon process."""
    script = textwrap.dedent(
        f"""
        import sys
        from crawler.config.settings import load_settings
        from scheduler.cycle import check_sites, open_database
        from scheduler.daemon import Daemon
        from scheduler.logs import configure_logging
        from scheduler.schedules import site_schedules

        configure_logging()  # to stderr, as the daemon does

        settings = load_settings({str(tmp_path / "hw.toml")!r})
        sites = check_sites(settings, list(settings.sites))
        schedules = site_schedules(settings, sites)  # spider defaults: imports the spiders
        engine, factory = open_database(settings)
        daemon = Daemon(settings, engine, factory, schedules)
        daemon.crawl(sites)
        print("spiders", "spiders.demo_cctv" in sys.modules)
        print("reactor", "twisted.internet.reactor" in sys.modules)
        """
    )
    (tmp_path / "hw.toml").write_text(
        f'database_url = "sqlite:///{tmp_path}/hw.db"\ndemo_server = "{demo_sites.url}"\n'
        "download_delay = 0\n[sites.demo_cctv]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=60, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().split("\n")[:2] == ["spiders True", "reactor False"]


@pytest.mark.postgres
def test_database_briefly_unavailable_is_retried_not_fatal(start_daemon, pg_admin_url):
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    from .conftest import TcpProxy

    admin = make_url(pg_admin_url)
    name = f"hw_daemon_{secrets.token_hex(6)}"  # unique beside other test workers
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    proxy = TcpProxy((admin.host or "127.0.0.1", admin.port or 5432))
    try:
        via_proxy = admin.set(port=proxy.port, database=name).render_as_string(hide_password=False)
        daemon = start_daemon(
            'database_retry = 1\ndispatch_every = 1\n[sites.demo_cctv]\nevery = "2s"\n',
            database_url=via_proxy,
        )
        daemon.wait_healthy()
        wait_for(lambda: ok_runs(daemon, "demo_cctv"), 30, "a first crawl")

        proxy.cut()
        _status, body = wait_for(
            lambda: (r := daemon.get("/healthz"))[0] == 503 and r, 15, "/healthz 503"
        )
        assert body.startswith("database: "), body
        wait_for(lambda: "crawl.deferred" in daemon.log_text(), 15, "a deferred crawl")
        assert daemon.proc.poll() is None  # the daemon does not die

        proxy.restore()
        back = utcnow()
        daemon.wait_healthy(timeout=15)
        wait_for(
            lambda: [r for r in ok_runs(daemon, "demo_cctv") if r.started_at > back],
            30,
            "a crawl after the database came back",
        )
        daemon.signal(signal.SIGTERM)
        assert daemon.wait_exit(timeout=15) == 0
        daemon.close()  # dispose the test's engine before dropping the database
    finally:
        proxy.cut()
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_a_stalled_database_makes_healthz_say_503_not_hang(start_daemon, pg_admin_url):
    """Packets swallowed on the way to PostgreSQL: /healthz answers 503 within
    its deadline, the daemon stays up, and recovers when traffic flows again."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    from .conftest import TcpProxy

    admin = make_url(pg_admin_url)
    name = f"hw_stall_{secrets.token_hex(6)}"
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    proxy = TcpProxy((admin.host or "127.0.0.1", admin.port or 5432))
    try:
        via_proxy = admin.set(port=proxy.port, database=name).render_as_string(hide_password=False)
        daemon = start_daemon('[sites.demo_cctv]\nevery = "1h"\n', database_url=via_proxy)
        daemon.wait_healthy()
        proxy.stall()
        _status, body = wait_for(
            lambda: (r := daemon.get("/healthz"))[0] == 503 and r, 30, "/healthz 503"
        )
        assert body.startswith("database: "), body
        assert daemon.proc.poll() is None
        proxy.flow()
        proxy.cut()  # the stalled connections go; new ones flow
        proxy.restore()
        daemon.wait_healthy(timeout=60)
        daemon.signal(signal.SIGTERM)
        assert daemon.wait_exit(timeout=30) == 0
        daemon.close()
    finally:
        proxy.cut()
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_a_site_that_keeps_failing_is_marked_unhealthy_and_ops_hear_once(start_daemon):
    from crawler.demo.receivers import WebhookReceiver, free_port

    closed = f"http://127.0.0.1:{free_port()}/index.html"  # nothing listens: refused
    with WebhookReceiver() as hook:
        daemon = start_daemon(
            f'failure_threshold = 2\nops_channels = ["{hook.url}"]\n'
            f'[sites.demo_etown]\nevery = "1s"\nstart_urls = ["{closed}"]\n'
        )
        daemon.wait_healthy()
        wait_for(lambda: len(daemon.runs("demo_etown")) >= 4, 60, "four crawls of demo_etown")
        site = daemon.site("demo_etown")
        assert site is not None and not site.healthy
        assert "2 crawls in a row failed" in site.unhealthy_reason
        assert daemon.metric("healthwatch_site_healthy", site="demo_etown") == 0
        daemon.signal(signal.SIGTERM)
        assert daemon.wait_exit(timeout=15) == 0
        # told once, although every later crawl failed too
        notices = [p.json() for p in hook.received]
    assert [(n["kind"], n["site"]) for n in notices] == [("site.unhealthy", "demo_etown")]
    assert "site.unhealthy" in [e["event"] for e in daemon.log_events()]


def test_a_crawl_child_dies_with_a_killed_daemon(start_daemon, hanging_server):
    """SIGKILL leaves the daemon no chance to stop its child: the kernel does."""
    daemon = start_daemon(
        f'crawl_timeout = 120\n[sites.demo_etown]\nstart_urls = ["{hanging_server.url}"]\n'
    )
    daemon.wait_healthy()
    wait_for(lambda: daemon.runs("demo_etown"), 30, "the crawl to start")
    [child] = daemon.crawl_children()
    daemon.signal(signal.SIGKILL)
    daemon.wait_exit(timeout=10)
    wait_for(lambda: not alive(child), 15, "the orphaned crawl child to be gone")
