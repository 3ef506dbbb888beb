"""Hostile input, crawled for real: nothing a site sends makes a crawl print a
traceback, lose another page, or stall its batch.

One crawl child (``python -m crawler.worker.process``, as the daemon starts
it) crawls seven sites of ``tests/crawl/hostile_site.py`` together:

- ``demo_etown``: a listing of good articles, odd-but-valid links, bad links
  and every hostile page (wrong and missing charsets, mojibake, a gzip bomb,
  60 MB bodies, a truncated response, redirect loops and redirects to
  ftp:// and file://, a PNG named .html, 10,000-deep nesting, a page of only
  scripts, a paragraph of 3,000 dates, a 10 kB URL);
- ``demo_cdhtma``: an endless calendar (next month, forever);
- ``demo_cctv_js``: a listing of 100,000 links;
- ``neighbour`` (generic): an ordinary site in the same batch;
- ``loopy`` and ``bomb`` (generic): a home page that redirects in a loop, and
  one that is a gzip bomb: failed runs, with the reason;
- ``feeds`` (generic): a malformed feed and a malformed sitemap.

Each page's outcome is asserted (stored, skipped with a reason, failed and
remembered, truncated), the log has no traceback and no page body, and
every other page of the batch is stored.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hostile_site import BIG_LINKS, GOOD, HOSTILE, LONG_PATH, ODD_GOOD, HostileSite
from sqlalchemy import func, select

from crawler.config.settings import Settings, SiteConfig, load_demo_settings, without_demo_channels
from scheduler.cycle import open_database
from storage.models import Article, CrawlRun, PageState

pytestmark = pytest.mark.slow

BATCH = ["demo_etown", "demo_cdhtma", "demo_cctv_js", "neighbour", "loopy", "bomb", "feeds"]


@dataclass
class Crawl:
    """What one crawl child did: exit code, its progress lines, its whole log."""

    exit_code: int
    lines: list[dict[str, Any]]
    log: str

    def done(self, site: str) -> dict[str, Any]:
        return next(line for line in self.lines if line["kind"] == "done" and line["site"] == site)


def crawl(settings: Settings, sites: list[str], tmp_path: Path) -> Crawl:
    """The crawl child the daemon runs, with its whole stderr kept."""
    path = tmp_path / "settings.json"
    path.write_text(settings.crawl.model_dump_json(), encoding="utf-8")
    argv = [sys.executable, "-m", "crawler.worker.process", "--settings", str(path), *sites]
    done = subprocess.run(argv, capture_output=True, timeout=240, check=False)
    lines = [json.loads(raw) for raw in done.stdout.splitlines() if raw.startswith(b"{")]
    return Crawl(done.returncode, lines, done.stderr.decode("utf-8", "replace"))


@pytest.fixture
def hostile() -> Iterator[HostileSite]:
    site = HostileSite().start()
    yield site
    site.stop()


def settings_for(db_url: str, site: HostileSite, **update: Any) -> Settings:
    base = site.url
    sites = {
        "demo_etown": SiteConfig(start_urls=[f"{base}/h/index.html"]),
        "demo_cdhtma": SiteConfig(start_urls=[f"{base}/cal/2024-05.html"]),
        "demo_cctv_js": SiteConfig(start_urls=[f"{base}/big/index.html"]),
        "neighbour": SiteConfig(url=f"{base}/n/index.html"),
        "loopy": SiteConfig(url=f"{base}/loop/start.html"),
        "bomb": SiteConfig(url=f"{base}/bomb/index.html"),
        "feeds": SiteConfig(
            url=f"{base}/n/index.html",
            feeds=[f"{base}/feed/broken.xml"],
            sitemaps=[f"{base}/sitemap/broken.xml"],
        ),
    }
    return without_demo_channels(load_demo_settings()).model_copy(
        update={
            "database_url": db_url,
            "sites": sites,
            "render": False,
            "download_delay": 0,
            "spider_timeout": 180,
            **update,
        }
    )


def stored(factory, site: str) -> dict[str, Article]:
    with factory() as session:
        rows = session.scalars(select(Article).where(Article.site == site))
        return {row.url: row for row in rows}


def last_run(factory, site: str) -> CrawlRun:
    with factory() as session:
        query = select(CrawlRun).where(CrawlRun.site == site).order_by(CrawlRun.id.desc())
        return session.scalars(query.limit(1)).one()


def failures(factory) -> dict[str, str]:
    with factory() as session:
        query = select(PageState.url, PageState.failure).where(PageState.failure.is_not(None))
        return {str(url): str(failure) for url, failure in session.execute(query)}


def assert_clean_log(log: str) -> None:
    """No traceback, no page body, no line a screen could not show."""
    assert "Traceback" not in log, log[log.index("Traceback") - 2000 :][:6000]
    longest = max(log.splitlines(), key=len, default="")
    assert len(longest) < 2000, longest[:300]
    assert "delegates." not in log  # the good articles' text
    assert "health health health" not in log  # the 60 MB body


def test_a_hostile_batch_stores_every_good_page_and_says_why_for_the_rest(
    db_url, hostile, tmp_path
):
    settings = settings_for(db_url, hostile)
    engine, factory = open_database(settings)
    base = hostile.url
    try:
        first = crawl(settings, BATCH, tmp_path)
        assert_clean_log(first.log)
        assert first.exit_code == 1  # loopy and bomb failed; nothing else
        statuses = {site: last_run(factory, site).status for site in BATCH}
        assert statuses == dict.fromkeys(BATCH, "ok") | {"loopy": "failed", "bomb": "failed"}

        # The hostile listing: every good page stored, odd links made usable.
        articles = stored(factory, "demo_etown")
        want_stored = [p for p, outcome in HOSTILE.items() if outcome == "stored"]
        expected = {base + p for p in [*GOOD, *(path for _, path in ODD_GOOD), *want_stored]}
        assert set(articles) == expected, set(articles) ^ expected
        assert len(articles[base + LONG_PATH].url) > 10_000  # a 10 kB URL, on both backends
        by_path = {url.removeprefix(base): row for url, row in articles.items()}
        assert by_path["/h/gbk-no-charset.html"].title == "健康产业创新论坛在北京经开区举行"
        assert by_path["/h/utf8-labelled-gbk.html"].title == "健康产业创新论坛在北京经开区举行"
        assert by_path["/h/dates.html"].type == "forum"  # 3,000 dates, read in time
        assert "Suzhou" in by_path["/h/control-after-script.html"].title
        mojibake = by_path["/h/mojibake.html"]  # UTF-8 once read as Latin-1, repaired
        assert "展会为期三天，吸引了众多医院采购人员。" in mojibake.text
        assert "å" not in mojibake.text

        # Pages that are no article: failed, with the reason, remembered.
        failed = failures(factory)
        assert (
            "not HTML" in failed[base + "/h/binary.html"]
            or "does not look like HTML" in (failed[base + "/h/binary.html"])
        )
        assert "characters of readable text" in failed[base + "/h/only-scripts.html"]
        assert "characters of readable text" in failed[base + "/h/deep.html"]

        # Pages that could not be fetched: skipped, each with its reason.
        run = last_run(factory, "demo_etown")
        warnings = "\n".join(run.warnings)
        reasons = {
            "/h/huge.html": "larger than DOWNLOAD_MAXSIZE (10 MiB)",
            "/h/huge-stream.html": "larger than DOWNLOAD_MAXSIZE (10 MiB)",
            "/h/bomb.html": "exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression",
            "/h/truncated.html": "cut short",
            "/h/loop.html": "redirect loop",
            "/h/to-ftp.html": "HTTP 302 to ftp://127.0.0.1/pub/report.html: not followed",
            "/h/to-file.html": "HTTP 302 to file:///etc/passwd: not followed",
        }
        for path, reason in reasons.items():
            line = next(
                (w for w in run.warnings if w.startswith(f"page-skipped: {base}{path}:")), ""
            )
            assert line and reason in line, (path, warnings)
        assert "bad-links: " in warnings and "skipped 5 links" in warnings
        assert hostile.count("/h/x.html") == 0  # no bad link was requested
        assert hostile.count("/etc/passwd") == 0

        # The endless calendar: five months read (max_pages), then it stops.
        months = {
            p
            for p, _ in hostile.hits
            if p.startswith("/cal/") and len(p) == len("/cal/2024-05.html")
        }
        assert months == {f"/cal/2024-{m:02d}.html" for m in range(5, 10)}
        assert last_run(factory, "demo_cdhtma").new_articles == 0

        # 100,000 links: the listing is read whole, 100 articles fetched this poll.
        big = last_run(factory, "demo_cctv_js")
        assert big.links_found == BIG_LINKS
        assert any(w.startswith("links-capped:") for w in big.warnings)
        assert hostile.count("/big/", 200) - 1 == len(stored(factory, "demo_cctv_js")) == 100

        # The batch's other sites keep their counts.
        assert len(stored(factory, "neighbour")) == 6
        assert last_run(factory, "neighbour").new_articles == 6
        feeds = stored(factory, "feeds")
        assert set(feeds) == {base + "/f/1.html", base + "/f/2.html"}

        # Whole sites that send nothing usable fail, and say why.
        assert "redirect" in (last_run(factory, "loopy").error or "")
        assert "decompression" in (last_run(factory, "bomb").error or "")

        # A re-poll after the listing changed: the new article is read; the
        # pages that failed are asked for conditionally and not read again.
        hostile.extra_links.append("/h/good-7.html")
        second = crawl(settings, ["demo_etown"], tmp_path)
        assert_clean_log(second.log)
        assert base + "/h/good-7.html" in stored(factory, "demo_etown")
        for path in ("/h/binary.html", "/h/only-scripts.html"):
            assert hostile.statuses(path) == {200: 1, 304: 1}, path
        assert second.done("demo_etown")["new_articles"] == 1
    finally:
        engine.dispose()


def test_a_page_over_its_time_budget_fails_alone_and_is_not_read_again(db_url, hostile, tmp_path):
    settings = settings_for(db_url, hostile, page_budget=1.0).model_copy(
        update={"sites": {"demo_etown": SiteConfig(start_urls=[f"{hostile.url}/slow/index.html"])}}
    )
    engine, factory = open_database(settings)
    base = hostile.url
    try:
        first = crawl(settings, ["demo_etown"], tmp_path)
        assert_clean_log(first.log)
        assert first.exit_code == 0
        run = last_run(factory, "demo_etown")
        assert run.status == "ok"
        assert set(stored(factory, "demo_etown")) == {f"{base}/slow/{n}.html" for n in (1, 2, 3)}
        failure = failures(factory)[base + "/slow/big.html"]
        assert "took longer than the page budget (1 s)" in failure
        assert any(w.startswith(f"page-failed: {base}/slow/big.html: ") for w in run.warnings)

        hostile.extra_links.append("/slow/4.html")
        crawl(settings, ["demo_etown"], tmp_path)
        assert hostile.statuses("/slow/big.html") == {200: 1, 304: 1}
        assert f"{base}/slow/4.html" in stored(factory, "demo_etown")
    finally:
        engine.dispose()


def test_a_stored_url_of_any_length_is_unique(db_url, tmp_path):
    """On both backends; PostgreSQL once lost articles past 2,048 characters."""
    from sqlalchemy.exc import IntegrityError

    from storage.db import make_engine, session_factory, transaction

    engine = make_engine(db_url)
    factory = session_factory(engine)
    url = "http://gov.test/" + "a" * 20_000
    row = {
        "url": url,
        "site": "s",
        "title": "t",
        "text": "x",
        "language": "en",
        "content_hash": "h",
    }
    try:
        with transaction(factory) as session:
            session.add(Article(canonical_url=url, **row))
        with pytest.raises(IntegrityError), transaction(factory) as session:
            session.add(Article(canonical_url=url, **row))
        with factory() as session:
            assert session.scalar(select(func.length(Article.canonical_url))) == len(url)
    finally:
        engine.dispose()
