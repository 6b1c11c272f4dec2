"""``clew cases`` and ``clew messages``: the liaison exchange at the console, acting for one
agency (``--agency CODE``), so a national system can send and receive without the web.

``messages send`` takes options or a JSON file shaped like ``POST /api/v1/cases/{id}/messages``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from clew.access.actor import Actor
from clew.cli.common import app, database, operator_for, out, print_rows, read_json, system
from clew.errors import ValidationError
from clew.exchange.kinds import CaseState, CrimeArea, HandlingCode, MessageKind

__all__ = ["cases_app", "messages_app"]

cases_app = typer.Typer(
    help="Exchange cases: list, show, open, close, reopen, add-participant.", no_args_is_help=True
)
messages_app = typer.Typer(
    help="Exchange messages: inbox, show, send, reply, ack, forward, ask-permission, decide.",
    no_args_is_help=True,
)
app.add_typer(cases_app, name="cases")
app.add_typer(messages_app, name="messages")

Agency = Annotated[str, typer.Option(help="Code of the agency you act for")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]
To = Annotated[list[str] | None, typer.Option("--to", help="An addressed agency (repeatable)")]


def _actor(session: Any, agency: str | None) -> Actor:
    return operator_for(session, agency) if agency else system()


def _codes(values: list[str] | None) -> list[str]:
    """``--to A --to B`` or ``--to A,B``."""
    return [c.strip() for v in values or [] for c in v.split(",") if c.strip()]


# --- cases ------------------------------------------------------------------------------------


@cases_app.command("list")
def cases_list(
    agency: Agency,
    state: Annotated[CaseState | None, typer.Option(help="open or closed")] = None,
    crime_area: Annotated[CrimeArea | None, typer.Option(help="Crime area")] = None,
    country: Annotated[str | None, typer.Option(help="A participant's country")] = None,
    q: Annotated[str | None, typer.Option(help="Part of the subject")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    as_json: AsJson = False,
) -> None:  # fmt: skip
    """List the cases the agency owns or takes part in (last active first)."""
    from clew.exchange import cases

    flt = cases.CaseFilter(state=state, crime_area=crime_area, country=country, q=q)
    with database().reading() as session:
        items, total = cases.list_cases(session, _actor(session, agency), flt, limit=limit,
                                        offset=0)  # fmt: skip
    rows: list[dict[str, object]] = [
        {"id": c.id, "subject": c.subject, "crime_area": c.crime_area, "code": c.handling_code,
         "state": c.state, "owner": c.owner, "messages": c.messages, "unread": c.unread}
        for c in items
    ]  # fmt: skip
    columns = ("id", "subject", "crime_area", "code", "state", "owner", "messages", "unread")
    print_rows(rows, as_json, columns)
    if not as_json:
        out.print(f"{len(rows)} of {total}")


@cases_app.command("show")
def cases_show(case_id: str, agency: Agency) -> None:
    """Show one case (participants and counts) as JSON."""
    from clew.exchange import cases

    with database().reading() as session:
        case = cases.get_case(session, _actor(session, agency), case_id)
    out.print_json(case.model_dump_json())


@cases_app.command("open")
def cases_open(
    agency: Agency,
    subject: Annotated[str, typer.Option(help="What the case is about")],
    crime_area: Annotated[CrimeArea, typer.Option(help="Crime area")],
    participant: Annotated[list[str] | None, typer.Option(
        "--participant", help="An agency taking part (repeatable)")] = None,
    handling_code: Annotated[HandlingCode, typer.Option(help="H0 to H3")] = HandlingCode.H0,
    handling_note: Annotated[str | None, typer.Option(help="The restrictions (H3)")] = None,
) -> None:  # fmt: skip
    """Open a case for an agency."""
    from clew.exchange import cases
    from clew.exchange.schemas import CaseCreate

    data = CaseCreate(
        subject=subject, crime_area=crime_area, handling_code=handling_code,
        handling_note=handling_note, participants=_codes(participant),
    )  # fmt: skip
    with database().transaction() as session:
        case = cases.open_case(session, operator_for(session, agency), data)
    out.print(f"case {case.id} opened with {', '.join(p.code for p in case.participants)}")


@cases_app.command("close")
def cases_close(case_id: str, agency: Agency) -> None:
    """Close a case the agency opened."""
    from clew.exchange import cases

    with database().transaction() as session:
        cases.close_case(session, operator_for(session, agency), case_id)
    out.print(f"case {case_id} closed")


@cases_app.command("reopen")
def cases_reopen(case_id: str, agency: Agency) -> None:
    """Reopen a case the agency opened."""
    from clew.exchange import cases

    with database().transaction() as session:
        cases.reopen_case(session, operator_for(session, agency), case_id)
    out.print(f"case {case_id} reopened")


@cases_app.command("add-participant")
def cases_add_participant(
    case_id: str, codes: Annotated[list[str], typer.Argument(help="Agency codes")], agency: Agency
) -> None:
    """Let more agencies take part in a case."""
    from clew.exchange import cases
    from clew.exchange.schemas import ParticipantsIn

    data = ParticipantsIn(participants=_codes(codes))
    with database().transaction() as session:
        case = cases.add_participants(session, operator_for(session, agency), case_id, data)
    out.print(f"case {case_id}: {', '.join(p.code for p in case.participants)}")


# --- messages ---------------------------------------------------------------------------------


@messages_app.command("inbox")
def messages_inbox(
    agency: Agency,
    box: Annotated[str, typer.Option(help="in (held by the agency) or sent")] = "in",
    case: Annotated[str | None, typer.Option(help="A case's id")] = None,
    country: Annotated[str | None, typer.Option(help="The author agency's country")] = None,
    handling_code: Annotated[HandlingCode | None, typer.Option(help="H0 to H3")] = None,
    kind: Annotated[MessageKind | None, typer.Option(help="Message kind")] = None,
    unread: Annotated[bool, typer.Option("--unread", help="Only unread messages")] = False,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    as_json: AsJson = False,
) -> None:  # fmt: skip
    """An agency's messages, newest first, with its unread and overdue counts."""
    from clew.exchange import messages

    if box not in ("in", "sent"):
        raise ValidationError.field("box", "use in or sent")
    flt = messages.InboxFilter(
        case=case, country=country, handling_code=handling_code, kind=kind, unread=unread,
        box="in" if box == "in" else "sent",
    )  # fmt: skip
    with database().reading() as session:
        actor = _actor(session, agency)
        items, total = messages.inbox(session, actor, flt, limit=limit, offset=0)
        counts = messages.counts(session, actor)
    rows: list[dict[str, object]] = [
        {"id": m.id, "case": m.case, "kind": m.kind, "from": m.author_agency,
         "subject": m.subject, "code": m.handling_code, "language": m.language,
         "sent": m.created_at.strftime("%Y-%m-%d %H:%M"), "read": "yes" if m.read_at else "no",
         "overdue": "yes" if m.request_overdue else ""}
        for m in items
    ]  # fmt: skip
    columns = ("id", "case", "kind", "from", "subject", "code", "language", "sent", "read",
               "overdue")  # fmt: skip
    print_rows(rows, as_json, columns)
    if not as_json:
        out.print(
            f"{len(rows)} of {total} · unread {counts.unread} · overdue to you "
            f"{counts.overdue_incoming} · overdue from you {counts.overdue_outgoing}"
        )


