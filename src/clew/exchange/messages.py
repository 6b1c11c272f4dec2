"""Messages of a case: sending, replying, reading (with read receipts), acknowledging and the
thread; forwarding under the handling codes (:mod:`clew.exchange.forwarding`) and the inbox
(:mod:`clew.exchange.inbox`) are re-exported here, so this is the one module of the concept.

- A message is sent by a participant's agency to agencies it names; by default to every other
  participant of the case, and a reply to the agency that wrote the message replied to.
  Writing goes through :func:`clew.exchange.posting.post` (checks, holders, audit).
- A reply names a message of the same case the actor may see; a message it may not see is
  *not found*, exactly as one never written.
- Reading a message sets its agency's read receipt the first time (who and when); an
  addressed agency may acknowledge it. Every read is audited (``exchange.message.read``).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.errors import ForbiddenError, ValidationError
from clew.exchange.access import load_case, load_message, message_visible, reader, writer
from clew.exchange.forwarding import ask_permission, decide_permission, forward
from clew.exchange.inbox import InboxFilter, counts, inbox
from clew.exchange.kinds import HandlingCode, MessageKind
from clew.exchange.models import Case, CaseParticipant, Message, MessageRecipient
from clew.exchange.posting import agencies_by_code, post
from clew.exchange.schemas import MessageCreate, MessagePublic, ThreadMessage
from clew.exchange.views import agencies, clearing_house, public
from clew.storage import utcnow
from clew.storage.database import after_read

if TYPE_CHECKING:
    from clew.screening.sync import IndexKeeper

__all__ = [
    "InboxFilter",
    "acknowledge",
    "ask_permission",
    "counts",
    "crosscheck",
    "decide_permission",
    "forward",
    "inbox",
    "read_message",
    "send",
    "thread",
]


def crosscheck(
    session: Session, actor: Actor, keeper: IndexKeeper | None, message: Message
) -> None:
    """Have the clearing house check what the message names, when it is there to do so."""
    check = clearing_house("check_message")
    if keeper is not None and check is not None:
        check(session, actor, keeper, message)


def _default_addressees(session: Session, actor: Actor, case: Case,
                        parent: Message | None) -> list[int]:  # fmt: skip
    if parent is not None and parent.author_agency_id != actor.agency_id:
        return [parent.author_agency_id]
    others = set(session.execute(
        select(CaseParticipant.agency_id).where(CaseParticipant.case_id == case.id)
    ).scalars()) | {case.owner_agency_id}  # fmt: skip
    others.discard(actor.agency_id or 0)
    return sorted(others)


def send(
    session: Session, actor: Actor, case_id: str, data: MessageCreate, *,
    keeper: IndexKeeper | None = None, language: str | None = None,
) -> MessagePublic:  # fmt: skip
    """Send a message in a case (a reply when ``in_reply_to`` names one); with ``keeper``, the
    clearing house checks what it names (its findings in ``language``, the sender's)."""
    writer(actor)
    case = load_case(session, actor, case_id)
    parent = None
    if data.in_reply_to:
        parent = load_message(session, actor, data.in_reply_to)
        if parent.case_id != case.id:
            raise ValidationError.field("in_reply_to", "Reply to a message of the same case.")
    if data.to:
        to = [a.id for a in agencies_by_code(session, data.to, field="to")]
    else:
        to = _default_addressees(session, actor, case, parent)
    message = post(
        session, actor, case, kind=MessageKind.MESSAGE, subject=data.subject, body=data.body,
        language=data.language, handling_code=HandlingCode(data.handling_code),
        handling_note=data.handling_note, to=to, in_reply_to=parent, items=data.items,
        entities=data.entities,
    )  # fmt: skip
    crosscheck(session, actor, keeper, message)
    return public(session, actor, message, annotate=True, keeper=keeper, language=language)


def _holding(session: Session, actor: Actor, message: Message) -> MessageRecipient | None:
    if actor.agency_id is None:
        return None
    return session.execute(
        select(MessageRecipient).where(MessageRecipient.message_id == message.id,
                                       MessageRecipient.agency_id == actor.agency_id)
    ).scalar_one_or_none()  # fmt: skip


def _mark_read(writer: Session, *, row_id: int, at: datetime, by: str) -> None:
    """The first reader of an agency sets its receipt (a later one leaves it as it is)."""
    writer.execute(
        update(MessageRecipient)
        .where(MessageRecipient.id == row_id, MessageRecipient.read_at.is_(None))
        .values(read_at=at, read_by=by)
        .execution_options(synchronize_session=False)
    )


def read_message(
    session: Session, actor: Actor, message_id: str, *, keeper: IndexKeeper | None = None,
    language: str | None = None,
) -> MessagePublic:  # fmt: skip
    """The message, its items, entities (with the clearing house's findings, in ``language``),
    attachments and receipts; the first read by a holding agency sets its read receipt (in a
    short write after a read-only unit)."""
    message = load_message(session, actor, message_id)
    holding = _holding(session, actor, message)
    now = None
    if holding is not None and holding.read_at is None:
        now = utcnow()
        after_read(session, partial(_mark_read, row_id=holding.id, at=now, by=actor.username))
    audit.record(session, actor, "exchange.message.read", target=message.public_id,
                 result_ids=[message.public_id])  # fmt: skip
    return public(
        session, actor, message, read_now=now, annotate=True, keeper=keeper, language=language
    )


def acknowledge(session: Session, actor: Actor, message_id: str) -> MessagePublic:
    """The holding agency confirms it has the message in hand (once; it counts as read)."""
    writer(actor)
    message = load_message(session, actor, message_id)
    holding = _holding(session, actor, message)
    if holding is None:
        raise ForbiddenError("Only an agency the message was sent to acknowledges it.")
    now = utcnow()
    if holding.acknowledged_at is None:
        holding.acknowledged_at, holding.acknowledged_by = now, actor.username
    if holding.read_at is None:
        holding.read_at, holding.read_by = now, actor.username
    audit.record(session, actor, "exchange.message.acknowledge", target=message.public_id,
                 result_ids=[message.public_id])  # fmt: skip
    session.flush()
    return public(session, actor, message)


def thread(
    session: Session, actor: Actor, case_id: str, *, limit: int = 200, offset: int = 0
) -> tuple[list[ThreadMessage], int]:
    """The case's messages the actor sees, oldest first, each with the message it replies to
    (when seen) and its depth in the thread; a reply to a message not seen starts a branch."""
    reader(actor)
    case = load_case(session, actor, case_id)
    rows = session.execute(
        select(Message.id, Message.in_reply_to_id)
        .where(Message.case_id == case.id, message_visible(actor))
        .order_by(Message.created_at, Message.id)
    ).all()  # fmt: skip
    depth: dict[int, int] = {}
    for message_id, parent_id in rows:
        depth[message_id] = depth[parent_id] + 1 if parent_id in depth else 0
    page = [message_id for message_id, _ in rows[offset : offset + limit]]
    messages = {
        m.id: m for m in session.execute(select(Message).where(Message.id.in_(page))).scalars()
    }
    public_ids = {m.id: m.public_id for m in messages.values()}
    parents = dict(rows)
    if parents:
        wanted = {p for p in (parents[i] for i in page) if p in depth}
        public_ids |= dict(session.execute(
            select(Message.id, Message.public_id).where(Message.id.in_(wanted))
        ).all())  # fmt: skip
    read: dict[int, datetime | None] = {}
    if actor.agency_id is not None and page:
        read = dict(session.execute(
            select(MessageRecipient.message_id, MessageRecipient.read_at)
            .where(MessageRecipient.agency_id == actor.agency_id,
                   MessageRecipient.message_id.in_(page))
        ).all())  # fmt: skip
    codes = agencies(session, {m.author_agency_id for m in messages.values()})
    items = []
    for message_id in page:
        m = messages[message_id]
        parent = parents[message_id]
        own = m.author_agency_id == actor.agency_id
        items.append(ThreadMessage(
            id=m.public_id, kind=MessageKind(m.kind), subject=m.subject,
            author_agency=codes[m.author_agency_id][0], author_username=m.author_username,
            language=m.language, handling_code=HandlingCode(m.handling_code),
            created_at=m.created_at,
            read_at=m.created_at if own else read.get(message_id),
            parent=public_ids.get(parent) if parent in depth else None,
            depth=depth[message_id],
        ))  # fmt: skip
    audit.record(session, actor, "exchange.case.thread", target=case.public_id,
                 query={"offset": offset}, result_ids=[i.id for i in items])  # fmt: skip
    return items, len(rows)
