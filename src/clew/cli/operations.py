"""``clew operations``: joint operations at the console, acting for one agency.

Creating and reporting take JSON files shaped like the API's bodies (``POST
/api/v1/operations`` and ``POST /api/v1/operations/{id}/results``); a report can also be given
as options (``--kind arrest --crime-area drug_trafficking --basis flagrante``).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from clew.access.actor import Actor
from clew.cli.common import app, database, operator_for, out, print_rows, read_json, system
from clew.errors import ValidationError
from clew.operations.kinds import FieldKind, OperationState, PostKind

__all__ = ["operations_app"]

operations_app = typer.Typer(
    help="Joint operations: list, show, create, accept, add-post, report, results, publish.",
    no_args_is_help=True,
)
app.add_typer(operations_app, name="operations")

Agency = Annotated[str, typer.Option(help="Code of the agency you act for")]
MaybeAgency = Annotated[str | None, typer.Option(help="The agency you act for")]


def _actor(session: Any, agency: str | None) -> Actor:
    return operator_for(session, agency) if agency else system()


@operations_app.command("list")
def operations_list(
    agency: MaybeAgency = None,
    state: Annotated[OperationState | None, typer.Option(help="Only in this state")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:  # fmt: skip
    """List the operations an agency coordinates or is invited to (latest period first)."""
    from clew.operations import operations

    with database().reading() as session:
        items, total = operations.list_operations(
            session, _actor(session, agency), state=state, limit=limit
        )
    rows: list[dict[str, object]] = [
        {"id": o.id, "name": o.name, "coordinator": o.coordinator, "state": o.state,
         "start": o.period_start.isoformat(timespec="minutes"),
         "end": o.period_end.isoformat(timespec="minutes"), "participants": o.participant_count,
         "accepted": "yes" if o.accepted else "no"}
        for o in items
    ]  # fmt: skip
    columns = ("id", "name", "coordinator", "state", "start", "end", "participants", "accepted")
    print_rows(rows, as_json, columns)
    if not as_json:
        out.print(f"{len(rows)} of {total}")


@operations_app.command("show")
def operations_show(operation_id: str, agency: MaybeAgency = None) -> None:
    """Show one operation as JSON, with its counters and field results' figures."""
    from clew.operations import operations, results, tally

    with database().reading() as session:
        actor = _actor(session, agency)
        operation = operations.get_operation(session, actor, operation_id)
        counts = tally.get_tallies(session, actor, operation_id)
        figures = results.get_summary(session, actor, operation_id)
    body = {
        "operation": operation.model_dump(mode="json"),
        "tallies": {"kinds": counts.model_dump(mode="json")["kinds"],
                    "agencies": counts.model_dump(mode="json")["agencies"]},
        "results": figures.model_dump(mode="json"),
    }  # fmt: skip
    out.print_json(json.dumps(body, ensure_ascii=False))


@operations_app.command("create")
def operations_create(
    path: Annotated[Path, typer.Argument(help="JSON file: as POST /api/v1/operations")],
    agency: Agency,
) -> None:  # fmt: skip
    """Create an operation coordinated by an agency and invite its participants."""
    from clew.operations import operations
    from clew.operations.schemas import OperationCreate

    data = OperationCreate.model_validate(read_json(path))
    with database().transaction() as session:
        operation = operations.create_operation(session, operator_for(session, agency), data)
    invited = ", ".join(p.agency for p in operation.participants if not p.coordinating)
    out.print(f"operation {operation.id} created; invited: {invited or 'nobody yet'}")


@operations_app.command("accept")
def operations_accept(
    operation_id: str, agency: Agency,
    national_coordinator: Annotated[str | None, typer.Option(help="User name")] = None,
    liaison_officer: Annotated[str | None, typer.Option(help="User name")] = None,
) -> None:  # fmt: skip
    """Accept an operation for an agency: its checks inside the period are counted from now."""
    from clew.operations import operations
    from clew.operations.schemas import AcceptIn

    data = AcceptIn(national_coordinator=national_coordinator, liaison_officer=liaison_officer)
    with database().transaction() as session:
        operations.accept(session, operator_for(session, agency), operation_id, data)
    out.print(f"operation {operation_id} accepted by {agency}")


@operations_app.command("add-post")
def operations_add_post(
    operation_id: str, agency: Agency,
    name: Annotated[str, typer.Option(help="The post's name, e.g. Kalotina")],
    kind: Annotated[PostKind, typer.Option(help="What kind of post")],
    code: Annotated[str | None, typer.Option(help="A short code, e.g. an IATA code")] = None,
    post_agency: Annotated[str | None, typer.Option(
        "--for", help="The participating agency of the post (default: the acting agency)")] = None,
    latitude: Annotated[float | None, typer.Option(min=-90, max=90)] = None,
    longitude: Annotated[float | None, typer.Option(min=-180, max=180)] = None,
) -> None:  # fmt: skip
    """Add a post to an operation: checks whose place is its name or code are counted at it."""
    from clew.operations import operations
    from clew.operations.schemas import PostIn

    data = PostIn(agency=post_agency or agency, name=name, code=code, kind=kind,
                  latitude=latitude, longitude=longitude)  # fmt: skip
    with database().transaction() as session:
        post = operations.add_post(session, operator_for(session, agency), operation_id, data)
    out.print(f"post {post.id} ({post.name}) added for {post.agency}")


