"""Storage: migrations match the models, store_article writes all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from crawler.items import Analysis, Article, EventFacts, Evidence, FingerprintedArticle
from crawler.services.articles import store_article
from storage.db import DatabaseError, alembic_config, make_engine, transaction, upgrade
from storage.events import events_since
from storage.models import Alert, Base, CrawlRun, Event, Subscription, utcnow
from storage.models import Article as ArticleRow
from storage.runs import start_run
from storage.search import include_name
from storage.sites import known_urls
from storage.stats import counts
from storage.subscriptions import SubscriptionRow, sync_subscriptions

UTC_ZERO = dt.timedelta(0)
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def item(
    url: str,
    *,
    site: str = "gov",
    kind: str = "forum",
    text: str | None = None,
    content_hash: str | None = None,
    event: str = "Boao Forum for Asia Annual Conference 2024",
    start: dt.date = dt.date(2024, 3, 26),
) -> FingerprintedArticle:
    """A FingerprintedArticle as the crawl pipeline would hand it to storage."""
    text = text if text is not None else f"博鳌亚洲论坛 2024 年年会将于 3 月 26 日开幕。 {url}"
    article = Article(
        url=url + "?utm_source=x", title="Boao Forum for Asia 2024", text=text, site=site
    )
    facts = EventFacts(
        title=event,
        type=kind,  # type: ignore[arg-type]
        start=start,
        end=start + dt.timedelta(days=3),
        place="Boao, Hainan",
        status="upcoming",
        organisers=("Boao Forum for Asia", "Hainan Province"),
        parties=("WHO",),
    )
    analysis = Analysis(
        language="zh",
        type=kind,  # type: ignore[arg-type]
        event=facts,
        published=dt.date(2024, 3, 1),
        also=("launch",),
        evidence=(Evidence("start", "3 月 26 日"),),
    )
    digest = content_hash or hashlib.sha256(text.encode()).hexdigest()
    return FingerprintedArticle(article, analysis, canonical_url=url, content_hash=digest)


# A different event: another report of the first one would join its event.
OTHER_EVENT = {"event": "Zhongguancun Forum 2024", "start": dt.date(2024, 4, 25)}

FORUMS = SubscriptionRow(
    "forums", "https://hooks.example.org/forums", {"types": ["forum"]}, "instant"
)
LAUNCHES = SubscriptionRow(
    "launches", "https://hooks.example.org/launches", {"types": ["launch"]}, "instant"
)
MEDIA = SubscriptionRow(
    "media", "smtp://mail.example.org?to=a@example.org", {"sites": ["media"]}, "instant"
)


def is_utc(value: dt.datetime | None) -> bool:
    return value is not None and value.tzinfo is not None and value.utcoffset() == UTC_ZERO


# --------------------------------------------------------------------------
# Migrations
# --------------------------------------------------------------------------


def schema_diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_name": include_name}
        context = MigrationContext.configure(conn, opts=opts)
        return list(compare_metadata(context, Base.metadata))


def table_names(engine: Engine) -> set[str]:
    """The tables, but the search index's own (FTS5 tables, migration 0013)."""
    return {name for name in inspect(engine).get_table_names() if include_name(name, "table", {})}


def test_migrations_build_the_models_schema_and_downgrade_cleanly(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        assert table_names(engine) == set()
        upgrade(empty_db_url)
        assert table_names(engine) == set(Base.metadata.tables) | {"alembic_version"}
        assert schema_diff(engine) == []

        command.downgrade(alembic_config(empty_db_url), "base")
        assert table_names(engine) == {"alembic_version"}

        upgrade(empty_db_url)
        assert schema_diff(engine) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (lambda: CrawlRun(site="s", status="finished"), "status"),
        (lambda: Subscription(name="n", channel_url="https://x.test/", mode="weekly"), "mode"),
    ],
)
def test_status_columns_refuse_values_outside_their_list(empty_db_url: str, row, column) -> None:
    """CHECK constraints (revision 0007) on both backends: a typo never lands."""
    upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        refused = pytest.raises(IntegrityError, match=f"ck_\\w+_{column}|CHECK constraint failed")
        with refused, transaction(sessionmaker(engine)) as session:
            session.add(row())
    finally:
        engine.dispose()


