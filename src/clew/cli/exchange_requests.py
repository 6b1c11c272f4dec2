"""``clew requests`` (requests for information between agencies, acting for one agency) and
``clew spocs`` (each country's Single Point of Contact).

``send`` and ``answer`` take a JSON file shaped like the API's body (``POST /api/v1/requests``,
``POST /api/v1/requests/{id}/answer``), options, or both (an option given wins over the file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from clew.access.actor import Actor
from clew.cli.common import app, database, operator_for, out, print_rows, read_json, system
from clew.errors import ValidationError
from clew.exchange.kinds import CrimeArea, HandlingCode, RefusalReason, RequestStatus, Urgency

__all__ = ["requests_app", "spocs_app"]

requests_app = typer.Typer(
    help="Requests for information: list, show, send, route, answer, refuse, remind.",
    no_args_is_help=True,
)
spocs_app = typer.Typer(help="Single Points of Contact: list, set, remove.", no_args_is_help=True)
app.add_typer(requests_app, name="requests")
app.add_typer(spocs_app, name="spocs")

Agency = Annotated[str, typer.Option(help="Code of the agency you act for")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]
BodyFile = Annotated[
    Path | None, typer.Argument(help="JSON file shaped like the API body (optional)")
]


def _read_json(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    data = read_json(path)
    if not isinstance(data, dict):
        raise ValidationError.field("path", f"{path.name} holds no JSON object")
    return data


def _given(**options: Any) -> dict[str, Any]:
    return {k: v for k, v in options.items() if v not in (None, [], False)}


def _actor(session: Any, agency: str | None) -> Actor:
    return operator_for(session, agency) if agency else system()


def _print_request(request: Any, as_json: bool, line: str) -> None:
    if as_json:
        out.print_json(request.model_dump_json())
    else:
        out.print(line)


@requests_app.command("list")
def requests_list(
    agency: Agency,
    direction: Annotated[str, typer.Option(help="incoming (asked of the agency) or outgoing")] = (
        "incoming"
    ),
    status: Annotated[RequestStatus | None, typer.Option(help="An addressed row's status")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue requests")] = False,
    urgency: Annotated[Urgency | None, typer.Option(help="urgent or non_urgent")] = None,
    country: Annotated[str | None, typer.Option(help="The other side's country")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: AsJson = False,
) -> None:  # fmt: skip
    """List an agency's incoming or outgoing requests (newest first)."""
    from clew.exchange.requests import RequestFilter, list_requests

    if direction not in ("incoming", "outgoing"):
        raise ValidationError.field("direction", "use incoming or outgoing")
    flt = RequestFilter(
        direction="incoming" if direction == "incoming" else "outgoing", status=status,
        overdue=overdue, urgency=urgency, country=country,
    )  # fmt: skip
    with database().reading() as session:
        items, total = list_requests(session, _actor(session, agency), flt, limit=limit, offset=0)
    rows: list[dict[str, object]] = [
        {"id": r.id, "from": r.requesting_agency, "subject": r.subject, "urgency": r.urgency,
         "overdue": "yes" if r.overdue else "no",
         "addressed": " ".join(f"{x.agency}:{x.status}" for x in r.recipients),
         "due": min((x.due_at for x in r.recipients), default="")}
        for r in items
    ]  # fmt: skip
    print_rows(rows, as_json, ("id", "from", "subject", "urgency", "overdue", "addressed", "due"))
    if not as_json:
        out.print(f"{len(rows)} of {total}")


@requests_app.command("show")
def requests_show(
    request_id: str,
    agency: Annotated[str | None, typer.Option(help="The agency you act for")] = None,
) -> None:
    """Show one request as JSON."""
    from clew.exchange.requests import get_request

    with database().reading() as session:
        request = get_request(session, _actor(session, agency), request_id)
    out.print_json(request.model_dump_json())


@requests_app.command("send")
def requests_send(
    agency: Agency,
    path: BodyFile = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="An agency asked (repeat)")] = None,
    case: Annotated[str | None, typer.Option(help="An existing case's id")] = None,
    new_case: Annotated[str | None, typer.Option(help="Subject of a new case")] = None,
    crime_area: Annotated[CrimeArea | None, typer.Option(help="The new case's area")] = None,
    question: Annotated[str | None, typer.Option(help="What is asked")] = None,
    about: Annotated[str | None, typer.Option(help="About whom or what")] = None,
    legal_basis: Annotated[str | None, typer.Option(help="The legal basis")] = None,
    purpose: Annotated[str | None, typer.Option(help="What the information is for")] = None,
    urgency: Annotated[Urgency | None, typer.Option(help="urgent or non_urgent")] = None,
    direct: Annotated[
        bool, typer.Option("--direct", help="The data is directly accessible to the asked")
    ] = False,
    urgency_reason: Annotated[str | None, typer.Option(help="Why it is urgent")] = None,
    subject: Annotated[str | None, typer.Option(help="The message's subject")] = None,
    body: Annotated[str | None, typer.Option(help="Free text beside the question")] = None,
    language: Annotated[str | None, typer.Option(help="The language it is written in")] = None,
    handling_code: Annotated[HandlingCode | None, typer.Option(help="H0 to H3")] = None,
    handling_note: Annotated[str | None, typer.Option(help="Restrictions (H3)")] = None,
    as_json: AsJson = False,
) -> None:  # fmt: skip
    """Send a request for information for an agency to one or several agencies."""
    from clew.exchange.request_schemas import RequestCreate
    from clew.exchange.requests import send_request

    data = _read_json(path) | _given(
        to=to, case=case, question=question, about=about, legal_basis=legal_basis,
        purpose=purpose, urgency=urgency, directly_accessible=direct,
        urgency_reason=urgency_reason, subject=subject, body=body, language=language,
        handling_code=handling_code, handling_note=handling_note,
    )  # fmt: skip
    if new_case or crime_area:
        data["new_case"] = {"subject": new_case, "crime_area": crime_area}
    data.setdefault("language", "en")
    request = RequestCreate.model_validate(data)
    with database().transaction() as session:
        sent = send_request(session, operator_for(session, agency), request)
    due = ", ".join(f"{r.agency} by {r.due_at:%Y-%m-%d %H:%M} UTC" for r in sent.recipients)
    _print_request(sent, as_json, f"request {sent.id} sent to {due}")


