"""Cases of the exchange: opened by one agency (the owner), taken part in by others.

- Opening, listing, viewing and adding participants are open to the owner and every
  participant; closing and reopening to the owner only (a participant is told so, anyone else
  finds no case at all: :mod:`clew.exchange.access`).
- A case's counts are the actor's: the messages of the case its agency may see, and how many of
  them its agency holds unread. A participant never learns how much others exchanged in it.
- Every view and change is audited with the case's public id (``exchange.case.<verb>``); a
  subject searched for (``q``) is not written to the audit's query, only that there was one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.errors import ConflictError, ForbiddenError
from clew.exchange.access import case_visible, load_case, message_visible, reader, writer
from clew.exchange.kinds import CaseState, CrimeArea
from clew.exchange.models import Case, CaseParticipant, Message, MessageRecipient
from clew.exchange.posting import agencies_by_code, join_case
from clew.exchange.schemas import (
    CaseCreate,
    CasePublic,
    CaseSummary,
    ParticipantPublic,
    ParticipantsIn,
)
from clew.storage import utcnow

__all__ = [
    "CaseFilter",
    "add_participants",
    "close_case",
    "get_case",
    "list_cases",
    "open_case",
    "reopen_case",
]


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """``country``: a participant's (or the owner's) country; ``q``: part of the subject."""

    state: CaseState | None = None
    crime_area: CrimeArea | None = None
    country: str | None = None
    q: str | None = None

    def query(self) -> dict[str, Any]:
        """What the audit keeps: the filters, never the searched text itself."""
        return {k: v for k, v in {
            "state": self.state, "crime_area": self.crime_area, "country": self.country,
            "q": bool(self.q),
        }.items() if v}  # fmt: skip


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(actor: Actor, flt: CaseFilter) -> Select[Case]:
    stmt = select(Case).where(case_visible(actor))
    if flt.state:
        stmt = stmt.where(Case.state == flt.state)
    if flt.crime_area:
        stmt = stmt.where(Case.crime_area == flt.crime_area)
    if flt.country:
        in_country = select(Agency.id).where(Agency.country == flt.country.strip().upper())
        stmt = stmt.where(or_(
            Case.owner_agency_id.in_(in_country),
            exists(select(CaseParticipant.id).where(
                CaseParticipant.case_id == Case.id, CaseParticipant.agency_id.in_(in_country))),
        ))  # fmt: skip
    if flt.q and flt.q.strip():
        stmt = stmt.where(func.lower(Case.subject).like(_like(flt.q.strip().lower()), escape="\\"))
    return stmt


def _counts(session: Session, actor: Actor, ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per case id: (messages the actor may see, of them unread by its agency)."""
    if not ids:
        return {}
    seen = dict(session.execute(
        select(Message.case_id, func.count()).where(Message.case_id.in_(ids),
                                                    message_visible(actor))
        .group_by(Message.case_id)
    ).all())  # fmt: skip
    unread: dict[int, int] = {}
    if actor.agency_id is not None:
        unread = dict(session.execute(
            select(MessageRecipient.case_id, func.count())
            .where(MessageRecipient.agency_id == actor.agency_id,
                   MessageRecipient.read_at.is_(None), MessageRecipient.case_id.in_(ids))
            .group_by(MessageRecipient.case_id)
        ).all())  # fmt: skip
    return {i: (seen.get(i, 0), unread.get(i, 0)) for i in ids}


def _codes(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Agency.id, Agency.code).where(Agency.id.in_(ids))).all())


def _summary(case: Case, owner: str, counts: tuple[int, int]) -> dict[str, Any]:
    return {
        "id": case.public_id, "subject": case.subject, "crime_area": case.crime_area,
        "handling_code": case.handling_code, "state": case.state, "owner": owner,
        "created_at": case.created_at, "updated_at": case.updated_at,
        "messages": counts[0], "unread": counts[1],
    }  # fmt: skip


def _public(session: Session, actor: Actor, case: Case) -> CasePublic:
    rows = session.execute(
        select(Agency.id, Agency.code, Agency.name, Agency.country)
        .outerjoin(CaseParticipant, (CaseParticipant.agency_id == Agency.id)
                   & (CaseParticipant.case_id == case.id))
        .where(or_(Agency.id == case.owner_agency_id, CaseParticipant.id.is_not(None)))
        .order_by(CaseParticipant.id, Agency.code)
    ).all()  # fmt: skip
    participants = [
        ParticipantPublic(code=code, name=name, country=country,
                          owner=agency_id == case.owner_agency_id)
        for agency_id, code, name, country in rows
    ]  # fmt: skip
    participants.sort(key=lambda p: not p.owner)  # the owner first, then in order of joining
    owner = next((p.code for p in participants if p.owner), "?")
    counts = _counts(session, actor, [case.id])[case.id]
    return CasePublic(
        **_summary(case, owner, counts), created_by=case.created_by, participants=participants
    )


