"""change feed

Each change row records the transaction that wrote it, so a reader can follow the feed without
skipping a change that commits after higher-numbered ones (see ``clew.records.feed``).
PostgreSQL fills ``xid`` with ``pg_current_xact_id()``; on SQLite it stays NULL (commits are
serial there, ``seq`` order is commit order).

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("xid", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_record_changes_xid_seq", ["xid", "seq"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Set after adding the column, so existing rows stay NULL and the table is not rewritten.
        op.execute(
            "ALTER TABLE record_changes "
            "ALTER COLUMN xid SET DEFAULT (pg_current_xact_id()::text::bigint)"
        )


def downgrade() -> None:
    with op.batch_alter_table("record_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_record_changes_xid_seq")
        batch_op.drop_column("xid")
