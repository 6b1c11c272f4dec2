"""``clew traces``: firearm trace requests at the console, acting for one agency.

Opening and answering take JSON files shaped like the API's bodies (``POST /api/v1/traces``
and ``POST /api/v1/traces/{id}/answer``).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from clew.access.actor import Actor
from clew.cli.common import app, database, operator_for, out, print_rows, read_json, system
from clew.errors import ValidationError
from clew.firearms.trace_kinds import Priority, RecipientStatus, RefusalReason, TraceState
from clew.records.kinds import FirearmType

__all__ = ["traces_app"]

traces_app = typer.Typer(
    help="Firearm trace requests: list, show, open, answer, refuse, export, stats.",
    no_args_is_help=True,
)
app.add_typer(traces_app, name="traces")

Agency = Annotated[str, typer.Option(help="Code of the agency you act for")]
Direction = Annotated[str, typer.Option(help="incoming (sent to the agency) or outgoing")]


def _filter(
    direction: str, status: RecipientStatus | None, state: TraceState | None,
    priority: Priority | None, country: str | None, overdue: bool,
) -> Any:  # fmt: skip
    from clew.firearms.traces import TraceFilter

    if direction not in ("incoming", "outgoing"):
        raise ValidationError.field("direction", "use incoming or outgoing")
    return TraceFilter(
        direction="incoming" if direction == "incoming" else "outgoing", status=status,
        state=state, priority=priority, country=country, overdue=overdue,
    )  # fmt: skip


def _actor(session: Any, agency: str | None) -> Actor:
    return operator_for(session, agency) if agency else system()


@traces_app.command("list")
def traces_list(
    agency: Agency, direction: Direction = "incoming",
    status: Annotated[RecipientStatus | None, typer.Option(help="Addressed status")] = None,
    state: Annotated[TraceState | None, typer.Option(help="open, closed or cancelled")] = None,
    priority: Annotated[Priority | None, typer.Option(help="routine or urgent")] = None,
    country: Annotated[str | None, typer.Option(help="Recovery country (alpha-2)")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue traces")] = False,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:  # fmt: skip
    """List an agency's incoming or outgoing traces (newest first)."""
    from clew.firearms import traces

    flt = _filter(direction, status, state, priority, country, overdue)
    with database().reading() as session:
        items, total = traces.list_traces(
            session, _actor(session, agency), flt, limit=limit, offset=0
        )
    rows: list[dict[str, object]] = [
        {"id": t.id, "from": t.requesting_agency, "firearm": t.label, "priority": t.priority,
         "state": t.state, "overdue": "yes" if t.overdue else "no",
         "addressed": " ".join(f"{r.agency}:{r.status}" for r in t.recipients)}
        for t in items
    ]  # fmt: skip
    columns = ("id", "from", "firearm", "priority", "state", "overdue", "addressed")
    print_rows(rows, as_json, columns)
    if not as_json:
        out.print(f"{len(rows)} of {total}")


@traces_app.command("show")
def traces_show(
    trace_id: str,
    agency: Annotated[str | None, typer.Option(help="The agency you act for")] = None,
) -> None:
    """Show one trace as JSON."""
    from clew.firearms import traces

    with database().reading() as session:
        trace = traces.get_trace(session, _actor(session, agency), trace_id)
    out.print_json(trace.model_dump_json())


@traces_app.command("open")
def traces_open(
    path: Annotated[Path, typer.Argument(help="JSON file: the trace (as POST /api/v1/traces)")],
    agency: Agency,
) -> None:
    """Open a trace for an agency and send it to the agencies it addresses."""
    from clew.firearms import traces
    from clew.firearms.trace_schemas import TraceCreate

    data = TraceCreate.model_validate(read_json(path))
    with database().transaction() as session:
        trace = traces.open_trace(session, operator_for(session, agency), data)
    out.print(f"trace {trace.id} sent to {', '.join(r.agency for r in trace.recipients)}")