# --------------------------------------------------------------------------
# store_article
# --------------------------------------------------------------------------


def test_store_article_writes_article_event_and_matching_alerts(
    factory: sessionmaker[Session],
) -> None:
    with transaction(factory) as session:
        sync_subscriptions(session, [FORUMS, LAUNCHES, MEDIA])
        result = store_article(session, item("https://gov.example.org/news/1"))
    assert result.new_event is not None
    assert result.alerts == 1

    with factory() as session:
        article = session.scalars(select(ArticleRow)).one()
        event = session.scalars(select(Event)).one()
        alert = session.scalars(select(Alert)).one()
        forums = session.scalars(select(Subscription).where(Subscription.name == "forums")).one()

    assert article.canonical_url == "https://gov.example.org/news/1"
    assert article.url == "https://gov.example.org/news/1?utm_source=x"
    assert (article.site, article.language, article.type) == ("gov", "zh", "forum")
    assert article.text.startswith("博鳌亚洲论坛 2024 年年会")
    assert article.published == dt.date(2024, 3, 1)
    assert article.duplicate_of is None
    assert article.event_id == event.id
    assert is_utc(article.fetched_at)

    assert event.type == "forum"
    assert event.title == "Boao Forum for Asia Annual Conference 2024"
    assert (event.start_date, event.end_date) == (dt.date(2024, 3, 26), dt.date(2024, 3, 29))
    assert (event.place, event.status) == ("Boao, Hainan", "upcoming")
    assert event.organisers == ["Boao Forum for Asia", "Hainan Province"]
    assert event.parties == ["WHO"]
    assert event.also == ["launch"]
    assert event.evidence == [{"field": "start", "text": "3 月 26 日"}]
    assert is_utc(event.first_seen)
    assert abs(utcnow() - event.first_seen) < dt.timedelta(minutes=1)

    assert alert.event_id == event.id
    assert alert.subscription_id == forums.id
    assert (alert.status, alert.attempts) == ("pending", 0)
    assert len(alert.idempotency_key) == 32
    assert is_utc(alert.next_attempt_at)
    assert is_utc(alert.created_at)
    assert alert.next_attempt_at <= utcnow()
    assert alert.sent_at is None


def test_utc_columns_keep_the_instant_and_refuse_naive_datetimes(
    factory: sessionmaker[Session],
) -> None:
    local = dt.datetime(2024, 4, 20, 9, 30, tzinfo=SHANGHAI)
    with transaction(factory) as session:
        run_id = start_run(session, "gov")
        session.get_one(CrawlRun, run_id).started_at = local
        store_article(session, item("https://gov.example.org/news/1"))
    with factory() as session:
        started = session.get_one(CrawlRun, run_id).started_at
        first_seen = session.scalars(select(Event.first_seen)).one()
        # Comparisons happen in UTC too, whatever zone the bound value has.
        assert (
            len(events_since(session, (first_seen - dt.timedelta(seconds=1)).astimezone(SHANGHAI)))
            == 1
        )
        assert (
            events_since(session, (first_seen + dt.timedelta(seconds=1)).astimezone(SHANGHAI)) == []
        )
    assert started == local
    assert is_utc(started)
    assert started.hour == 1

    with pytest.raises(StatementError, match="naive datetime"), transaction(factory) as session:
        session.add(CrawlRun(site="gov", started_at=dt.datetime(2024, 4, 20, 9, 30)))


