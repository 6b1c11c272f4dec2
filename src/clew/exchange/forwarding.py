"""Passing a message on, under its handling code.

- Any agency that sees a message may forward it (a new message of kind ``forward`` in the same
  case, copying the body, graded items and entities, naming the original).
- **H2**: an agency that did not write an H2 message forwards it only to agencies for which the
  author's agency granted it a permission; otherwise it is refused (forbidden, saying what to
  do). Asking is itself a message (``permission_request``, to the author's agency, replying to
  the message); so is the answer (``permission_decision``, back to the asking agency). The
  author's agency forwards its own messages freely. The owner of a forwarded copy is the
  agency that wrote the message first (a copy passed on is still its information): a
  permission is asked of it and granted by it, about its message.
- A permission is seen by the asking agency and the author's agency only; for anyone else it
  does not exist.
"""

from __future__ import annotations

import json

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from clew.exchange.access import load_message, writer
from clew.exchange.kinds import (
    HandlingCode,
    Information,
    MessageKind,
    PermissionState,
    Reliability,
)
from clew.exchange.models import Case, ForwardPermission, Message, MessageEntity, MessageItem
from clew.exchange.posting import agencies_by_code, post
from clew.exchange.schemas import (
    EntityIn,
    ForwardIn,
    ItemIn,
    MessagePublic,
    PermissionAsk,
    PermissionDecision,
    PermissionPublic,
)
from clew.exchange.views import agencies, permission_public, public
from clew.storage import utcnow

__all__ = ["ask_permission", "decide_permission", "forward"]

PERMISSION_NOT_FOUND = "Permission not found."


def _case(session: Session, message: Message) -> Case:
    case = session.get(Case, message.case_id)
    assert case is not None
    return case


def _first(session: Session, message: Message) -> Message:
    """The message a forwarded copy (of a copy...) was first written as."""
    for _ in range(100):  # a chain is short; never loop on a damaged one
        if message.forwarded_from_id is None:
            break
        earlier = session.get(Message, message.forwarded_from_id)
        if earlier is None:
            break
        message = earlier
    return message


def _granted(session: Session, actor: Actor, message: Message, targets: list[int]) -> set[int]:
    return set(session.execute(
        select(ForwardPermission.target_agency_id).where(
            ForwardPermission.message_id == message.id,
            ForwardPermission.asking_agency_id == actor.agency_id,
            ForwardPermission.state == PermissionState.GRANTED,
            ForwardPermission.target_agency_id.in_(targets),
        )
    ).scalars())  # fmt: skip


def forward(session: Session, actor: Actor, message_id: str, data: ForwardIn) -> MessagePublic:
    """Pass a message the actor sees on to other agencies, in its case."""
    writer(actor)
    original = load_message(session, actor, message_id)
    targets = agencies_by_code(session, data.to, field="to")
    ids = [a.id for a in targets]
    first = _first(session, original)
    if original.handling_code == HandlingCode.H2 and first.author_agency_id != actor.agency_id:
        granted = _granted(session, actor, first, ids)
        refused = [a.code for a in targets if a.id not in granted]
        if refused:
            raise ForbiddenError(
                f"H2: this message is not passed on without its owner's permission "
                f"({', '.join(refused)}); ask the owner's permission first."
            )
    items = [
        ItemIn(text=i.text, source=Reliability(i.source_grade),
               information=Information(i.info_grade))
        for i in session.execute(
            select(MessageItem).where(MessageItem.message_id == original.id)
            .order_by(MessageItem.position)
        ).scalars()
    ]  # fmt: skip
    entities = [
        EntityIn.model_validate(json.loads(e.fields))
        for e in session.execute(
            select(MessageEntity).where(MessageEntity.message_id == original.id)
            .order_by(MessageEntity.position)
        ).scalars()
    ]  # fmt: skip
    body = f"{data.note}\n\n---\n{original.body}" if data.note else original.body
    message = post(
        session, actor, _case(session, original), kind=MessageKind.FORWARD,
        subject=f"Fwd: {original.subject}"[:300], body=body, language=original.language,
        handling_code=HandlingCode(original.handling_code),
        handling_note=original.handling_note, to=ids, forwarded_from=original, items=items,
        entities=entities,
    )  # fmt: skip
    return public(session, actor, message)


