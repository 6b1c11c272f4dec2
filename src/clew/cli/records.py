"""``clew records|alerts``: watchlist records at the console."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from clew.cli.common import (
    alerts_app,
    database,
    err,
    operator_for,
    out,
    print_rows,
    records_app,
    system,
)
from clew.errors import ValidationError
from clew.records import alerts, store
from clew.records.files import export_file, read_rows
from clew.records.imports import ImportMode, import_rows
from clew.records.kinds import RecordKind, RecordStatus

__all__: list[str] = []


@records_app.command("list")
def records_list(
    kind: Annotated[RecordKind | None, typer.Option(help="Only this kind")] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-q", help="Words to find, any script")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Only records of this agency code")] = None,
    status: Annotated[
        RecordStatus, typer.Option(help="active, cleared or cancelled")
    ] = RecordStatus.ACTIVE,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List records (newest first)."""
    flt = store.RecordFilter(kind=kind, text=text, owner=owner, status=status)
    with database().reading() as session:
        actor = system()
        rows, total = store.list_records(session, actor, flt, limit=limit, offset=0)
        data = [store.public(r, actor).model_dump(mode="json") for r in rows]
    print_rows(data, as_json, ("id", "kind", "owner", "label", "status"))
    if not as_json:
        out.print(f"{len(data)} of {total}")


@records_app.command("show")
def records_show(record_id: int) -> None:
    """Show one record as JSON."""
    with database().reading() as session:
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


@records_app.command("import")
def records_import(
    path: Annotated[Path, typer.Argument(help="The file: CSV, INTERPOL JSON or FtM JSON lines")],
    agency: Annotated[str, typer.Option(help="Code of the agency that will own the records")],
    format: Annotated[
        str | None, typer.Option("--format", help="csv, interpol or ftm (default: detected)")
    ] = None,
    mode: Annotated[
        ImportMode, typer.Option(help="all: nothing unless every row is good; rows: good rows in")
    ] = ImportMode.ALL,
) -> None:
    """Import a file of records, with a progress bar and a per-row report."""
    if not path.is_file():
        raise ValidationError.field("path", f"{path} is not a readable file")
    total = path.stat().st_size
    db = database()
    with db.reading() as session:
        actor = operator_for(session, agency)  # an unknown agency fails before any reading
    with (
        path.open("rb") as source,
        Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rows]} rows"), TimeElapsedColumn(), console=err,
        ) as progress,
    ):  # fmt: skip
        task = progress.add_task(f"reading {path.name}", total=total, rows=0)

        def advance(rows: int) -> None:
            progress.update(task, completed=source.tell(), rows=rows)

        # Parse and check every row first: the write transaction (on SQLite, the lock every
        # check needs) is held only while the good rows are written.
        rows = read_rows(source, filename=path.name, format_name=format, progress=advance)
        progress.update(task, description=f"writing {path.name}", completed=total, rows=len(rows))
        with db.transaction() as session:
            report = import_rows(session, actor, rows, mode, filename=path.name)
            if mode is ImportMode.ALL and not report.ok:
                session.rollback()
    for rejected in report.rejected[:200]:
        problems = "; ".join(f"{e.field}: {e.message}" for e in rejected.errors)
        err.print(f"line {rejected.line}: {problems}", highlight=False)
    if len(report.rejected) > 200:
        err.print(f"... and {len(report.rejected) - 200} more rejected rows")
    if mode is ImportMode.ALL and not report.ok:
        err.print(f"error: {len(report.rejected)} of {report.read} rows are not valid; "
                  "nothing was imported", highlight=False)  # fmt: skip
        raise typer.Exit(code=2)
    out.print(f"{report.created} records imported, {len(report.rejected)} rows rejected "
              f"(of {report.read})")  # fmt: skip
    for warned in report.warned[:200]:
        notes = "; ".join(f"{e.field}: {e.message}" for e in warned.warnings)
        err.print(f"line {warned.line}: warning: {notes}", highlight=False)
    if len(report.warned) > 200:
        err.print(f"... and {len(report.warned) - 200} more rows with warnings")
    if report.unscreened:
        count = report.unscreened
        have = "record has" if count == 1 else "records have"
        err.print(f"warning: {count} {have} no alert and will not be screened", highlight=False)


