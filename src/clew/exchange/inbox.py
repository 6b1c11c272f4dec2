"""The inbox and its counts: what an agency holds (``in``) or wrote (``sent``), newest first.

Built for a million messages: the ``in`` box walks the agency's rows of
``exchange_message_recipients`` by the index ``(agency_id, read_at, message_id)`` (the unread
view reads exactly its range) and only then joins the page's messages; the ``sent`` box walks
``exchange_messages`` by ``(author_agency_id, created_at)``. Filters on a message's own columns
(kind, handling code, the author's country) join by primary key. Overdue requests are counted on
``exchange_request_recipients`` by ``(agency_id, status, due_at)``: an addressed agency is
overdue when its status still owes an answer and its deadline has passed, computed when read.
The console operator acting for no agency has every message in its ``in`` box and no counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.errors import ValidationError
from clew.exchange.access import reader
from clew.exchange.kinds import OPEN_STATUSES, HandlingCode, MessageKind
from clew.exchange.models import Case, InfoRequest, Message, MessageRecipient, RequestRecipient
from clew.exchange.schemas import Box, InboxCounts, MessageSummary
from clew.exchange.views import agencies
from clew.storage import utcnow

__all__ = ["InboxFilter", "counts", "inbox"]

_OPEN = sorted(str(s) for s in OPEN_STATUSES)


@dataclass(frozen=True, slots=True)
class InboxFilter:
    """``case``: a case's public id (one the actor does not see matches nothing);
    ``country``: the author agency's; ``unread``: only messages its agency has not read
    (the ``in`` box only)."""

    case: str | None = None
    country: str | None = None
    handling_code: HandlingCode | None = None
    kind: MessageKind | None = None
    unread: bool = False
    box: Box = "in"

    def query(self) -> dict[str, Any]:
        return {k: v for k, v in {
            "case": self.case, "country": self.country, "handling_code": self.handling_code,
            "kind": self.kind, "unread": self.unread, "box": self.box,
        }.items() if v}  # fmt: skip


def _on_messages(stmt: Select[Any], flt: InboxFilter) -> Select[Any]:
    """The filters read on the message row (joined by primary key)."""
    if flt.kind:
        stmt = stmt.where(Message.kind == flt.kind)
    if flt.handling_code:
        stmt = stmt.where(Message.handling_code == flt.handling_code)
    if flt.country:
        country = flt.country.strip().upper()
        stmt = stmt.where(
            Message.author_agency_id.in_(select(Agency.id).where(Agency.country == country))
        )
    return stmt


def _case_id(flt: InboxFilter) -> Any:
    return select(Case.id).where(Case.public_id == flt.case).scalar_subquery()


def _page_ids(
    session: Session, actor: Actor, flt: InboxFilter, limit: int, offset: int
) -> tuple[list[int], int]:
    """The ids of the page's messages, newest first, and the number of all matching."""
    own = actor.agency_id
    needs_message = bool(flt.kind or flt.handling_code or flt.country)
    if flt.box == "sent" or own is None:
        stmt: Select[Any] = select(Message.id)
        if own is not None:
            stmt = stmt.where(Message.author_agency_id == own)
        if flt.case:
            stmt = stmt.where(Message.case_id == _case_id(flt))
        stmt = _on_messages(stmt, flt)
        order: tuple[Any, ...] = (Message.created_at.desc(), Message.id.desc())
    else:
        stmt = select(MessageRecipient.message_id).where(MessageRecipient.agency_id == own)
        if flt.unread:
            stmt = stmt.where(MessageRecipient.read_at.is_(None))
        if flt.case:
            stmt = stmt.where(MessageRecipient.case_id == _case_id(flt))
        if needs_message:
            stmt = _on_messages(stmt.join(Message, Message.id == MessageRecipient.message_id), flt)
        order = (MessageRecipient.message_id.desc(),)  # ids grow with time: newest first
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    ids = list(session.execute(stmt.order_by(*order).limit(limit).offset(offset)).scalars())
    return ids, total


def inbox(
    session: Session, actor: Actor, flt: InboxFilter, *, limit: int, offset: int
) -> tuple[list[MessageSummary], int]:
    """A page of the agency's ``in`` or ``sent`` box, newest first, and the total."""
    reader(actor)
    if flt.unread and flt.box == "sent":
        raise ValidationError.field("unread", "Unread applies to the in box only.")
    ids, total = _page_ids(session, actor, flt, limit, offset)
    rows = {
        m.id: (m, case_id, subject)
        for m, case_id, subject in session.execute(
            select(Message, Case.public_id, Case.subject)
            .join(Case, Case.id == Message.case_id).where(Message.id.in_(ids))
        )
    }  # fmt: skip
    read: dict[int, datetime | None] = {}
    due: dict[int, tuple[datetime | None, str]] = {}
    if actor.agency_id is not None and ids:
        read = dict(session.execute(
            select(MessageRecipient.message_id, MessageRecipient.read_at)
            .where(MessageRecipient.agency_id == actor.agency_id,
                   MessageRecipient.message_id.in_(ids))
        ).all())  # fmt: skip
        for held, deadline, status in session.execute(
            select(InfoRequest.message_id, RequestRecipient.due_at, RequestRecipient.status)
            .join(RequestRecipient, RequestRecipient.request_id == InfoRequest.id)
            .where(InfoRequest.message_id.in_(ids),
                   RequestRecipient.agency_id == actor.agency_id)
        ):  # fmt: skip
            due[held] = (deadline, status)
    codes = agencies(session, {m.author_agency_id for m, _, _ in rows.values()})
    now = utcnow()
    items = []
    for message_id in ids:
        m, case_id, case_subject = rows[message_id]
        code, country = codes[m.author_agency_id]
        due_at, status = due.get(message_id, (None, ""))
        items.append(MessageSummary(
            id=m.public_id, case=case_id, case_subject=case_subject, kind=MessageKind(m.kind),
            subject=m.subject, author_agency=code, author_country=country, language=m.language,
            handling_code=HandlingCode(m.handling_code), created_at=m.created_at,
            read_at=read.get(message_id), request_due_at=due_at,
            request_overdue=due_at is not None and status in _OPEN and due_at < now,
        ))  # fmt: skip
    audit.record(session, actor, "exchange.inbox", query=flt.query() | {"offset": offset},
                 result_ids=[i.id for i in items])  # fmt: skip
    return items, total


def counts(session: Session, actor: Actor) -> InboxCounts:
    """Unread messages of the actor's agency, and the requests overdue to it and from it."""
    reader(actor)
    own = actor.agency_id
    if own is None:
        return InboxCounts(unread=0, overdue_incoming=0, overdue_outgoing=0)
    now = utcnow()
    unread = session.execute(
        select(func.count()).select_from(MessageRecipient)
        .where(MessageRecipient.agency_id == own, MessageRecipient.read_at.is_(None))
    ).scalar_one()  # fmt: skip
    incoming = session.execute(
        select(func.count()).select_from(RequestRecipient)
        .where(RequestRecipient.agency_id == own, RequestRecipient.status.in_(_OPEN),
               RequestRecipient.due_at < now)
    ).scalar_one()  # fmt: skip
    outgoing = session.execute(
        select(func.count()).select_from(RequestRecipient)
        .join(InfoRequest, InfoRequest.id == RequestRecipient.request_id)
        .join(Message, Message.id == InfoRequest.message_id)
        .where(Message.author_agency_id == own, RequestRecipient.status.in_(_OPEN),
               RequestRecipient.due_at < now)
    ).scalar_one()  # fmt: skip
    return InboxCounts(unread=unread, overdue_incoming=incoming, overdue_outgoing=outgoing)
