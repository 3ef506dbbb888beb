"""`healthwatch events` with the web's filters, and --json / 80 columns for
`status`, `sites`, `alerts list` and `subscriptions` (issue 17, item 5)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from storage.db import make_engine, session_factory, upgrade
from tests.cli.test_cli import healthwatch
from tests.web.webdata import TODAY, populate


@pytest.fixture
def stored_db(tmp_path):
    url = f"sqlite:///{tmp_path}/hw.db"
    upgrade(url)
    engine = make_engine(url)
    stored = populate(session_factory(engine))
    engine.dispose()
    return tmp_path, {"HEALTHWATCH_DATABASE_URL": url}, stored


def events_json(tmp_path, env, *args) -> list[dict]:
    done = healthwatch("events", "--json", *args, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def test_events_filters_and_json_with_articles_and_evidence(stored_db):
    tmp_path, env, s = stored_db
    assert [e["id"] for e in events_json(tmp_path, env, "--upcoming")] == [s.forum, s.postponed]
    assert [e["id"] for e in events_json(tmp_path, env, "--site", "site_zh")] == [
        s.forum,
        s.undated,
    ]
    assert [e["id"] for e in events_json(tmp_path, env, "--search", "論壇")] == [s.forum]
    assert [e["id"] for e in events_json(tmp_path, env, "--relevant", "--type", "launch")] == [
        s.cancelled
    ]
    window = events_json(
        tmp_path, env, "--from", str(TODAY), "--to", str(TODAY + dt.timedelta(days=10))
    )
    assert {e["id"] for e in window} == {s.forum, s.cancelled}
    # --since is about when healthwatch found an event, not its date
    assert len(events_json(tmp_path, env, "--since", str(TODAY - dt.timedelta(days=1)))) == 6
    assert events_json(tmp_path, env, "--since", str(TODAY + dt.timedelta(days=2))) == []
    [forum] = events_json(tmp_path, env, "--status", "upcoming")
    assert forum["source_url"] == "http://en.example.test/forum.html"
    assert [a["site"] for a in forum["articles"]] == ["site_en", "site_zh", "site_copy"]
    assert forum["evidence"][0] == {"field": "type", "text": "International Health Industry Forum"}
    help_text = healthwatch("events", "--help", cwd=tmp_path, env=env).stdout.decode()
    assert "first seen" in help_text and "--from" in help_text


def lines_of(done) -> list[str]:
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode().splitlines()


def test_tables_fit_80_columns_and_keep_their_facts(stored_db):
    tmp_path, env, _ = stored_db
    narrow = env | {"COLUMNS": "80"}
    events = lines_of(healthwatch("events", cwd=tmp_path, env=narrow))
    assert max(len(line) for line in events) <= 80
    assert any("http://en.example.test/forum.html" in line for line in events)
    status = lines_of(healthwatch("status", cwd=tmp_path, env=narrow))
    assert max(len(line) for line in status) <= 80
    assert any("health" in line for line in status)
    alerts = lines_of(healthwatch("alerts", "list", cwd=tmp_path, env=narrow))
    assert max(len(line) for line in alerts) <= 80
    text = "\n".join(alerts)
    assert "HTTP 500" in text and "dead" in text and "secret" not in text
    subs = lines_of(healthwatch("subscriptions", cwd=tmp_path, env=narrow))
    assert max(len(line) for line in subs) <= 80


def test_status_and_sites_json(stored_db):
    tmp_path, env, _ = stored_db
    status = [
        json.loads(line)
        for line in lines_of(healthwatch("status", "--json", cwd=tmp_path, env=env))
    ]
    assert status[-1]["totals"]["events"] == 6
    assert {"site", "healthy", "next_run", "last_run", "articles"} <= set(status[0])
    sites = [
        json.loads(line) for line in lines_of(healthwatch("sites", "--json", cwd=tmp_path, env=env))
    ]
    assert {
        "site": "demo_etown",
        "enabled": True,
        "schedule": "every 30m",
        "spider": "yes",
    } in sites
