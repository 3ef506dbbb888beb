"""site schedule and health, crawl run counts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:56:38.353871
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models  # custom column types (UTCDateTime)

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_run", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("links_found", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("not_modified", sa.Integer(), nullable=False, server_default="0")
        )

    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_run_at", storage.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("next_run_at", storage.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("consecutive_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("healthy", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("unhealthy_reason", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("unhealthy_since", storage.models.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_column("unhealthy_since")
        batch_op.drop_column("unhealthy_reason")
        batch_op.drop_column("healthy")
        batch_op.drop_column("consecutive_failures")
        batch_op.drop_column("next_run_at")
        batch_op.drop_column("last_run_at")

    with op.batch_alter_table("crawl_run", schema=None) as batch_op:
        batch_op.drop_column("not_modified")
        batch_op.drop_column("links_found")
