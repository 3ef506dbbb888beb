"""The pages: calendar cells, sites, the event page's parts."""

from __future__ import annotations

import datetime as dt
import re

from storage.db import transaction
from storage.models import Event
from tests.web.webdata import TODAY


def test_a_busy_day_shows_six_events_and_links_to_the_rest(factory, db_url, serve_app):
    day = dt.date(2025, 5, 14)
    with transaction(factory) as session:
        session.add_all(
            Event(type="forum", title=f"Forum {i}", start_date=day, status="held") for i in range(9)
        )
        session.add(
            Event(
                type="forum",
                title="Two-day expo",
                start_date=day,
                end_date=day + dt.timedelta(days=1),
                status="held",
            )
        )
    app = serve_app(db_url)
    page = app.get("/calendar?month=2025-05&type=forum").text
    assert page.count('class="cal-event') == 6 + 1  # six on the 14th, the expo again on the 15th
    more = re.search(r'<a class="cal-more" href="([^"]+)">\+4 more</a>', page)
    assert more
    listed = app.get(more.group(1).replace("&amp;", "&")).text
    assert '<strong id="total">10</strong>' in listed


def test_event_page_parts(live):
    s = live.stored
    page = live.get(f"/events/{s.forum}").text
    assert '<mark class="ev-place" title="place">held in Beijing E-Town</mark>' in page
    assert "1 copy" in page and "http://copy.example.test/forum.html" in page
    assert "hooks.example.test" in page and "secret" not in page  # the channel, masked
    postponed = live.get(f"/events/{s.postponed}").text
    assert re.search(r"<td>status</td><td>upcoming</td><td>postponed</td>", postponed)
    sites = live.get("/sites").text
    assert "render-failed: http://zh.example.test/js.html: timeout" in sites
    assert "3 failed crawls in a row" in sites
    assert live.get("/calendar").status == 200
    assert f"<h1>{TODAY:%B %Y}" in live.get("/calendar").text
