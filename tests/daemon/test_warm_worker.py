"""The warm crawl worker keeps what a child per crawl gave.

One worker process serves crawl after crawl; a crawl that hangs is cut at
its limit, a worker killed mid-crawl is recorded and replaced, a worker past
its crawl count or memory limit is retired, and the next crawl always gets a
working worker.  Real crawls of the demo sites, in a real worker process.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from crawler.config.settings import Settings, SiteConfig, load_demo_settings
from crawler.demo.server import DemoServer
from scheduler.worker import WarmWorker
from storage.db import make_engine, session_factory, upgrade
from storage.models import Article, CrawlRun

pytestmark = pytest.mark.slow


@pytest.fixture
def worker() -> Iterator[WarmWorker]:
    warm = WarmWorker()
    yield warm
    warm.retire(kill=True)


def demo_settings(tmp_path, demo: DemoServer, name: str = "w", **sites: SiteConfig) -> Settings:
    url = f"sqlite:///{tmp_path}/{name}.db"
    upgrade(url)
    return load_demo_settings().model_copy(
        update={
            "database_url": url,
            "demo_server": demo.url,
            "download_delay": 0.0,
            "sites": sites or {"demo_cctv": SiteConfig()},
        }
    )


def stored(settings: Settings) -> tuple[int, list[CrawlRun]]:
    engine = make_engine(settings.database_url)
    with session_factory(engine)() as session:
        articles = session.query(Article).count()
        runs = session.query(CrawlRun).order_by(CrawlRun.id).all()
        session.expunge_all()
    engine.dispose()
    return articles, runs


def test_one_worker_serves_crawl_after_crawl_each_with_its_own_settings(tmp_path, worker):
    with DemoServer() as demo:
        first = demo_settings(tmp_path, demo, "first")
        second = demo_settings(tmp_path, demo, "second")
        one = worker.crawl(first, ["demo_cctv"], timeout=120)
        pid = worker.proc.pid if worker.proc else None
        again = worker.crawl(first, ["demo_cctv"], timeout=120)
        other = worker.crawl(second, ["demo_cctv"], timeout=120)
    assert (one.exit_code, again.exit_code, other.exit_code) == (0, 0, 0)
    assert worker.started == 1 and worker.proc is not None and worker.proc.pid == pid
    assert worker.crawls == 3
    articles, runs = stored(first)
    assert articles > 0 and [r.status for r in runs] == ["ok", "ok"]
    assert runs[0].new_articles == articles and runs[1].new_articles == 0
    # the third crawl wrote to its own database: settings travel per crawl
    assert stored(second)[0] == articles
    assert one.runs == {"demo_cctv": runs[0].id} and set(one.sites) == {"demo_cctv"}


def test_a_crawl_that_hangs_is_cut_and_the_next_crawl_gets_a_fresh_worker(
    tmp_path, worker, hanging_server
):
    with DemoServer() as demo:
        stuck = demo_settings(
            tmp_path, demo, "hang", demo_etown=SiteConfig(start_urls=[hanging_server.url])
        )
        cut = worker.crawl(stuck, ["demo_etown"], timeout=8)
        assert cut.timed_out and worker.proc is None  # the worker went with the crawl
        after = worker.crawl(demo_settings(tmp_path, demo), ["demo_cctv"], timeout=120)
    assert after.exit_code == 0 and worker.started == 2
    assert cut.runs  # the stuck run was started, so the daemon can record it


def test_a_worker_killed_mid_crawl_is_reported_and_replaced(tmp_path, worker, hanging_server):
    with DemoServer() as demo:
        stuck = demo_settings(
            tmp_path, demo, "killed", demo_etown=SiteConfig(start_urls=[hanging_server.url])
        )
        result: dict[str, object] = {}
        thread = threading.Thread(
            target=lambda: result.update(out=worker.crawl(stuck, ["demo_etown"], timeout=120))
        )
        thread.start()
        deadline = time.monotonic() + 60
        while not (worker.proc and hanging_server.held) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert worker.proc is not None and hanging_server.held, "the crawl never reached the site"
        os.kill(worker.proc.pid, signal.SIGKILL)
        thread.join(30)
        outcome = result["out"]
        assert outcome.exit_code == -signal.SIGKILL  # type: ignore[attr-defined]
        assert not outcome.timed_out  # type: ignore[attr-defined]
        after = worker.crawl(demo_settings(tmp_path, demo), ["demo_cctv"], timeout=120)
    assert after.exit_code == 0 and worker.started == 2


def test_a_worker_is_retired_after_its_crawls_or_past_its_memory(tmp_path):
    by_count = WarmWorker(max_crawls=2)
    by_memory = WarmWorker(max_rss_mb=1.0, kill_rss_mb=1e6)  # any real worker is bigger
    try:
        with DemoServer() as demo:
            settings = demo_settings(tmp_path, demo)
            for _ in range(3):
                assert by_count.crawl(settings, ["demo_cctv"], timeout=120).exit_code == 0
                assert by_memory.crawl(settings, ["demo_cctv"], timeout=120).exit_code == 0
    finally:
        by_count.retire(kill=True)
        by_memory.retire(kill=True)
    assert by_count.started == 2  # crawls 1-2 in the first worker, 3 in a second
    assert by_memory.started == 3  # each crawl left the worker past its limit


def test_a_command_the_worker_cannot_start_fails_that_crawl_only(tmp_path, worker):
    with DemoServer() as demo:
        settings = demo_settings(tmp_path, demo)
        bad = worker.crawl(settings, ["no_such_site"], timeout=60)
        good = worker.crawl(settings, ["demo_cctv"], timeout=120)
    assert bad.exit_code == 2 and good.exit_code == 0
    assert worker.started == 1  # the worker served on


def test_a_crawl_that_floods_the_worker_memory_is_stopped_mid_crawl(tmp_path, hanging_server):
    greedy = WarmWorker(max_rss_mb=1.0, kill_rss_mb=2.0)  # any crawl is past this
    try:
        with DemoServer() as demo:
            stuck = demo_settings(
                tmp_path, demo, "greedy", demo_etown=SiteConfig(start_urls=[hanging_server.url])
            )
            outcome = greedy.crawl(stuck, ["demo_etown"], timeout=120)
    finally:
        greedy.retire(kill=True)
    # stopped by the memory watch, long before the crawl's own two minutes
    assert not outcome.timed_out and outcome.exit_code == -signal.SIGKILL
    assert "kill_rss_mb (2 MB)" in outcome.stderr_tail
    assert greedy.proc is None
