"""The one way a message enters the exchange: every kind (a message, a request, an answer, a
refusal, a reminder, a permission asked or given, a forward) is posted here.

Posting checks that the case is open and the addressees are agencies, makes each addressee a
participant of the case, stores the message, who holds it (addressed, or copied as the sender's
SPOC), its graded items and the entities it names (keyed for the clearing house), and audits it
with ids only: a body never reaches the audit's query or an application log.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.errors import ConflictError, ValidationError
from clew.exchange.access import writer
from clew.exchange.keys import entity_key, entity_label
from clew.exchange.kinds import CaseState, HandlingCode, MessageKind, RecipientRole
from clew.exchange.models import (
    Case,
    CaseParticipant,
    Message,
    MessageEntity,
    MessageItem,
    MessageRecipient,
)
from clew.exchange.schemas import EntityIn, ItemIn
from clew.storage import utcnow

__all__ = ["agencies_by_code", "join_case", "post"]


def agencies_by_code(session: Session, codes: Sequence[str], *, field: str = "to") -> list[Agency]:
    """The active agencies named by ``codes`` (case-insensitive), in the order given.

    An unknown code is a field error naming it: the directory of agencies is public to every
    user, so saying which code is unknown reveals nothing.
    """
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    found = {
        a.code.upper(): a
        for a in session.execute(select(Agency).where(Agency.active.is_(True))).scalars()
        if a.code.upper() in wanted
    }
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError.field(field, f"No such agency: {', '.join(missing)}.")
    return [found[c] for c in wanted]


def join_case(session: Session, case: Case, agency_ids: Sequence[int], added_by: str) -> None:
    """Make each agency a participant of the case (those already in it stay as they are)."""
    present = set(
        session.execute(
            select(CaseParticipant.agency_id).where(CaseParticipant.case_id == case.id)
        ).scalars()
    )
    new = [a for a in dict.fromkeys(agency_ids) if a not in present and a != case.owner_agency_id]
    if new:
        now = utcnow()
        session.execute(
            insert(CaseParticipant),
            [{"case_id": case.id, "agency_id": a, "added_by": added_by, "added_at": now}
             for a in new],
        )  # fmt: skip


def post(
    session: Session,
    actor: Actor,
    case: Case,
    *,
    kind: MessageKind,
    subject: str,
    body: str,
    language: str,
    handling_code: HandlingCode,
    to: Sequence[int],
    handling_note: str | None = None,
    copies: Sequence[int] = (),
    in_reply_to: Message | None = None,
    forwarded_from: Message | None = None,
    items: Sequence[ItemIn] = (),
    entities: Sequence[EntityIn] = (),
) -> Message:
    """Store one message of ``kind`` from the actor's agency to the agencies ``to`` (ids), with
    ``copies`` held as SPOC copies; returns it (flushed: its ids are set)."""
    writer(actor)
    if case.state != CaseState.OPEN:
        raise ConflictError("The case is closed: reopen it to write in it.")
    if handling_code is HandlingCode.H3 and not handling_note:
        raise ValidationError.field("handling_note", "H3 needs the restrictions, in a note.")
    own = actor.agency_id
    addressed = [a for a in dict.fromkeys(to) if a != own]
    copied = [a for a in dict.fromkeys(copies) if a != own and a not in addressed]
    if not addressed:
        raise ValidationError.field("to", "Address the message to at least one other agency.")
    now = utcnow()
    message = Message(
        case_id=case.id, kind=str(kind), author_agency_id=own, author_username=actor.username,
        in_reply_to_id=in_reply_to.id if in_reply_to else None,
        forwarded_from_id=forwarded_from.id if forwarded_from else None,
        subject=subject, body=body, language=language, handling_code=str(handling_code),
        handling_note=handling_note, created_at=now,
    )  # fmt: skip
    session.add(message)
    session.flush()
    join_case(session, case, addressed, actor.username)
    holders = [(a, RecipientRole.TO) for a in addressed] + [
        (a, RecipientRole.SPOC_COPY) for a in copied
    ]
    session.execute(
        insert(MessageRecipient),
        [{"message_id": message.id, "agency_id": a, "role": str(role), "case_id": case.id,
          "created_at": now} for a, role in holders],
    )  # fmt: skip
    if items:
        session.execute(
            insert(MessageItem),
            [{"message_id": message.id, "position": i, "text": item.text,
              "source_grade": str(item.source), "info_grade": str(item.information)}
             for i, item in enumerate(items)],
        )  # fmt: skip
    if entities:
        session.execute(
            insert(MessageEntity),
            [{"message_id": message.id, "position": i, "kind": str(e.kind),
              "label": entity_label(e)[:300], "match_key": entity_key(e),
              "fields": json.dumps(e.model_dump(mode="json", exclude_none=True),
                                   ensure_ascii=False),
              "source_grade": str(e.source), "info_grade": str(e.information),
              "watchlist_hits": "[]"}
             for i, e in enumerate(entities)],
        )  # fmt: skip
    case.updated_at = now
    audit.record(
        session, actor, f"exchange.{kind}", target=message.public_id,
        query={"case": case.public_id, "to": addressed, "copies": copied,
               "handling_code": str(handling_code)},
    )  # fmt: skip
    from clew.exchange import webhooks  # lazy: the jobs queue imports no exchange code

    webhooks.enqueue(session, message, [a for a, _ in holders])
    return message
