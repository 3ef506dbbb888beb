"""Apprise URLs through the Apprise library, posting to a real local JSON
endpoint; the SSRF guard and URL masking apply to them too."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from alert_helpers import OPTIONS, alerts_of, crawled_before, report, store, subscribe
from sqlalchemy.orm import Session, sessionmaker

from alerts.apprise_channel import AppriseChannel
from alerts.channels import ChannelOptions, SendFailed, channel_for, masked
from alerts.dispatcher import dispatch_due
from alerts.message import sample_message


class JsonEndpoint:
    """What Apprise's json:// posts, kept; answers with a fixed status."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.bodies: list[dict[str, Any]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                endpoint.bodies.append(json.loads(body))
                self.send_response(endpoint.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])


@pytest.fixture
def endpoint() -> Iterator[JsonEndpoint]:
    server = JsonEndpoint()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_apprise_json_url_delivers_title_and_body(
    factory: sessionmaker[Session], endpoint: JsonEndpoint
) -> None:
    subscribe(factory, ("chat", f"json://127.0.0.1:{endpoint.port}/notify", {}, "instant"))
    crawled_before(factory, "gov")
    store(factory, report("http://gov.test/1.html", title="北京医疗器械博览会开幕", site="gov"))
    sent = dispatch_due(factory, OPTIONS, retry=3)
    assert [m.subscription for m in sent.sent] == ["chat"]
    [body] = endpoint.bodies
    assert "北京医疗器械博览会开幕" in body["title"]
    assert body["title"].startswith("[forum]")
    assert "http://gov.test/1.html" in body["message"]
    [(_, row)] = alerts_of(factory)
    assert (row.status, row.attempts) == ("sent", 1)


def test_apprise_failure_is_retried_with_the_providers_reason(
    factory: sessionmaker[Session], endpoint: JsonEndpoint
) -> None:
    endpoint.status = 503
    subscribe(factory, ("chat", f"json://127.0.0.1:{endpoint.port}/notify", {}, "instant"))
    crawled_before(factory, "gov")
    store(factory, report("http://gov.test/1.html", site="gov"))
    result = dispatch_due(factory, OPTIONS, retry=3)
    [(_, error)] = result.retrying
    assert "503" in error
    [(_, row)] = alerts_of(factory)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, error)


def test_apprise_refuses_private_hosts_unless_allowed(endpoint: JsonEndpoint) -> None:
    guarded = ChannelOptions(allow_private=False)
    with pytest.raises(SendFailed, match="non-public") as info:
        channel_for(f"json://127.0.0.1:{endpoint.port}/x", guarded).send(sample_message("json://"))
    assert info.value.retryable is False
    assert endpoint.bodies == []


def test_unknown_schemes_go_to_apprise_and_nonsense_is_refused() -> None:
    assert isinstance(channel_for("ntfys://ntfy.example.org/topic", OPTIONS), AppriseChannel)
    with pytest.raises(SendFailed, match="not a channel URL") as info:
        channel_for("nonsense://whatever", OPTIONS)
    assert info.value.retryable is False


@pytest.mark.parametrize(
    ("url", "secrets", "kept"),
    [
        (
            "smtp://alice:s3cr3t-pw@mail.example.org:587?to=a@example.org&starttls=1",
            ["s3cr3t-pw"],
            "alice:***@mail.example.org",
        ),
        ("https://hooks.example.org/x?token=abc123secret&team=7", ["abc123secret"], "team=7"),
        ("json://bob:hunter2pass@hooks.example.org/notify", ["hunter2pass"], "hooks.example.org"),
        (
            "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
            ["A1BRTD4JD", "TIiajkdnlazkcOXrIdevi7FQ"],
            "slack://",
        ),
        ("tgram://123456789:abcdefg_hijklmnop/12315544", ["abcdefg_hijklmnop"], "tgram://"),
    ],
)
def test_masked_urls_hide_credentials(url: str, secrets: list[str], kept: str) -> None:
    shown = masked(url)
    for secret in secrets:
        assert secret not in shown
    assert kept in shown
