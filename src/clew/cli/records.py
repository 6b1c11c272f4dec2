"""``clew records|alerts``: watchlist records at the console."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from clew.cli.common import (
    _,
    alerts_app,
    database,
    err,
    ngettext,
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
        out.print(_("%(shown)d of %(total)d") % {"shown": len(data), "total": total})


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
    out.print(ngettext("%(num)d alert lapsed", "%(num)d alerts lapsed", count) % {"num": count})


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
        raise ValidationError.field("path", _("%(path)s is not a readable file") % {"path": path})
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
        task = progress.add_task(_("reading %(name)s") % {"name": path.name}, total=total, rows=0)

        def advance(rows: int) -> None:
            progress.update(task, completed=source.tell(), rows=rows)

        # Parse and check every row first: the write transaction (on SQLite, the lock every
        # check needs) is held only while the good rows are written.
        rows = read_rows(source, filename=path.name, format_name=format, progress=advance)
        writing = _("writing %(name)s") % {"name": path.name}
        progress.update(task, description=writing, completed=total, rows=len(rows))
        with db.transaction() as session:
            report = import_rows(session, actor, rows, mode, filename=path.name)
            if mode is ImportMode.ALL and not report.ok:
                session.rollback()
    for rejected in report.rejected[:200]:
        problems = "; ".join(f"{e.field}: {e.message}" for e in rejected.errors)
        line = _("line %(line)d: %(problems)s") % {"line": rejected.line, "problems": problems}
        err.print(line, highlight=False, markup=False)
    if len(report.rejected) > 200:
        more = len(report.rejected) - 200
        err.print(ngettext("... and %(num)d more rejected row",
                           "... and %(num)d more rejected rows", more) % {"num": more})  # fmt: skip
    if mode is ImportMode.ALL and not report.ok:
        err.print(_("error: %(message)s") % {"message": _(
            "%(bad)d of %(read)d rows are not valid; nothing was imported"
        ) % {"bad": len(report.rejected), "read": report.read}}, highlight=False)  # fmt: skip
        raise typer.Exit(code=2)
    imported = _("%(created)d records imported, %(rejected)d rows rejected (of %(read)d)")
    out.print(imported % {"created": report.created, "rejected": len(report.rejected),
                          "read": report.read})  # fmt: skip
    for warned in report.warned[:200]:
        notes = "; ".join(f"{e.field}: {e.message}" for e in warned.warnings)
        line = _("line %(line)d: warning: %(notes)s") % {"line": warned.line, "notes": notes}
        err.print(line, highlight=False, markup=False)
    if len(report.warned) > 200:
        more = len(report.warned) - 200
        more_rows = ngettext("... and %(num)d more row with warnings",
                             "... and %(num)d more rows with warnings", more)  # fmt: skip
        err.print(more_rows % {"num": more})
    if report.unscreened:
        count = report.unscreened
        unscreened = ngettext(
            "%(num)d record has no alert and will not be screened.",
            "%(num)d records have no alert and will not be screened.", count,
        ) % {"num": count}  # fmt: skip
        err.print(_("warning: %(message)s") % {"message": unscreened}, highlight=False)


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
    done = ngettext("%(num)d record exported", "%(num)d records exported", exported)
    if skipped:
        done = ngettext(
            "%(num)d record exported, %(skipped)d not expressible in %(format)s",
            "%(num)d records exported, %(skipped)d not expressible in %(format)s", exported,
        )  # fmt: skip
    err.print(done % {"num": exported, "skipped": skipped, "format": format}, highlight=False)


def _json_input(source: str) -> object:
    import json

    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValidationError.field(
            "json", _("is not valid JSON: %(error)s") % {"error": exc}
        ) from None


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
        created = _("record %(id)d created: %(label)s") % {"id": record.id, "label": record.label}
        out.print(created, highlight=False, markup=False)


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
        out.print(_("record %(id)d updated to version %(version)d")
                  % {"id": record.id, "version": record.version})  # fmt: skip


@records_app.command("cancel")
def records_cancel(
    record_id: int,
    agency: Annotated[str, typer.Option(help="Code of the owning agency")],
    reason: Annotated[str, typer.Option(help="Why the record is cancelled")],
) -> None:
    """Cancel a record and its alerts (owner only)."""
    with database().transaction() as session:
        store.cancel_record(session, operator_for(session, agency), record_id, reason[:1000])
    out.print(_("record %(id)d cancelled") % {"id": record_id})


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
    out.print(_("record %(id)d located: %(status)s") % {"id": record_id, "status": found.status})


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
    out.print(_("record %(id)d cleared") % {"id": record_id})
