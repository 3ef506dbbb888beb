"""Real crawls (a crawl child, a local site, a migrated database): a site
watched from its URL alone, and listings whose layout changed.

A listing whose selector (or heuristics) finds nothing must not look like a
quiet week: the run records a ``layout-changed`` warning, which
``healthwatch status`` shows (and /metrics counts).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from localsite import news_article, news_listing
from sqlalchemy import select

from crawler.config.settings import SiteConfig, load_demo_settings, without_demo_channels
from scheduler.cycle import open_database, run_cycle
from storage.models import Article, CrawlRun

pytestmark = pytest.mark.slow

ARTICLES = ["/news/2024/05/01/forum-10001.html", "/news/2024/05/02/launch-10002.html"]


def test_generic_site_is_crawled_and_changed_layouts_are_reported(local_site, db_url, tmp_path):
    local_site.add("/news/", news_listing(ARTICLES))
    for day, path in enumerate(ARTICLES, 1):
        local_site.add(path, news_article(f"Health industry forum {day}", day))
    local_site.add("/broken/", news_listing([]))  # a redesign: no article link left
    local_site.add("/redesigned/", "<html><body><div class='cards'></div></body></html>")
    sites = {
        "local_news": SiteConfig(url=f"{local_site.url}/news/"),
        "local_broken": SiteConfig(url=f"{local_site.url}/broken/"),
        "demo_etown": SiteConfig(start_urls=[f"{local_site.url}/redesigned/"]),
    }
    settings = without_demo_channels(load_demo_settings()).model_copy(
        update={"database_url": db_url, "sites": sites, "demo_server": None}
    )
    engine, factory = open_database(settings)
    result = run_cycle(settings, factory, list(sites))
    engine.dispose()
    assert result.failed_sites == [], result.outcome.stderr_tail

    with factory() as session:
        runs = {run.site: run for run in session.scalars(select(CrawlRun).order_by(CrawlRun.id))}
        stored = sorted(session.scalars(select(Article.url).where(Article.site == "local_news")))
    assert stored == sorted(local_site.url + path for path in ARTICLES)
    assert (runs["local_news"].links_found, runs["local_news"].warnings) == (2, [])
    assert runs["local_broken"].warnings == [
        f"layout-changed: listing {local_site.url}/broken/: no link looks like an article"
    ]
    assert runs["demo_etown"].warnings == [
        f"layout-changed: listing {local_site.url}/redesigned/: "
        "selector 'ul.news-list a' found no links"
    ]

    config = tmp_path / "healthwatch.toml"
    config.write_text(
        f'database_url = "{db_url}"\n'
        f'[sites.local_news]\nurl = "{local_site.url}/news/"\n'
        f'[sites.local_broken]\nurl = "{local_site.url}/broken/"\n'
        f'[sites.demo_etown]\nstart_urls = ["{local_site.url}/redesigned/"]\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    status = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "--config", str(config), "status"],
        capture_output=True,
        env={**env, "COLUMNS": "400"},
        timeout=120,
        check=False,
    )
    assert status.returncode == 0, status.stderr.decode()
    health = column_text(status.stdout.decode(), "health")
    assert health["local_broken"].startswith("ok, warning: layout-changed: listing")
    assert health["demo_etown"].startswith("ok, warning: layout-changed: listing")
    assert health["local_news"] == "ok"


def column_text(table: str, column: str) -> dict[str, str]:
    """One column of a rich table per site, its folded lines joined."""
    header = next(line for line in table.splitlines() if line.startswith("┃"))
    index = [cell.strip() for cell in header.split("┃")].index(column)
    cells: dict[str, str] = {}
    site = ""
    for line in table.splitlines():
        if not line.startswith("│"):
            continue
        parts = [cell.strip() for cell in line.split("│")]
        site = parts[1] or site
        cells[site] = (cells.get(site, "") + " " + parts[index]).strip()
    return cells


def test_selectors_that_miss_degrade_the_crawl_instead_of_stopping_it(local_site, db_url, tmp_path):
    """demo_etown's selectors against a redesigned site: the listing's
    selector finds nothing, so the generic link heuristics read it; the
    article selectors read nothing, so trafilatura does.  Every article is
    still stored and analysed, and the run, status and /metrics say
    ``selector-miss``."""
    from scheduler.metrics import read_state

    redesigned = [f"/industries/202405/t2024050{day}_1000{day}.html" for day in (1, 2)]
    links = "".join(
        f'<div class="card"><a href="{path}">Health industry forum report number {day}</a></div>'
        for day, path in enumerate(redesigned, 1)
    )
    local_site.add("/industries/index.html", f"<html><body><main>{links}</main></body></html>")
    for day, path in enumerate(redesigned, 1):
        page = news_article(f"Biomedical industry forum opens in Beijing, part {day}", day)
        local_site.add(path, page.replace("class='article'", "class='story'"))
    sites = {"demo_etown": SiteConfig(start_urls=[f"{local_site.url}/industries/index.html"])}
    settings = without_demo_channels(load_demo_settings()).model_copy(
        update={"database_url": db_url, "sites": sites, "demo_server": None}
    )
    engine, factory = open_database(settings)
    result = run_cycle(settings, factory, list(sites))
    engine.dispose()
    assert result.failed_sites == [], result.outcome.stderr_tail
    with factory() as session:
        (run,) = session.scalars(select(CrawlRun))
        stored = session.scalars(select(Article).order_by(Article.url)).all()
        state = read_state(session)
    assert [row.url for row in stored] == [local_site.url + path for path in redesigned]
    assert all("gathered hospital directors" in row.text for row in stored)
    assert all(row.event_id is not None for row in stored)  # analysed: a forum each
    assert run.status == "ok" and run.links_found == 2
    listing, body = run.warnings
    assert listing == (
        f"selector-miss: listing {local_site.url}/industries/index.html: selector "
        "'ul.news-list a' found no links; 2 article-looking links read instead"
    )
    first = body.split("(first: ")[1].split(")")[0]  # whichever page came first
    assert body == (
        "selector-miss: body selector 'div.article' read nothing on 2 pages "
        f"(first: {first}); generic extraction used"
    )
    assert first in {local_site.url + path for path in redesigned}
    assert state.degraded == {"demo_etown": True}

    config = tmp_path / "healthwatch.toml"
    config.write_text(
        f'database_url = "{db_url}"\n[sites.demo_etown]\n'
        f'start_urls = ["{local_site.url}/industries/index.html"]\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHWATCH_")}
    status = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "--config", str(config), "status"],
        capture_output=True,
        env={**env, "COLUMNS": "400"},
        timeout=120,
        check=False,
    )
    assert status.returncode == 0, status.stderr.decode()
    health = column_text(status.stdout.decode(), "health")["demo_etown"]
    assert health.startswith("degraded: selector-miss: listing"), health
