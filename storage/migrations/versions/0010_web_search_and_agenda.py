"""web: article search text, event date index; agenda subscriptions and their outbox

Written for issue 17 (``healthwatch serve`` and the agenda digest):

- ``article.search_text``: title and text in search form (NFKC, Traditional
  -> Simplified, casefolded), so one search finds both scripts; left NULL
  here (the normaliser lives above storage) and filled by ``healthwatch db
  upgrade``; searches read the raw title and text of rows still NULL;
- ``ix_event_start_date_id``: lists sorted by event date page by (date, id);
- ``subscription.mode`` may be ``agenda``; the ``agenda`` table is its outbox.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models  # custom column types (UTCDateTime)

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out, not imported from the models (see 0007).
MODES_BEFORE = ("instant", "digest")
MODES_AFTER = ("instant", "digest", "agenda")
AGENDA_STATUSES = ("pending", "sending", "sent", "dead", "skipped")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _modes(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("subscription") as batch_op:
        batch_op.drop_constraint(op.f("ck_subscription_mode"), type_="check")
        batch_op.create_check_constraint("mode", _in("mode", values))


def upgrade() -> None:
    with op.batch_alter_table("article") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    with op.batch_alter_table("event") as batch_op:
        batch_op.create_index("ix_event_start_date_id", ["start_date", "id"], unique=False)
    _modes(MODES_AFTER)
    op.create_table(
        "agenda",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=False),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.Column("event_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.CheckConstraint(_in("status", AGENDA_STATUSES), name=op.f("ck_agenda_status")),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscription.id"],
            name=op.f("fk_agenda_subscription_id_subscription"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_agenda_idempotency_key")),
        sa.UniqueConstraint(
            "subscription_id", "period", name=op.f("uq_agenda_subscription_id_period")
        ),
    )
    op.create_index("ix_agenda_due", "agenda", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_agenda_due", table_name="agenda")
    op.drop_table("agenda")
    op.execute(sa.text("DELETE FROM subscription WHERE mode = 'agenda'"))
    _modes(MODES_BEFORE)
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_index("ix_event_start_date_id")
    with op.batch_alter_table("article") as batch_op:
        batch_op.drop_column("search_text")
