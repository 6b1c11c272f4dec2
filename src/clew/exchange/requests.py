"""Requests for information (Directive (EU) 2023/977): asked of one or several agencies at
once, each with its own deadline, routed by the receiving SPOC, answered, partly answered or
refused with a reason, reminded.

A request is one message of kind ``request`` (posted through :func:`clew.exchange.posting.post`,
so it is seen by exactly the agencies holding it), its structured part (:class:`InfoRequest`)
and one :class:`RequestRecipient` row per addressed agency. Its public id is its message's.

- **Copied to the SPOC.** When the requesting agency is not its country's SPOC, the SPOC holds
  the request as a copy: it sees the request and every addressed agency's row, never owes an
  answer and cannot answer it.
- **Who sees which row.** The requester (and its SPOC copy) sees every addressed agency's row;
  an addressed agency sees its own row only; an agency the request was routed to sees the row
  it was routed from. Anyone else gets *Request not found.*, exactly as for an id never issued.
- **Routing.** The addressed agency gives the request to a desk, optionally of another agency
  of its own country, which then holds the request and may answer for the addressed agency's
  row (its answer is copied to the addressed agency).
- **Answers.** An answer, partial answer or refusal is a message replying to the request,
  addressed to the requesting agency only. A partial answer leaves the row open (it still owes
  and can be overdue); nothing is taken after a full answer or a refusal.
- **Overdue** is computed, in SQL for the filters: the status is still open
  (:data:`~clew.exchange.kinds.OPEN_STATUSES`) and the deadline has passed.
- **Reminders** come from the requesting agency, to the agencies that still owe.

Every action is audited with ids only: a question or a body never reaches the audit's query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import ColumnElement, Select, exists, func, insert, select, union
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from clew.exchange.access import load_case, message_visible, reader, writer
from clew.exchange.kinds import (
    OPEN_STATUSES,
    CaseState,
    HandlingCode,
    MessageKind,
    RecipientRole,
    RequestStatus,
    Urgency,
    deadline,
)
from clew.exchange.models import Case, InfoRequest, Message, MessageRecipient, RequestRecipient
from clew.exchange.posting import agencies_by_code, join_case, post
from clew.exchange.request_schemas import (
    AnswerIn,
    RecipientPublic,
    RefusalIn,
    ReminderIn,
    ReplyRef,
    RequestCreate,
    RequestPublic,
    RequestSummary,
    RoutingIn,
)
from clew.exchange.spocs import spoc_of
from clew.exchange.views import clearing_house
from clew.storage import utcnow

if TYPE_CHECKING:  # the screening index is handed in by the server
    from clew.screening.sync import IndexKeeper

__all__ = [
    "REQUEST_NOT_FOUND",
    "RequestFilter",
    "answer",
    "get_request",
    "list_requests",
    "overdue",
    "refuse",
    "remind",
    "route",
    "send_request",
]

REQUEST_NOT_FOUND = "Request not found."
REPLY_KINDS = (
    MessageKind.ANSWER, MessageKind.PARTIAL_ANSWER, MessageKind.REFUSAL, MessageKind.REMINDER
)  # fmt: skip
_OPEN = sorted(str(s) for s in OPEN_STATUSES)

Direction = Literal["incoming", "outgoing"]


def overdue(now: datetime | None = None) -> ColumnElement[bool]:
    """The SQL of an overdue row: still owing and past its deadline."""
    return (RequestRecipient.status.in_(_OPEN)) & (RequestRecipient.due_at < (now or utcnow()))


def _is_overdue(row: RequestRecipient, now: datetime) -> bool:
    return row.status in OPEN_STATUSES and row.due_at < now


# --- loading ----------------------------------------------------------------------------------


def _load(session: Session, actor: Actor, request_id: str) -> tuple[Message, InfoRequest]:
    reader(actor)
    found = session.execute(
        select(Message, InfoRequest)
        .join(InfoRequest, InfoRequest.message_id == Message.id)
        .where(Message.public_id == request_id, Message.kind == str(MessageKind.REQUEST),
               message_visible(actor))
    ).first()  # fmt: skip
    if found is None:
        raise NotFoundError(REQUEST_NOT_FOUND)
    return found[0], found[1]


def _rows(session: Session, info: InfoRequest) -> list[RequestRecipient]:
    return list(
        session.execute(
            select(RequestRecipient)
            .where(RequestRecipient.request_id == info.id)
            .order_by(RequestRecipient.id)
        ).scalars()
    )


def _answering_row(session: Session, actor: Actor, info: InfoRequest) -> RequestRecipient | None:
    """The row the actor's agency answers for: its own, else the one routed to it."""
    rows = _rows(session, info)
    own = [r for r in rows if r.agency_id == actor.agency_id]
    routed = [r for r in rows if r.routed_agency_id == actor.agency_id]
    return (own + routed)[0] if own or routed else None


