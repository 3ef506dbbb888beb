"""The crawl's database sessions: one engine per crawl process, shared by the
known-URL filter, the store pipeline and the crawl-run recorder."""

from __future__ import annotations

from functools import cache

from scrapy.settings import BaseSettings
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crawler.config.settings import load_settings
from storage.db import make_engine, session_factory


def database_url(settings: BaseSettings) -> str:
    """The crawl child passes the URL; ``scrapy crawl`` reads our config."""
    url = settings.get("HEALTHWATCH_DATABASE_URL")
    return str(url) if url else load_settings().database_url


@cache
def _engine(url: str) -> Engine:
    return make_engine(url)


def crawl_sessions(settings: BaseSettings) -> sessionmaker[Session]:
    """Sessions on the process-wide engine for this crawl's database.

    The engine lives as long as the crawl process: several spiders and
    components share its connection pool instead of opening their own.
    """
    return session_factory(_engine(database_url(settings)))
