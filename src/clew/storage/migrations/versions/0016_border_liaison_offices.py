"""border liaison offices

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 08:00:00

Border liaison offices (``clew.liaison``): offices at border crossings, the pairs they form
across a border, the incident reports they file (quantities, persons, vehicles, documents and
firearms as JSON; the day in the office's zone for the joint report's periods) and the match
keys of the entities a report names, for cross-checking.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import clew.storage

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_UTC = clew.storage.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "liaison_offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_liaison_offices_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_offices")),
    )
    with op.batch_alter_table("liaison_offices", schema=None) as batch_op:
        batch_op.create_index("ix_liaison_offices_public_id", ["public_id"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_liaison_offices_agency_id"), ["agency_id"], unique=False
        )

    op.create_table(
        "liaison_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("office_a_id", sa.Integer(), nullable=False),
        sa.Column("office_b_id", sa.Integer(), nullable=False),
        sa.Column("border", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["office_a_id"], ["liaison_offices.id"],
            name=op.f("fk_liaison_pairs_office_a_id_liaison_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["office_b_id"], ["liaison_offices.id"],
            name=op.f("fk_liaison_pairs_office_b_id_liaison_offices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_pairs")),
    )  # fmt: skip
    with op.batch_alter_table("liaison_pairs", schema=None) as batch_op:
        batch_op.create_index("ix_liaison_pairs_public_id", ["public_id"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_liaison_pairs_office_a_id"), ["office_a_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_liaison_pairs_office_b_id"), ["office_b_id"], unique=False
        )

    op.create_table(
        "liaison_incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", _UTC, nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("quantities", sa.Text(), nullable=False),
        sa.Column("persons", sa.Text(), nullable=False),
        sa.Column("vehicles", sa.Text(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("firearms", sa.Text(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("handling_note", sa.String(length=1000), nullable=True),
        sa.Column("crosscheck", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["liaison_offices.id"],
            name=op.f("fk_liaison_incidents_office_id_liaison_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["liaison_pairs.id"],
            name=op.f("fk_liaison_incidents_pair_id_liaison_pairs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_incidents")),
    )  # fmt: skip
    with op.batch_alter_table("liaison_incidents", schema=None) as batch_op:
        batch_op.create_index("ix_liaison_incidents_public_id", ["public_id"], unique=True)
        batch_op.create_index(
            "ix_liaison_incidents_pair_day", ["pair_id", "occurred_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_liaison_incidents_office_id"), ["office_id"], unique=False
        )

    op.create_table(
        "liaison_incident_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("match_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["liaison_incidents.id"],
            name=op.f("fk_liaison_incident_entities_incident_id_liaison_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_incident_entities")),
    )  # fmt: skip
    with op.batch_alter_table("liaison_incident_entities", schema=None) as batch_op:
        batch_op.create_index("ix_liaison_entities_key", ["match_key", "incident_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_liaison_incident_entities_incident_id"), ["incident_id"], unique=False
        )


def downgrade() -> None:
    for table in ("liaison_incident_entities", "liaison_incidents", "liaison_pairs",
                  "liaison_offices"):  # fmt: skip
        op.drop_table(table)
