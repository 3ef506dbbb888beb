"""relevance of articles and events (health industry or not)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 19:49:18
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("relevant", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("relevant", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_event_relevant"), ["relevant"], unique=False)
    # Until now every stored event was alerted, so its articles counted as relevant.
    op.execute(sa.text("UPDATE article SET relevant = true WHERE event_id IS NOT NULL"))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_relevant"))
        batch_op.drop_column("relevant")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("relevant")