def _still_owed(row: RequestRecipient, code: str | None = None) -> None:
    who = code or "Your agency"
    if row.status == RequestStatus.ANSWERED:
        raise ConflictError(f"{who} has already answered this request in full.")
    if row.status == RequestStatus.REFUSED:
        raise ConflictError(f"{who} has already refused this request.")


def _crosscheck(
    session: Session, actor: Actor, keeper: IndexKeeper | None, message: Message, count: int
) -> None:
    """The clearing house's cross-check of the entities a message names, when it is there."""
    check = clearing_house("check_message")
    if keeper is not None and count and check is not None:
        check(session, actor, keeper, message)


# --- sending ----------------------------------------------------------------------------------


def _open_case(session: Session, actor: Actor, data: RequestCreate) -> Case:
    assert data.new_case is not None and actor.agency_id is not None
    now = utcnow()
    case = Case(
        subject=data.new_case.subject, crime_area=str(data.new_case.crime_area),
        handling_code=str(data.handling_code), state=str(CaseState.OPEN),
        owner_agency_id=actor.agency_id, created_by=actor.username, created_at=now,
        updated_at=now,
    )  # fmt: skip
    session.add(case)
    session.flush()
    audit.record(session, actor, "exchange.case.open", target=case.public_id,
                 query={"crime_area": str(data.new_case.crime_area), "by": "request"})  # fmt: skip
    return case


def send_request(
    session: Session, actor: Actor, data: RequestCreate, keeper: IndexKeeper | None = None
) -> RequestPublic:
    """Send one request to every agency of ``data.to`` (each with its own row and deadline),
    copied to the requester's SPOC when the requester is not it."""
    writer(actor)
    agencies = agencies_by_code(session, data.to, field="to")
    if any(a.id == actor.agency_id for a in agencies):
        raise ValidationError.field("to", "A request asks other agencies: remove your own.")
    case = load_case(session, actor, data.case) if data.case else _open_case(session, actor, data)
    spoc = spoc_of(session, actor.country)
    copies = [spoc] if spoc is not None and spoc != actor.agency_id else []
    message = post(
        session, actor, case, kind=MessageKind.REQUEST, subject=data.subject,
        body=data.body or data.question, language=data.language,
        handling_code=data.handling_code, handling_note=data.handling_note,
        to=[a.id for a in agencies], copies=copies, items=data.items, entities=data.entities,
    )  # fmt: skip
    info = InfoRequest(
        message_id=message.id, question=data.question, about=data.about,
        legal_basis=data.legal_basis, purpose=data.purpose, urgency=str(data.urgency),
        directly_accessible=data.directly_accessible, urgency_reason=data.urgency_reason,
    )  # fmt: skip
    session.add(info)
    session.flush()
    sent = message.created_at
    due = sent + deadline(data.urgency, data.directly_accessible)
    session.execute(
        insert(RequestRecipient),
        [{"request_id": info.id, "agency_id": a.id, "status": str(RequestStatus.SENT),
          "sent_at": sent, "due_at": due, "updated_at": sent} for a in agencies],
    )  # fmt: skip
    _crosscheck(session, actor, keeper, message, len(data.entities))
    return _public(session, actor, message, info)


