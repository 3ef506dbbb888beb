"""Articles: the lookups dedup needs (same URL, same text, near-duplicate SimHash)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, union_all
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
