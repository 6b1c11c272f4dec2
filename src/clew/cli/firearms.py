"""``clew firearms reference``: the firearms reference table at the console."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clew.cli.common import app, database, err, out, print_rows, system
from clew.firearms import reference
from clew.firearms.models import ReferenceKind
from clew.firearms.reference import ReferenceIn
from clew.records.kinds import FirearmType

__all__: list[str] = []

firearms_app = typer.Typer(help="Firearms: the reference table.", no_args_is_help=True)
reference_app = typer.Typer(help="Makes, models and calibres.", no_args_is_help=True)
app.add_typer(firearms_app, name="firearms")
firearms_app.add_typer(reference_app, name="reference")


@reference_app.command("list")
def reference_list(
    kind: Annotated[ReferenceKind | None, typer.Option(help="make, model or calibre")] = None,
    q: Annotated[str | None, typer.Option("--q", help="A name or an alias")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table")] = False,
) -> None:
    """List the reference table (shipped and added)."""
    with database().reading() as session:
        items, total = reference.list_entries(
            session, system(), kind=kind, q=q, limit=limit, offset=0
        )
    rows: list[dict[str, object]] = [
        {"kind": i.kind.value, "name": i.name, "make": i.make or "", "country": i.country or "",
         "type": i.firearm_type or "", "calibre": i.calibre or "", "aliases": ", ".join(i.aliases)}
        for i in items
    ]  # fmt: skip
    print_rows(rows, as_json, ("kind", "name", "make", "country", "type", "calibre", "aliases"))
    if not as_json:
        err.print(f"{len(items)} of {total}")


@reference_app.command("add")
def reference_add(
    kind: ReferenceKind,
    name: str,
    make: Annotated[str | None, typer.Option(help="The model's make")] = None,
    country: Annotated[str | None, typer.Option(help="A make's country (alpha-2)")] = None,
    firearm_type: Annotated[FirearmType | None, typer.Option("--type")] = None,
    calibre: Annotated[str | None, typer.Option(help="A model's calibre")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="An alias or marking code")] = None,
) -> None:
    """Add a make, model or calibre, or aliases to an existing one."""
    data = ReferenceIn(
        kind=kind, name=name, make=make, country=country, firearm_type=firearm_type,
        calibre=calibre, aliases=alias or [],
    )  # fmt: skip
    with database().transaction() as session:
        item = reference.add_entry(session, system(), data)
    out.print(f"{item.kind.value} {item.name} in the reference table")


@reference_app.command("import")
def reference_import(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A CSV file")],
) -> None:
    """Import makes, models and calibres from CSV
    (kind,name,make,country,firearm_type,calibre,aliases; aliases separated by |)."""
    text = path.read_text(encoding="utf-8-sig")
    with database().transaction() as session:
        report = reference.import_csv(session, system(), text)
    for line, message in report.rejected:
        err.print(f"line {line}: {message}")
    out.print(f"{report.added} of {report.read} rows imported")
    if report.rejected:
        raise typer.Exit(1)
