"""``clew files``: analysis files at the console — open, import, export, analyse."""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from clew import graph
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
from clew.intel.schemas import FileCreate, MemberIn, ReadOptions
from clew.intel.vocabulary import EntityKind, LinkKind, Removal
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
        typer.Option(
            "--map",
            help="field=column, e.g. --map source=caller (CSV formats); "
            "field=number for a file without a header row, e.g. --map source=1 "
            "--map target=2 (1 is the first column, the first line is data)",
        ),
    ] = None,
    directed: Annotated[
        bool | None,
        typer.Option(
            "--directed/--undirected",
            help="Links are directed (edges-csv; default: by the link's kind)",
        ),
    ] = None,
    node_kind: Annotated[
        EntityKind | None,
        typer.Option(help="Kind of the nodes (nodes-csv, matrix-csv; default person)"),
    ] = None,
    link_kind: Annotated[
        LinkKind | None,
        typer.Option(help="Kind of the links (edges-csv, matrix-csv, cdr-csv)"),
    ] = None,
    start: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="First day the matrix covers (matrix-csv)"),
    ] = None,
    end: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Last day the matrix covers (matrix-csv)"),
    ] = None,
) -> None:
    """Import nodes and links into a file, with a progress bar and a per-row report.

    Exits with code 2 when any row was rejected (the good rows are imported)."""
    if not path.is_file():
        raise ValidationError.field("path", f"{path} is not a readable file")
    mapping: dict[str, str] | None = None
    if map_:
        pairs = [m.split("=", 1) for m in map_]
        if any(len(p) != 2 for p in pairs):
            raise ValidationError.field("map", "write each as field=column")
        mapping = {k.strip(): v.strip() for k, v in pairs}
    options = ReadOptions(
        directed=directed, node_kind=node_kind, link_kind=link_kind,
        start=start.date() if start else None, end=end.date() if end else None,
    )  # fmt: skip
    data = path.read_bytes()
    lines = count_lines(data)
    with database().transaction() as session, record_progress(path.name, lines) as bar:
        report = imports.import_network(
            session, system(), file_id, data, format, filename=path.name, mapping=mapping,
            options=options, progress=lambda done, total: bar(done),
        )  # fmt: skip
    if report.guessed:
        used = ", ".join(f"{k}={v}" for k, v in report.mapping.items()) or "none"
        err.print(f"columns guessed from the header: {used}", highlight=False)
    for line, field, message in report.errors[:200]:
        err.print(f"line {line}: {field}: {message}", highlight=False)
    if len(report.errors) > 200:
        err.print(f"... and {len(report.errors) - 200} more rejected rows", highlight=False)
    out.print(f"{report.entities_added} entities and {report.links_added} links imported, "
              f"{len(report.errors)} rows rejected")  # fmt: skip
    if report.errors:
        if report.guessed and report.read == 1:  # the first line, read as a header, refused
            err.print("error: the first row is not a header Clew can read; for a file without "
                      "one, name the columns by number: --map source=1 --map target=2",
                      highlight=False)  # fmt: skip
        raise typer.Exit(code=2)


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


def _weights() -> str:
    """The key-player score's weights in words, from the one place they are set."""
    shares = graph.DEFAULT_WEIGHTS.shares()
    parts = ", ".join(f"{name.replace('_', ' ')} {share:.0%}" for name, share in shares)
    known = sum(share for name, share in shares if name in graph.FILE_COMPONENTS)
    return (f"The score weighs the network and what the file knows: {parts} "
            f"({known:.0%} from role, alerts and money).")  # fmt: skip


def _write_csv(rows: list[dict[str, object]]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["rank"],
                            lineterminator="\n")  # fmt: skip
    writer.writeheader()
    writer.writerows(rows)


@files_app.command(
    "players",
    help=f"""Key players of a file, ranked, each with the reasons in
words. {_weights()} --json and --csv print the full ranking (every entity, every measure,
unrounded) unless --limit is given.""",
)
def files_players(
    file_id: int,
    language: Language = "en",
    limit: Annotated[
        int | None, typer.Option(min=1, help="How many (default: 20 in the table, all as JSON/CSV)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV")] = False,
) -> None:
    full = as_json or as_csv
    with database().transaction() as session:
        players = analysis.key_players(session, system(), file_id, language=language,
                                       limit=limit if limit or full else 20)  # fmt: skip
    if not full:
        rows: list[dict[str, object]] = [
            {"rank": p.rank, "entity": p.entity_id, "label": p.label, "score": f"{p.score:.3f}",
             "why": p.explanation} for p in players
        ]  # fmt: skip
        print_rows(rows, False, ("rank", "entity", "label", "score", "why"))
        return
    rows = [
        {"rank": p.rank, "entity": p.entity_id, "key": p.key, "label": p.label, "kind": p.kind,
         "score": p.score, **p.measures, **{f"weighted_{n}": v for n, v in p.components.items()},
         "why": p.explanation} for p in players
    ]  # fmt: skip
    if as_csv:
        _write_csv(rows)
    else:
        print_rows(rows, True, ())


@files_app.command("disruption")
def files_disruption(
    file_id: int,
    measure: Annotated[str, typer.Option(help="score, betweenness, pagerank, degree...")] = "score",
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many to remove")] = 5,
    strategy: Annotated[
        Removal, typer.Option(help="sequential: rank again after each removal")
    ] = Removal.ALL_AT_ONCE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Disruption simulation: remove the top entities one at a time and see the largest
    connected group shrink, beside removing as many at random."""
    with database().transaction() as session:
        result = analysis.disruption(session, system(), file_id, measure=measure, k=k,
                                     strategy=strategy)  # fmt: skip
    rows: list[dict[str, object]] = [
        {"step": step, "removed": "" if step == 0 else result.removed[step - 1][1],
         "entity": "" if step == 0 else result.removed[step - 1][0], "largest": largest,
         "random": result.random_largest[step] if step < len(result.random_largest) else ""}
        for step, largest in enumerate(result.largest)
    ]  # fmt: skip
    print_rows(rows, as_json, ("step", "removed", "entity", "largest", "random"))


@files_app.command("periods")
def files_periods(
    file_id: int,
    measure: Annotated[str, typer.Option(help="score, pagerank, betweenness, degree...")] = "score",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """The network through time, window by window: who leads, appears, disappears, rises and
    falls by a measure or the key-player score."""
    with database().transaction() as session:
        found = analysis.periods(session, system(), file_id, measure=measure)

    def names(items: list[tuple[int, str]]) -> str:
        return ", ".join(label for _, label in items)

    def moves(items: list[tuple[int, str, int, int]]) -> str:
        return ", ".join(f"{label} {before}→{after}" for _, label, before, after in items)

    rows: list[dict[str, object]] = [
        {"period": p.label, "entities": p.nodes, "links": p.links, "leading": names(p.top),
         "appeared": names(p.appeared), "disappeared": names(p.disappeared),
         "rose": moves(p.risers), "fell": moves(p.fallers)} for p in found
    ]  # fmt: skip
    print_rows(rows, as_json, ("period", "entities", "links", "leading", "rose", "fell"))


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