def ask_permission(
    session: Session, actor: Actor, message_id: str, data: PermissionAsk
) -> PermissionPublic:
    """Ask the author's agency of an H2 message to let it be passed on to one agency."""
    writer(actor)
    held = load_message(session, actor, message_id)
    if held.handling_code != HandlingCode.H2:
        raise ValidationError.field(
            "to", "Only an H2 message needs its owner's permission to be passed on."
        )
    original = _first(session, held)
    if original.author_agency_id == actor.agency_id:
        raise ValidationError.field("to", "Your agency wrote this message: forward it directly.")
    (target,) = agencies_by_code(session, [data.to], field="to")
    if target.id in (actor.agency_id, original.author_agency_id):
        raise ValidationError.field("to", "Name the agency the message would be passed on to.")
    pending = session.execute(
        select(ForwardPermission.state).where(
            ForwardPermission.message_id == original.id,
            ForwardPermission.asking_agency_id == actor.agency_id,
            ForwardPermission.target_agency_id == target.id,
            ForwardPermission.state.in_([PermissionState.ASKED, PermissionState.GRANTED]),
        ).limit(1)
    ).scalar_one_or_none()  # fmt: skip
    if pending is not None:
        raise ConflictError(
            "Your agency already has this permission: forward the message."
            if pending == PermissionState.GRANTED
            else "Your agency has already asked this permission."
        )
    request = post(
        session, actor, _case(session, original), kind=MessageKind.PERMISSION_REQUEST,
        subject=f"Permission to pass on to {target.code}: {original.subject}"[:300],
        body=data.reason, language=data.language,
        handling_code=HandlingCode(original.handling_code),
        handling_note=original.handling_note, to=[original.author_agency_id],
        in_reply_to=held if held.id == original.id else original,
    )  # fmt: skip
    assert actor.agency_id is not None
    permission = ForwardPermission(
        message_id=original.id, asking_agency_id=actor.agency_id, target_agency_id=target.id,
        state=str(PermissionState.ASKED), asked_by=actor.username, asked_at=utcnow(),
        request_message_id=request.id,
    )  # fmt: skip
    session.add(permission)
    session.flush()
    return permission_public(session, permission)


def decide_permission(
    session: Session, actor: Actor, permission_id: str, data: PermissionDecision
) -> PermissionPublic:
    """The author's agency grants or refuses; the answer goes back to the asking agency."""
    writer(actor)
    found = session.execute(
        select(ForwardPermission, Message)
        .join(Message, Message.id == ForwardPermission.message_id)
        .where(ForwardPermission.public_id == permission_id,
               or_(ForwardPermission.asking_agency_id == actor.agency_id,
                   Message.author_agency_id == actor.agency_id))
    ).first()  # fmt: skip
    if found is None:
        raise NotFoundError(PERMISSION_NOT_FOUND)
    permission, original = found
    if original.author_agency_id != actor.agency_id:
        raise ForbiddenError("Only the agency that wrote the message decides on passing it on.")
    if permission.state != PermissionState.ASKED:
        raise ConflictError(f"The permission has already been {permission.state}.")
    state = PermissionState.GRANTED if data.grant else PermissionState.REFUSED
    asked = (
        session.get(Message, permission.request_message_id)
        if permission.request_message_id is not None else None
    )  # fmt: skip
    target = agencies(session, [permission.target_agency_id])[permission.target_agency_id][0]
    post(
        session, actor, _case(session, original), kind=MessageKind.PERMISSION_DECISION,
        subject=f"Permission {state} to pass on to {target}: {original.subject}"[:300],
        body=data.note or f"Permission {state}.", language=data.language,
        handling_code=HandlingCode(original.handling_code),
        handling_note=original.handling_note, to=[permission.asking_agency_id],
        in_reply_to=asked,
    )  # fmt: skip
    permission.state, permission.decided_by = str(state), actor.username
    permission.decided_at = utcnow()
    session.flush()
    return permission_public(session, permission)
