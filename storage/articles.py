"""Articles: the lookups dedup needs (same URL, same text, near-duplicate SimHash)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, union_all, update
from sqlalchemy.orm import Session

from storage.models import Article, url_key


def article_exists(session: Session, canonical_url: str) -> bool:
    """Whether a page with this canonical URL is stored (from any site)."""
    query = select(Article.id).where(Article.url_key == url_key(canonical_url))
    return session.scalar(query) is not None


def same_content(session: Session, content_hash: str) -> Article | None:
    """The first stored article with the same normalised text, if any."""
    query = select(Article).where(Article.content_hash == content_hash).order_by(Article.id)
    return session.scalars(query.limit(1)).first()


def band_candidates(
    session: Session, probes: Sequence[Sequence[int]], limit: int
) -> list[tuple[int, int | None]]:
    """(id, signed SimHash) of articles whose band ``i`` is one of ``probes[i]``.

    One index-only scan per band (covering indexes), not a bitmap OR that
    visits a table page per candidate; at most ``limit`` rows.
    """
    columns = (Article.sim_band0, Article.sim_band1, Article.sim_band2, Article.sim_band3)
    per_band = [
        select(Article.id, Article.simhash).where(column.in_(list(values)))
        for column, values in zip(columns, probes, strict=True)
    ]
    rows = session.execute(union_all(*per_band).limit(limit))
    return [(int(article_id), stored) for article_id, stored in rows]


def list_articles(
    session: Session,
    *,
    sites: Sequence[str] = (),
    languages: Sequence[str] = (),
    event_id: int | None = None,
    before: int | None = None,
    limit: int = 50,
) -> list[Article]:
    """Stored articles, newest first (by id), optionally of some sites,
    languages or one event; ``before``: only ids below it (the cursor)."""
    query = select(Article).order_by(Article.id.desc())
    if sites:
        query = query.where(Article.site.in_(list(sites)))
    if languages:
        query = query.where(Article.language.in_(list(languages)))
    if event_id is not None:
        query = query.where(Article.event_id == event_id)
    if before is not None:
        query = query.where(Article.id < before)
    return list(session.scalars(query.limit(limit)))


def articles_by_id(session: Session, ids: Sequence[int]) -> dict[int, Article]:
    """The articles with these ids, by id (one query)."""
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(Article).where(Article.id.in_(ids)))}


def without_search_text(session: Session, limit: int) -> list[tuple[int, str, str]]:
    """(id, title, text) of up to ``limit`` articles whose search text is not filled yet."""
    query = (
        select(Article.id, Article.title, Article.text)
        .where(Article.search_text.is_(None))
        .order_by(Article.id)
        .limit(limit)
    )
    return [(int(i), title, text) for i, title, text in session.execute(query)]


def set_search_texts(session: Session, texts: dict[int, str]) -> None:
    """Store the search text of these articles."""
    if texts:
        session.execute(
            update(Article),
            [{"id": article_id, "search_text": text} for article_id, text in texts.items()],
        )
