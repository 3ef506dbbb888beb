"""Text search through the trigram indexes (migration 0013, storage/search.py)
finds exactly what ``LIKE '%word%'`` over every report finds, on both backends.

Every query is run twice: through the index, and with the index switched
off (``has_index`` False: the scan as it was before the index), and the two
must agree event for event; tests also check that the index really was the
path taken, so agreement is not the scan compared with itself.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import delete, update

from crawler.text.normal import search_form
from storage import search
from storage.articles import set_search_texts
from storage.db import alembic_config, make_engine, session_factory, transaction, upgrade
from storage.events import EventFilter, count_events, list_events, search_once
from storage.models import Article, Event

# (event title, [(report title, report text)]): EN, Simplified and
# Traditional Chinese, FTS5 syntax and LIKE wildcards inside the text, short
# words at the very start and end, and a word only in an event title.
CORPUS = [
    ("International Health Industry Forum", [("Forum in E-Town", "Held in Beijing E-Town.")]),
    ("国际论坛", [("北京论坛", "国际健康产业论坛在北京经开区举行")]),
    ("健康產業", [("論壇開幕", "國際健康產業論壇將在北京經開區舉行。論壇")]),
    ("Signing", [("MoU", 'They said "NEAR(a b)" and -x* (AND) OR: 100%_off a/b')]),
    ("AI summit", [("ai", "A small ai talk"), ("Second", "nothing about it")]),
    ("Expo", [("ZH end", "医疗器械博览会 论坛")]),  # the text ends with 论坛
    ("峰会", [("x", "y")]),  # only the event's title has 峰会
    ("Biotech park launch", [("Launch", "The park opens"), ("启动", "生物医药园区启动仪式")]),
]
QUERIES = [
    "论坛",
    "論壇",  # Traditional: folded to Simplified
    "坛",
    "论",
    "E-Town",
    "e-town beijing",
    "论坛 北京",
    "論壇 E-Town",  # both common here, nothing holds both
    "health forum",
    "ai",
    "a",
    "峰会",
    "会",
    '"',
    '"near(a',
    "-x*",
    "(and)",
    "or:",
    "100%_",
    "a/b",
    "%",
    "_",
    "nothing-at-all",
    "zz",
    "启动仪式",
    "park 启动",
]


def store(factory, corpus=CORPUS) -> dict[str, int]:
    """The corpus as events and reports; event ids by event title."""
    ids = {}
    with transaction(factory) as session:
        for n, (title, reports) in enumerate(corpus):
            event = Event(type="forum", title=title, status="unknown")
            session.add(event)
            session.flush()
            ids[title] = event.id
            for m, (atitle, text) in enumerate(reports):
                url = f"http://s.test/{n}/{m}"
                session.add(
                    Article(
                        canonical_url=url, url=url, site="s", title=atitle, text=text,
                        search_text=search_form(f"{atitle}\n{text}"), language="en",
                        content_hash=f"{n}{m}".rjust(64, "0"), event_id=event.id,
                    )
                )  # fmt: skip
    return ids


def found(factory, query: str) -> list[int]:
    wanted = EventFilter(search=tuple(search_form(query).split()))
    with factory() as session:
        listed = [event.id for event in list_events(session, wanted, "-found", limit=500).events]
        assert count_events(session, wanted) == len(listed)
    return listed


def scanned(factory, query: str, monkeypatch) -> list[int]:
    with monkeypatch.context() as patch:
        patch.setattr(search, "has_index", lambda session: False)
        return found(factory, query)


def looked_up(factory, query: str) -> bool:
    """Whether the index, not the scan, answered the query."""
    with factory() as session:
        wanted = search_once(session, EventFilter(search=tuple(search_form(query).split())))
        assert wanted.search_scanned == (wanted.search_hits is None)
        return wanted.search_hits is not None


@pytest.mark.parametrize("query", QUERIES)
def test_index_finds_what_the_scan_finds(factory, monkeypatch, query):
    store(factory)
    assert looked_up(factory, query), "the index was not used"
    assert found(factory, query) == scanned(factory, query, monkeypatch)


def test_short_words_and_both_scripts_are_found(factory):
    ids = store(factory)
    zh = {ids["国际论坛"], ids["健康產業"], ids["Expo"]}
    assert set(found(factory, "論壇")) == set(found(factory, "论坛")) == zh
    assert ids["Expo"] in found(factory, "坛")  # the last character of a text
    assert found(factory, "峰会") == [ids["峰会"]]  # an event title alone
    assert found(factory, "論壇 E-Town") == []
    assert found(factory, '"near(a') == [ids["Signing"]]
    assert found(factory, "100%_") == [ids["Signing"]]
    assert found(factory, "%") == [ids["Signing"]]


def test_updates_and_deletes_of_search_texts_are_searched(factory, monkeypatch):
    ids = store(factory)
    with transaction(factory) as session:
        first = session.query(Article).filter_by(event_id=ids["Signing"]).one()
        set_search_texts(session, {first.id: search_form("全新的 Cardiology 论坛")})
        session.execute(update(Event).where(Event.id == ids["Expo"]).values(title="Renamed 展会"))
        session.execute(delete(Article).where(Article.event_id == ids["Biotech park launch"]))
    for query in ("cardiology", "全新", "展会", "renamed", "100%_", "启动", "论坛"):
        assert looked_up(factory, query), query
        assert found(factory, query) == scanned(factory, query, monkeypatch), query
    assert found(factory, "cardiology") == [ids["Signing"]]
    assert found(factory, "100%_") == []
    assert found(factory, "展会") == [ids["Expo"]]
    assert found(factory, "启动") == []


def test_unfilled_search_texts_are_read_raw(factory, monkeypatch):
    ids = store(factory)
    with transaction(factory) as session:
        session.execute(update(Article).values(search_text=None))
    for query in ("e-town", "forum", "论坛", "xyz"):
        assert found(factory, query) == scanned(factory, query, monkeypatch), query
    assert found(factory, "e-town") == [ids["International Health Industry Forum"]]


def test_common_words_fall_back_to_the_scan(factory, monkeypatch):
    store(factory)
    monkeypatch.setattr(search, "MAX_CANDIDATES", 2)
    for query in ("a", "论坛", "e"):
        assert not looked_up(factory, query), query
        with monkeypatch.context() as patch:
            patch.setattr(search, "MAX_CANDIDATES", 10_000)
            expected = found(factory, query)
        assert found(factory, query) == expected


def test_rows_stored_before_the_index_are_indexed_by_the_migration(empty_db_url, monkeypatch):
    command.upgrade(alembic_config(empty_db_url), "0012")
    engine = make_engine(empty_db_url)
    factory = session_factory(engine)
    try:
        ids = store(factory)
        upgrade(empty_db_url)
        for query in ("论坛", "e-town", "峰会", "ai"):
            assert looked_up(factory, query), query
            assert found(factory, query) == scanned(factory, query, monkeypatch), query
        assert found(factory, "峰会") == [ids["峰会"]]
    finally:
        engine.dispose()