def _report_body(
    path: Path | None, kind: FieldKind | None, options: dict[str, Any]
) -> dict[str, Any]:
    if path is not None:
        body = read_json(path)
        if not isinstance(body, dict):
            raise ValidationError.field("path", "the report must be a JSON object")
        return body
    if kind is None:
        raise ValidationError.field("kind", "give --kind (or a JSON file)")
    body = {"kind": kind, **{k: v for k, v in options.items() if v is not None}}
    body.setdefault("occurred_at", datetime.now().astimezone().isoformat())
    return body


@operations_app.command("report")
def operations_report(
    operation_id: str, agency: Agency,
    path: Annotated[Path | None, typer.Argument(help="JSON file: as the API's report")] = None,
    kind: Annotated[FieldKind | None, typer.Option(help="What is reported")] = None,
    occurred_at: Annotated[str | None, typer.Option(help="When (ISO 8601; now)")] = None,
    crime_area: Annotated[str | None, typer.Option(help="arrest: the crime area")] = None,
    basis: Annotated[str | None, typer.Option(help="arrest: the legal basis")] = None,
    persons: Annotated[int | None, typer.Option(help="arrest: persons arrested")] = None,
    category: Annotated[str | None, typer.Option(help="seizure: what was seized")] = None,
    item: Annotated[str | None, typer.Option(help="seizure: the substance or currency")] = None,
    unit: Annotated[str | None, typer.Option(help="seizure: kg, g, l, tablets, units...")] = None,
    amount: Annotated[float | None, typer.Option(help="seizure: how much")] = None,
    count: Annotated[int | None, typer.Option(help="victims, migrants, investigations")] = None,
    minors: Annotated[int | None, typer.Option(help="victims, migrants: minors among them")] = None,
    title: Annotated[str | None, typer.Option(help="event: its title")] = None,
    post: Annotated[str | None, typer.Option(help="The post's id")] = None,
    note: Annotated[str | None, typer.Option(help="Free text")] = None,
) -> None:  # fmt: skip
    """Report a field result (arrest, seizure, victims, migrants, investigation, event)."""
    from clew.operations import results
    from clew.operations.schemas import FieldResultIn

    options = {
        "occurred_at": occurred_at, "crime_area": crime_area, "basis": basis,
        "persons": persons, "category": category, "item": item, "unit": unit, "amount": amount,
        "count": count, "minors": minors, "title": title, "post": post, "note": note,
    }  # fmt: skip
    data = FieldResultIn.model_validate(_report_body(path, kind, options))
    with database().transaction() as session:
        result = results.report_result(session, operator_for(session, agency), operation_id, data)
    out.print(f"{result.kind} {result.id} reported for {result.agency}")


@operations_app.command("results")
def operations_results(
    operation_id: str, agency: MaybeAgency = None,
    kind: Annotated[FieldKind | None, typer.Option(help="Only this kind")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:  # fmt: skip
    """List an operation's field results (latest first) and their figures."""
    from clew.operations import results

    with database().reading() as session:
        actor = _actor(session, agency)
        items, total = results.list_results(session, actor, operation_id, kind=kind, limit=limit)
        figures = results.get_summary(session, actor, operation_id)
    if as_json:
        out.print_json(json.dumps({"results": [i.model_dump(mode="json") for i in items],
                                   "total": total,
                                   "summary": figures.model_dump(mode="json")}))  # fmt: skip
        return
    rows: list[dict[str, object]] = [
        {"id": r.id, "kind": r.kind, "agency": r.agency, "post": r.post_name or "",
         "what": " ".join(str(p) for p in (r.crime_area, r.basis, r.category, r.item, r.unit,
                                           r.title) if p),
         "amount": r.amount, "minors": r.minors or "",
         "at": r.occurred_at.isoformat(timespec="minutes")}
        for r in items
    ]  # fmt: skip
    print_rows(rows, False, ("id", "kind", "agency", "post", "what", "amount", "minors", "at"))
    out.print(
        f"{total} reports · arrests {figures.arrests.total} · victims {figures.victims.total} "
        f"· migrants {figures.migrants.total} · investigations {figures.investigations}"
    )


@operations_app.command("publish")
def operations_publish(operation_id: str, agency: Agency) -> None:
    """Publish an operation's results (its coordinating agency, after the period)."""
    from clew.operations import operations

    with database().transaction() as session:
        operations.publish(session, operator_for(session, agency), operation_id)
    out.print(f"operation {operation_id} published")
