"""simhash bands, event key and changes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 08:37:02.257306
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models  # custom column types (UTCDateTime)

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("changed_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_event_change_article_id_article")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_change_event_id_event")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_change")),
    )
    with op.batch_alter_table("event_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_change_event_id"), ["event_id"], unique=False)

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sim_band0", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sim_band1", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sim_band2", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sim_band3", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_article_sim_band0"), ["sim_band0"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_sim_band1"), ["sim_band1"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_sim_band2"), ["sim_band2"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_sim_band3"), ["sim_band3"], unique=False)

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("updated_at", storage.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_unique_constraint(batch_op.f("uq_event_key"), ["key"])


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_event_key"), type_="unique")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("key")

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_sim_band3"))
        batch_op.drop_index(batch_op.f("ix_article_sim_band2"))
        batch_op.drop_index(batch_op.f("ix_article_sim_band1"))
        batch_op.drop_index(batch_op.f("ix_article_sim_band0"))
        batch_op.drop_column("sim_band3")
        batch_op.drop_column("sim_band2")
        batch_op.drop_column("sim_band1")
        batch_op.drop_column("sim_band0")

    with op.batch_alter_table("event_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_change_event_id"))

    op.drop_table("event_change")
