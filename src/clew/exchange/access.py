"""Who sees what of the exchange: the one place every read and write asks.

- A **case** is seen by its owner agency and its participants; a message by its author's
  agency and the agencies holding it (addressed, or copied as the sender's SPOC).
- For anyone else a case or message behaves exactly as if it did not exist: *not found* on every
  read and write (the same words as for an id that was never issued), absent from lists, counts,
  search and exports. Ids are random text, so nothing betrays how much others exchanged.
- The console operator acting for no agency sees all, as with records and traces.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select, true
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.access.roles import Permission
from clew.errors import ForbiddenError, NotFoundError
from clew.exchange.models import Case, CaseParticipant, Message, MessageRecipient

__all__ = [
    "case_visible",
    "load_case",
    "load_message",
    "message_visible",
    "reader",
    "writer",
]

CASE_NOT_FOUND = "Case not found."
MESSAGE_NOT_FOUND = "Message not found."


def reader(actor: Actor) -> None:
    actor.require(Permission.READ_EXCHANGE)


def writer(actor: Actor) -> None:
    actor.require(Permission.WRITE_EXCHANGE)
    if actor.agency_id is None:
        raise ForbiddenError("Messages are exchanged between agencies: act for one (--agency).")


def case_visible(actor: Actor) -> ColumnElement[bool]:
    """The case is the actor's agency's, or its agency takes part in it."""
    if actor.agency_id is None:
        return true()
    return or_(
        Case.owner_agency_id == actor.agency_id,
        exists(
            select(CaseParticipant.id).where(
                CaseParticipant.case_id == Case.id, CaseParticipant.agency_id == actor.agency_id
            )
        ),
    )


def message_visible(actor: Actor) -> ColumnElement[bool]:
    """The actor's agency wrote the message or holds it."""
    if actor.agency_id is None:
        return true()
    return or_(
        Message.author_agency_id == actor.agency_id,
        exists(
            select(MessageRecipient.id).where(
                MessageRecipient.message_id == Message.id,
                MessageRecipient.agency_id == actor.agency_id,
            )
        ),
    )


def load_case(session: Session, actor: Actor, case_id: str) -> Case:
    reader(actor)
    case = session.execute(
        select(Case).where(Case.public_id == case_id, case_visible(actor))
    ).scalar_one_or_none()
    if case is None:
        raise NotFoundError(CASE_NOT_FOUND)
    return case


def load_message(session: Session, actor: Actor, message_id: str) -> Message:
    reader(actor)
    message = session.execute(
        select(Message).where(Message.public_id == message_id, message_visible(actor))
    ).scalar_one_or_none()
    if message is None:
        raise NotFoundError(MESSAGE_NOT_FOUND)
    return message
