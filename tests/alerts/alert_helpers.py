"""Builders shared by the alert tests: reports to store, subscriptions, receivers."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks.webhooks import Webhook

from alerts.channels import ChannelOptions
from crawler.identity.dedup import canonical_url, content_hash, simhash
from crawler.items import Analysis, Article, EventFacts, Evidence, FingerprintedArticle
from crawler.services.articles import store_article
from storage.db import transaction
from storage.models import Alert, CrawlRun, Subscription, utcnow
from storage.subscriptions import SubscriptionRow, sync_subscriptions

SECRET = "whsec_" + base64.b64encode(b"alerts-test-secret-0123456789abcd").decode()
OPTIONS = ChannelOptions(secret=SECRET, sender="healthwatch@example.org", allow_private=True)
TODAY = dt.date.today()


def report(
    url: str,
    *,
    title: str = "Health industry forum to open in Beijing E-Town",
    text: str | None = None,
    kind: str = "forum",
    start: dt.date | None = TODAY + dt.timedelta(days=20),
    end: dt.date | None = None,
    place: str | None = "Beijing E-Town",
    status: str = "upcoming",
    language: str = "en",
    published: dt.date | None = TODAY,
    site: str = "etown",
    organisers: tuple[str, ...] = ("Boao Forum for Asia",),
    evidence: tuple[Evidence, ...] = (),
) -> FingerprintedArticle:
    """A stored-to-be analysed article; distinct text per URL unless given."""
    text = text or f"{title}. It will be held in {place} ({url}). " * 3
    facts = EventFacts(
        title=title,
        type=kind,  # type: ignore[arg-type]
        start=start,
        end=end,
        place=place,
        status=status,  # type: ignore[arg-type]
        organisers=organisers,
    )
    analysis = Analysis(
        language=language,  # type: ignore[arg-type]
        type=kind,  # type: ignore[arg-type]
        event=facts,
        published=published,
        evidence=evidence,
    )
    article = Article(url=url, title=title, text=text, site=site, published=published)
    return FingerprintedArticle(
        article, analysis, canonical_url(url), content_hash(title, text), simhash(text)
    )


def store(factory: sessionmaker[Session], item: FingerprintedArticle) -> Any:
    with transaction(factory) as session:
        return store_article(session, item, max_distance=3)


def subscribe(factory: sessionmaker[Session], *subs: tuple[str, str, dict[str, Any], str]) -> None:
    """(name, channel URL, rules, mode) rows, as the config sync writes them."""
    with transaction(factory) as session:
        sync_subscriptions(session, [SubscriptionRow(*sub) for sub in subs])


def crawled_before(factory: sessionmaker[Session], site: str) -> None:
    """Record a finished good crawl of ``site``: later finds are news, not backfill."""
    with transaction(factory) as session:
        session.add(CrawlRun(site=site, status="ok", finished_at=utcnow()))


def alerts_of(factory: sessionmaker[Session]) -> list[tuple[str, Alert]]:
    """(subscription name, alert) for every outbox row, oldest first."""
    with factory() as session:
        query = (
            select(Subscription.name, Alert)
            .join(Alert, Alert.subscription_id == Subscription.id)
            .order_by(Alert.id)
        )
        return [(name, alert) for name, alert in session.execute(query)]


@dataclass
class Receiver:
    """A webhook receiver that verifies every request with the reference
    Standard Webhooks implementation and answers with scripted statuses."""

    statuses: list[int] = field(default_factory=lambda: [200])
    secret: str = SECRET
    received: list[dict[str, Any]] = field(default_factory=list)  # verified bodies
    ids: list[str] = field(default_factory=list)  # webhook-id of every request
    arrivals: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (path, body)
    rejected: int = 0
    server: ThreadingHTTPServer | None = None
    # Called with the webhook-id of each request before it is answered.
    on_request: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/hook"

    def handle(self, headers: dict[str, str], body: bytes, path: str = "") -> int:
        if self.on_request is not None:
            self.on_request(headers.get("webhook-id", ""))
        with self.lock:
            status = self.statuses[min(len(self.ids), len(self.statuses) - 1)]
            self.ids.append(headers.get("webhook-id", ""))
            try:
                payload = Webhook(self.secret).verify(body, headers)
            except Exception:
                self.rejected += 1
                return 400
            if 200 <= status < 300:
                self.received.append(payload)
                self.arrivals.append((path, payload))
            return status


@contextmanager
def receiver(*statuses: int, port: int = 0) -> Iterator[Receiver]:
    """Start a verifying receiver on 127.0.0.1 (``port`` to reuse a known one)."""
    state = Receiver(list(statuses) or [200])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = state.handle(headers, body, self.path)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    ThreadingHTTPServer.allow_reuse_address = True
    state.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=state.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.server.shutdown()
        state.server.server_close()


def body_json(data: bytes) -> Any:
    return json.loads(data)
