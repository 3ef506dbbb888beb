"""``/api/v1`` against the running app, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import func, select

from storage.models import Article, Event
from tests.web.webdata import TODAY


def ids(answer) -> list[int]:
    return [event["id"] for event in answer.json()["events"]]


def test_events_list_carries_status_true_today_reports_and_evidence(live):
    answer = live.get("/api/v1/events")
    assert answer.status == 200
    body = answer.json()
    assert body["total"] == 6
    by_id = {event["id"]: event for event in body["events"]}
    s = live.stored
    held = by_id[s.held]
    assert (held["status"], held["reported_status"]) == ("held", "upcoming")
    forum = by_id[s.forum]
    assert forum["status"] == "upcoming"
    assert forum["start"] == (TODAY + dt.timedelta(days=10)).isoformat()
    assert forum["sites"] == ["site_en", "site_zh", "site_copy"]
    assert forum["source_url"] == "http://en.example.test/forum.html"
    assert [a["duplicate_of"] for a in forum["articles"]] == [None, None, s.forum_articles[0]]
    assert forum["evidence"][1] == {"field": "place", "text": "held in Beijing E-Town"}
    assert urlsplit(forum["url"]).path == f"/events/{s.forum}"
    # latest event date first; the undated event last
    assert ids(answer)[-1] == s.undated
    dated = [e["start"] for e in body["events"] if e["start"]]
    assert dated == sorted(dated, reverse=True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=agreement", ["held"]),
        ("type=forum&type=launch", ["script", "cancelled", "forum", "postponed", "undated"]),
        ("status=held", ["script", "held"]),
        ("status=upcoming", ["forum"]),
        ("status=postponed&status=cancelled", ["cancelled", "postponed"]),
        ("upcoming=yes", ["forum", "postponed"]),
        ("site=site_zh", ["forum", "undated"]),
        ("language=zh", ["forum", "undated"]),
        ("relevant=no", ["undated"]),
        (f"from={TODAY}&to={TODAY + dt.timedelta(days=10)}", ["cancelled", "forum"]),
        (f"from={TODAY + dt.timedelta(days=11)}", ["forum", "postponed"]),
        ("q=" + quote("論壇"), ["forum"]),  # Traditional finds the Traditional report...
        ("q=" + quote("论坛"), ["forum"]),  # ...and so does Simplified
        ("q=" + quote("HEALTH industry"), ["forum"]),
        ("q=" + quote("municipal health"), ["forum"]),
        ("q=" + quote("芯片"), ["undated"]),
        ("q=" + quote("100%_"), []),
        ("q=" + quote("' OR 1=1 --"), []),
        ("type=forum&site=site_zh&q=" + quote("論壇"), ["forum"]),
        # FTS5 query syntax is text to find (storage/search.py), never syntax
        ("q=" + quote('"'), []),
        ("q=" + quote('forum"'), []),
        ("q=" + quote("forum*"), []),
        ("q=" + quote("NEAR(forum health)"), []),
        ("q=" + quote("-health"), []),
        ("q=" + quote("(论坛"), []),
        ("q=" + quote("forum OR expo"), []),
        ("q=" + quote("health AND"), ["forum"]),  # two words: "and" is in its text
        ("q=" + quote("e-town"), ["forum"]),
        ("q=" + quote("論壇 e-town"), []),  # in two reports, not in one
    ],
)
def test_filters_select_the_right_events(live, query, expected):
    s = live.stored
    names = {
        getattr(s, name): name
        for name in ("forum", "held", "postponed", "cancelled", "undated", "script")
    }
    answer = live.get(f"/api/v1/events?{query}&sort=date")
    assert answer.status == 200, answer.text
    assert [names[i] for i in ids(answer)] == expected
    assert answer.json()["total"] == len(expected)


def test_cursor_pages_cover_every_event_once_in_order(live):
    for sort in ("date", "-date", "-found"):
        seen, url = [], f"/api/v1/events?limit=2&sort={sort}"
        while url:
            body = live.get(url).json()
            assert len(body["events"]) <= 2
            seen += [e["id"] for e in body["events"]]
            url = (
                urlsplit(body["next"]).path + "?" + urlsplit(body["next"]).query
                if body["next"]
                else None
            )
        whole = ids(live.get(f"/api/v1/events?limit=200&sort={sort}"))
        assert seen == whole and sorted(seen) == sorted(set(seen)) and len(seen) == 6


def test_one_event_has_articles_with_text_evidence_changes_and_alerts(live):
    s = live.stored
    body = live.get(f"/api/v1/events/{s.forum}").json()
    assert [a["site"] for a in body["articles"]] == ["site_en", "site_zh", "site_copy"]
    assert "Beijing Municipal Health Commission" in body["articles"][0]["text"]
    assert body["alerts"][0]["state"] == "sent"
    assert "secret" not in body["alerts"][0]["channel"]  # channels are masked
    changed = live.get(f"/api/v1/events/{s.postponed}").json()
    assert [(c["field"], c["old"], c["new"]) for c in changed["changes"]] == [
        ("status", "upcoming", "postponed")
    ]
    assert changed["changes"][0]["source_url"] == f"http://en.example.test/{s.postponed}.html"


def test_articles_sites_and_runs(live, factory):
    first = live.get("/api/v1/articles?limit=3").json()
    assert len(first["articles"]) == 3 and first["next_cursor"]
    rest = live.get(f"/api/v1/articles?limit=50&cursor={first['next_cursor']}").json()
    with factory() as session:
        total = session.scalar(select(func.count(Article.id)))
    got = [a["id"] for a in first["articles"] + rest["articles"]]
    assert len(got) == total == len(set(got)) and got == sorted(got, reverse=True)
    of_event = live.get(f"/api/v1/articles?event={live.stored.forum}").json()["articles"]
    assert {a["site"] for a in of_event} == {"site_en", "site_zh", "site_copy"}
    sites = {site["key"]: site for site in live.get("/api/v1/sites").json()["sites"]}
    assert sites["site_zh"]["healthy"] is False
    assert sites["site_zh"]["warnings"] == [
        "render-failed: http://zh.example.test/js.html: timeout"
    ]
    assert sites["site_en"]["warnings"][0].startswith("layout-changed:")
    assert sites["site_en"]["events"] == 5 and sites["site_copy"]["articles"] == 1
    runs = live.get("/api/v1/runs?site=site_zh").json()["runs"]
    assert [(r["site"], r["status"]) for r in runs] == [("site_zh", "failed")]


def test_openapi_schema_is_served(live):
    schema = live.get("/api/v1/openapi.json").json()
    assert {"/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/articles", "/api/v1/sites",
            "/api/v1/runs"} <= set(schema["paths"])  # fmt: skip
    params = {p["name"] for p in schema["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert {
        "type",
        "status",
        "from",
        "to",
        "site",
        "language",
        "relevant",
        "q",
        "cursor",
        "limit",
    } <= params


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2024-13-01", "from: "),
        ("to=yesterday", "to: "),
        ("type=webinar", "type: unknown event type 'webinar'"),
        ("status=soon", "status: "),
        ("language=fr", "language: "),
        ("limit=100000", "limit: "),
        ("limit=0", "limit: "),
        ("colour=red", "unknown parameter 'colour'"),
        ("cursor=bm90LW91cnM", "cursor: not a cursor this list gave out"),
        ("from=2024-05-02&to=2024-05-01", "from (2024-05-02) is after to (2024-05-01)"),
        ("q=" + "x" * 500, "q: "),
        ("q=" + quote("forum\x00"), "q: control character U+0000 in the search words"),
        ("q=" + quote("a\x1bb"), "q: control character U+001B"),
        ("site=" + quote("a;drop table"), "site: not a site key"),
    ],
)
def test_bad_input_is_a_422_with_one_message(live, factory, query, message):
    with factory() as session:
        before = session.scalar(select(func.count(Event.id)))
    answer = live.get(f"/api/v1/events?{query}")
    assert answer.status == 422
    body = answer.json()
    assert body["error"].startswith(message) or message in body["error"], body
    assert "Traceback" not in answer.text and "\n" not in body["error"]
    with factory() as session:
        assert session.scalar(select(func.count(Event.id))) == before


def test_unknown_event_and_path_are_404_and_writes_are_refused(live):
    assert live.get("/api/v1/events/999999").json() == {"error": "no event 999999", "status": 404}
    assert live.get("/api/v1/events/abc").status == 422
    assert live.get("/api/v1/nothing").status == 404
    assert live.get("/api/v1/events", method="POST", data=b"{}").status == 405
    assert live.get("/api/v1/events/1", method="DELETE").status == 405
