"""URLs of any length (article URLs as text, unique by a sha256 key) and failed pages remembered

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:00:00

On PostgreSQL a canonical URL of 2,049+ characters overflowed its
VARCHAR(2048) column and the article was lost (SQLite stored it).  The URL
columns become TEXT; uniqueness moves to ``url_key`` = sha256(canonical
URL), since a B-tree entry (the unique index) holds at most ~2.7 kB.
``page_state`` gains ``failure`` and ``body_hash``: an article page that
could not be read is not read again until it changes.
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def _key(url: str) -> str:
    # The same digest as storage.models.url_key, written out so this
    # revision keeps meaning what it meant.
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("article") as batch_op:
        batch_op.add_column(sa.Column("url_key", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    article = sa.table("article", sa.column("id", sa.Integer), sa.column("canonical_url"))
    keyed = sa.table("article", sa.column("id", sa.Integer), sa.column("url_key"))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(article.c.id, article.c.canonical_url)
            .where(article.c.id > last)
            .order_by(article.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        conn.execute(
            keyed.update().where(keyed.c.id == sa.bindparam("row_id")),
            [{"row_id": row_id, "url_key": _key(url)} for row_id, url in rows],
        )
        last = rows[-1][0]
    with op.batch_alter_table("article") as batch_op:
        batch_op.alter_column("url_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_article_url_key"), ["url_key"])
        batch_op.drop_constraint(batch_op.f("uq_article_canonical_url"), type_="unique")
        batch_op.alter_column(
            "canonical_url", existing_type=sa.String(length=2048), type_=sa.Text()
        )
        batch_op.alter_column("url", existing_type=sa.String(length=2048), type_=sa.Text())
    with op.batch_alter_table("page_state") as batch_op:
        batch_op.add_column(sa.Column("failure", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("body_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("page_state") as batch_op:
        batch_op.drop_column("body_hash")
        batch_op.drop_column("failure")
    # The old columns cannot hold longer URLs: refuse rather than lose articles.
    longer = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM article WHERE length(canonical_url) > 2048 OR length(url) > 2048"
        )
    )
    if longer:
        raise RuntimeError(
            f"cannot downgrade below 0011: {longer} articles have URLs longer than 2048 characters"
        )
    with op.batch_alter_table("article") as batch_op:
        batch_op.alter_column("url", existing_type=sa.Text(), type_=sa.String(length=2048))
        batch_op.alter_column(
            "canonical_url", existing_type=sa.Text(), type_=sa.String(length=2048)
        )
        batch_op.create_unique_constraint(batch_op.f("uq_article_canonical_url"), ["canonical_url"])
        batch_op.drop_constraint(batch_op.f("uq_article_url_key"), type_="unique")
        batch_op.drop_column("url_key")