@messages_app.command("show")
def messages_show(message_id: str, agency: Agency) -> None:
    """Show one message as JSON (the agency's read receipt is set the first time)."""
    from clew.exchange import messages

    with database().reading() as session:
        message = messages.read_message(session, _actor(session, agency), message_id)
    out.print_json(message.model_dump_json())


def _body(body: str | None, body_file: Path | None) -> str | None:
    if body_file is not None:
        if not body_file.is_file():
            raise ValidationError.field("body_file", f"{body_file} is not a readable file")
        return body_file.read_text(encoding="utf-8")
    return body


def _send(agency: str, case_id: str, data: dict[str, Any]) -> None:
    from clew.exchange import messages
    from clew.exchange.schemas import MessageCreate

    message = MessageCreate.model_validate(data)
    with database().transaction() as session:
        sent = messages.send(session, operator_for(session, agency), case_id, message)
    out.print(f"message {sent.id} sent to {', '.join(sent.to)}")


Subject = Annotated[str | None, typer.Option(help="Subject")]
Body = Annotated[str | None, typer.Option(help="The text")]
BodyFile = Annotated[Path | None, typer.Option(help="A file holding the text (UTF-8)")]
Language = Annotated[str, typer.Option(help="The language it is written in (en, vi, ...)")]
Code = Annotated[HandlingCode, typer.Option(help="H0 to H3")]
HandlingNote = Annotated[str | None, typer.Option(help="The restrictions (H3)")]


