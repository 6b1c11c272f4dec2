"""``clew records|alerts``: watchlist records at the console."""

from __future__ import annotations

from typing import Annotated

import typer

from clew.cli.common import alerts_app, database, operator_for, out, print_rows, records_app, system
from clew.records import alerts, store
from clew.records.kinds import RecordKind, RecordStatus

__all__: list[str] = []


@records_app.command("list")
def records_list(
    kind: Annotated[RecordKind | None, typer.Option(help="Only this kind")] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-q", help="Words to find, any script")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Only records of this agency code")] = None,
    status: Annotated[RecordStatus, typer.Option(help="active or cancelled")] = RecordStatus.ACTIVE,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List records (newest first)."""
    flt = store.RecordFilter(kind=kind, text=text, owner=owner, status=status)
    with database().transaction() as session:
        actor = system()
        rows, total = store.list_records(session, actor, flt, limit=limit, offset=0)
        data = [store.public(r, actor).model_dump(mode="json") for r in rows]
    print_rows(data, as_json, ("id", "kind", "owner", "label", "status"))
    if not as_json:
        out.print(f"{len(data)} of {total}")


@records_app.command("show")
def records_show(record_id: int) -> None:
    """Show one record as JSON."""
    with database().transaction() as session:
        actor = system()
        record = store.public(store.get_record(session, actor, record_id), actor)
    out.print_json(record.model_dump_json())


@alerts_app.command("due")
def alerts_due(
    agency: Annotated[str, typer.Option(help="The owning agency's code")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Alerts of an agency whose review is due, soonest expiry first."""
    with database().transaction() as session:
        actor = operator_for(session, agency)
        rows = [
            {"alert": a.id, "record": r.id, "label": r.label, "category": a.category,
             "expires_on": a.expires_on.isoformat()}
            for r, a in alerts.due_for_review(session, actor, limit=10_000)
        ]  # fmt: skip
    print_rows(rows, as_json, ("alert", "record", "label", "category", "expires_on"))


@alerts_app.command("expire")
def alerts_expire() -> None:
    """Mark every alert past its expiry as lapsed (the server also does this hourly)."""
    with database().transaction() as session:
        count = alerts.sweep_expired(session, system())
    out.print(f"{count} alerts lapsed")
