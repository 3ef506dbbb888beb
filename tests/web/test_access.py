"""Who may read, and what reaches a browser: tokens, escaping, no stack traces."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import urlsplit

import pytest

from tests.cli.test_cli import healthwatch, one_error_line
from tests.web.conftest import TOKEN
from tests.web.webdata import SCRIPT_TITLE, populate


@pytest.fixture
def guarded(factory, db_url, serve_app):
    app = serve_app(db_url, token=TOKEN)
    app.stored = populate(factory)
    return app


def test_without_the_token_nothing_but_static_and_login(guarded):
    for path in ("/events", "/events/1", "/calendar", "/sites", "/api/v1/events",
                 "/api/v1/openapi.json", "/events.rss", "/events.ics"):  # fmt: skip
        answer = guarded.get(path, auth=False)
        assert answer.status == 401, path
        assert answer.headers["www-authenticate"].startswith("Bearer")
    assert guarded.get("/api/v1/events", auth=False).json()["error"] == "a valid token is needed"
    assert "name='token'" in guarded.get("/events", auth=False).text  # the login form
    assert guarded.get("/static/style.css", auth=False).status == 200
    wrong = {"Authorization": "Bearer wrong-token-0123456789"}
    assert guarded.get("/api/v1/events", wrong).status == 401


def test_bearer_header_query_token_for_feeds_and_login_cookie(guarded):
    assert guarded.get("/api/v1/events").status == 200
    assert guarded.get("/events").status == 200
    # feeds take ?token= (readers that cannot send headers); pages and the API do not
    assert guarded.get(f"/events.rss?token={TOKEN}", auth=False).status == 200
    assert (
        guarded.get(f"/events/{guarded.stored.forum}.ics?token={TOKEN}", auth=False).status == 200
    )
    assert guarded.get(f"/api/v1/events?token={TOKEN}", auth=False).status == 401
    bad = guarded.get("/login", auth=False, method="POST", data=b"token=nope&next=/sites")
    assert bad.status == 401 and "That is not the token." in bad.text
    form = f"token={TOKEN}&next=https://evil.example/".encode()
    import http.client

    host = urlsplit(guarded.url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    conn.request(
        "POST", "/login", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    answer = conn.getresponse()
    assert answer.status == 303
    assert answer.getheader("location") == "/events"  # no open redirect
    cookie = answer.getheader("set-cookie")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    conn.close()
    assert guarded.get("/sites", {"Cookie": cookie.split(";")[0]}, auth=False).status == 200


def test_database_strings_are_escaped_everywhere(live):
    s = live.stored
    for path in ("/events", f"/events/{s.script}", "/calendar?month=" + live.get(
            f"/api/v1/events/{s.script}").json()["start"][:7]):  # fmt: skip
        page = live.get(path).text
        assert "<script>alert" not in page, path
        assert (
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Medical Devices Expo &amp; Fair"
            in page
        ), path
    ld = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        live.get(f"/events/{s.script}").text,
        re.S,
    )
    assert ld and "</script" not in ld.group(1)
    import json

    assert json.loads(ld.group(1))["name"] == SCRIPT_TITLE


def test_pages_answer_bad_input_with_one_message(live):
    answer = live.get("/events?from=2024-02-30")
    assert answer.status == 422
    assert re.search(r'<p class="error" id="error">from: [^<\n]+</p>', answer.text)
    assert "Traceback" not in answer.text
    assert live.get("/events?nope=1").status == 422
    assert live.get("/calendar?month=2024-13").status == 422
    assert live.get("/events/999999").status == 404
    assert "content-security-policy" in {k.lower() for k in live.get("/events").headers}


def test_a_database_gone_is_a_503_without_details(tmp_path, serve_app):
    from storage.db import upgrade

    url = f"sqlite:///{tmp_path}/gone.db"
    upgrade(url)
    app = serve_app(url)
    with sqlite3.connect(tmp_path / "gone.db") as conn:
        conn.execute("DROP TABLE alert")
        conn.execute("DROP TABLE event_change")
        conn.execute("DROP TABLE article")
        conn.execute("DROP TABLE event")
    answer = app.get("/api/v1/events")
    assert answer.status == 503
    assert answer.json() == {
        "error": "the database is not available; try again later",
        "status": 503,
    }


def test_serve_refuses_an_open_address_without_a_token(tmp_path):
    done = healthwatch("serve", "--http", "0.0.0.0:8999", cwd=tmp_path)
    assert done.returncode == 2
    assert "refusing to serve on 0.0.0.0 without a token" in one_error_line(done)
    bad = healthwatch("serve", "--http", "nowhere", cwd=tmp_path)
    assert bad.returncode == 2 and "--http" in one_error_line(bad)
    short = healthwatch("serve", cwd=tmp_path, env={"HEALTHWATCH_WEB_TOKEN": "short"})
    assert short.returncode == 2 and "web_token" in one_error_line(short)
    missing = healthwatch("serve", cwd=tmp_path)  # no database yet
    assert missing.returncode == 3
    assert "healthwatch db upgrade" in one_error_line(missing)