def open_case(session: Session, actor: Actor, data: CaseCreate) -> CasePublic:
    """Open a case owned by the actor's agency, with the named agencies taking part."""
    writer(actor)
    assert actor.agency_id is not None
    agencies = agencies_by_code(session, data.participants, field="participants")
    now = utcnow()
    case = Case(
        subject=data.subject, crime_area=str(data.crime_area),
        handling_code=str(data.handling_code), state=str(CaseState.OPEN),
        owner_agency_id=actor.agency_id, created_by=actor.username, created_at=now,
        updated_at=now,
    )  # fmt: skip
    session.add(case)
    session.flush()
    join_case(session, case, [a.id for a in agencies], actor.username)
    audit.record(
        session, actor, "exchange.case.open", target=case.public_id,
        query={"crime_area": str(data.crime_area), "handling_code": str(data.handling_code),
               "participants": [a.code for a in agencies if a.id != actor.agency_id]},
        result_ids=[case.public_id],
    )  # fmt: skip
    return _public(session, actor, case)


def list_cases(
    session: Session, actor: Actor, flt: CaseFilter, *, limit: int, offset: int
) -> tuple[list[CaseSummary], int]:
    """The cases the actor's agency owns or takes part in, last active first, with the total."""
    reader(actor)
    stmt = _filtered(actor, flt)
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    cases = list(session.execute(
        stmt.order_by(Case.updated_at.desc(), Case.id.desc()).limit(limit).offset(offset)
    ).scalars())  # fmt: skip
    counts = _counts(session, actor, [c.id for c in cases])
    owners = _codes(session, {c.owner_agency_id for c in cases})
    audit.record(session, actor, "exchange.case.list", query=flt.query() | {"offset": offset},
                 result_ids=[c.public_id for c in cases])  # fmt: skip
    items = [
        CaseSummary(**_summary(c, owners.get(c.owner_agency_id, "?"), counts[c.id])) for c in cases
    ]
    return items, total


def get_case(session: Session, actor: Actor, case_id: str) -> CasePublic:
    case = load_case(session, actor, case_id)
    audit.record(session, actor, "exchange.case.view", target=case.public_id,
                 result_ids=[case.public_id])  # fmt: skip
    return _public(session, actor, case)


def add_participants(
    session: Session, actor: Actor, case_id: str, data: ParticipantsIn
) -> CasePublic:
    """Let more agencies take part (the owner or any participant may). They see the case and
    the messages addressed to them from then on, never the earlier ones."""
    writer(actor)
    case = load_case(session, actor, case_id)
    if case.state != CaseState.OPEN:
        raise ConflictError("The case is closed: reopen it to write in it.")
    agencies = agencies_by_code(session, data.participants, field="participants")
    join_case(session, case, [a.id for a in agencies], actor.username)
    case.updated_at = utcnow()
    audit.record(session, actor, "exchange.case.participants", target=case.public_id,
                 query={"added": [a.code for a in agencies]},
                 result_ids=[case.public_id])  # fmt: skip
    session.flush()
    return _public(session, actor, case)


def _owned(session: Session, actor: Actor, case_id: str) -> Case:
    writer(actor)
    case = load_case(session, actor, case_id)
    if case.owner_agency_id != actor.agency_id:
        raise ForbiddenError("Only the agency that opened the case closes or reopens it.")
    return case


def _set_state(session: Session, actor: Actor, case_id: str, state: CaseState) -> CasePublic:
    case = _owned(session, actor, case_id)
    if case.state == state:
        raise ConflictError(f"The case is already {state}.")
    case.state, case.updated_at = str(state), utcnow()
    verb = "close" if state is CaseState.CLOSED else "reopen"
    audit.record(session, actor, f"exchange.case.{verb}", target=case.public_id,
                 result_ids=[case.public_id])  # fmt: skip
    session.flush()
    return _public(session, actor, case)


def close_case(session: Session, actor: Actor, case_id: str) -> CasePublic:
    """Close a case: nothing more is written in it until it is reopened."""
    return _set_state(session, actor, case_id, CaseState.CLOSED)


def reopen_case(session: Session, actor: Actor, case_id: str) -> CasePublic:
    return _set_state(session, actor, case_id, CaseState.OPEN)
