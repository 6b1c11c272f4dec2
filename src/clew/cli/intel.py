"""``clew files``: analysis files at the console — open, import, export, analyse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.cli.common import (
    app,
    database,
    err,
    operator_for,
    out,
    print_rows,
    record_progress,
    system,
)
from clew.errors import ValidationError
from clew.intel import analysis, caviar, exports, files, imports, report
from clew.intel.schemas import FileCreate, MemberIn
from clew.interop.network.parsed import count_lines
from clew.records.kinds import HandlingCode

__all__: list[str] = []

files_app = typer.Typer(help="Analysis files: open, import, export, analyse.", no_args_is_help=True)
app.add_typer(files_app, name="files")

Language = Annotated[str, typer.Option("--language", "-l", help="en, vi, lv or bg")]


def _open(session: Session, name: str, agency: str, member: str, purpose: str,
          handling: HandlingCode) -> int:  # fmt: skip
    """A new file owned by ``agency`` with ``member`` as its first writer."""
    actor: Actor = operator_for(session, agency)
    file = files.create_file(
        session, actor, FileCreate(name=name, purpose=purpose, handling_code=handling)
    )
    files.add_member(session, system(), file.id, MemberIn(username=member, access="write"))
    return file.id


@files_app.command("create")
def files_create(
    name: str,
    agency: Annotated[str, typer.Option(help="Code of the agency that owns the file")],
    member: Annotated[str, typer.Option(help="Username of the analyst who will write it")],
    purpose: Annotated[str, typer.Option(help="What the file is for")] = "",
    handling: Annotated[HandlingCode, typer.Option(help="Handling code")] = HandlingCode.H0,
) -> None:
    """Open an analysis file."""
    with database().transaction() as session:
        file_id = _open(session, name, agency, member, purpose, handling)
    out.print(f"analysis file {file_id} opened")


@files_app.command("caviar")
def files_caviar(
    agency: Annotated[str, typer.Option(help="Code of the agency that owns the file")],
    member: Annotated[str, typer.Option(help="Username of the analyst who will write it")],
) -> None:
    """Open a file holding the real CAVIAR network (11 phases of wiretapped calls, seizures)."""
    with database().transaction() as session:
        file_id = _open(session, "CAVIAR (Montreal 1994-1996)",
                        agency, member, "Drug-importation network, wiretap evidence",
                        HandlingCode.H0)  # fmt: skip
        report = caviar.load(session, system(), file_id)
    out.print(f"analysis file {file_id}: {report.entities_added} entities, "
              f"{report.links_added} links")  # fmt: skip


@files_app.command("list")
def files_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """List analysis files."""
    with database().transaction() as session:
        rows = [files.public(session, o).model_dump(mode="json")
                for o in files.list_files(session, system(), limit=1000)]  # fmt: skip
    print_rows(rows, as_json, ("id", "name", "owner_agency", "handling_code", "entities", "links"))


@files_app.command("import")
def files_import(
    file_id: int,
    path: Annotated[Path, typer.Argument(help="The file to import")],
    format: Annotated[str, typer.Option("--format", help=", ".join(imports.FORMATS))],
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="field=column, e.g. --map source=caller (CSV formats)"),
    ] = None,
) -> None:
    """Import nodes and links into a file, with a progress bar and a per-row report."""
    if not path.is_file():
        raise ValidationError.field("path", f"{path} is not a readable file")
    mapping: dict[str, str] | None = None
    if map_:
        pairs = [m.split("=", 1) for m in map_]
        if any(len(p) != 2 for p in pairs):
            raise ValidationError.field("map", "write each as field=column")
        mapping = {k.strip(): v.strip() for k, v in pairs}
    data = path.read_bytes()
    lines = count_lines(data)
    with database().transaction() as session, record_progress(path.name, lines) as bar:
        if mapping is None:
            _, mapping = imports.preview(data, format)
            mapping = mapping or None
        report = imports.import_network(
            session, system(), file_id, data, format, filename=path.name, mapping=mapping,
            progress=lambda done, total: bar(done),
        )  # fmt: skip
    for line, field, message in report.errors[:200]:
        err.print(f"line {line}: {field}: {message}", highlight=False)
    out.print(f"{report.entities_added} entities and {report.links_added} links imported, "
              f"{len(report.errors)} rows rejected")  # fmt: skip


@files_app.command("export")
def files_export(
    file_id: int,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write")],
    format: Annotated[str, typer.Option("--format", help=", ".join(exports.FORMATS))] = "graphml",
) -> None:
    """Export a file's network (the export is audited)."""
    with database().reading() as session:  # an export holds no write lock while it runs
        content, _, _ = exports.export(session, system(), file_id, format)
    output.write_bytes(content)
    err.print(f"{len(content):,} bytes written to {output}")


@files_app.command("players")
def files_players(
    file_id: int,
    language: Language = "en",
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Key players of a file, ranked, each with the reasons in words."""
    with database().transaction() as session:
        players = analysis.key_players(session, system(), file_id, language=language, limit=limit)
    rows: list[dict[str, object]] = [
        {"rank": p.rank, "entity": p.entity_id, "label": p.label, "score": round(p.score, 3),
         "why": p.explanation} for p in players
    ]  # fmt: skip
    print_rows(rows, as_json, ("rank", "entity", "label", "score", "why"))


@files_app.command("money")
def files_money(
    file_id: int,
    language: Language = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Laundering typologies found in a file's payments."""
    with database().transaction() as session:
        findings = analysis.money(session, system(), file_id, language=language)
    rows: list[dict[str, object]] = [
        {"typology": f.typology, "amount": f"{f.amount:,.2f}", "from": f.start, "to": f.end,
         "accounts": len(f.entity_ids), "why": f.reason} for f in findings
    ]  # fmt: skip
    print_rows(rows, as_json, ("typology", "amount", "from", "to", "accounts", "why"))


@files_app.command("report")
def files_report(
    file_id: int,
    output: Annotated[Path, typer.Option("--output", "-o", help="report.pdf or report.html")],
    language: Language = "en",
) -> None:
    """The analytical report of a file (chart, key players, communities, money, sources), as
    PDF or HTML by the output's extension, in the given language (audited)."""
    fmt = "html" if output.suffix.lower() in (".html", ".htm") else "pdf"
    with database().transaction() as session:
        built = report.build(session, system(), file_id, language=language, fmt=fmt)
    content = report.render_html(built).encode() if fmt == "html" else report.render_pdf(built)
    output.write_bytes(content)
    err.print(f"{fmt.upper()} report, {len(content):,} bytes, written to {output}")
