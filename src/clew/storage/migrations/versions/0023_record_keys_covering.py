"""record keys: the (key, value) index carries record_id

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 14:00:00

An exact lookup (a document number, a VIN, a plate, a serial) asks ``record_keys`` for the
records under a key: with ``record_id`` in the index the answer is the index alone, not a
second seek into the table per key found (bench/object_lookups.py: ~30% less time in the
database per record found at 1M documents). Partial serials range-scan the same index.
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_record_keys_key_value_record", "record_keys", ["key", "value", "record_id"])
    op.drop_index("ix_record_keys_key_value", table_name="record_keys")


def downgrade() -> None:
    op.create_index("ix_record_keys_key_value", "record_keys", ["key", "value"])
    op.drop_index("ix_record_keys_key_value_record", table_name="record_keys")