@requests_app.command("route")
def requests_route(
    request_id: str, agency: Agency,
    desk: Annotated[str, typer.Option(help="The desk that answers")],
    to: Annotated[str | None, typer.Option("--to", help="An agency of your country")] = None,
) -> None:  # fmt: skip
    """Route a request the agency received to a desk (optionally of another agency)."""
    from clew.exchange.request_schemas import RoutingIn
    from clew.exchange.requests import route

    data = RoutingIn.model_validate(_given(desk=desk, agency=to))
    with database().transaction() as session:
        route(session, operator_for(session, agency), request_id, data)
    out.print(f"request {request_id} routed to {desk}" + (f" ({data.agency})" if to else ""))


@requests_app.command("answer")
def requests_answer(
    request_id: str, agency: Agency, path: BodyFile = None,
    body: Annotated[str | None, typer.Option(help="The answer")] = None,
    partial: Annotated[bool, typer.Option("--partial", help="A partial answer")] = False,
    language: Annotated[str | None, typer.Option(help="The language it is written in")] = None,
    handling_code: Annotated[HandlingCode | None, typer.Option(help="H0 to H3")] = None,
    handling_note: Annotated[str | None, typer.Option(help="Restrictions (H3)")] = None,
) -> None:  # fmt: skip
    """Answer (or partly answer) a request, to the requester."""
    from clew.exchange.request_schemas import AnswerIn
    from clew.exchange.requests import answer

    data = _read_json(path) | _given(
        body=body, language=language, handling_code=handling_code, handling_note=handling_note
    )
    if partial:
        data["kind"] = "partial_answer"
    data.setdefault("language", "en")
    reply = AnswerIn.model_validate(data)
    with database().transaction() as session:
        answer(session, operator_for(session, agency), request_id, reply)
    out.print(f"request {request_id} {'partly ' if partial else ''}answered")


@requests_app.command("refuse")
def requests_refuse(
    request_id: str, agency: Agency,
    reason: Annotated[RefusalReason, typer.Option(help="The ground of the refusal")],
    note: Annotated[str | None, typer.Option(help="Free text beside the reason")] = None,
) -> None:  # fmt: skip
    """Refuse a request, with a reason."""
    from clew.exchange.request_schemas import RefusalIn
    from clew.exchange.requests import refuse

    data = RefusalIn.model_validate(_given(reason=reason, note=note))
    with database().transaction() as session:
        refuse(session, operator_for(session, agency), request_id, data)
    out.print(f"request {request_id} refused ({reason})")


@requests_app.command("remind")
def requests_remind(
    request_id: str, agency: Agency,
    to: Annotated[list[str] | None, typer.Option("--to", help="An agency to remind")] = None,
    note: Annotated[str | None, typer.Option(help="The reminder's text")] = None,
) -> None:  # fmt: skip
    """Remind the agencies asked (default: every one still owing an answer)."""
    from clew.exchange.request_schemas import ReminderIn
    from clew.exchange.requests import remind

    data = ReminderIn.model_validate(_given(agencies=to, note=note))
    with database().transaction() as session:
        request = remind(session, operator_for(session, agency), request_id, data)
    reminded = [r.agency for r in request.recipients if r.reminded_at is not None]
    out.print(f"request {request_id}: reminded {', '.join(reminded)}")


@spocs_app.command("list")
def spocs_list(as_json: AsJson = False) -> None:
    """Each country's Single Point of Contact."""
    from clew.exchange.spocs import list_spocs

    with database().reading() as session:
        found = list_spocs(session, system())
    rows: list[dict[str, object]] = [s.model_dump() for s in found]
    print_rows(rows, as_json, ("country", "agency", "agency_name"))


@spocs_app.command("set")
def spocs_set(
    country: Annotated[str, typer.Argument(help="Alpha-2 country code")],
    agency: Annotated[str, typer.Argument(help="Code of an agency of that country")],
) -> None:
    """Make an agency its country's SPOC (replacing any)."""
    from clew.exchange.spocs import set_spoc

    with database().transaction() as session:
        spoc = set_spoc(session, system(), country, agency)
    out.print(f"{spoc.country}: {spoc.agency} is the SPOC")


@spocs_app.command("remove")
def spocs_remove(country: Annotated[str, typer.Argument(help="Alpha-2 country code")]) -> None:
    """Remove a country's SPOC (its agencies' requests are then copied to nobody)."""
    from clew.exchange.spocs import remove_spoc

    with database().transaction() as session:
        remove_spoc(session, system(), country)
    out.print(f"{country.upper()} has no SPOC now")
