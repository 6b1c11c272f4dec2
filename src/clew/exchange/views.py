"""How a message looks to the one reading it (:class:`~clew.exchange.schemas.MessagePublic`).

What is shown follows :mod:`clew.exchange.access`: the author's agency sees every holder's
receipts, a holder its own only; the message replied to or forwarded is named only when the
reader may see it (else the reader would learn that a message it does not hold exists).
The clearing house's annotations are added when :mod:`clew.exchange.crosscheck` provides them.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.access.models import Agency
from clew.exchange.access import message_visible
from clew.exchange.kinds import (
    EntityKind,
    HandlingCode,
    Information,
    MessageKind,
    PermissionState,
    RecipientRole,
    Reliability,
)
from clew.exchange.models import (
    Attachment,
    Case,
    ForwardPermission,
    Message,
    MessageEntity,
    MessageItem,
    MessageRecipient,
)
from clew.exchange.schemas import (
    AttachmentPublic,
    EntityPublic,
    ItemPublic,
    MessagePublic,
    PermissionPublic,
    Receipt,
)

if TYPE_CHECKING:
    from clew.screening.sync import IndexKeeper

__all__ = ["agencies", "clearing_house", "permission_public", "public", "visible_ids"]


def agencies(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Agency id -> (code, country) of the agencies named (the directory is public)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Agency.id, Agency.code, Agency.country).where(Agency.id.in_(wanted))
    )
    return {i: (code, country) for i, code, country in rows}


def visible_ids(session: Session, actor: Actor, ids: Iterable[int | None]) -> dict[int, str]:
    """Of the message ids given, those the actor may see -> their public ids."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(Message.id, Message.public_id).where(Message.id.in_(wanted), message_visible(actor))
    )
    return dict(rows.all())


def clearing_house(name: str) -> Callable[..., Any] | None:
    """``clew.exchange.crosscheck.<name>`` when the clearing house provides it, else None."""
    if importlib.util.find_spec("clew.exchange.crosscheck") is None:
        return None
    function = getattr(importlib.import_module("clew.exchange.crosscheck"), name, None)
    return function if callable(function) else None


def _annotated(entities: list[EntityPublic], found: Any) -> list[Any]:
    """Put each of the clearing house's annotations on the entity at its ``position``; what
    names no entity stays the message's."""
    rest: list[Any] = []
    for note in found or ():
        position = getattr(note, "position", None)
        if isinstance(position, int) and 0 <= position < len(entities):
            entities[position].annotations.append(note)
        else:
            rest.append(note)
    return rest


def permission_public(session: Session, permission: ForwardPermission) -> PermissionPublic:
    message = session.get(Message, permission.message_id)
    assert message is not None
    codes = agencies(session, [permission.asking_agency_id, permission.target_agency_id])
    asked = decided = None
    if permission.request_message_id is not None:
        asked = session.execute(
            select(Message.public_id).where(Message.id == permission.request_message_id)
        ).scalar_one_or_none()  # fmt: skip
        decided = session.execute(
            select(Message.public_id).where(
                Message.in_reply_to_id == permission.request_message_id,
                Message.kind == MessageKind.PERMISSION_DECISION,
            ).order_by(Message.id).limit(1)
        ).scalar_one_or_none()  # fmt: skip
    return PermissionPublic(
        id=permission.public_id, message=message.public_id,
        asking_agency=codes[permission.asking_agency_id][0],
        target_agency=codes[permission.target_agency_id][0],
        state=PermissionState(permission.state), asked_by=permission.asked_by,
        asked_at=permission.asked_at, decided_by=permission.decided_by,
        decided_at=permission.decided_at, request_message=asked, decision_message=decided,
    )  # fmt: skip


