"""``clew liaison``: border liaison offices at the console: offices and pairs, incident reports
(a JSON file shaped like ``POST /api/v1/liaison/pairs/{id}/incidents``) and the pair's joint
report, acting for one agency (``--agency``) or, without it, as the console operator."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from clew.access.actor import Actor
from clew.cli.common import app, database, operator_for, out, print_rows, system
from clew.errors import ValidationError

__all__ = ["liaison_app"]

liaison_app = typer.Typer(
    help="Border liaison offices: offices, pairs, incident reports, joint reports.",
    no_args_is_help=True,
)
app.add_typer(liaison_app, name="liaison")

AgencyOption = Annotated[
    str | None, typer.Option("--agency", help="Code of the agency you act for")
]
PairOption = Annotated[str, typer.Option("--pair", help="Id of the pair")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]


def _actor(session: Any, agency: str | None) -> Actor:
    return operator_for(session, agency) if agency else system()


def _day(text: str | None, field: str) -> Any:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError.field(field, "use a date such as 2026-10-31") from None


@liaison_app.command("offices")
def liaison_offices(as_json: AsJson = False) -> None:
    """List the border liaison offices."""
    from clew.liaison import offices

    with database().reading() as session:
        items = offices.list_offices(session, system())
    rows: list[dict[str, object]] = [o.model_dump(mode="json") for o in items]
    print_rows(rows, as_json, ("id", "name", "agency", "country", "place", "zone"))


@liaison_app.command("add-office")
def liaison_add_office(
    name: Annotated[str, typer.Option(help="Name of the office (Moc Bai)")],
    office_agency: Annotated[str, typer.Option("--of", help="Code of the office's agency")],
    place: Annotated[str, typer.Option(help="Where it is")],
    latitude: Annotated[float | None, typer.Option(help="Latitude")] = None,
    longitude: Annotated[float | None, typer.Option(help="Longitude")] = None,
    zone: Annotated[str | None, typer.Option(help="IANA time zone (else the country's)")] = None,
) -> None:  # fmt: skip
    """Create an office (the console operator)."""
    from clew.liaison import offices
    from clew.liaison.schemas import OfficeCreate

    data = OfficeCreate(name=name, agency=office_agency, place=place, latitude=latitude,
                        longitude=longitude, zone=zone)  # fmt: skip
    with database().transaction() as session:
        office = offices.create_office(session, system(), data)
    out.print(f"office {office.id} {office.name} ({office.agency})")


@liaison_app.command("add-pair")
def liaison_add_pair(
    office_a: Annotated[str, typer.Argument(help="Id of one office")],
    office_b: Annotated[str, typer.Argument(help="Id of the office across the border")],
    border: Annotated[str, typer.Option(help='The crossing ("Moc Bai – Bavet")')],
) -> None:
    """Pair two offices across a border (the console operator)."""
    from clew.liaison import offices
    from clew.liaison.schemas import PairCreate

    with database().transaction() as session:
        pair = offices.create_pair(session, system(), PairCreate(
            office_a=office_a, office_b=office_b, border=border))  # fmt: skip
    out.print(f"pair {pair.id} {pair.border}")


@liaison_app.command("pairs")
def liaison_pairs(agency: AgencyOption = None, as_json: AsJson = False) -> None:
    """List the pairs (those of the agency you act for)."""
    from clew.liaison import offices

    with database().reading() as session:
        items = offices.list_pairs(session, _actor(session, agency))
    rows: list[dict[str, object]] = [
        {"id": p.id, "border": p.border, "office_a": f"{p.office_a.name} ({p.office_a.agency})",
         "office_b": f"{p.office_b.name} ({p.office_b.agency})"} for p in items
    ]  # fmt: skip
    print_rows(rows, as_json, ("id", "border", "office_a", "office_b"))


@liaison_app.command("report-incident")
def liaison_report_incident(
    path: Annotated[Path, typer.Argument(help="JSON file: the report (as the API's body)")],
    pair: PairOption,
    agency: Annotated[str, typer.Option("--agency", help="Code of the agency you act for")],
) -> None:
    """File an incident report for the agency's office in the pair."""
    from clew.liaison import incidents
    from clew.liaison.schemas import IncidentCreate

    if not path.is_file():
        raise ValidationError.field("path", f"{path} is not a readable file")
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError.field("path", f"{path.name} is not JSON ({exc})") from None
    data = IncidentCreate.model_validate(body)
    with database().transaction() as session:
        filed = incidents.file_incident(session, operator_for(session, agency), pair, data)
    out.print(f"incident {filed.id} filed by {filed.office.name} ({filed.office.agency})")


@liaison_app.command("incidents")
def liaison_incidents(
    pair: PairOption, agency: AgencyOption = None,
    since: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50, as_json: AsJson = False,
) -> None:  # fmt: skip
    """List a pair's incident reports, newest first."""
    from clew.liaison import incidents

    with database().reading() as session:
        items, total = incidents.list_incidents(
            session, _actor(session, agency), pair, limit=limit, offset=0,
            since=_day(since, "from"), until=_day(until, "to"),
        )  # fmt: skip
    rows: list[dict[str, object]] = [
        {"id": s.id, "day": s.occurred_on.isoformat(), "kind": str(s.kind), "office": s.office.name,
         "quantities": "; ".join(f"{q.amount} {q.unit} {q.item}" for q in s.quantities)}
        for s in items
    ]  # fmt: skip
    print_rows(rows, as_json, ("id", "day", "kind", "office", "quantities"))
    if not as_json:
        out.print(f"{len(rows)} of {total}")


@liaison_app.command("joint-report")
def liaison_joint_report(
    pair: PairOption, agency: AgencyOption = None,
    since: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD)")] = None,
    month: Annotated[str | None, typer.Option(help="A month instead: 2026-10")] = None,
    quarter: Annotated[str | None, typer.Option(help="A quarter instead: 2026-Q4")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json, html or pdf")] = "json",
    language: Annotated[str, typer.Option(help="en, vi, lv or bg")] = "en",
    output: Annotated[Path | None, typer.Option(help="File to write (needed for pdf)")] = None,
) -> None:  # fmt: skip
    """The pair's joint report for a period, as JSON, HTML or PDF."""
    from clew.liaison import report
    from clew.liaison.schemas import JointReportPublic

    if fmt not in ("json", "html", "pdf"):
        raise ValidationError.field("format", "use json, html or pdf")
    if fmt == "pdf" and output is None:
        raise ValidationError.field("output", "a PDF is written to a file: give --output")
    span = report.period(start=_day(since, "from"), end=_day(until, "to"), month=month,
                         quarter=quarter)  # fmt: skip
    with database().reading() as session:
        built = report.build(session, _actor(session, agency), pair, span, language=language,
                             fmt=fmt)  # fmt: skip
    body: str | bytes
    if fmt == "pdf":
        body = report.render_pdf(built)
    elif fmt == "html":
        body = report.render_html(built)
    else:
        body = JointReportPublic.of(built).model_dump_json(indent=2)
    if output is None:
        out.print(body if isinstance(body, str) else "", markup=False, highlight=False)
        return
    output.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    out.print(f"{output} written ({built.figures.incidents} reports)")
