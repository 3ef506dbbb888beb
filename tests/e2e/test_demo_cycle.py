"""The whole path, end to end: demo sites -> crawl child -> store -> alerts.

Real servers only: the demo sites, a webhook receiver and an SMTP sink on
127.0.0.1, a real crawl child process, SQLite or PostgreSQL.
"""

from __future__ import annotations

import sys

import pytest
from scrapy.settings import Settings as ScrapySettings
from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook

from crawler.config.settings import load_demo_settings, with_demo_channels
from crawler.crawl.browser import browser_path
from crawler.demo.content import DemoArticle
from crawler.demo.content import demo_articles as all_demo_articles
from crawler.demo.receivers import SmtpSink, WebhookReceiver
from crawler.demo.server import DemoServer
from crawler.identity.dedup import canonical_url
from scheduler.cycle import check_sites, open_database, run_cycle
from storage.models import Alert, Article, CrawlRun, Event

pytestmark = pytest.mark.slow
# The JS-only demo site is read only in a browser; without chromium (CI
# installs it) its pages are expected missing, with a one-line warning.
RENDERING = browser_path(ScrapySettings()) is not None
JS_SITE = "demo_cctv_js"


def demo_articles() -> list[DemoArticle]:
    """The demo articles a crawl can reach on this machine."""
    return [a for a in all_demo_articles() if RENDERING or a.site != JS_SITE]


@pytest.fixture
def demo_env(db_url):
    with DemoServer() as sites, WebhookReceiver() as hook, SmtpSink() as smtp:
        settings = with_demo_channels(load_demo_settings(), hook.url, smtp.url)
        settings = settings.model_copy(update={"demo_server": sites.url, "database_url": db_url})
        engine, factory = open_database(settings)
        yield settings, factory, sites, hook, smtp
        engine.dispose()


def expected_events() -> dict[str, str]:
    """Canonical URL of the first report -> type, for every event that must alert once."""
    return {
        canonical_url(a.url): a.expected_type
        for a in demo_articles()
        if a.expected_type != "other" and a.duplicate_of is None and a.same_event_as is None
    }


def original(url: str) -> str:
    """The canonical URL of the first report of the event an article reports.

    Which copy or report is crawled first is up to the crawl; the event alerts once.
    """
    firsts = {
        canonical_url(a.url): canonical_url(a.duplicate_of or a.same_event_as)
        for a in demo_articles()
        if a.duplicate_of or a.same_event_as
    }
    return firsts.get(canonical_url(url), canonical_url(url))


def test_demo_cycle_end_to_end(demo_env):
    settings, factory, sites, hook, smtp = demo_env
    wanted = check_sites(settings, list(settings.sites))

    first = run_cycle(settings, factory, wanted)

    assert first.failed_sites == [], first.outcome.stderr_tail
    assert "twisted.internet.reactor" not in sys.modules, "the reactor ran in the parent"
    with factory() as session:
        stored = {row.canonical_url: row for row in session.scalars(select(Article))}
        # every demo article stored once; the PDF attachment is not an article
        assert set(stored) == {canonical_url(a.url) for a in demo_articles()}
        alerted = {
            original(row.canonical_url): row.event.type
            for row in stored.values()
            if row.event is not None and row.duplicate_of is None
        }
        assert alerted == expected_events()
        # a republished copy is linked to the first copy and alerts no one
        for article in demo_articles():
            if article.duplicate_of:
                pair = {
                    stored[canonical_url(article.url)],
                    stored[canonical_url(article.duplicate_of)],
                }
                assert sum(1 for row in pair if row.duplicate_of is not None) == 1
        # every report of one event (copies and rewrites alike) shares one event row
        for article in demo_articles():
            first_report = article.duplicate_of or article.same_event_as
            if first_report:
                one = stored[canonical_url(article.url)].event_id
                assert one is not None
                assert one == stored[canonical_url(first_report)].event_id, article.url
        runs = session.scalars(select(CrawlRun)).all()
        assert {run.site for run in runs} == set(wanted)
        assert all(run.status == "ok" and run.finished_at for run in runs)
        # only the JS-only site's listing and its script-filled article were rendered
        rendered = {run.site: run.rendered for run in runs if run.rendered}
        assert rendered == ({JS_SITE: 2} if RENDERING else {})
        js_run = next(run for run in runs if run.site == JS_SITE)
        if not RENDERING:
            assert any(w.startswith("render-unavailable:") for w in js_run.warnings)
        n_alerts = session.scalar(select(func.count(Alert.id)).where(Alert.status == "sent"))
    n_events = len(expected_events())
    assert len(first.events) == n_events
    assert n_alerts == 2 * n_events  # one webhook + one e-mail per event

    # the receivers really got them: signed webhooks, e-mails with the event
    assert len(hook.received) == n_events
    verifier = Webhook(settings.webhook_secret.get_secret_value())
    urls = set()
    for post in hook.received:
        payload = verifier.verify(post.body, post.headers)
        assert payload["id"] == post.headers["webhook-id"]
        urls.add(original(payload["article"]["url"]))
    assert urls == set(expected_events())
    assert len(smtp.messages) == n_events
    assert all(
        m["Subject"].startswith(("[forum]", "[agreement]", "[launch]")) for m in smtp.messages
    )

    # second cycle: nothing new, nothing sent, no article fetched again
    before = len(sites.access_log)
    second = run_cycle(settings, factory, wanted)
    assert second.failed_sites == []
    assert second.events == []
    assert second.dispatch.sent == []
    assert len(hook.received) == n_events and len(smtp.messages) == n_events
    refetched = {r.path for r in sites.access_log[before:]}
    article_paths = {a.url.split("/", 3)[3] for a in demo_articles()}
    assert not {p.lstrip("/") for p in refetched} & article_paths
    with factory() as session:
        assert session.scalar(select(func.count(Event.id))) == n_events
        # the remembered JS listing went straight to the browser, nothing else did
        latest = session.scalars(
            select(CrawlRun).where(CrawlRun.site == JS_SITE).order_by(CrawlRun.id.desc())
        ).first()
        assert latest is not None and latest.rendered == (1 if RENDERING else 0)
    if RENDERING:
        listing = [r for r in sites.access_log[before:] if r.path == "/health/index.shtml"]
        assert len(listing) == 1, "a remembered script-built listing is not fetched statically"


def test_crawl_timeout_is_recorded(demo_env):
    settings, factory, _sites, _hook, _smtp = demo_env
    settings = settings.model_copy(update={"crawl_timeout": 0.3})
    result = run_cycle(settings, factory, ["demo_etown"])
    assert result.outcome.timed_out
    assert result.failed_sites == ["demo_etown"]
    with factory() as session:
        statuses = set(session.scalars(select(CrawlRun.status)))
    # the child may be killed before it recorded its run at all
    assert statuses <= {"timeout"}