# --- reading ----------------------------------------------------------------------------------


def _agencies(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    rows = session.execute(
        select(Agency.id, Agency.code, Agency.country).where(Agency.id.in_(ids))
    ).all()
    return {i: (code, country) for i, code, country in rows}


def _copy_holders(session: Session, actor: Actor, message_ids: Sequence[int]) -> set[int]:
    """The requests of ``message_ids`` the actor's agency holds as its SPOC's copy."""
    if actor.agency_id is None or not message_ids:
        return set()
    return set(
        session.execute(
            select(MessageRecipient.message_id).where(
                MessageRecipient.message_id.in_(message_ids),
                MessageRecipient.agency_id == actor.agency_id,
                MessageRecipient.role == str(RecipientRole.SPOC_COPY),
            )
        ).scalars()
    )


def _summaries(
    session: Session, actor: Actor, found: Sequence[tuple[Message, InfoRequest]]
) -> list[dict[str, Any]]:
    """The summary fields of each request, with the rows the actor may see."""
    if not found:
        return []
    by_info = {info.id: message for message, info in found}
    rows = list(
        session.execute(
            select(RequestRecipient)
            .where(RequestRecipient.request_id.in_(by_info))
            .order_by(RequestRecipient.request_id, RequestRecipient.id)
        ).scalars()
    )
    case_ids = {m.case_id for m in by_info.values()}
    cases: dict[int, str] = {
        i: p
        for i, p in session.execute(select(Case.id, Case.public_id).where(Case.id.in_(case_ids)))
    }
    ids = {m.author_agency_id for m in by_info.values()}
    ids |= {r.agency_id for r in rows} | {r.routed_agency_id for r in rows if r.routed_agency_id}
    codes = _agencies(session, ids)
    copies = _copy_holders(session, actor, [m.id for m in by_info.values()])
    now = utcnow()
    shown: dict[int, list[RecipientPublic]] = {i: [] for i in by_info}
    for row in rows:
        message = by_info[row.request_id]
        everything = (
            actor.agency_id is None
            or actor.agency_id == message.author_agency_id
            or message.id in copies
        )
        if not everything and actor.agency_id not in (row.agency_id, row.routed_agency_id):
            continue
        code, country = codes.get(row.agency_id, ("?", ""))
        shown[row.request_id].append(RecipientPublic(
            agency=code, country=country, status=RequestStatus(row.status), sent_at=row.sent_at,
            due_at=row.due_at, overdue=_is_overdue(row, now), desk=row.desk,
            routed_to=codes[row.routed_agency_id][0] if row.routed_agency_id else None,
            routed_at=row.routed_at, answered_at=row.answered_at,
            refusal_reason=row.refusal_reason, reminded_at=row.reminded_at,
        ))  # fmt: skip
    result = []
    for message, info in found:
        code, country = codes.get(message.author_agency_id, ("?", ""))
        recipients = shown[info.id]
        result.append({
            "id": message.public_id, "case": cases[message.case_id], "subject": message.subject,
            "requesting_agency": code, "requesting_country": country,
            "urgency": Urgency(info.urgency), "directly_accessible": info.directly_accessible,
            "handling_code": HandlingCode(message.handling_code),
            "created_at": message.created_at, "recipients": recipients,
            "overdue": any(r.overdue for r in recipients),
        })  # fmt: skip
    return result


def _public(session: Session, actor: Actor, message: Message, info: InfoRequest) -> RequestPublic:
    (summary,) = _summaries(session, actor, [(message, info)])
    replies = session.execute(
        select(Message.public_id, Message.kind, Agency.code, Message.created_at)
        .join(Agency, Agency.id == Message.author_agency_id)
        .where(Message.in_reply_to_id == message.id,
               Message.kind.in_([str(k) for k in REPLY_KINDS]), message_visible(actor))
        .order_by(Message.created_at, Message.id)
    ).all()  # fmt: skip
    return RequestPublic(
        **summary, author=message.author_username, question=info.question, about=info.about,
        legal_basis=info.legal_basis, purpose=info.purpose, urgency_reason=info.urgency_reason,
        body=message.body, language=message.language, handling_note=message.handling_note,
        replies=[ReplyRef(id=i, kind=MessageKind(k), agency=a, created_at=at)
                 for i, k, a, at in replies],
    )  # fmt: skip


def get_request(session: Session, actor: Actor, request_id: str) -> RequestPublic:
    message, info = _load(session, actor, request_id)
    audit.record(session, actor, "exchange.request.view", target=message.public_id,
                 result_ids=[message.public_id])  # fmt: skip
    return _public(session, actor, message, info)


@dataclass(frozen=True, slots=True)
class RequestFilter:
    """``incoming``: requests addressed (or routed) to the actor's agency, ``status`` and
    ``overdue`` reading its own row; ``outgoing``: requests it sent, ``status`` and
    ``overdue`` reading any addressed agency's row. ``country`` is the other side's: the
    requester's (incoming) or an addressed agency's (outgoing)."""

    direction: Direction = "incoming"
    status: RequestStatus | None = None
    overdue: bool = False
    urgency: Urgency | None = None
    country: str | None = None

    def query(self) -> dict[str, Any]:
        return {k: str(v) if not isinstance(v, bool) else v for k, v in {
            "direction": self.direction, "status": self.status, "overdue": self.overdue,
            "urgency": self.urgency, "country": self.country,
        }.items() if v}  # fmt: skip


def _row_conditions(flt: RequestFilter, now: datetime) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if flt.status:
        conditions.append(RequestRecipient.status == str(flt.status))
    if flt.overdue:
        conditions.append(overdue(now))
    return conditions


def _filtered(actor: Actor, flt: RequestFilter) -> Select[Message, InfoRequest]:
    reader(actor)
    now = utcnow()
    stmt = (
        select(Message, InfoRequest)
        .join(InfoRequest, InfoRequest.message_id == Message.id)
        .where(Message.kind == str(MessageKind.REQUEST), message_visible(actor))
    )
    rows = _row_conditions(flt, now)
    country = flt.country.strip().upper() if flt.country else None
    if actor.agency_id is not None and flt.direction == "incoming":
        # two index range scans (own rows, rows routed here), not an OR over every request
        mine = union(
            select(RequestRecipient.request_id).where(
                RequestRecipient.agency_id == actor.agency_id, *rows),
            select(RequestRecipient.request_id).where(
                RequestRecipient.routed_agency_id == actor.agency_id, *rows),
        )  # fmt: skip
        stmt = stmt.where(InfoRequest.id.in_(select(mine.subquery().c.request_id)))
        if country:
            stmt = stmt.where(Message.author_agency_id.in_(
                select(Agency.id).where(Agency.country == country)))  # fmt: skip
    else:
        if actor.agency_id is not None:
            stmt = stmt.where(Message.author_agency_id == actor.agency_id)
        if country:
            rows.append(RequestRecipient.agency_id.in_(
                select(Agency.id).where(Agency.country == country)))  # fmt: skip
        if rows:
            stmt = stmt.where(exists(select(RequestRecipient.id).where(
                RequestRecipient.request_id == InfoRequest.id, *rows)))  # fmt: skip
    if flt.urgency:
        stmt = stmt.where(InfoRequest.urgency == str(flt.urgency))
    return stmt


def list_requests(
    session: Session, actor: Actor, flt: RequestFilter, *, limit: int, offset: int
) -> tuple[list[RequestSummary], int]:
    """Newest first, with the number of all matching requests."""
    stmt = _filtered(actor, flt)
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    found = [
        (m, i)
        for m, i in session.execute(
            stmt.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit).offset(offset)
        )
    ]
    audit.record(session, actor, "exchange.request.list", query=flt.query() | {"offset": offset},
                 result_ids=[m.public_id for m, _ in found])  # fmt: skip
    return [RequestSummary(**s) for s in _summaries(session, actor, found)], total


