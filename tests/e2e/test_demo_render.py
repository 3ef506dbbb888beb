"""``healthwatch demo`` and the JS-only demo site: found only when rendered."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from crawler.demo.content import demo_articles
from storage.db import make_engine, session_factory
from storage.models import Article, CrawlRun

pytestmark = pytest.mark.slow
JS_SITE = "demo_cctv_js"


def demo(cwd, **env: str) -> subprocess.CompletedProcess[bytes]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "demo"],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        timeout=240,
        check=False,
    )


def js_site_rows(cwd) -> tuple[set[str], list[CrawlRun]]:
    engine = make_engine(f"sqlite:///{cwd}/healthwatch.db")
    with session_factory(engine)() as session:
        urls = set(session.scalars(select(Article.url).where(Article.site == JS_SITE)))
        runs = list(session.scalars(select(CrawlRun).where(CrawlRun.site == JS_SITE)))
    engine.dispose()
    return urls, runs


@pytest.mark.browser
@pytest.mark.usefixtures("chromium")
def test_demo_renders_the_js_site_and_says_so(tmp_path):
    result = demo(tmp_path)

    assert result.returncode == 0, result.stderr.decode()[-2000:]
    out = result.stdout.decode()
    assert "rendered 2 script-built pages in chromium (demo_cctv_js 2)" in out
    urls, runs = js_site_rows(tmp_path)
    assert urls == {a.url for a in demo_articles() if a.site == JS_SITE}
    assert [run.rendered for run in runs] == [2]


def test_demo_with_rendering_disabled_finds_none_of_the_js_site(tmp_path):
    result = demo(tmp_path, HEALTHWATCH_RENDER="false")

    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "rendered" not in result.stdout.decode()
    urls, runs = js_site_rows(tmp_path)
    assert urls == set()
    assert [run.status for run in runs] == ["ok"]
    assert any(w.startswith("layout-changed") for w in runs[0].warnings)


def test_demo_without_a_browser_says_so_in_one_line(tmp_path):
    result = demo(tmp_path, HEALTHWATCH_BROWSER="/nonexistent/chromium")

    assert result.returncode == 0, result.stderr.decode()[-2000:]
    lines = [line for line in result.stdout.decode().splitlines() if "render-unavailable" in line]
    assert lines == [
        "site demo_cctv_js: render-unavailable: http://health.cctv.demo.test/health/index.shtml "
        "needs rendering, but no browser found: install chromium (apt-get install -y chromium) "
        "or set HEALTHWATCH_BROWSER to its path"
    ]
    assert js_site_rows(tmp_path)[0] == set()
    other_sites = {a.site for a in demo_articles()} - {JS_SITE}
    engine = make_engine(f"sqlite:///{tmp_path}/healthwatch.db")
    with session_factory(engine)() as session:
        assert set(session.scalars(select(Article.site).distinct())) == other_sites
    engine.dispose()
