"""Alert channels against real local receivers: signatures, SSRF guard, e-mail."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from alerts.channels import ChannelOptions, SendFailed, channel_for
from alerts.message import AlertMessage, EventSummary, Report
from alerts.smtp import SmtpChannel
from alerts.targets import TargetRefusedError, check_target
from alerts.webhook import WebhookChannel, connect_first
from crawler.demo.receivers import SmtpSink, WebhookReceiver

SECRET = "whsec_" + base64.b64encode(b"channel-test-secret-0123456789ab").decode()
LOCAL = ChannelOptions(secret=SECRET, allow_private=True)
GUARDED = ChannelOptions(secret=SECRET, allow_private=False)

EVENT = EventSummary(
    id=7,
    type="forum",
    title="博鳌亚洲论坛 2024 年年会",
    start=dt.date(2024, 3, 26),
    end=dt.date(2024, 3, 29),
    place="Boao, Hainan",
    status="upcoming",
    organisers=("Boao Forum for Asia",),
    parties=(),
    reports=(
        Report(
            "https://gov.example.org/news/1", "Boao Forum opens", "gov", dt.date(2024, 3, 1), "zh"
        ),
    ),
    evidence=(("type", "年会"),),
)
MESSAGE = AlertMessage(
    key="5f0c8a7e2b1d4c3a9e8f7a6b5c4d3e2f",
    subscription="analysts",
    channel_url="",
    event=EVENT,
)


def with_event(**fields: Any) -> AlertMessage:
    """MESSAGE with some event facts replaced."""
    return dataclasses.replace(MESSAGE, event=dataclasses.replace(EVENT, **fields))


@pytest.fixture(scope="module")
def shared_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as server:  # stopping one takes 0.5 s: share it
        yield server


@pytest.fixture
def receiver(shared_receiver: WebhookReceiver) -> WebhookReceiver:
    """The module's webhook receiver, with nothing received yet."""
    shared_receiver.received.clear()
    return shared_receiver


@pytest.fixture(scope="module")
def shared_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as server:
        yield server


@pytest.fixture
def sink(shared_sink: SmtpSink) -> SmtpSink:
    """The module's SMTP sink, with no messages yet."""
    shared_sink.messages.clear()
    return shared_sink


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


# --------------------------------------------------------------------------
# Webhooks
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "verify_key"),
    [(SECRET, SECRET), ("a plain shared secret", b"a plain shared secret")],
    ids=["whsec", "plain"],
)
def test_webhook_signature_verifies_with_standard_webhooks(
    receiver: WebhookReceiver, secret: str, verify_key: str | bytes
) -> None:
    WebhookChannel(receiver.url, ChannelOptions(secret=secret, allow_private=True)).send(MESSAGE)
    [got] = receiver.received
    assert got.headers["webhook-id"] == MESSAGE.key
    assert got.headers["content-type"] == "application/json"
    assert Webhook(verify_key).verify(got.body, got.headers) == MESSAGE.payload()

    tampered = got.body.replace(b"upcoming", b"cancelled")
    with pytest.raises(WebhookVerificationError):
        Webhook(verify_key).verify(tampered, got.headers)
    other = "whsec_" + base64.b64encode(b"some-other-secret-0123456789abcd").decode()
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(got.body, got.headers)


def test_webhook_payload_follows_the_documented_schema(receiver: WebhookReceiver) -> None:
    WebhookChannel(receiver.url, LOCAL).send(MESSAGE)
    payload = receiver.received[0].json()
    assert set(payload) == {
        "schema",
        "id",
        "kind",
        "subscription",
        "event",
        "changes",
        "articles",
        "article",
    }
    assert payload["schema"] == "healthwatch.alert/1"
    assert (payload["id"], payload["kind"], payload["subscription"]) == (
        MESSAGE.key,
        "event.new",
        "analysts",
    )
    assert payload["event"] == {
        "id": 7,
        "type": "forum",
        "title": "博鳌亚洲论坛 2024 年年会",
        "original_title": None,
        "start": "2024-03-26",
        "end": "2024-03-29",
        "place": "Boao, Hainan",
        "status": "upcoming",
        "organisers": ["Boao Forum for Asia"],
        "parties": [],
        "site": "gov",
        "evidence": [{"field": "type", "text": "年会"}],
    }
    article = {
        "url": "https://gov.example.org/news/1",
        "title": "Boao Forum opens",
        "site": "gov",
        "published": "2024-03-01",
        "language": "zh",
    }
    assert payload["article"] == article
    assert payload["articles"] == [article]
    assert payload["changes"] == []