@messages_app.command("send")
def messages_send(
    agency: Agency,
    case: Annotated[str, typer.Option(help="The case to write in")],
    path: Annotated[Path | None, typer.Argument(
        help="JSON file shaped like POST /api/v1/cases/{id}/messages")] = None,
    to: To = None, subject: Subject = None, body: Body = None, body_file: BodyFile = None,
    language: Language = "en", handling_code: Code = HandlingCode.H0,
    handling_note: HandlingNote = None,
) -> None:  # fmt: skip
    """Send a message in a case (to every other participant unless --to names agencies)."""
    if path is not None:
        _send(agency, case, read_json(path))
        return
    data = {
        "subject": subject, "body": _body(body, body_file), "language": language,
        "handling_code": handling_code, "handling_note": handling_note, "to": _codes(to),
    }  # fmt: skip
    _send(agency, case, {k: v for k, v in data.items() if v is not None})


@messages_app.command("reply")
def messages_reply(
    message_id: str, agency: Agency, body: Body = None, body_file: BodyFile = None,
    subject: Subject = None, to: To = None, language: Language = "en",
    handling_code: Code = HandlingCode.H0, handling_note: HandlingNote = None,
) -> None:  # fmt: skip
    """Reply to a message (to the agency that wrote it unless --to names agencies)."""
    from clew.exchange import messages

    with database().reading() as session:
        original = messages.read_message(session, _actor(session, agency), message_id)
    data = {"subject": subject or f"Re: {original.subject}"[:300],
            "body": _body(body, body_file), "language": language,
            "handling_code": handling_code, "handling_note": handling_note,
            "to": _codes(to), "in_reply_to": message_id}  # fmt: skip
    _send(agency, original.case, {k: v for k, v in data.items() if v is not None})


@messages_app.command("ack")
def messages_ack(message_id: str, agency: Agency) -> None:
    """Acknowledge a message sent to the agency."""
    from clew.exchange import messages

    with database().transaction() as session:
        messages.acknowledge(session, operator_for(session, agency), message_id)
    out.print(f"message {message_id} acknowledged")


@messages_app.command("forward")
def messages_forward(
    message_id: str, agency: Agency, to: To = None,
    note: Annotated[str | None, typer.Option(help="A note above the forwarded text")] = None,
) -> None:  # fmt: skip
    """Pass a message on (an H2 message needs its owner's permission for each agency)."""
    from clew.exchange import messages
    from clew.exchange.schemas import ForwardIn

    data = ForwardIn(to=_codes(to), note=note)
    with database().transaction() as session:
        sent = messages.forward(session, operator_for(session, agency), message_id, data)
    out.print(f"message {sent.id} forwarded to {', '.join(sent.to)}")


@messages_app.command("ask-permission")
def messages_ask_permission(
    message_id: str, agency: Agency,
    to: Annotated[str, typer.Option(help="The agency it would be passed on to")],
    reason: Annotated[str, typer.Option(help="Why")],
    language: Language = "en",
) -> None:  # fmt: skip
    """Ask the owner of an H2 message to let it be passed on to one agency."""
    from clew.exchange import messages
    from clew.exchange.schemas import PermissionAsk

    data = PermissionAsk(to=to, reason=reason, language=language)
    with database().transaction() as session:
        asked = messages.ask_permission(session, operator_for(session, agency), message_id, data)
    out.print(f"permission {asked.id} asked of the owner (message {asked.request_message})")


@messages_app.command("decide")
def messages_decide(
    permission_id: str, agency: Agency,
    grant: Annotated[bool, typer.Option("--grant/--refuse", help="Grant or refuse")],
    note: Annotated[str | None, typer.Option(help="A note to the asking agency")] = None,
    language: Language = "en",
) -> None:  # fmt: skip
    """Grant or refuse a permission to pass your agency's H2 message on."""
    from clew.exchange import messages
    from clew.exchange.schemas import PermissionDecision

    data = PermissionDecision(grant=grant, note=note, language=language)
    with database().transaction() as session:
        decided = messages.decide_permission(
            session, operator_for(session, agency), permission_id, data
        )
    out.print(f"permission {decided.id} {decided.state}")