@records_app.command("export")
def records_export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write ('-': stdout)")],
    format: Annotated[str, typer.Option("--format", help="csv, interpol or ftm")] = "csv",
    kind: Annotated[RecordKind | None, typer.Option(help="Only this kind")] = None,
    owner: Annotated[str | None, typer.Option(help="Only records of this agency code")] = None,
) -> None:
    """Export records to a file (the export is audited)."""
    flt = store.RecordFilter(kind=kind, owner=owner)
    with database().reading() as session:
        if str(output) == "-":
            exported, skipped = export_file(session, system(), flt, format, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                exported, skipped = export_file(session, system(), flt, format, stream)
    err.print(
        f"{exported} records exported"
        + (f", {skipped} not expressible in {format}" if skipped else "")
    )


def _json_input(source: str) -> object:
    import json

    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValidationError.field("json", f"is not valid JSON: {exc}") from None


@records_app.command("create")
def records_create(
    agency: Annotated[str, typer.Option(help="Code of the agency that will own the record")],
    json_file: Annotated[
        str, typer.Option("--json", help="A record as the API takes it ('-': stdin)")
    ],
) -> None:
    """Create one record from JSON (kind, fields, visibility, alert), as POST /api/v1/records."""
    from pydantic import TypeAdapter

    from clew.records.schemas import RecordCreate

    data = TypeAdapter(RecordCreate).validate_python(_json_input(json_file))
    with database().transaction() as session:
        actor = operator_for(session, agency)
        record = store.create_record(session, actor, data)
        out.print(f"record {record.id} created: {record.label}", highlight=False)


@records_app.command("update")
def records_update(
    record_id: int,
    agency: Annotated[str, typer.Option(help="Code of the owning agency")],
    json_file: Annotated[str, typer.Option("--json", help='{"data": {...}, "visibility": {...}}')],
) -> None:
    """Replace a record's data and visibility (owner only; the change is kept in its history)."""
    from clew.records.schemas import RecordUpdate

    update = RecordUpdate.model_validate(_json_input(json_file))
    with database().transaction() as session:
        record = store.update_record(session, operator_for(session, agency), record_id, update)
        out.print(f"record {record.id} updated to version {record.version}")


@records_app.command("cancel")
def records_cancel(
    record_id: int,
    agency: Annotated[str, typer.Option(help="Code of the owning agency")],
    reason: Annotated[str, typer.Option(help="Why the record is cancelled")],
) -> None:
    """Cancel a record and its alerts (owner only)."""
    with database().transaction() as session:
        store.cancel_record(session, operator_for(session, agency), record_id, reason[:1000])
    out.print(f"record {record_id} cancelled")


@records_app.command("locate")
def records_locate(
    record_id: int,
    agency: Annotated[str, typer.Option(help="Code of the owning agency")],
    on: Annotated[str, typer.Option(help="When the firearm was found (YYYY-MM-DD)")],
    place: Annotated[str, typer.Option(help="Where it was found")],
    found_by: Annotated[str, typer.Option(help="The agency that found it")],
    status: Annotated[str, typer.Option(help="seized or recovered")] = "seized",
) -> None:
    """A listed firearm was found: it is now seized or recovered (owner only)."""
    from pydantic import ValidationError as PydanticValidationError

    from clew.records import transactions
    from clew.records.schemas import Located

    try:
        found = Located.model_validate(
            {"on": on, "place": place, "agency": found_by, "status": status}
        )
    except PydanticValidationError as exc:
        raise ValidationError(str(exc.errors()[0]["msg"])) from None
    with database().transaction() as session:
        transactions.locate_record(session, operator_for(session, agency), record_id, found)
    out.print(f"record {record_id} located: {found.status}")


@records_app.command("clear")
def records_clear(
    record_id: int,
    agency: Annotated[str, typer.Option(help="Code of the owning agency")],
    reason: Annotated[str, typer.Option(help="Why, e.g. returned to its owner")],
) -> None:
    """Clear a record: it leaves the watchlist and is no longer checked (owner only)."""
    from clew.records import transactions
    from clew.records.schemas import ClearIn

    with database().transaction() as session:
        transactions.clear_record(
            session, operator_for(session, agency), record_id, ClearIn(reason=reason[:1000])
        )
    out.print(f"record {record_id} cleared")
