"""request routing

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 09:00:00

The agency a receiving SPOC routed a request to (it holds the request and may answer for the
addressed agency's row).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exchange_request_recipients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("routed_agency_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_exchange_request_recipients_routed_agency_id_agencies"),
            "agencies",
            ["routed_agency_id"],
            ["id"],
        )
        batch_op.create_index(
            "ix_exchange_request_recipients_routed", ["routed_agency_id", "status", "due_at"]
        )


def downgrade() -> None:
    with op.batch_alter_table("exchange_request_recipients", schema=None) as batch_op:
        batch_op.drop_index("ix_exchange_request_recipients_routed")
        batch_op.drop_constraint(
            batch_op.f("fk_exchange_request_recipients_routed_agency_id_agencies"),
            type_="foreignkey",
        )
        batch_op.drop_column("routed_agency_id")
