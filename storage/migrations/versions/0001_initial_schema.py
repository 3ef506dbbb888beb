"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 08:04:06.095633
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models  # custom column types (UTCDateTime)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crawl_run",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("started_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("new_articles", sa.Integer(), nullable=False),
        sa.Column("new_events", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_run")),
    )
    with op.batch_alter_table("crawl_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crawl_run_site"), ["site"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("organisers", sa.JSON(), nullable=False),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("also", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("first_seen", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_start_date"), ["start_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_type"), ["type"], unique=False)

    op.create_table(
        "page_state",
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("etag", sa.String(length=512), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("checked_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_page_state")),
    )
    with op.batch_alter_table("page_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_page_state_site"), ["site"], unique=False)

    op.create_table(
        "site",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_urls", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("schedule", sa.String(length=100), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_site")),
    )
    op.create_table(
        "subscription",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("channel_url", sa.Text(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription")),
        sa.UniqueConstraint("name", "channel_url", name=op.f("uq_subscription_name_channel_url")),
    )
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_alert_event_id_event")),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscription.id"],
            name=op.f("fk_alert_subscription_id_subscription"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert")),
        sa.UniqueConstraint(
            "event_id", "subscription_id", name=op.f("uq_alert_event_id_subscription_id")
        ),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_alert_idempotency_key")),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_status"), ["status"], unique=False)

    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("canonical_url", sa.String(length=2048), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("simhash", sa.BigInteger(), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("fetched_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["duplicate_of"], ["article.id"], name=op.f("fk_article_duplicate_of_article")
        ),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_article_event_id_event")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_article_canonical_url")),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_site"), ["site"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_site"))
        batch_op.drop_index(batch_op.f("ix_article_published"))
        batch_op.drop_index(batch_op.f("ix_article_event_id"))
        batch_op.drop_index(batch_op.f("ix_article_content_hash"))

    op.drop_table("article")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_status"))

    op.drop_table("alert")
    op.drop_table("subscription")
    op.drop_table("site")
    with op.batch_alter_table("page_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_page_state_site"))

    op.drop_table("page_state")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_type"))
        batch_op.drop_index(batch_op.f("ix_event_start_date"))

    op.drop_table("event")
    with op.batch_alter_table("crawl_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_run_site"))

    op.drop_table("crawl_run")