# --- acting on a request ----------------------------------------------------------------------


def _case(session: Session, message: Message) -> Case:
    case = session.get(Case, message.case_id)
    assert case is not None
    return case


def _re(subject: str) -> str:
    return (subject if subject.startswith("Re: ") else f"Re: {subject}")[:300]


def route(session: Session, actor: Actor, request_id: str, data: RoutingIn) -> RequestPublic:
    """The addressed agency gives the request to a desk, possibly of another agency of its
    country (which then holds it and may answer for the addressed agency)."""
    writer(actor)
    message, info = _load(session, actor, request_id)
    rows = _rows(session, info)
    row = next((r for r in rows if r.agency_id == actor.agency_id), None)
    if row is None:
        raise ForbiddenError("Only an addressed agency routes a request it received.")
    _still_owed(row)
    target: Agency | None = None
    if data.agency:
        (target,) = agencies_by_code(session, [data.agency], field="agency")
        if target.id == actor.agency_id:
            target = None
        elif target.country != actor.country:
            raise ValidationError.field(
                "agency", f"Route to an agency of {actor.country}: {target.code} is not one."
            )
        elif target.id == message.author_agency_id:
            raise ValidationError.field("agency", f"{target.code} sent this request.")
        elif any(r.agency_id == target.id for r in rows):
            raise ValidationError.field("agency", f"{target.code} is asked by this request itself.")
        elif any(r.routed_agency_id == target.id and r is not row for r in rows):
            raise ConflictError(f"{target.code} already answers this request for another agency.")
    if target is not None:
        holds = session.execute(
            select(MessageRecipient.id).where(
                MessageRecipient.message_id == message.id, MessageRecipient.agency_id == target.id
            )
        ).first()
        if holds is None:
            session.execute(insert(MessageRecipient), [{
                "message_id": message.id, "agency_id": target.id, "role": str(RecipientRole.TO),
                "case_id": message.case_id, "created_at": utcnow(),
            }])  # fmt: skip
        join_case(session, _case(session, message), [target.id], actor.username)
    now = utcnow()
    row.desk, row.routed_by, row.routed_at = data.desk, actor.username, now
    row.routed_agency_id = target.id if target else None
    if row.status == RequestStatus.SENT:
        row.status = str(RequestStatus.ROUTED)
    row.updated_at = now
    audit.record(
        session, actor, "exchange.request.route", target=message.public_id,
        query={"agency": target.code if target else None}, result_ids=[message.public_id],
    )  # fmt: skip
    return _public(session, actor, message, info)