def test_webhook_payload_writes_unknown_dates_as_null() -> None:
    report = dataclasses.replace(EVENT.reports[0], published=None)
    message = with_event(start=None, end=None, place=None, reports=(report,))
    payload = json.loads(json.dumps(message.payload()))
    assert (payload["event"]["start"], payload["event"]["end"], payload["event"]["place"]) == (
        None,
        None,
        None,
    )
    assert payload["article"]["published"] is None


@pytest.mark.parametrize(
    ("status", "retryable", "disable"),
    [
        (500, True, False),
        (503, True, False),
        (408, True, False),
        (429, True, False),
        (400, False, False),
        (404, False, False),
        (410, False, True),
    ],
)
def test_webhook_http_errors_map_to_retry_dead_or_disable(
    scripted_server: Callable[..., Any], status: int, retryable: bool, disable: bool
) -> None:
    server = scripted_server(status)
    with pytest.raises(SendFailed) as info:
        WebhookChannel(server.url, LOCAL).send(MESSAGE)
    assert (info.value.retryable, info.value.disable) == (retryable, disable)
    assert str(status) in str(info.value)
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_not_followed_and_are_permanent(
    scripted_server: Callable[..., Any], receiver: WebhookReceiver, status: int
) -> None:
    server = scripted_server((status, {"location": receiver.url}))
    with pytest.raises(SendFailed, match="redirect") as info:
        WebhookChannel(server.url, LOCAL).send(MESSAGE)
    assert info.value.retryable is False
    assert len(server.requests) == 1
    assert receiver.received == []


# --------------------------------------------------------------------------
# SSRF guard
# --------------------------------------------------------------------------

PRIVATE_HOSTS = ["127.0.0.1", "localhost", "10.0.0.1", "169.254.169.254"]


@pytest.mark.parametrize("host", [*PRIVATE_HOSTS, "[::1]", "[::ffff:127.0.0.1]", "2130706433"])
def test_webhook_refuses_private_targets_without_sending(
    receiver: WebhookReceiver, host: str
) -> None:
    url = f"http://{host}:{port_of(receiver.url)}/webhook"
    with pytest.raises(SendFailed, match="non-public address") as info:
        WebhookChannel(url, GUARDED).send(MESSAGE)
    assert info.value.retryable is False
    assert receiver.received == []


@pytest.mark.parametrize("host", PRIVATE_HOSTS)
def test_smtp_refuses_private_targets_without_sending(sink: SmtpSink, host: str) -> None:
    url = f"smtp://{host}:{port_of(sink.url)}?to=analyst@example.org"
    with pytest.raises(SendFailed, match="non-public address") as info:
        SmtpChannel(url, GUARDED).send(MESSAGE)
    assert info.value.retryable is False
    assert sink.messages == []


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888"])
def test_check_target_accepts_public_literal_addresses(address: str) -> None:
    check_target(address, 443, allow_private=False)


@pytest.mark.parametrize(
    "address",
    [
        "0.0.0.0",
        "192.168.1.1",
        "172.16.0.1",
        "100.64.0.1",
        "192.88.99.1",
        "224.0.0.251",
        "fc00::1",
        "fe80::1",
    ],
)
def test_check_target_refuses_non_public_literal_addresses(address: str) -> None:
    with pytest.raises(TargetRefusedError, match="allow_private_targets"):
        check_target(address, 443, allow_private=False)
    check_target(address, 443, allow_private=True)


# --------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------


def smtp_url(sink: SmtpSink, query: str) -> str:
    return f"smtp://127.0.0.1:{port_of(sink.url)}?{query}"


