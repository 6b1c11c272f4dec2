"""object keys

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 06:00:00

Objects (documents, vehicles, firearms, and persons by their documents' numbers) are screened
through the database's key index instead of every process's memory: each record gets its
screening keys, OCR-folded as a check looks them up, as ``("screen", key)`` rows of
``record_keys`` (new and changed records get them from ``clew.records.codec``).
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from clew.screening.keys import KEY_LENGTH, SCREEN_KEY, object_keys

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CHUNK = 5000


def upgrade() -> None:
    records = sa.table(
        "records",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("data", sa.Text()),
    )
    keys = sa.table(
        "record_keys",
        sa.column("record_id", sa.Integer()),
        sa.column("key", sa.String()),
        sa.column("value", sa.String()),
    )
    bind = op.get_bind()
    bind.execute(keys.delete().where(keys.c.key == SCREEN_KEY))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(records.c.id, records.c.kind, records.c.data)
            .where(records.c.id > last)
            .order_by(records.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        last = rows[-1].id
        new = [
            {"record_id": row.id, "key": SCREEN_KEY, "value": key[:KEY_LENGTH]}
            for row in rows
            for key in sorted(object_keys(row.kind, json.loads(row.data)))
        ]
        if new:
            bind.execute(keys.insert(), new)


def downgrade() -> None:
    keys = sa.table("record_keys", sa.column("key", sa.String()))
    op.get_bind().execute(keys.delete().where(keys.c.key == SCREEN_KEY))