def _reply(
    session: Session, actor: Actor, message: Message, row: RequestRecipient, *,
    kind: MessageKind, subject: str, body: str, language: str, handling_code: HandlingCode,
    handling_note: str | None, items: Sequence[Any] = (), entities: Sequence[Any] = (),
) -> Message:  # fmt: skip
    """A reply to the requester; copied to the addressed agency when a routed agency writes."""
    copies = [row.agency_id] if row.agency_id != actor.agency_id else []
    return post(
        session, actor, _case(session, message), kind=kind, subject=subject, body=body,
        language=language, handling_code=handling_code, handling_note=handling_note,
        to=[message.author_agency_id], copies=copies, in_reply_to=message, items=items,
        entities=entities,
    )  # fmt: skip


def _responder(session: Session, actor: Actor, info: InfoRequest) -> RequestRecipient:
    row = _answering_row(session, actor, info)
    if row is None:
        raise ForbiddenError(
            "Only an addressed agency (or the agency it routed the request to) answers it."
        )
    _still_owed(row)
    return row


def answer(
    session: Session, actor: Actor, request_id: str, data: AnswerIn,
    keeper: IndexKeeper | None = None,
) -> RequestPublic:  # fmt: skip
    """An answer or a partial answer (which leaves the request owed) to the requester."""
    writer(actor)
    message, info = _load(session, actor, request_id)
    row = _responder(session, actor, info)
    reply = _reply(
        session, actor, message, row, kind=MessageKind(data.kind),
        subject=data.subject or _re(message.subject), body=data.body, language=data.language,
        handling_code=data.handling_code, handling_note=data.handling_note, items=data.items,
        entities=data.entities,
    )  # fmt: skip
    now = utcnow()
    full = data.kind == MessageKind.ANSWER
    row.status = str(RequestStatus.ANSWERED if full else RequestStatus.PARTIALLY_ANSWERED)
    row.answered_at = row.updated_at = now
    _crosscheck(session, actor, keeper, reply, len(data.entities))
    return _public(session, actor, message, info)


