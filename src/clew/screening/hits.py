"""The owner's inbox of hits, its decisions (one at a time or several at once), what the
checking agency sees of them, the checks each of the owner's records drew, and the grouping of
repeated checks into one hit per encounter."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal, cast

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, Table, bindparam, case, func, select, update
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor, Channel
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.access.schemas import Page
from clew.errors import ForbiddenError, NotFoundError, ValidationError
from clew.records.models import Record
from clew.records.visibility import visible_to
from clew.screening.models import Hit
from clew.screening.schemas import Explanation, HitDecision, HitPublic
from clew.storage import utcnow

__all__ = [
    "ENCOUNTER",
    "CheckTotals",
    "RecordChecks",
    "RecordHit",
    "decide",
    "decide_many",
    "inbox",
    "our_checks",
    "pending_count",
    "record_checks",
    "record_counts",
    "repeats",
]


class RecordHit(HitPublic):
    """A hit in its record's list, for the owner: also the channel the check came by."""

    channel: Channel


class CheckTotals(BaseModel):
    """How often checks drew one record: every check that returned it (hits and possible
    matches alike, each re-check of an encounter counted), of which hits; and of the stored
    hits (one per encounter), how many were confirmed, rejected and silent."""

    checks: int = 0
    hits: int = 0
    confirmed: int = 0
    rejected: int = 0
    silent: int = 0


class RecordChecks(Page[RecordHit]):
    """One page of the hits a record drew, newest first, with the record's totals (which do
    not depend on the page's decision filter)."""

    record_id: int
    label: str
    totals: CheckTotals


ENCOUNTER = timedelta(hours=12)
"""How long after its last check a pending hit still takes the re-checks of its encounter."""


_HITS = cast(Table, Hit.__table__)


def _encounters(place: ColumnElement[bool]) -> Select[tuple[int, int, str, bool]]:
    h = _HITS.c
    return (
        select(h.id, h.record_id, h.public_id, h.silent)
        .where(h.record_id.in_(bindparam("records", expanding=True)),
               h.checking_agency_id == bindparam("agency"), h.decision == "pending", place,
               # one expression, not an OR: with an OR, SQLite took every recent hit of the
               # agency through its (agency, at) index instead of the record's few hits
               func.coalesce(h.last_at, h.at) >= bindparam("since", type_=h.at.type))
        .order_by(h.id.desc())
    )  # fmt: skip


_ENCOUNTERS_NOWHERE = _encounters(_HITS.c.place.is_(None))
_ENCOUNTERS_AT = _encounters(_HITS.c.place == bindparam("place"))
_RECHECKED = (
    update(_HITS)
    .where(_HITS.c.id.in_(bindparam("ids", expanding=True)))
    .values(checks=func.coalesce(_HITS.c.checks, 1) + 1,
            last_at=bindparam("now", type_=_HITS.c.last_at.type))
)  # fmt: skip


def repeats(
    session: Session, actor: Actor, found: Sequence[tuple[int, bool]], *,
    place: str | None, now: datetime,
) -> dict[int, str]:  # fmt: skip
    """Count re-checks on the pending hits of their encounter; the public id by record id.

    ``found`` holds (record id, visible to the caller) per match. A match belongs to an
    encounter when the actor's agency checked the same record at the same place (both without
    a place counts as the same) within :data:`ENCOUNTER` of that hit's last check, the hit is
    still pending and is as silent as the match would be (a record hidden since, or shown
    since, starts a new hit). Such a hit counts one more check (its score and explanation stay
    those of the first, which the owner may already be reading); a
    match of no encounter is absent from the answer, to be stored as a new hit. A decided hit
    takes no more checks: a re-check after the owner's decision is news for the owner.
    """
    if actor.agency_id is None or not found:
        return {}
    silent = {record_id: not seen for record_id, seen in found}
    params = {"records": list(silent), "agency": actor.agency_id, "since": now - ENCOUNTER}
    stmt = _ENCOUNTERS_NOWHERE if place is None else _ENCOUNTERS_AT
    counted: dict[int, str] = {}
    ids: list[int] = []
    # Plain rows and one UPDATE (no ORM objects to load and flush), by statements built once:
    # every check that meets a record it met before pays this.
    for hit in session.execute(stmt, params if place is None else params | {"place": place}):
        if hit.record_id in counted or hit.silent != silent[hit.record_id]:
            continue
        counted[hit.record_id] = hit.public_id
        ids.append(hit.id)
    if ids:
        session.execute(_RECHECKED, {"ids": ids, "now": now})
    return counted


