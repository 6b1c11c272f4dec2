"""The owner's inbox of hits, its decisions, and what the checking agency sees of them."""

from __future__ import annotations

import json

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.errors import ForbiddenError, NotFoundError
from clew.records.models import Record
from clew.screening.models import Hit
from clew.screening.schemas import Explanation, HitDecision, HitPublic
from clew.storage import utcnow

__all__ = ["decide", "inbox", "our_checks", "record_counts"]


def _public(hit: Hit, label: str, checking_code: str | None) -> HitPublic:
    return HitPublic(
        id=hit.id, record_id=hit.record_id, label=label, at=hit.at, score=hit.score,
        band=hit.band, silent=hit.silent, checking_agency=checking_code,
        checking_country=hit.checking_country, place=hit.place,
        decision=hit.decision,
        decided_by=hit.decided_by, decided_at=hit.decided_at, decision_note=hit.decision_note,
        explanation=[Explanation(**e) for e in json.loads(hit.explanation)],
    )  # fmt: skip


def _rows(session: Session, stmt: object) -> list[HitPublic]:
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    return [
        _public(hit, label, codes.get(hit.checking_agency_id or 0))
        for hit, label in session.execute(stmt).all()  # type: ignore[call-overload]
    ]


def inbox(
    session: Session, actor: Actor, *, decision: str | None = "pending", limit: int, offset: int
) -> tuple[list[HitPublic], int]:
    """Hits on the actor's agency's records, newest first; silent ones included."""
    actor.require(Permission.READ_RECORDS)
    if actor.agency_id is None:
        raise ForbiddenError("The inbox belongs to an agency.")
    where = [Hit.owner_agency_id == actor.agency_id]
    if decision:
        where.append(Hit.decision == decision)
    total = session.execute(select(func.count()).select_from(Hit).where(*where)).scalar_one()
    stmt = (
        select(Hit, Record.label).join(Record, Record.id == Hit.record_id).where(*where)
        .order_by(Hit.id.desc()).limit(limit).offset(offset)
    )  # fmt: skip
    hits = _rows(session, stmt)
    audit.record(session, actor, "hit.inbox", query={"decision": decision, "offset": offset},
                 result_ids=[h.record_id for h in hits])  # fmt: skip
    return hits, total


def our_checks(session: Session, actor: Actor, *, limit: int, offset: int) -> list[HitPublic]:
    """Hits the actor's agency found, with the owner's decision; never silent ones."""
    actor.require(Permission.CHECK)
    stmt = (
        select(Hit, Record.label).join(Record, Record.id == Hit.record_id)
        .where(Hit.checking_agency_id == actor.agency_id, Hit.silent.is_(False))
        .order_by(Hit.id.desc()).limit(limit).offset(offset)
    )  # fmt: skip
    hits = _rows(session, stmt)
    audit.record(session, actor, "hit.ours", result_ids=[h.record_id for h in hits])
    return hits


def decide(session: Session, actor: Actor, hit_id: int, data: HitDecision) -> HitPublic:
    """The owner confirms or rejects a hit; the checking agency then sees the decision."""
    actor.require(Permission.WRITE_RECORDS)
    hit = session.get(Hit, hit_id)
    if hit is None or hit.owner_agency_id != actor.agency_id:
        raise NotFoundError("Hit not found.")
    hit.decision = data.decision
    hit.decision_note = data.note
    hit.decided_by = actor.username
    hit.decided_at = utcnow()
    hit.seen_at = hit.seen_at or hit.decided_at
    audit.record(session, actor, f"hit.{data.decision}", target=f"hit:{hit.id}",
                 result_ids=[hit.record_id])  # fmt: skip
    label = session.execute(select(Record.label).where(Record.id == hit.record_id)).scalar_one()
    code = session.execute(
        select(Agency.code).where(Agency.id == hit.checking_agency_id)
    ).scalar_one_or_none()
    return _public(hit, label, code)


def record_counts(
    session: Session, actor: Actor, record_ids: list[int]
) -> dict[int, tuple[int, int]]:
    """For the owner: (checks that returned the record, of which hits) per record id."""
    rows = session.execute(
        select(Hit.record_id, func.count(), func.sum(case((Hit.band == "hit", 1), else_=0)))
        .where(Hit.record_id.in_(record_ids), Hit.owner_agency_id == actor.agency_id)
        .group_by(Hit.record_id)
    ).all()  # fmt: skip
    return {record_id: (int(total), int(hits or 0)) for record_id, total, hits in rows}
