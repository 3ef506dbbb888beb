"""The daemon's digest and dispatch jobs, called as APScheduler calls them,
on a real database and a verifying receiver."""

from __future__ import annotations

from alert_helpers import SECRET, alerts_of, crawled_before, receiver, report, store, subscribe
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crawler.config.settings import Settings
from scheduler.daemon import Daemon
from storage.db import make_engine, transaction
from storage.models import Alert, utcnow


def daemon_for(db_url: str, factory: sessionmaker[Session]) -> Daemon:
    settings = Settings(database_url=db_url, allow_private_targets=True, webhook_secret=SECRET)
    return Daemon(settings, make_engine(db_url), factory, {})


def test_digest_job_sends_due_digests_and_dispatch_job_leaves_them(
    factory: sessionmaker[Session], db_url: str
) -> None:
    with receiver() as hook:
        subscribe(
            factory,
            ("daily", hook.url, {"digest_at": "08:00", "timezone": "Asia/Shanghai"}, "digest"),
        )
        crawled_before(factory, "gov")
        store(factory, report("http://gov.test/1.html", title="Health expo", site="gov"))
        store(factory, report("http://gov.test/2.html", title="Pharma summit", site="gov"))
        daemon = daemon_for(db_url, factory)
        daemon.dispatch()  # instant pass: digest rows are not its business
        daemon.digest()  # not 08:00 in Shanghai yet
        assert hook.ids == []
        with transaction(factory) as session:
            session.execute(update(Alert).values(next_attempt_at=utcnow()))
        daemon.digest()
        daemon.digest()  # nothing new: nothing sent
        daemon.engine.dispose()
    [payload] = hook.received
    assert payload["kind"] == "digest"
    assert sorted(a["event"]["title"] for a in payload["alerts"]) == [
        "Health expo",
        "Pharma summit",
    ]
    assert {a.status for _, a in alerts_of(factory)} == {"sent"}
