"""What an alert says, as received by a real SMTP server and a verifying
webhook receiver: type, title, dates, status, place, who, every report,
evidence, the original-language title; Chinese text survives encoding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from alert_helpers import (
    OPTIONS,
    TODAY,
    alerts_of,
    crawled_before,
    receiver,
    report,
    store,
    subscribe,
)
from sqlalchemy.orm import Session, sessionmaker

from alerts.dispatcher import dispatch_due
from crawler.demo.receivers import SmtpSink
from crawler.items import Evidence

START = TODAY + dt.timedelta(days=20)


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    with SmtpSink() as server:
        yield server


def seed_event(factory: sessionmaker[Session], channels: dict[str, str]) -> None:
    """A Chinese report, then an English report of the same event (joins it)."""
    subscribe(factory, *((name, url, {}, "instant") for name, url in channels.items()))
    crawled_before(factory, "people")
    store(
        factory,
        report(
            "http://people.test/zh.html",
            title="2026国际健康产业论坛将在北京亦庄举办",
            text="2026国际健康产业论坛将于下月在北京经济技术开发区举办，由博鳌亚洲论坛主办。" * 3,
            language="zh",
            site="people",
            place="北京亦庄",
            end=START + dt.timedelta(days=1),
            organisers=("博鳌亚洲论坛", "北京市人民政府"),
            evidence=(Evidence("type", "国际健康产业论坛"), Evidence("start", "下月20日")),
        ),
    )


def test_email_is_multipart_with_every_fact_and_chinese_intact(
    factory: sessionmaker[Session], sink: SmtpSink
) -> None:
    seed_event(factory, {"mail": sink.url})
    report_ = dispatch_due(factory, OPTIONS, retry=3)
    assert [m.subscription for m in report_.sent] == ["mail"]
    [mail] = sink.messages
    [(_, alert)] = alerts_of(factory)

    subject = str(mail["Subject"])
    assert (
        subject
        == f"[forum] {START.isoformat()} to {(START + dt.timedelta(days=1)).isoformat()} - 2026国际健康产业论坛将在北京亦庄举办"
    )
    assert mail["Message-ID"] == f"<{alert.idempotency_key}@healthwatch>"
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    for body in (text, html):
        assert "2026国际健康产业论坛将在北京亦庄举办" in body
        assert "北京亦庄" in body and "upcoming" in body
        assert "博鳌亚洲论坛; 北京市人民政府" in body
        assert "国际健康产业论坛" in body and "下月20日" in body  # evidence spans
        assert "http://people.test/zh.html" in body
        assert "people" in body
    # Encoded for transport (no raw 8-bit headers), decoded back intact above.
    raw = mail.as_bytes()
    assert "论坛".encode() not in raw.split(b"\n\n", 1)[0]


def test_html_part_escapes_page_text(factory: sessionmaker[Session], sink: SmtpSink) -> None:
    subscribe(factory, ("mail", sink.url, {}, "instant"))
    crawled_before(factory, "gov")
    store(
        factory,
        report(
            "http://gov.test/x.html", title='Forum <script>alert("x")</script> & expo', site="gov"
        ),
    )
    dispatch_due(factory, OPTIONS, retry=3)
    [mail] = sink.messages
    html = mail.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<script>alert("x")</script>' in mail.get_body(("plain",)).get_content()


def test_webhook_lists_every_report_and_the_original_title(factory: sessionmaker[Session]) -> None:
    with receiver() as hook:
        seed_event(factory, {"hook": hook.url})
        english = report(
            "http://etown.test/en.html",
            title="International Health Industry Forum to open in Beijing E-Town",
            text="The International Health Industry Forum will be held in Beijing E-Town next month. "
            * 3,
            site="etown",
            place="北京亦庄",
            end=START + dt.timedelta(days=1),
        )
        result = store(factory, english)
        assert result.merged_into is not None  # one event, two reports
        dispatch_due(factory, OPTIONS, retry=3)
    [payload] = hook.received
    assert hook.rejected == 0
    assert payload["schema"] == "healthwatch.alert/1"
    assert payload["kind"] == "event.new"
    event = payload["event"]
    assert event["type"] == "forum" and event["status"] == "upcoming"
    assert event["start"] == START.isoformat()
    assert event["organisers"] == ["博鳌亚洲论坛", "北京市人民政府"]
    assert {"field": "type", "text": "国际健康产业论坛"} in event["evidence"]
    assert [a["url"] for a in payload["articles"]] == [
        "http://people.test/zh.html",
        "http://etown.test/en.html",
    ]
    assert payload["article"]["url"] == "http://people.test/zh.html"
    assert payload["changes"] == []


def test_english_alert_of_a_chinese_event_shows_the_original_title(
    factory: sessionmaker[Session], sink: SmtpSink
) -> None:
    subscribe(factory, ("mail", sink.url, {}, "instant"))
    crawled_before(factory, "gov")
    store(factory, report("http://gov.test/en.html", title="Boao health forum opens", site="gov"))
    zh = report(
        "http://gov.test/zh.html",
        title="博鳌健康论坛开幕",
        text="博鳌健康论坛开幕，来自各国的代表参加。" * 4,
        language="zh",
        site="gov",
    )
    assert store(factory, zh).merged_into is not None
    dispatch_due(factory, OPTIONS, retry=3)
    [mail] = sink.messages
    assert "Original title: 博鳌健康论坛开幕" in mail.get_body(("plain",)).get_content()
