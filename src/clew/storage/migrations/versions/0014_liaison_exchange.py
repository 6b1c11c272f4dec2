"""liaison exchange

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 07:35:18

Cases, messages and requests between agencies (``clew.exchange``): participants, who holds each
message and their receipts, graded items, the entities a message names for the clearing house,
attachments (bytes on disk by SHA-256), requests with one row per addressed agency and its
deadline, permissions to pass H2 messages on, each country's SPOC and each agency's webhook.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import clew.storage

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("crime_area", sa.String(length=40), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("owner_agency_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_agency_id"],
            ["agencies.id"],
            name=op.f("fk_exchange_cases_owner_agency_id_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_cases")),
    )
    with op.batch_alter_table("exchange_cases", schema=None) as batch_op:
        batch_op.create_index("ix_exchange_cases_public_id", ["public_id"], unique=True)

    op.create_table(
        "exchange_spocs",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_exchange_spocs_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("country", name=op.f("pk_exchange_spocs")),
    )
    op.create_table(
        "exchange_webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_status", sa.String(length=200), nullable=True),
        sa.Column("last_delivery_at", clew.storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_exchange_webhooks_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_webhooks")),
        sa.UniqueConstraint("agency_id", name=op.f("uq_exchange_webhooks_agency_id")),
    )
    op.create_table(
        "exchange_case_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("added_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_exchange_case_participants_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["exchange_cases.id"],
            name=op.f("fk_exchange_case_participants_case_id_exchange_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_case_participants")),
        sa.UniqueConstraint("case_id", "agency_id", name="uq_exchange_participants_case_agency"),
    )
    with op.batch_alter_table("exchange_case_participants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exchange_participants_agency", ["agency_id", "case_id"], unique=False
        )

    op.create_table(
        "exchange_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("author_agency_id", sa.Integer(), nullable=False),
        sa.Column("author_username", sa.String(length=64), nullable=False),
        sa.Column("in_reply_to_id", sa.Integer(), nullable=True),
        sa.Column("forwarded_from_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("handling_note", sa.String(length=1000), nullable=True),
        sa.Column("created_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_agency_id"],
            ["agencies.id"],
            name=op.f("fk_exchange_messages_author_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["exchange_cases.id"],
            name=op.f("fk_exchange_messages_case_id_exchange_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["forwarded_from_id"],
            ["exchange_messages.id"],
            name=op.f("fk_exchange_messages_forwarded_from_id_exchange_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["in_reply_to_id"],
            ["exchange_messages.id"],
            name=op.f("fk_exchange_messages_in_reply_to_id_exchange_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_messages")),
    )
    with op.batch_alter_table("exchange_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exchange_messages_author", ["author_agency_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_exchange_messages_case", ["case_id", "created_at"], unique=False)
        batch_op.create_index("ix_exchange_messages_public_id", ["public_id"], unique=True)

    op.create_table(
        "exchange_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["exchange_messages.id"],
            name=op.f("fk_exchange_attachments_message_id_exchange_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_attachments")),
        sa.UniqueConstraint("public_id", name=op.f("uq_exchange_attachments_public_id")),
    )
    with op.batch_alter_table("exchange_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchange_attachments_message_id"), ["message_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_exchange_attachments_sha256"), ["sha256"], unique=False
        )

    op.create_table(
        "exchange_forward_permissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("asking_agency_id", sa.Integer(), nullable=False),
        sa.Column("target_agency_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("asked_by", sa.String(length=64), nullable=False),
        sa.Column("asked_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", clew.storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("request_message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asking_agency_id"],
            ["agencies.id"],
            name=op.f("fk_exchange_forward_permissions_asking_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["exchange_messages.id"],
            name=op.f("fk_exchange_forward_permissions_message_id_exchange_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_agency_id"],
            ["agencies.id"],
            name=op.f("fk_exchange_forward_permissions_target_agency_id_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_forward_permissions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_exchange_forward_permissions_public_id")),
    )
    with op.batch_alter_table("exchange_forward_permissions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exchange_permissions_message", ["message_id", "target_agency_id"], unique=False
        )

    op.create_table(
        "exchange_message_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("match_key", sa.String(length=200), nullable=False),
        sa.Column("source_grade", sa.String(length=1), nullable=False),
        sa.Column("info_grade", sa.String(length=1), nullable=False),
        sa.Column("watchlist_hits", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["exchange_messages.id"],
            name=op.f("fk_exchange_message_entities_message_id_exchange_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_message_entities")),
    )
    with op.batch_alter_table("exchange_message_entities", schema=None) as batch_op:
        batch_op.create_index("ix_exchange_entities_key", ["match_key", "message_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_exchange_message_entities_message_id"), ["message_id"], unique=False
        )

    op.create_table(
        "exchange_message_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_grade", sa.String(length=1), nullable=False),
        sa.Column("info_grade", sa.String(length=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["exchange_messages.id"],
            name=op.f("fk_exchange_message_items_message_id_exchange_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_message_items")),
    )
    with op.batch_alter_table("exchange_message_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchange_message_items_message_id"), ["message_id"], unique=False
        )

    op.create_table(
        "exchange_message_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", clew.storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("read_by", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", clew.storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_exchange_message_recipients_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["exchange_messages.id"],
            name=op.f("fk_exchange_message_recipients_message_id_exchange_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_message_recipients")),
        sa.UniqueConstraint(
            "message_id", "agency_id", name="uq_exchange_recipients_message_agency"
        ),
    )
    with op.batch_alter_table("exchange_message_recipients", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exchange_recipients_inbox", ["agency_id", "read_at", "message_id"], unique=False
        )

    op.create_table(
        "exchange_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("about", sa.String(length=500), nullable=False),
        sa.Column("legal_basis", sa.String(length=500), nullable=False),
        sa.Column("purpose", sa.String(length=1000), nullable=True),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("directly_accessible", sa.Boolean(), nullable=False),
        sa.Column("urgency_reason", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["exchange_messages.id"],
            name=op.f("fk_exchange_requests_message_id_exchange_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_requests")),
        sa.UniqueConstraint("message_id", name=op.f("uq_exchange_requests_message_id")),
    )
    op.create_table(
        "exchange_request_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("sent_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("desk", sa.String(length=100), nullable=True),
        sa.Column("routed_by", sa.String(length=64), nullable=True),
        sa.Column("routed_at", clew.storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", clew.storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("refusal_reason", sa.String(length=40), nullable=True),
        sa.Column("reminded_at", clew.storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", clew.storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_exchange_request_recipients_agency_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["exchange_requests.id"],
            name=op.f("fk_exchange_request_recipients_request_id_exchange_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_request_recipients")),
        sa.UniqueConstraint("request_id", "agency_id", name="uq_exchange_request_agency"),
    )
    with op.batch_alter_table("exchange_request_recipients", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exchange_request_recipients_due", ["agency_id", "status", "due_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_exchange_request_recipients_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("exchange_request_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_request_recipients_request_id"))
        batch_op.drop_index("ix_exchange_request_recipients_due")

    op.drop_table("exchange_request_recipients")
    op.drop_table("exchange_requests")
    with op.batch_alter_table("exchange_message_recipients", schema=None) as batch_op:
        batch_op.drop_index("ix_exchange_recipients_inbox")

    op.drop_table("exchange_message_recipients")
    with op.batch_alter_table("exchange_message_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_message_items_message_id"))

    op.drop_table("exchange_message_items")
    with op.batch_alter_table("exchange_message_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_message_entities_message_id"))
        batch_op.drop_index("ix_exchange_entities_key")

    op.drop_table("exchange_message_entities")
    with op.batch_alter_table("exchange_forward_permissions", schema=None) as batch_op:
        batch_op.drop_index("ix_exchange_permissions_message")

    op.drop_table("exchange_forward_permissions")
    with op.batch_alter_table("exchange_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_exchange_attachments_message_id"))

    op.drop_table("exchange_attachments")
    with op.batch_alter_table("exchange_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_exchange_messages_public_id")
        batch_op.drop_index("ix_exchange_messages_case")
        batch_op.drop_index("ix_exchange_messages_author")

    op.drop_table("exchange_messages")
    with op.batch_alter_table("exchange_case_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_exchange_participants_agency")

    op.drop_table("exchange_case_participants")
    op.drop_table("exchange_webhooks")
    op.drop_table("exchange_spocs")
    with op.batch_alter_table("exchange_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_exchange_cases_public_id")

    op.drop_table("exchange_cases")