def refuse(session: Session, actor: Actor, request_id: str, data: RefusalIn) -> RequestPublic:
    """A refusal with its ground (article 6) and a note; the body is the reason and the note."""
    writer(actor)
    message, info = _load(session, actor, request_id)
    row = _responder(session, actor, info)
    body = f"Refused: {data.reason}" + (f"\n\n{data.note}" if data.note else "")
    _reply(
        session, actor, message, row, kind=MessageKind.REFUSAL, subject=_re(message.subject),
        body=body, language=data.language, handling_code=HandlingCode(message.handling_code),
        handling_note=message.handling_note,
    )  # fmt: skip
    row.status, row.refusal_reason = str(RequestStatus.REFUSED), str(data.reason)
    row.updated_at = utcnow()
    return _public(session, actor, message, info)


def remind(session: Session, actor: Actor, request_id: str, data: ReminderIn) -> RequestPublic:
    """The requester reminds the agencies named (default: every one still owing) of the
    request; reminding one that answered in full or refused is refused, naming it."""
    writer(actor)
    message, info = _load(session, actor, request_id)
    if actor.agency_id != message.author_agency_id:
        raise ForbiddenError("Only the requesting agency reminds the agencies it asked.")
    rows = _rows(session, info)
    if data.agencies:
        named = agencies_by_code(session, data.agencies, field="agencies")
        by_agency = {r.agency_id: r for r in rows}
        chosen = []
        for agency in named:
            row = by_agency.get(agency.id)
            if row is None:
                raise ValidationError.field(
                    "agencies", f"{agency.code} is not asked by this request."
                )
            _still_owed(row, agency.code)
            chosen.append(row)
    else:
        chosen = [r for r in rows if r.status in OPEN_STATUSES]
        if not chosen:
            raise ConflictError("Every agency asked has answered or refused: nobody to remind.")
    now = utcnow()
    due = min(r.due_at for r in chosen)
    tense = "was" if due < now else "is"
    body = (
        data.note
        or f"Reminder: the answer to this request {tense} due by {due:%Y-%m-%d %H:%M} UTC."
    )
    holders = [r.agency_id for r in chosen] + [
        r.routed_agency_id for r in chosen if r.routed_agency_id
    ]
    post(
        session, actor, _case(session, message), kind=MessageKind.REMINDER,
        subject=f"Reminder: {message.subject}"[:300], body=body, language=data.language,
        handling_code=HandlingCode(message.handling_code), handling_note=message.handling_note,
        to=holders, in_reply_to=message,
    )  # fmt: skip
    for row in chosen:
        row.reminded_at = row.updated_at = now
    return _public(session, actor, message, info)
