"""Sites: the configured sites mirrored into the database, and what is stored per site."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, Site


@dataclass(frozen=True)
class SiteRow:
    """The config facts of a site mirrored into the database."""

    key: str
    name: str
    start_urls: list[str]
    language: str | None
    schedule: str | None
    enabled: bool


def sync_sites(session: Session, sites: Iterable[SiteRow]) -> None:
    """Mirror the configured sites; sites dropped from the config are disabled."""
    wanted = {site.key: site for site in sites}
    existing = {row.key: row for row in session.scalars(select(Site))}
    for key, site in wanted.items():
        row = existing.get(key) or Site(key=key)
        row.name, row.start_urls, row.language = site.name, site.start_urls, site.language
        row.schedule, row.enabled = site.schedule, site.enabled
        session.add(row)
    for key, row in existing.items():
        if key not in wanted:
            row.enabled = False


def sites_by_key(session: Session, keys: Iterable[str] | None = None) -> dict[str, Site]:
    """The stored Site rows, by key (all of them when ``keys`` is None)."""
    query = select(Site)
    if keys is not None:
        query = query.where(Site.key.in_(list(keys)))
    return {row.key: row for row in session.scalars(query)}


def enabled_sites(session: Session) -> Sequence[Site]:
    """The Site rows still enabled in the config."""
    return session.scalars(select(Site).where(Site.enabled)).all()


def article_counts(session: Session) -> dict[str, int]:
    """Stored articles per site, in one grouped query."""
    rows = session.execute(select(Article.site, func.count(Article.id)).group_by(Article.site))
    return {site: int(count) for site, count in rows}


def known_urls(session: Session, site: str) -> set[str]:
    """Canonical URLs already stored for a site: never fetched again."""
    return set(session.scalars(select(Article.canonical_url).where(Article.site == site)))
