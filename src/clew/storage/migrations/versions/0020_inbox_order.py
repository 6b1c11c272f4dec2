"""the in box in index order

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 09:20:00

An index on ``exchange_message_recipients (agency_id, message_id)``: an agency's in box is read
newest first straight from it (the other index, with ``read_at`` between, made every page sort
all of the agency's messages: 244 ms p99 on SQLite at a million messages).
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_exchange_recipients_agency_message",
        "exchange_message_recipients",
        ["agency_id", "message_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_exchange_recipients_agency_message", table_name="exchange_message_recipients")
