"""encounters

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 10:45:00

One pending hit per encounter: a re-check of the same traveller by the same agency at the same
place counts on the hit already stored (``checks``, ``last_at``) instead of adding another. And
the agencies' contact details (``phone``, ``email``, ``desk``: the 24/7 desk a checking officer
calls about a hit).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import clew.storage.base

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hits") as batch:
        batch.add_column(sa.Column("checks", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(
            sa.Column("last_at", clew.storage.base.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_index(
        "ix_hits_encounter", "hits", ["record_id", "checking_agency_id", "decision", "last_at"]
    )
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("phone", sa.String(40), nullable=True))
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("desk", sa.String(200), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch would rebuild ``agencies``,
    # which every user row references, and SQLite refuses to drop it with foreign keys on.
    for column in ("desk", "email", "phone"):
        op.drop_column("agencies", column)
    op.drop_index("ix_hits_encounter", table_name="hits")
    for column in ("last_at", "checks"):
        op.drop_column("hits", column)
