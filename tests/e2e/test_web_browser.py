"""What analysts see, in headless chromium (Debian's, through Playwright), on
the demo's data: filter the events page, open an event, see its evidence
highlighted, follow an article link, subscribe to a filter's feed.
Screenshots go to test-artifacts/web/ (not committed)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import icalendar
import pytest
from sqlalchemy import select

from crawler.config.settings import load_demo_settings
from crawler.crawl.browser import CHROMIUM_FLAGS
from crawler.demo.server import DemoServer
from scheduler.cycle import check_sites, open_database, run_cycle
from storage.models import Event
from tests.web.conftest import start

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo crawled once into SQLite; the demo sites stay up (as a proxy)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web-demo')}/demo.db"
    with DemoServer() as sites:
        settings = load_demo_settings().model_copy(
            update={"demo_server": sites.url, "database_url": url, "subscriptions": []}
        )
        engine, factory = open_database(settings)
        result = run_cycle(settings, factory, check_sites(settings, list(settings.sites)))
        assert not result.failed_sites, result.outcome.stderr_tail
        with factory() as session:
            events = session.scalars(select(Event)).all()
        engine.dispose()
        assert len(events) >= 10
        yield url, sites.url, events


@pytest.fixture(scope="module")
def browser(demo_site):
    from playwright.sync_api import sync_playwright
    from scrapy.settings import Settings as ScrapySettings

    from crawler.crawl.browser import browser_path

    path = browser_path(ScrapySettings())
    if path is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; CI installs it)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        # Links to the demo's own sites (*.demo.test) go through the demo
        # server, as the crawl did; 127.0.0.1 (the app) is never proxied.
        launched = playwright.chromium.launch(
            executable_path=path, args=[*CHROMIUM_FLAGS, f"--proxy-server={demo_site[1]}"]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def app_url(demo_site):
    server, thread, url = start_app(demo_site[0])
    yield url
    server.should_exit = True
    thread.join(10)


def start_app(db_url):
    from crawler.web.common import WebConfig

    return start(WebConfig(db_url))


def test_filter_open_an_event_see_evidence_follow_the_source(browser, app_url, demo_site):
    page = browser.new_page(viewport={"width": 1100, "height": 860})
    page.goto(f"{app_url}/events")
    total = int(page.locator("#total").inner_text())
    assert total == len(demo_site[2])
    page.check("input[name=type][value=forum]")
    page.fill("input[name=q]", "論壇")  # Traditional: finds the Simplified 论坛 reports
    page.click("button[type=submit]")
    query = parse_qs(urlsplit(page.url).query)
    assert query["type"] == ["forum"] and query["q"] == ["論壇"]
    found = page.locator("ol.events li.event").evaluate_all("els => els.map(e => e.dataset.id)")
    simplified = page.request.get(f"{app_url}/api/v1/events?type=forum&q=论坛").json()
    assert found and found == [str(e["id"]) for e in simplified["events"]]
    assert set(page.locator("ol.events .badge.type-forum").all_inner_texts()) == {"forum"}
    page.screenshot(path=ARTIFACTS / "events.png")

    page.goto(f"{app_url}/events?type=forum&language=en")
    page.locator("ol.events a.title").first.click()
    page.wait_for_url("**/events/*")
    marks = page.locator(".article-text mark")
    assert marks.count() >= 2
    assert marks.first.is_visible()
    titles = page.locator(".article-text mark").evaluate_all("els => els.map(e => e.title)")
    fields = {field for title in titles for field in title.split(", ")}
    assert {"type", "start"} <= fields, fields
    assert page.locator("script[type='application/ld+json']").count() == 1
    page.locator("h2", has_text="Why").scroll_into_view_if_needed()
    page.evaluate(
        "window.scrollBy(0, document.querySelector('h2').getBoundingClientRect().top - 8)"
    )
    page.screenshot(path=ARTIFACTS / "event.png")

    title = page.locator("ul.reports a.report").first.inner_text()
    page.locator("ul.reports a.report").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).hostname.endswith(".demo.test")
    assert title.split()[0] in page.locator("h1").first.inner_text()
    page.close()


def test_subscribe_url_of_a_filter_is_a_valid_feed(browser, app_url):
    page = browser.new_page()
    page.goto(f"{app_url}/events?type=agreement")
    listed = page.locator("ol.events li.event").count()
    rss = page.locator(".subscribe a", has_text="RSS").get_attribute("href")
    assert rss == "/events.rss?type=agreement"
    feed = feedparser.parse(page.request.get(app_url + rss).body())
    assert not feed.bozo and len(feed.entries) == listed
    assert all(entry.title.startswith("[agreement]") for entry in feed.entries)
    ics = page.locator(".subscribe a", has_text="iCalendar").get_attribute("href")
    cal = icalendar.Calendar.from_ical(page.request.get(app_url + ics).body())
    assert len(cal.walk("VEVENT")) == listed
    page.close()


def test_calendar_and_phone_width(browser, app_url, demo_site):
    dated = sorted((e for e in demo_site[2] if e.start_date), key=lambda e: e.start_date)
    month = dated[-1].start_date.strftime("%Y-%m")
    page = browser.new_page(viewport={"width": 1100, "height": 860})
    page.goto(f"{app_url}/calendar?month={month}")
    assert page.locator("a.cal-event").count() >= 1
    page.screenshot(path=ARTIFACTS / "calendar.png")
    page.locator("a[rel=prev]").click()
    assert (
        f"month={(dated[-1].start_date.replace(day=1) - __import__('datetime').timedelta(days=1)):%Y-%m}"
        in page.url
    )
    page.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    for path in ("/events", f"/events/{dated[-1].id}", "/sites"):
        phone.goto(app_url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, (path, width)  # nothing wider than the phone
    phone.screenshot(path=ARTIFACTS / "sites-phone.png")
    phone.close()
