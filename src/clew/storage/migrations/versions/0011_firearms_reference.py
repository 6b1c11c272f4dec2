"""firearms reference

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 07:00:00

What administrators add to the firearms reference table (makes, models, calibres, aliases);
the shipped SAAMI/C.I.P. calibres and the starter set of makes stay in the package.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import clew.storage

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "firearm_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("make", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("firearm_type", sa.String(length=16), nullable=True),
        sa.Column("calibre", sa.String(length=100), nullable=True),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firearm_reference")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_firearm_reference_kind")),
    )


def downgrade() -> None:
    op.drop_table("firearm_reference")
