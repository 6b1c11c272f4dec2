"""trace history digests

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 12:00:00

What each trace's history yields for the routes and statistics (``clew.firearms.digests``),
stored on the trace (the requester's history) and on each addressed agency's row (the history
that agency sees), so the statistics page reads no event and analyses no history per view.
Traces opened before are filled in here by the same pure function the service calls.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

from clew.firearms.digests import COLUMNS, trace_digests

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_TYPES: dict[str, Any] = {
    "history_diversion_country": sa.String(length=2),
    "history_recovery_country": sa.String(length=2),
    "history_diverted_on": sa.String(length=10),
    "history_chain_gap": sa.Boolean(),
    "history_ttc_low": sa.Integer(),
    "history_ttc_high": sa.Integer(),
    "history_transferred_from": sa.Date(),
    "history_recovered_by": sa.Date(),
    "history_purchaser": sa.String(length=200),
    "history_dealer": sa.String(length=200),
    "history_possessor": sa.String(length=200),
}
_TABLES = ("traces", "trace_recipients")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in COLUMNS:
                batch_op.add_column(sa.Column(name, _TYPES[name], nullable=True))
    _backfill()


def _backfill() -> None:
    """Every trace's digests, one trace at a time (a trace has a handful of events)."""
    digested = [sa.column(name, _TYPES[name]) for name in COLUMNS]
    traces = sa.table(
        "traces", sa.column("id", sa.Integer()), sa.column("requesting_agency_id", sa.Integer()),
        sa.column("recovered_on", sa.Date()), sa.column("recovery_country", sa.String()),
        sa.column("recovery_place", sa.String()), sa.column("possessor_name", sa.String()),
        *digested,
    )  # fmt: skip
    recipients = sa.table(
        "trace_recipients", sa.column("trace_id", sa.Integer()),
        sa.column("agency_id", sa.Integer()), *[sa.column(c.name, c.type) for c in digested],
    )  # fmt: skip
    events = sa.table(
        "trace_events", sa.column("trace_id", sa.Integer()),
        sa.column("recipient_agency_id", sa.Integer()), sa.column("occurred_on", sa.String()),
        sa.column("kind", sa.String()), sa.column("country", sa.String()),
        sa.column("place", sa.String()), sa.column("actor", sa.String()),
        sa.column("counterpart", sa.String()), sa.column("source_grade", sa.String()),
        sa.column("info_grade", sa.String()),
    )  # fmt: skip
    agencies = sa.table("agencies", sa.column("id", sa.Integer()), sa.column("code", sa.String()))
    bind = op.get_bind()
    codes = {i: code for i, code in bind.execute(sa.select(agencies.c.id, agencies.c.code))}
    found = bind.execute(
        sa.select(traces.c.id, traces.c.requesting_agency_id, traces.c.recovered_on,
                  traces.c.recovery_country, traces.c.recovery_place, traces.c.possessor_name)
        .order_by(traces.c.id)
    ).mappings().all()  # fmt: skip
    for start in range(0, len(found), 1000):
        chunk = found[start : start + 1000]
        ids = [t["id"] for t in chunk]
        addressed: defaultdict[int, list[int]] = defaultdict(list)
        for trace_id, agency_id in bind.execute(
            sa.select(recipients.c.trace_id, recipients.c.agency_id)
            .where(recipients.c.trace_id.in_(ids))
        ):  # fmt: skip
            addressed[trace_id].append(agency_id)
        answered: defaultdict[int, list[Any]] = defaultdict(list)
        for event in bind.execute(sa.select(events).where(events.c.trace_id.in_(ids))).mappings():
            answered[event["trace_id"]].append(event)
        trace_rows: list[dict[str, Any]] = []
        recipient_rows: list[dict[str, Any]] = []
        for trace in chunk:
            whole, own = trace_digests(trace, codes, answered[trace["id"]], addressed[trace["id"]])
            trace_rows.append({"_id": trace["id"], **whole.columns()})
            recipient_rows.extend(
                {"_trace": trace["id"], "_agency": agency, **seen.columns()}
                for agency, seen in own.items()
            )
        # The columns named in the rows are the ones set.
        bind.execute(sa.update(traces).where(traces.c.id == sa.bindparam("_id")), trace_rows)
        if recipient_rows:
            bind.execute(
                sa.update(recipients)
                .where(recipients.c.trace_id == sa.bindparam("_trace"),
                       recipients.c.agency_id == sa.bindparam("_agency")),
                recipient_rows,
            )  # fmt: skip


def downgrade() -> None:
    # Never recreate the tables: with foreign keys on, dropping the old ``traces`` would
    # cascade to every trace's addressed agencies, events and comments. SQLite (3.35 and
    # later) drops a plain column in place.
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            for name in reversed(COLUMNS):
                batch_op.drop_column(name)