def test_smtp_mail_has_subject_parts_message_id_and_recipients(sink: SmtpSink) -> None:
    message = with_event(title='<script>alert("x")</script> 博鳌论坛')
    url = smtp_url(sink, "to=a@example.org,b@example.org&to=c@example.org&from=hw@example.org")
    SmtpChannel(url, LOCAL).send(message)

    [mail] = sink.messages
    # The stdlib folds before an encoded word keeping the space: unfolded, it is doubled.
    subject = " ".join(mail["Subject"].split())
    assert subject.startswith("[forum] ")
    assert "2024-03-26 to 2024-03-29" in subject
    assert subject.endswith('<script>alert("x")</script> 博鳌论坛')
    assert mail["Message-ID"] == f"<{MESSAGE.key}@healthwatch>"
    assert [a.addr_spec for a in mail["To"].addresses] == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
    assert mail["From"] == "hw@example.org"

    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    text_part, html_part = mail.get_body(("plain",)), mail.get_body(("html",))
    assert text_part is not None
    assert html_part is not None
    text, html = text_part.get_content(), html_part.get_content()
    assert '<script>alert("x")</script> 博鳌论坛' in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; 博鳌论坛" in html
    assert "<script>" not in html
    assert 'href="https://gov.example.org/news/1"' in html


def test_smtp_subject_stays_one_line_when_the_title_has_line_breaks(sink: SmtpSink) -> None:
    message = with_event(title="Boao Forum\nfor Asia\r\n2024")
    SmtpChannel(smtp_url(sink, "to=a@example.org"), LOCAL).send(message)
    [mail] = sink.messages
    assert mail["Subject"] == "[forum] 2024-03-26 to 2024-03-29 - Boao Forum for Asia 2024"


def test_smtp_without_recipients_is_a_permanent_failure(sink: SmtpSink) -> None:
    with pytest.raises(SendFailed, match=r"no \?to= recipients") as info:
        SmtpChannel(f"smtp://127.0.0.1:{port_of(sink.url)}", LOCAL).send(MESSAGE)
    assert info.value.retryable is False
    assert sink.messages == []


def test_smtp_to_a_closed_port_is_retryable(closed_port: int) -> None:
    with pytest.raises(SendFailed) as info:
        SmtpChannel(f"smtp://127.0.0.1:{closed_port}?to=a@example.org", LOCAL).send(MESSAGE)
    assert info.value.retryable is True
    assert f"127.0.0.1:{closed_port}" in str(info.value)


# --------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------


def test_channel_for_picks_the_class_by_scheme() -> None:
    assert isinstance(channel_for("https://hooks.example.org/x", LOCAL), WebhookChannel)
    assert isinstance(channel_for("HTTP://hooks.example.org/x", LOCAL), WebhookChannel)
    assert isinstance(channel_for("smtps://mail.example.org?to=a@example.org", LOCAL), SmtpChannel)


def test_channel_for_unknown_scheme_is_tried_as_apprise_and_refused() -> None:
    with pytest.raises(SendFailed, match="not a channel URL Apprise understands") as info:
        channel_for("ftp://files.example.org/drop", LOCAL)
    assert info.value.retryable is False


def test_webhook_by_host_name_connects_to_the_checked_address_as_that_host(
    receiver: WebhookReceiver,
) -> None:
    url = f"http://localhost:{port_of(receiver.url)}/webhook?team=7"
    WebhookChannel(url, LOCAL).send(MESSAGE)
    [got] = receiver.received
    assert got.headers["host"] == f"localhost:{port_of(receiver.url)}"
    assert got.path == "/webhook?team=7"


def test_the_pinned_connection_tries_each_checked_address(receiver: WebhookReceiver) -> None:
    """Like socket.create_connection over DNS answers, without a new lookup:
    127.0.0.2 refuses (the receiver listens on 127.0.0.1 only), the next works."""
    with connect_first(["127.0.0.2", "127.0.0.1"], port_of(receiver.url), 5) as sock:
        assert sock.getpeername()[0] == "127.0.0.1"


def test_unresolvable_webhook_host_is_retried_later() -> None:
    with pytest.raises(SendFailed, match="cannot resolve") as info:
        WebhookChannel("https://no-such-host.invalid/hook", GUARDED).send(MESSAGE)
    assert info.value.retryable is True
