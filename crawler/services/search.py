"""Search texts: each article's title and text in search form, filled where missing.

New articles get theirs when stored (``articles.article_row``); rows stored
before the column existed (migration 0010) are filled here, a batch per
transaction, by ``healthwatch db upgrade`` and whenever a command migrates.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from crawler.text.normal import search_form
from storage.articles import set_search_texts, without_search_text
from storage.db import transaction

BATCH = 500


def fill_search_texts(factory: sessionmaker[Session], batch: int = BATCH) -> int:
    """Fill every missing search text; returns how many were filled."""
    filled = 0
    while True:
        with transaction(factory) as session:
            rows = without_search_text(session, batch)
            set_search_texts(
                session, {row_id: search_form(f"{title}\n{text}") for row_id, title, text in rows}
            )
        filled += len(rows)
        if len(rows) < batch:
            return filled