def _public(
    hit: Hit, label: str, checking_code: str | None, owner_code: str | None = None
) -> HitPublic:
    return HitPublic(
        owner=owner_code,
        id=hit.public_id, record_id=hit.record_id, label=label, at=hit.at,
        last_at=hit.last_at or hit.at, checks=hit.checks or 1, score=hit.score,
        band=hit.band, silent=hit.silent, checking_agency=checking_code,
        checking_country=hit.checking_country, place=hit.place,
        decision=hit.decision,
        decided_by=hit.decided_by, decided_at=hit.decided_at, decision_note=hit.decision_note,
        explanation=[Explanation(**e) for e in json.loads(hit.explanation)],
    )  # fmt: skip


def _rows(session: Session, stmt: object) -> list[HitPublic]:
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    return [
        _public(hit, label, codes.get(hit.checking_agency_id or 0), codes.get(hit.owner_agency_id))
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


def pending_count(session: Session, actor: Actor) -> int:
    """How many hits on the actor's agency's records wait for a decision (silent ones too)."""
    actor.require(Permission.READ_RECORDS)
    if actor.agency_id is None:
        return 0
    return session.execute(
        select(func.count()).select_from(Hit)
        .where(Hit.owner_agency_id == actor.agency_id, Hit.decision == "pending")
    ).scalar_one()  # fmt: skip


def our_checks(session: Session, actor: Actor, *, limit: int, offset: int) -> list[HitPublic]:
    """Hits the actor's agency found, with the owner's decision; never silent ones.

    Visibility is applied now, not when the check was made: once the owner hides a record
    from the actor's country (or cancels it), its hits leave this list with its label and the
    owner's decision and note, as if the checks had found nothing.
    """
    actor.require(Permission.CHECK)
    stmt = (
        select(Hit, Record.label).join(Record, Record.id == Hit.record_id)
        .where(Hit.checking_agency_id == actor.agency_id, Hit.silent.is_(False),
               visible_to(actor))
        .order_by(Hit.id.desc()).limit(limit).offset(offset)
    )  # fmt: skip
    hits = _rows(session, stmt)
    audit.record(session, actor, "hit.ours", result_ids=[h.record_id for h in hits])
    return hits


def decide(session: Session, actor: Actor, hit_id: str, data: HitDecision) -> HitPublic:
    """The owner confirms or rejects a hit (by its public id); the checking agency then sees
    the decision. Anyone else's hit, or an id that names none, is not found alike."""
    actor.require(Permission.WRITE_RECORDS)
    hit = session.execute(
        select(Hit).where(Hit.public_id == hit_id, Hit.owner_agency_id == actor.agency_id)
    ).scalar_one_or_none()
    if hit is None or actor.agency_id is None:
        raise NotFoundError("Hit not found.")
    before, hit.decision = hit.decision, data.decision
    hit.decision_note = data.note
    hit.decided_by = actor.username
    hit.decided_at = utcnow()
    hit.seen_at = hit.seen_at or hit.decided_at
    audit.record(session, actor, f"hit.{data.decision}", target=f"hit:{hit.public_id}",
                 result_ids=[hit.record_id])  # fmt: skip
    from clew.operations import tally  # lazily: operations build on screening

    tally.count_confirmation(session, hit, before)
    label = session.execute(select(Record.label).where(Record.id == hit.record_id)).scalar_one()
    code = session.execute(
        select(Agency.code).where(Agency.id == hit.checking_agency_id)
    ).scalar_one_or_none()
    return _public(hit, label, code, actor.agency_code)


MAX_DECIDED = 200
"""The most hits one decision may take at once (a page of the inbox is 50)."""


def decide_many(
    session: Session, actor: Actor, hit_ids: Sequence[str], data: HitDecision
) -> list[HitPublic]:
    """One decision on several hits at once (by their public ids): all of them or none.

    An id that names no hit of the actor's agency makes the whole decision *not found*, as
    :func:`decide` answers for one, and nothing is decided; repeated ids count once.
    """
    actor.require(Permission.WRITE_RECORDS)
    wanted = list(dict.fromkeys(hit_ids))
    if not wanted:
        raise ValidationError.field("hits", "Choose at least one hit.")
    if len(wanted) > MAX_DECIDED:
        raise ValidationError.field("hits", f"At most {MAX_DECIDED} hits at once.")
    owned = set(
        session.execute(
            select(Hit.public_id).where(Hit.public_id.in_(wanted),
                                        Hit.owner_agency_id == actor.agency_id)
        ).scalars()
    )  # fmt: skip
    if actor.agency_id is None or len(owned) != len(wanted):
        raise NotFoundError("Hit not found.")
    return [decide(session, actor, hit_id, data) for hit_id in wanted]


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _checks(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """The checks (re-checks of an encounter included) of the hits that meet ``condition``."""
    return func.coalesce(func.sum(case((condition, Hit.checks), else_=0)), 0)


def _totals(session: Session, actor: Actor, record_ids: list[int]) -> dict[int, CheckTotals]:
    """Per record id of the actor's agency; a record no check returned is absent."""
    rows = session.execute(
        select(
            Hit.record_id, func.sum(Hit.checks), _checks(Hit.band == "hit"),
            _count(Hit.decision == "confirmed"), _count(Hit.decision == "rejected"),
            _count(Hit.silent.is_(True)),
        )
        .where(Hit.record_id.in_(record_ids), Hit.owner_agency_id == actor.agency_id)
        .group_by(Hit.record_id)
    ).all()  # fmt: skip
    return {
        record_id: CheckTotals(checks=int(checks), hits=int(hits), confirmed=confirmed,
                               rejected=rejected, silent=silent)
        for record_id, checks, hits, confirmed, rejected, silent in rows
    }  # fmt: skip


def record_counts(
    session: Session, actor: Actor, record_ids: list[int]
) -> dict[int, tuple[int, int]]:
    """For the owner: (checks that returned the record, of which hits) per record id."""
    found = _totals(session, actor, record_ids)
    return {record_id: (t.checks, t.hits) for record_id, t in found.items()}


def record_checks(
    session: Session, actor: Actor, record_id: int, *,
    decision: Literal["pending", "confirmed", "rejected"] | None = None, limit: int, offset: int,
) -> RecordChecks:  # fmt: skip
    """The hits one record drew, newest first, silent ones included, for its owning agency.

    Anyone of the owning agency who may read records sees them (as in the inbox). For anyone
    else, the system operator included, the record is *not found*, exactly like a record that
    does not exist: one query answers both, and neither is audited (as a failed read is not).
    ``decision`` filters the page; the totals always count every check.
    """
    actor.require(Permission.READ_RECORDS)
    label = session.execute(
        select(Record.label).where(Record.id == record_id,
                                   Record.owner_agency_id == actor.agency_id)
    ).scalar_one_or_none()  # fmt: skip
    if label is None or actor.agency_id is None:
        raise NotFoundError("Record not found.")
    where = [Hit.record_id == record_id, Hit.owner_agency_id == actor.agency_id]
    if decision:
        where.append(Hit.decision == decision)
    total = session.execute(select(func.count()).select_from(Hit).where(*where)).scalar_one()
    stmt = (
        select(Hit).where(*where)
        .order_by(Hit.at.desc(), Hit.id.desc()).limit(limit).offset(offset)
    )  # fmt: skip
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    items = [
        RecordHit(**dict(_public(hit, label, codes.get(hit.checking_agency_id or 0),
                                 codes.get(hit.owner_agency_id))),
                  channel=hit.channel)
        for hit in session.execute(stmt).scalars()
    ]  # fmt: skip
    audit.record(
        session, actor, "hit.record", target=f"record:{record_id}",
        query={"decision": decision, "offset": offset}, result_ids=[record_id],
    )  # fmt: skip
    totals = _totals(session, actor, [record_id]).get(record_id, CheckTotals())
    return RecordChecks(items=items, total=total, limit=limit, offset=offset,
                        record_id=record_id, label=label, totals=totals)  # fmt: skip
