"""crawl slots and nodes (several daemons on one PostgreSQL), owned alert claims

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models  # custom column types (UTCDateTime)

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crawl_slot",
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("slot", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("node", sa.String(length=100), nullable=False),
        sa.Column("claimed_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("site", "slot", name=op.f("pk_crawl_slot")),
    )
    with op.batch_alter_table("crawl_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("node", sa.String(length=100), nullable=True))
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")
    with op.batch_alter_table("crawl_run", schema=None) as batch_op:
        batch_op.drop_column("node")
    op.drop_table("crawl_slot")
