"""A small, known set of stored events for the web tests, dated around today.

Written through the models, as the store would leave them: events with
evidence, reports in two languages (one Traditional Chinese), a folded copy,
a change, alerts in two states, sites with health and warnings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from crawler.text.normal import search_form
from storage.db import transaction
from storage.models import Alert, Article, CrawlRun, Event, EventChange, Site, Subscription, utcnow

TODAY = dt.date.today()
SCRIPT_TITLE = "<script>alert('x')</script> Medical Devices Expo & Fair"
FORUM_TEXT = (
    "The International Health Industry Forum will be held in Beijing E-Town from "
    f"{(TODAY + dt.timedelta(days=10)):%B} {(TODAY + dt.timedelta(days=10)).day}.\n"
    "It is hosted by the Beijing Municipal Health Commission and gathers hospitals and "
    "pharmaceutical companies."
)
ZH_TEXT = "國際健康產業論壇將在北京經開區舉行。論壇由北京市衛生健康委員會主辦。"


@dataclass
class Stored:
    """The ids of what was stored, for the tests to refer to."""

    forum: int
    held: int
    postponed: int
    cancelled: int
    undated: int
    script: int
    forum_articles: tuple[int, int, int]


def article(url: str, site: str, title: str, text: str, language: str, **fields: object) -> Article:
    return Article(
        canonical_url=url,
        url=url,
        site=site,
        title=title,
        text=text,
        search_text=search_form(f"{title}\n{text}"),
        language=language,
        content_hash=url[-64:].rjust(64, "0"),
        **fields,
    )


def populate(factory: sessionmaker[Session]) -> Stored:
    day = dt.timedelta(days=1)
    with transaction(factory) as session:
        forum = Event(
            type="forum",
            title="International Health Industry Forum",
            start_date=TODAY + 10 * day,
            end_date=TODAY + 11 * day,
            place="Beijing E-Town",
            status="upcoming",
            relevant=True,
            organisers=["Beijing Municipal Health Commission"],
            evidence=[
                {"field": "type", "text": "International Health Industry Forum"},
                {"field": "place", "text": "held in Beijing E-Town"},
                {
                    "field": "organisers",
                    "text": "hosted by the Beijing Municipal Health Commission",
                },
            ],
        )
        held = Event(
            type="agreement",
            title="Hospital and biotech park sign cooperation agreement",
            start_date=TODAY - 30 * day,
            status="upcoming",  # reported before it happened: shown as held today
            parties=["Tiantan Hospital", "Biotech Park"],
        )
        postponed = Event(
            type="forum",
            title="Digital Health Summit",
            start_date=TODAY + 40 * day,
            status="postponed",
        )
        cancelled = Event(
            type="launch", title="Incubator opening", start_date=TODAY + 5 * day, status="cancelled"
        )
        undated = Event(type="forum", title="Chip Expo", status="unknown", relevant=False)
        script = Event(
            type="forum", title=SCRIPT_TITLE, start_date=TODAY - 400 * day, status="held"
        )
        session.add_all([forum, held, postponed, cancelled, undated, script])
        session.flush()
        first = article(
            "http://en.example.test/forum.html", "site_en", forum.title, FORUM_TEXT, "en",
            event_id=forum.id, type="forum", relevant=True, published=TODAY - 2 * day,
        )  # fmt: skip
        session.add(first)
        session.flush()
        zh = article(
            "http://zh.example.test/luntan.html", "site_zh", "國際健康產業論壇", ZH_TEXT, "zh",
            event_id=forum.id, type="forum", relevant=True,
        )  # fmt: skip
        copy = article(
            "http://copy.example.test/forum.html", "site_copy", forum.title, FORUM_TEXT, "en",
            event_id=forum.id, type="forum", duplicate_of=first.id,
        )  # fmt: skip
        others = [
            article(f"http://en.example.test/{e.id}.html", "site_en", e.title, f"{e.title}.", "en",
                    event_id=e.id, type=e.type)
            for e in (held, postponed, cancelled, script)
        ]  # fmt: skip
        others.append(
            article("http://zh.example.test/chip.html", "site_zh", "芯片博览会", "芯片博览会开幕。", "zh",
                    event_id=undated.id, type="forum")
        )  # fmt: skip
        session.add_all([zh, copy, *others])
        session.flush()
        session.add(
            EventChange(
                event_id=postponed.id, article_id=others[1].id, field="status",
                old="upcoming", new="postponed",
            )
        )  # fmt: skip
        sub = Subscription(
            name="analysts", channel_url="https://user:secret@hooks.example.test/x", filters={}
        )
        session.add(sub)
        session.flush()
        session.add_all(
            [
                Alert(event_id=forum.id, subscription_id=sub.id, status="sent", attempts=1,
                      sent_at=utcnow(), idempotency_key="k1"),
                Alert(event_id=held.id, subscription_id=sub.id, status="dead", attempts=6,
                      last_error="HTTP 500", idempotency_key="k2"),
            ]
        )  # fmt: skip
        session.add_all(
            [
                Site(key="site_en", name="site_en", start_urls=[], enabled=True),
                Site(key="site_zh", name="site_zh", start_urls=[], enabled=True, healthy=False,
                     unhealthy_reason="3 failed crawls in a row", unhealthy_since=utcnow()),
            ]
        )  # fmt: skip
        session.add_all(
            [
                CrawlRun(site="site_en", status="ok", finished_at=utcnow(), new_articles=5,
                         warnings=["layout-changed: http://en.example.test/list.html"]),
                CrawlRun(site="site_zh", status="failed", finished_at=utcnow(),
                         warnings=["render-failed: http://zh.example.test/js.html: timeout"],
                         error="HTTP 503 on http://zh.example.test/"),
            ]
        )  # fmt: skip
        return Stored(
            forum.id, held.id, postponed.id, cancelled.id, undated.id, script.id,
            (first.id, zh.id, copy.id),
        )  # fmt: skip
