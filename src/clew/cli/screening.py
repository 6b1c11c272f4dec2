"""``clew check`` and ``clew screen``: checks at the console, for one agency."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from clew.cli.common import app, database, err, operator_for, out, record_progress
from clew.errors import ValidationError
from clew.screening.bulk import write_results
from clew.screening.checks import check as run_check
from clew.screening.files import screen_file
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper

__all__: list[str] = []


@app.command()
def check(
    agency: Annotated[str, typer.Option(help="Code of the checking agency")],
    name: Annotated[list[str] | None, typer.Option(help="A name as written (repeatable)")] = None,
    dob: Annotated[
        str | None, typer.Option(help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD")
    ] = None,
    gender: Annotated[str | None, typer.Option(help="male or female")] = None,
    nationality: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2")] = None,
    document: Annotated[str | None, typer.Option(help="Travel document number")] = None,
    vin: Annotated[str | None, typer.Option(help="Vehicle identification number")] = None,
    plate: Annotated[str | None, typer.Option(help="Registration plate")] = None,
    serial: Annotated[str | None, typer.Option(help="Firearm serial number")] = None,
    place: Annotated[str | None, typer.Option(help="Where the check happens")] = None,
    language: Annotated[str, typer.Option(help="en, vi, lv or bg")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Check a person, document, vehicle or firearm against every watchlist."""
    body: dict[str, object] = {"place": place}
    if name:
        body["person"] = {k: v for k, v in {"names": name, "date_of_birth": dob, "gender": gender,
                                             "nationality": nationality}.items() if v}  # fmt: skip
    if document:
        body["document"] = {"number": document}
    if vin or plate:
        body["vehicle"] = {k: v for k, v in {"vin": vin, "plate": plate}.items() if v}
    if serial:
        body["firearm"] = {"serial_number": serial}
    request = CheckRequest.model_validate(body)
    keeper = IndexKeeper()
    with database().transaction() as session:
        answer = run_check(
            session, operator_for(session, agency), keeper, request, language=language
        )
    if as_json:
        out.print_json(answer.model_dump_json())
        return
    if not answer.results:
        out.print("[bold green]no hit[/bold green]")
        return
    for r in answer.results:
        colour = "red" if r.band == "hit" else "yellow"
        out.print(f"[bold {colour}]{r.band.upper()}[/] {r.score:.2f}  #{r.record_id} {r.label} "
                  f"({r.owner}, {r.category}, {r.handling_code})", highlight=False)  # fmt: skip
        out.print(f"  action: {r.action}", highlight=False)
        out.print(f"  why: {r.text}", highlight=False)


@app.command()
def screen(
    path: Annotated[Path, typer.Argument(help="Manifest: CSV, JSON or UN/EDIFACT PAXLST")],
    agency: Annotated[str, typer.Option(help="Code of the checking agency")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Results file (.csv or .json; '-': stdout)"),
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", help="csv, json or paxlst (default: detected)")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Flight or place (PAXLST: from TDT)")] = None,
    language: Annotated[str, typer.Option(help="Language of the explanations")] = "en",
) -> None:
    """Screen a passenger manifest, with a progress bar; Ctrl-C cancels (nothing is kept)."""
    if not path.is_file():
        raise ValidationError.field("path", f"{path} is not a readable file")
    lines = max(1, path.read_bytes().count(b"\n"))
    keeper = IndexKeeper()
    with database().transaction() as session:
        actor = operator_for(session, agency)
        with record_progress(f"screening {path.name}", lines) as advance, path.open("rb") as source:
            report = screen_file(
                session, actor, keeper, source, filename=path.name, format_name=format,
                place=place, language=language, progress=advance,
            )  # fmt: skip
    for traveller in report.travellers:
        if traveller.errors:
            problems = "; ".join(f"{e.field}: {e.message}" for e in traveller.errors)
            err.print(f"line {traveller.line}: {problems}", highlight=False)
    out.print(
        f"{len(report.travellers)} travellers: {report.count('hit')} hits, "
        f"{report.count('possible')} possible matches, {report.count('clear')} clear, "
        f"{report.count('error')} rows with errors", highlight=False,
    )  # fmt: skip
    if output is not None:
        fmt = "json" if output.suffix.lower() == ".json" else "csv"
        if str(output) == "-":
            write_results(report, fmt, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                write_results(report, fmt, stream)
            err.print(f"results written to {output}")