def test_other_articles_are_stored_without_event_or_alert(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        sync_subscriptions(session, [FORUMS, MEDIA])
        result = store_article(session, item("https://gov.example.org/news/1", kind="other"))
    assert (result.new_event, result.alerts) == (None, 0)
    with factory() as session:
        assert counts(session) == {"articles": 1, "events": 0, "alerts": 0}
        assert session.scalars(select(ArticleRow.event_id)).one() is None


def test_exact_duplicate_joins_the_first_event_and_alerts_no_one(
    factory: sessionmaker[Session],
) -> None:
    text = "国家卫健委与世卫组织签署合作协议。"
    with transaction(factory) as session:
        sync_subscriptions(session, [FORUMS])
        first = store_article(session, item("https://gov.example.org/a/1", text=text))
    with transaction(factory) as session:
        copy = store_article(
            session, item("https://media.example.org/b/2", site="media", text=text)
        )

    assert first.new_event is not None
    assert (copy.new_event, copy.alerts) == (None, 0)
    assert copy.article.duplicate_of == first.article.id
    assert copy.article.event_id == first.new_event.id
    with factory() as session:
        assert counts(session) == {"articles": 2, "events": 1, "alerts": 1}


def test_same_canonical_url_fails_and_rolls_back_the_whole_transaction(
    factory: sessionmaker[Session],
) -> None:
    with transaction(factory) as session:
        sync_subscriptions(session, [FORUMS])
        store_article(session, item("https://gov.example.org/news/1"))

    with pytest.raises(IntegrityError), transaction(factory) as session:
        # A new article with its event and alert, then a clash: none of it stays.
        assert (
            store_article(session, item("https://gov.example.org/news/2", **OTHER_EVENT)).alerts
            == 1
        )
        store_article(session, item("https://gov.example.org/news/1", text="changed text"))

    with factory() as session:
        assert counts(session) == {"articles": 1, "events": 1, "alerts": 1}
        assert known_urls(session, "gov") == {"https://gov.example.org/news/1"}


def test_subscriptions_removed_from_config_get_no_alerts(factory: sessionmaker[Session]) -> None:
    everything = SubscriptionRow("everything", "https://hooks.example.org/all", {}, "instant")
    with transaction(factory) as session:
        sync_subscriptions(session, [FORUMS, everything])
    with transaction(factory) as session:
        sync_subscriptions(session, [everything])
        assert store_article(session, item("https://gov.example.org/news/1")).alerts == 1

    with factory() as session:
        subs = {s.name: s for s in session.scalars(select(Subscription))}
        alert = session.scalars(select(Alert)).one()
    assert {name: s.enabled for name, s in subs.items()} == {"forums": False, "everything": True}
    assert alert.subscription_id == subs["everything"].id

    with transaction(factory) as session:  # back in the config: enabled again, same row
        sync_subscriptions(session, [FORUMS, everything])
        assert (
            store_article(session, item("https://gov.example.org/news/2", **OTHER_EVENT)).alerts
            == 2
        )
    with factory() as session:
        assert len(session.scalars(select(Subscription)).all()) == 2


def test_known_urls_lists_the_sites_canonical_urls(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        store_article(session, item("https://gov.example.org/news/1"))
        store_article(session, item("https://gov.example.org/news/2", kind="other"))
        store_article(session, item("https://media.example.org/x", site="media"))
    with factory() as session:
        assert known_urls(session, "gov") == {
            "https://gov.example.org/news/1",
            "https://gov.example.org/news/2",
        }
        assert known_urls(session, "media") == {"https://media.example.org/x"}
        assert known_urls(session, "nowhere") == set()


# --------------------------------------------------------------------------
# Errors users can cause
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "postgresql://u@localhost:notaport/db",
        "nosuchdb://host/db",
        "postgresql+nosuch://h/db",
    ],
)
def test_make_engine_rejects_bad_urls_with_database_error(url: str) -> None:
    with pytest.raises(DatabaseError, match="bad database URL"):
        make_engine(url)


@pytest.mark.parametrize("where", ["missing/dir", "a-file"])
def test_upgrade_of_unopenable_sqlite_path_is_a_one_line_database_error(
    tmp_path: Path, where: str
) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    url = f"sqlite:///{tmp_path}/{where}/t.db"
    with pytest.raises(DatabaseError) as info:
        upgrade(url)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"cannot migrate {url}: ")
    assert "unable to open database file" in message


def test_upgrade_of_unreachable_postgres_is_a_one_line_database_error(closed_port: int) -> None:
    with pytest.raises(DatabaseError) as info:
        upgrade(f"postgresql://postgres:hunter2@127.0.0.1:{closed_port}/nothing")
    message = str(info.value)
    assert "\n" not in message
    assert "hunter2" not in message
    assert message.startswith("cannot migrate postgresql://postgres:***@127.0.0.1")
