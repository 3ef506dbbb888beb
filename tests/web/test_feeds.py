"""Feeds of a filter, read back as feed readers and calendars read them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from urllib.parse import quote

import feedparser
import icalendar

from tests.web.webdata import TODAY


def test_rss_and_atom_carry_each_event_of_the_filter(live):
    s = live.stored
    for suffix in ("rss", "atom"):
        answer = live.get(f"/events.{suffix}?type=forum&status=upcoming")
        assert answer.status == 200
        assert answer.headers["content-type"].startswith(f"application/{suffix}+xml")
        feed = feedparser.parse(answer.body)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.title == "healthwatch: forum; upcoming"
        assert feed.feed.link == f"{live.url}/events?type=forum&status=upcoming"
        assert len(feed.entries) == 1
        entry = feed.entries[0]
        start = TODAY + dt.timedelta(days=10)
        assert (
            entry.title
            == f"[forum] {start} to {start + dt.timedelta(days=1)} - International Health Industry Forum"
        )
        assert entry.link == f"{live.url}/events/{s.forum}"
        assert entry.id == f"{live.url}/events/{s.forum}"
        assert "status: upcoming" in entry.summary
        assert "site_zh (zh): http://zh.example.test/luntan.html" in entry.summary
        assert "copy on site_copy: http://copy.example.test/forum.html" in entry.summary
        assert [tag.term for tag in entry.tags] == ["forum"]
        assert entry.published_parsed is not None


def test_feeds_list_newest_found_first_and_escape_titles(live):
    feed = feedparser.parse(live.get("/events.atom").body)
    assert len(feed.entries) == 6
    assert feed.entries[0].link.endswith(f"/events/{live.stored.script}")  # stored last
    assert feed.entries[0].title.endswith("<script>alert('x')</script> Medical Devices Expo & Fair")


def test_json_feed_1_1(live):
    answer = live.get("/events.json?q=" + quote("論壇"))
    assert answer.headers["content-type"].startswith("application/feed+json")
    feed = json.loads(answer.body)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{live.url}/events.json?q=%E8%AB%96%E5%A3%87"
    assert feed["home_page_url"] == f"{live.url}/events?q=%E8%AB%96%E5%A3%87"
    [item] = feed["items"]
    assert item["id"] == item["url"] == f"{live.url}/events/{live.stored.forum}"
    assert item["external_url"] == "http://en.example.test/forum.html"
    assert dt.datetime.fromisoformat(item["date_published"]).tzinfo is not None
    assert item["tags"] == ["forum", "upcoming"]
    assert item["_healthwatch"]["sites"] == ["site_en", "site_zh", "site_copy"]


def test_icalendar_feed_has_dates_place_and_status(live):
    s = live.stored
    answer = live.get("/events.ics?type=forum&type=launch")
    assert answer.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(answer.body)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    # the undated forum is not in a calendar
    assert set(events) == {
        f"event-{i}@healthwatch" for i in (s.forum, s.postponed, s.cancelled, s.script)
    }
    forum = events[f"event-{s.forum}@healthwatch"]
    assert forum.decoded("dtstart") == TODAY + dt.timedelta(days=10)
    assert forum.decoded("dtend") == TODAY + dt.timedelta(days=12)  # exclusive: the day after
    assert str(forum["location"]) == "Beijing E-Town"
    assert str(forum["summary"]) == "International Health Industry Forum"
    assert str(forum["url"]) == f"{live.url}/events/{s.forum}"
    assert str(forum["status"]) == "CONFIRMED"
    assert str(events[f"event-{s.cancelled}@healthwatch"]["status"]) == "CANCELLED"
    assert str(events[f"event-{s.postponed}@healthwatch"]["status"]) == "TENTATIVE"


def test_one_event_ics(live):
    s = live.stored
    cal = icalendar.Calendar.from_ical(live.get(f"/events/{s.held}.ics").body)
    [event] = cal.walk("VEVENT")
    assert event.decoded("dtstart") == TODAY - dt.timedelta(days=30)
    assert str(event["summary"]) == "Hospital and biotech park sign cooperation agreement"
    assert (
        live.get(f"/events/{s.undated}.ics").json()["error"]
        == f"event {s.undated} has no known date"
    )
    assert live.get("/events/999999.ics").status == 404


def test_csv_and_ndjson_export_every_event_of_the_filter(live):
    s = live.stored
    answer = live.get("/events.csv?sort=date")
    rows = list(csv.DictReader(io.StringIO(answer.body.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [
        s.script,
        s.held,
        s.cancelled,
        s.forum,
        s.postponed,
        s.undated,
    ]
    forum = rows[3]
    assert forum["status"] == "upcoming" and forum["sites"] == "site_en; site_zh; site_copy"
    assert rows[1]["status"] == "held"
    assert rows[0]["title"].startswith("<script>")  # text, not a formula: left as it is
    lines = live.get("/events.ndjson?language=zh&limit=1").text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [s.forum]
    everything = [
        json.loads(line) for line in live.get("/events.ndjson?sort=-found").text.splitlines()
    ]
    assert [e["id"] for e in everything] == sorted((e["id"] for e in everything), reverse=True)
    assert everything[-1]["articles"][0]["url"] == "http://en.example.test/forum.html"


def test_feed_with_bad_filter_is_a_json_422(live):
    for suffix in ("rss", "atom", "json", "ics", "csv", "ndjson"):
        answer = live.get(f"/events.{suffix}?from=not-a-date")
        assert answer.status == 422
        assert answer.json()["error"].startswith("from: ")
    assert live.get("/events.csv?cursor=xyz").json()["error"].startswith("cursor: ")
