"""``scrapy crawl <demo-site>`` from the repo root works like the crawl child."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from crawler.config.settings import load_demo_settings
from crawler.demo.server import DemoServer
from scheduler.cycle import open_database, run_cycle
from storage.db import make_engine, session_factory, upgrade
from storage.models import Article

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def stored(url: str) -> set[tuple[str, str, str | None, str]]:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        rows = {
            (a.url, a.type, a.published.isoformat() if a.published else None, a.title)
            for a in session.scalars(select(Article))
        }
    engine.dispose()
    return rows


def test_scrapy_crawl_yields_the_same_items_as_the_crawl_child(tmp_path):
    url_a = f"sqlite:///{tmp_path}/a.db"
    upgrade(url_a)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    env["HEALTHWATCH_DATABASE_URL"] = url_a
    out = tmp_path / "items.jsonl"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "demo_cctv",
            "-O",
            str(out),
            "-s",
            "DOWNLOAD_DELAY=0",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    items = [json.loads(line) for line in out.read_text().splitlines()]
    assert items, "scrapy crawl yielded no items"
    assert {i["site"] for i in items} == {"demo_cctv"}

    url_b = f"sqlite:///{tmp_path}/b.db"
    with DemoServer() as sites:
        settings = load_demo_settings().model_copy(
            update={"database_url": url_b, "demo_server": sites.url, "subscriptions": []}
        )
        engine, factory = open_database(settings)
        run_cycle(settings, factory, ["demo_cctv"])
        engine.dispose()

    assert stored(url_a) == stored(url_b)
    assert {(i["url"], i["type"], i["published"], i["title"]) for i in items} == stored(url_a)
