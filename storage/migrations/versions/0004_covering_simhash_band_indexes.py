"""covering simhash band indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 08:58:41.445181
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_sim_band0"))
        batch_op.drop_index(batch_op.f("ix_article_sim_band1"))
        batch_op.drop_index(batch_op.f("ix_article_sim_band2"))
        batch_op.drop_index(batch_op.f("ix_article_sim_band3"))
        batch_op.create_index(
            "ix_article_sim_band0_cover", ["sim_band0", "simhash", "id"], unique=False
        )
        batch_op.create_index(
            "ix_article_sim_band1_cover", ["sim_band1", "simhash", "id"], unique=False
        )
        batch_op.create_index(
            "ix_article_sim_band2_cover", ["sim_band2", "simhash", "id"], unique=False
        )
        batch_op.create_index(
            "ix_article_sim_band3_cover", ["sim_band3", "simhash", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index("ix_article_sim_band3_cover")
        batch_op.drop_index("ix_article_sim_band2_cover")
        batch_op.drop_index("ix_article_sim_band1_cover")
        batch_op.drop_index("ix_article_sim_band0_cover")
        batch_op.create_index(batch_op.f("ix_article_sim_band3"), ["sim_band3"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_sim_band2"), ["sim_band2"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_sim_band1"), ["sim_band1"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_sim_band0"), ["sim_band0"], unique=False)
