"""firearm serial search

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 10:45:00

Partial serials that open with a wildcard (``*1234``, ``??12345``, ``*123*``) become index
ranges: every firearm record gets ``serial_suffix`` key rows (each proper suffix of its serial
and NCIC core, :func:`clew.records.serials.suffix_keys`), filled in here for the records stored
before, by the same function the codec calls.

The statistics count batches in the database: each trace stores the batch its markings place it
in (``batch_group``, ``batch_number``: :func:`clew.firearms.digests.batch_columns`), filled in
here for the traces opened before.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from clew.firearms.digests import batch_columns
from clew.records.serials import SUFFIX_KEY, suffix_keys

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_CHUNK = 20_000
# The statistics' groupings an index covers (as clew.firearms.trace_models.STATS_INDEXES was
# when this revision was written).
_STATS_INDEXES: dict[str, tuple[str, ...]] = {
    "markings": ("make", "firearm_type", "calibre"),
    "route": ("history_diversion_country", "history_recovery_country"),
    "purchaser": ("history_purchaser",),
    "dealer": ("history_dealer",),
}


def upgrade() -> None:
    with op.batch_alter_table("traces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_group", sa.String(length=420), nullable=True))
        batch_op.add_column(sa.Column("batch_number", sa.BigInteger(), nullable=True))
    for name, columns in _STATS_INDEXES.items():
        op.create_index(f"ix_traces_stats_{name}", "traces",
                        [*columns, "created_at", "requesting_agency_id"])  # fmt: skip
    _backfill_batches()
    _backfill_suffixes()


def _backfill_batches() -> None:
    traces = sa.table(
        "traces", sa.column("id", sa.Integer()), sa.column("make", sa.String()),
        sa.column("model", sa.String()), sa.column("serial_number", sa.String()),
        sa.column("serial_restored", sa.String()), sa.column("batch_group", sa.String()),
        sa.column("batch_number", sa.BigInteger()),
    )  # fmt: skip
    bind = op.get_bind()
    found = bind.execute(
        sa.select(traces.c.id, traces.c.make, traces.c.model, traces.c.serial_number,
                  traces.c.serial_restored).order_by(traces.c.id)
    ).all()  # fmt: skip
    rows = [
        {"_id": trace_id, **columns}
        for trace_id, make, model, serial, restored in found
        if (columns := batch_columns(make, model, serial or restored))["batch_group"] is not None
    ]
    for start in range(0, len(rows), _CHUNK):
        bind.execute(
            sa.update(traces).where(traces.c.id == sa.bindparam("_id")),
            rows[start : start + _CHUNK],
        )


def _backfill_suffixes() -> None:
    keys = sa.table(
        "record_keys", sa.column("record_id", sa.Integer()), sa.column("key", sa.String()),
        sa.column("value", sa.String()),
    )  # fmt: skip
    bind = op.get_bind()
    bind.execute(sa.delete(keys).where(keys.c.key == SUFFIX_KEY))  # none expected: all rebuilt
    last = 0
    while True:  # records in id order, a chunk at a time (1.5 million at iARMS scale)
        found = bind.execute(
            sa.select(keys.c.record_id, keys.c.key, keys.c.value)
            .where(keys.c.key.in_(("serial", "serial_core")), keys.c.record_id > last)
            .order_by(keys.c.record_id, keys.c.key)
            .limit(_CHUNK)
        ).all()  # fmt: skip
        if not found:
            return
        serials: defaultdict[int, list[str]] = defaultdict(list)
        for record_id, _, value in found:
            serials[record_id].append(value)
        if len(found) == _CHUNK and len(serials) > 1:  # the last record may be cut: next time
            serials.pop(found[-1][0])
        last = max(serials)
        rows = [
            {"record_id": record_id, "key": SUFFIX_KEY, "value": value}
            for record_id, values in serials.items()
            for value in suffix_keys(*values)
        ]
        if rows:
            bind.execute(sa.insert(keys), rows)


def downgrade() -> None:
    keys = sa.table("record_keys", sa.column("key", sa.String()))
    op.get_bind().execute(sa.delete(keys).where(keys.c.key == SUFFIX_KEY))
    for name in _STATS_INDEXES:
        op.drop_index(f"ix_traces_stats_{name}", table_name="traces")
    # Never recreate the table: with foreign keys on, dropping the old ``traces`` would cascade
    # to every trace's addressed agencies, events and comments.
    with op.batch_alter_table("traces", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("batch_number")
        batch_op.drop_column("batch_group")