@traces_app.command("answer")
def traces_answer(
    trace_id: str,
    path: Annotated[Path, typer.Argument(help='JSON file: {"events": [...], "comment": "..."}')],
    agency: Agency,
) -> None:
    """Answer a trace with the weapon's history (dated events)."""
    from clew.firearms import traces
    from clew.firearms.trace_schemas import AnswerIn

    data = AnswerIn.model_validate(read_json(path))
    with database().transaction() as session:
        traces.answer(session, operator_for(session, agency), trace_id, data)
    out.print(f"trace {trace_id} answered with {len(data.events)} events")


@traces_app.command("refuse")
def traces_refuse(
    trace_id: str, agency: Agency,
    reason: Annotated[RefusalReason, typer.Option(help="Why the agency will not answer")],
    note: Annotated[str | None, typer.Option(help="Free text beside the reason")] = None,
) -> None:  # fmt: skip
    """Refuse a trace, with a reason."""
    from clew.firearms import traces
    from clew.firearms.trace_schemas import RefusalIn

    data = RefusalIn(reason=reason, note=note)
    with database().transaction() as session:
        traces.refuse(session, operator_for(session, agency), trace_id, data)
    out.print(f"trace {trace_id} refused ({reason})")


@traces_app.command("export")
def traces_export(
    agency: Agency, direction: Direction = "incoming",
    status: Annotated[RecipientStatus | None, typer.Option(help="Addressed status")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue traces")] = False,
) -> None:  # fmt: skip
    """Write an agency's incoming or outgoing traces as CSV to standard output."""
    from clew.firearms import traces

    flt = _filter(direction, status, None, None, None, overdue)
    with database().reading() as session:
        body = traces.export_csv(session, _actor(session, agency), flt)
    sys.stdout.write(body)


@traces_app.command("stats")
def traces_stats(
    agency: Annotated[str | None, typer.Option(help="The agency you act for")] = None,
    since: Annotated[str | None, typer.Option(help="Opened on or after (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="Opened on or before (YYYY-MM-DD)")] = None,
    make: Annotated[str | None, typer.Option(help="Make, or any alias of it")] = None,
    firearm_type: Annotated[
        FirearmType | None, typer.Option("--type", help="UNODC firearm type")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:  # fmt: skip
    """Trace statistics by country (sent, received, answered, response rate, median days to
    answer), of the traces the agency may see; --json adds the top makes, types and calibres,
    the source x recovery matrix and the indicators by month."""
    from clew.firearms import trace_stats
    from clew.firearms.trace_stats_schemas import TraceStatistics

    flt = trace_stats.StatsFilter(
        since=_date("since", since), until=_date("until", until), make=make or None,
        firearm_type=firearm_type,
    )  # fmt: skip
    with database().reading() as session:
        stats = TraceStatistics.of(trace_stats.statistics(session, _actor(session, agency), flt))
    if as_json:
        out.print_json(stats.model_dump_json())
        return
    rows: list[dict[str, object]] = [
        {"country": c.country, "sent": c.sent, "received": c.received, "answered": c.answered,
         "response_rate": "" if c.response_rate is None else f"{c.response_rate:.0%}",
         "median_days": "" if c.median_days_to_answer is None else c.median_days_to_answer}
        for c in stats.countries
    ]  # fmt: skip
    columns = ("country", "sent", "received", "answered", "response_rate", "median_days")
    print_rows(rows, False, columns)
    rate = "-" if stats.response_rate is None else f"{stats.response_rate:.0%}"
    days = "-" if stats.median_days_to_answer is None else stats.median_days_to_answer
    out.print(f"{stats.traces} traces · response rate {rate} · median days to answer {days}")


def _date(name: str, text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError.field(name, "use YYYY-MM-DD") from None


@traces_app.command("to-file")
def traces_to_file(
    trace_id: str,
    file_id: Annotated[int, typer.Argument(min=1, help="The analysis file to pull it into")],
) -> None:
    """Pull a trace and its history into an analysis file (as the console operator)."""
    from clew.firearms.analysis import TraceIntoFile, pull_trace

    with database().transaction() as session:
        pulled = pull_trace(session, system(), trace_id, TraceIntoFile(file_id=file_id))
    out.print(
        f"trace {trace_id} in analysis file {pulled.file_id}: firearm entity {pulled.firearm}, "
        f"{pulled.entities_added} entities and {pulled.links_added} links added"
    )
