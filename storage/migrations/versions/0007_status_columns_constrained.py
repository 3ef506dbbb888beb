"""status-like columns hold only their documented values (CHECK constraints)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 20:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, allowed values) as of this revision, written out (not
# imported from the models): a later revision that adds a value drops and
# re-creates the constraint, and this one keeps meaning what it meant.
CHECKS = (
    ("crawl_run", "status", ("running", "ok", "failed", "timeout", "cancelled")),
    ("event", "status", ("upcoming", "held", "postponed", "cancelled", "unknown")),
    ("alert", "status", ("pending", "digest", "sending", "sent", "dead", "skipped")),
    ("alert", "kind", ("new", "update")),
    ("subscription", "mode", ("instant", "digest")),
)


def _condition(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    for table, column, values in CHECKS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_check_constraint(column, _condition(column, values))


def downgrade() -> None:
    for table, column, _ in reversed(CHECKS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
