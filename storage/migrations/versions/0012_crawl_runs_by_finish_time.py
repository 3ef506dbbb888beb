"""Crawl runs indexed by their finish time, so old runs can be pruned

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 16:00:00

The daemon deletes runs older than ``keep_runs_days`` every hour; without
this index each pass would scan the whole table (a run per site per poll:
millions of rows after a few months of a 100-site daemon).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_crawl_run_finished_at", "crawl_run", ["finished_at"])


def downgrade() -> None:
    op.drop_index("ix_crawl_run_finished_at", table_name="crawl_run")