def _permissions(session: Session, actor: Actor, message: Message) -> list[PermissionPublic]:
    """The permissions asked about the message, or asked by it, that the actor's agency asked
    or decides (they are the asker's and the owner's business only)."""
    stmt = (
        select(ForwardPermission)
        .join(Message, Message.id == ForwardPermission.message_id)
        .where(or_(ForwardPermission.message_id == message.id,
                   ForwardPermission.request_message_id == message.id))
        .order_by(ForwardPermission.id)
    )  # fmt: skip
    if actor.agency_id is not None:
        stmt = stmt.where(or_(ForwardPermission.asking_agency_id == actor.agency_id,
                              Message.author_agency_id == actor.agency_id))  # fmt: skip
    return [permission_public(session, p) for p in session.execute(stmt).scalars()]


def public(
    session: Session, actor: Actor, message: Message, *, read_now: datetime | None = None,
    annotate: bool = False, keeper: IndexKeeper | None = None, language: str | None = None,
) -> MessagePublic:  # fmt: skip
    """The message as the actor sees it; ``read_now``: its agency's read receipt was just set;
    ``annotate``: with what the clearing house found about its entities (in ``language``)."""
    case = session.get(Case, message.case_id)
    assert case is not None
    holders = session.execute(
        select(MessageRecipient).where(MessageRecipient.message_id == message.id)
        .order_by(MessageRecipient.id)
    ).scalars().all()  # fmt: skip
    codes = agencies(session, [message.author_agency_id, *(h.agency_id for h in holders)])
    everything = actor.agency_id is None or actor.agency_id == message.author_agency_id
    receipts = []
    for holder in holders:
        if not everything and holder.agency_id != actor.agency_id:
            continue
        read_at, read_by = holder.read_at, holder.read_by
        if read_at is None and read_now is not None and holder.agency_id == actor.agency_id:
            read_at, read_by = read_now, actor.username
        receipts.append(Receipt(
            agency=codes[holder.agency_id][0], role=RecipientRole(holder.role), read_at=read_at,
            read_by=read_by, acknowledged_at=holder.acknowledged_at,
            acknowledged_by=holder.acknowledged_by,
        ))  # fmt: skip
    linked = visible_ids(session, actor, [message.in_reply_to_id, message.forwarded_from_id])
    items = [
        ItemPublic(text=i.text, source=Reliability(i.source_grade),
                   information=Information(i.info_grade))
        for i in session.execute(
            select(MessageItem).where(MessageItem.message_id == message.id)
            .order_by(MessageItem.position)
        ).scalars()
    ]  # fmt: skip
    entities = [
        EntityPublic(kind=EntityKind(e.kind), label=e.label, fields=json.loads(e.fields),
                     source=Reliability(e.source_grade), information=Information(e.info_grade))
        for e in session.execute(
            select(MessageEntity).where(MessageEntity.message_id == message.id)
            .order_by(MessageEntity.position)
        ).scalars()
    ]  # fmt: skip
    notes: list[Any] = []
    found = clearing_house("annotations") if annotate and entities else None
    if found is not None:
        notes = _annotated(entities, found(session, actor, message, keeper, language=language))
    attachments = [
        AttachmentPublic(id=a.public_id, filename=a.filename, media_type=a.media_type, size=a.size)
        for a in session.execute(
            select(Attachment).where(Attachment.message_id == message.id).order_by(Attachment.id)
        ).scalars()
    ]  # fmt: skip
    author_code, author_country = codes[message.author_agency_id]
    return MessagePublic(
        id=message.public_id, case=case.public_id, case_subject=case.subject,
        kind=MessageKind(message.kind), subject=message.subject, body=message.body,
        language=message.language, handling_code=HandlingCode(message.handling_code),
        handling_note=message.handling_note, author_agency=author_code,
        author_country=author_country, author_username=message.author_username,
        created_at=message.created_at,
        to=[codes[h.agency_id][0] for h in holders if h.role == RecipientRole.TO],
        copies=[codes[h.agency_id][0] for h in holders if h.role == RecipientRole.SPOC_COPY],
        in_reply_to=linked.get(message.in_reply_to_id or 0),
        forwarded_from=linked.get(message.forwarded_from_id or 0),
        request=message.public_id if message.kind == MessageKind.REQUEST else None,
        items=items, entities=entities, annotations=notes, attachments=attachments,
        receipts=receipts, permissions=_permissions(session, actor, message),
    )  # fmt: skip
