"""hits public ids

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 05:00:00

Hits get a random public id (shown in URLs, API bodies and the CLI instead of the integer key,
whose one counter also numbers silent hits). Existing hits get one each.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_id", sa.String(length=40), nullable=True))
    hits = sa.table("hits", sa.column("id", sa.Integer()), sa.column("public_id", sa.String()))
    bind = op.get_bind()
    ids = bind.execute(sa.select(hits.c.id)).scalars().all()
    for start in range(0, len(ids), 1000):
        bind.execute(
            hits.update().where(hits.c.id == sa.bindparam("hit_id")),
            [{"hit_id": i, "public_id": secrets.token_urlsafe(16)}
             for i in ids[start : start + 1000]],
        )  # fmt: skip
    with op.batch_alter_table("hits", schema=None) as batch_op:
        batch_op.alter_column("public_id", existing_type=sa.String(length=40), nullable=False)
        batch_op.create_index("ix_hits_public_id", ["public_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("hits", schema=None) as batch_op:
        batch_op.drop_index("ix_hits_public_id")
        batch_op.drop_column("public_id")
