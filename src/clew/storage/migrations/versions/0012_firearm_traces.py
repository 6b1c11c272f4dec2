"""firearm traces

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 09:00:00

Trace requests between agencies (``clew.firearms.traces``): the trace, one row per addressed
agency with its status and deadline, the thread of comments, and the history events the
addressed agencies answer with (read by ``clew.firearms.history``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clew.storage import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "traces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("requesting_agency_id", sa.Integer(), nullable=False),
        sa.Column("requesting_username", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("source_record_id", sa.Integer(), nullable=True),
        sa.Column("source_hit_id", sa.String(length=40), nullable=True),
        sa.Column("illicit_reason", sa.String(length=24), nullable=False),
        sa.Column("illicit_note", sa.String(length=1000), nullable=True),
        sa.Column("make", sa.String(length=100), nullable=True),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("firearm_type", sa.String(length=16), nullable=False),
        sa.Column("calibre", sa.String(length=40), nullable=True),
        sa.Column("serial_number", sa.String(length=60), nullable=True),
        sa.Column("country_of_manufacture", sa.String(length=2), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("import_marks", sa.Text(), nullable=False),
        sa.Column("other_markings", sa.String(length=1000), nullable=True),
        sa.Column("serial_obliterated", sa.Boolean(), nullable=False),
        sa.Column("serial_restored", sa.String(length=100), nullable=True),
        sa.Column("recovery_country", sa.String(length=2), nullable=False),
        sa.Column("recovery_place", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("recovered_on", sa.Date(), nullable=False),
        sa.Column("possessor_name", sa.String(length=200), nullable=True),
        sa.Column("possessor_birth", sa.String(length=10), nullable=True),
        sa.Column("possessor_nationality", sa.String(length=3), nullable=True),
        sa.Column("possessor_record_id", sa.Integer(), nullable=True),
        sa.Column("possessor_hits", sa.Text(), nullable=True),
        sa.Column("crime_type", sa.String(length=24), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("urgency_justification", sa.String(length=1000), nullable=True),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("handling_note", sa.String(length=1000), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("close_note", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["possessor_record_id"],
            ["records.id"],
            name=op.f("fk_traces_possessor_record_id_records"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requesting_agency_id"],
            ["agencies.id"],
            name=op.f("fk_traces_requesting_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["records.id"],
            name=op.f("fk_traces_source_record_id_records"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_traces")),
    )
    op.create_index("ix_traces_public_id", "traces", ["public_id"], unique=True)
    op.create_index(
        "ix_traces_requesting_agency",
        "traces",
        ["requesting_agency_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "trace_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trace_id", sa.Integer(), nullable=False),
        sa.Column("author_agency_id", sa.Integer(), nullable=False),
        sa.Column("author_username", sa.String(length=64), nullable=False),
        sa.Column("recipient_agency_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_agency_id"],
            ["agencies.id"],
            name=op.f("fk_trace_comments_author_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["recipient_agency_id"],
            ["agencies.id"],
            name=op.f("fk_trace_comments_recipient_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["trace_id"],
            ["traces.id"],
            name=op.f("fk_trace_comments_trace_id_traces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_comments")),
    )
    op.create_index(
        op.f("ix_trace_comments_trace_id"), "trace_comments", ["trace_id"], unique=False
    )
    op.create_table(
        "trace_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trace_id", sa.Integer(), nullable=False),
        sa.Column("recipient_agency_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.String(length=10), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("counterpart", sa.String(length=200), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("source_grade", sa.String(length=1), nullable=False),
        sa.Column("info_grade", sa.String(length=1), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_agency_id"],
            ["agencies.id"],
            name=op.f("fk_trace_events_recipient_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["trace_id"],
            ["traces.id"],
            name=op.f("fk_trace_events_trace_id_traces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_events")),
    )
    op.create_index(op.f("ix_trace_events_trace_id"), "trace_events", ["trace_id"], unique=False)
    op.create_table(
        "trace_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trace_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("sent_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("refused_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("refusal_reason", sa.String(length=32), nullable=True),
        sa.Column("refusal_note", sa.String(length=1000), nullable=True),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_trace_recipients_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["trace_id"],
            ["traces.id"],
            name=op.f("fk_trace_recipients_trace_id_traces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_recipients")),
        sa.UniqueConstraint("trace_id", "agency_id", name="uq_trace_recipients_trace_agency"),
    )
    op.create_index(
        "ix_trace_recipients_agency_status",
        "trace_recipients",
        ["agency_id", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_trace_recipients_trace_id"), "trace_recipients", ["trace_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_trace_recipients_trace_id"), table_name="trace_recipients")
    op.drop_index("ix_trace_recipients_agency_status", table_name="trace_recipients")
    op.drop_table("trace_recipients")
    op.drop_index(op.f("ix_trace_events_trace_id"), table_name="trace_events")
    op.drop_table("trace_events")
    op.drop_index(op.f("ix_trace_comments_trace_id"), table_name="trace_comments")
    op.drop_table("trace_comments")
    op.drop_index("ix_traces_requesting_agency", table_name="traces")
    op.drop_index("ix_traces_public_id", table_name="traces")
    op.drop_table("traces")
