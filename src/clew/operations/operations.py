"""Planning joint operations: create, change, invite, accept, posts, targets, publish, cancel.

- A coordinator creates an operation for its agency (the *coordinating agency*, which takes
  part and has accepted from the start) and invites participating agencies; an exchange case
  is opened for the operation with them (its warnings, feedback and seizure messages), and an
  agency invited later joins that case.
- Each invited agency accepts (any of its users who may report results), naming its national
  coordinator and liaison officer if it wishes: from then on its checks inside the period are
  counted (:mod:`clew.operations.tally`).
- Posts (border crossings, airports, ports) are added by the coordinating agency for any
  participant, or by a participant for its own agency. Targets are pulled from an analysis file
  the coordinator reads, or from a watchlist record it sees; a target from a record is shown
  only to readers who may see the record, like the focus's records.
- The operation is published by the coordinating agency after its period; it may be cancelled
  before. Nothing is planned any more once it is published or cancelled.
- Who sees an operation: :mod:`clew.operations.access` (anyone else: *not found*, as for a
  made-up id). Every view, list and change is audited with ids only (``operation.<verb>``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency, User
from clew.access.roles import Permission
from clew.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from clew.exchange.kinds import CrimeArea
from clew.exchange.models import Case, CaseParticipant
from clew.exchange.posting import agencies_by_code, join_case
from clew.operations import tally
from clew.operations.access import coordinating, load_operation, participant_row, reader, visible
from clew.operations.kinds import OperationState, PostKind
from clew.operations.models import Operation, OperationParticipant, OperationPost, OperationTarget
from clew.operations.schemas import (
    AcceptIn,
    Focus,
    OperationCreate,
    OperationPublic,
    OperationSummary,
    OperationUpdate,
    ParticipantPublic,
    ParticipantsIn,
    PostIn,
    PostPublic,
    TargetIn,
    TargetPublic,
    period_problem,
)
from clew.records.kinds import HandlingCode, RecordKind
from clew.records.models import Record
from clew.records.visibility import visible_to as record_visible_to
from clew.storage import utcnow

__all__ = [
    "accept",
    "add_post",
    "add_target",
    "cancel",
    "create_operation",
    "get_operation",
    "invite_participants",
    "list_operations",
    "publish",
    "remove_participant",
    "remove_post",
    "remove_target",
    "state_of",
    "state_where",
    "update_operation",
]

TARGET_KINDS = {"person", "vehicle"}


def state_of(operation: Operation, now: datetime | None = None) -> OperationState:
    """Cancelled, published, or where ``now`` falls against the period."""
    now = now or utcnow()
    if operation.cancelled:
        return OperationState.CANCELLED
    if operation.published_at is not None:
        return OperationState.PUBLISHED
    if now < operation.period_start:
        return OperationState.PLANNED
    if now < operation.period_end:
        return OperationState.RUNNING
    return OperationState.FINISHED


def state_where(state: OperationState, now: datetime | None = None) -> ColumnElement[bool]:
    """The SQL form of :func:`state_of` (for lists filtered by state)."""
    now = now or utcnow()
    if state is OperationState.CANCELLED:
        return Operation.cancelled.is_(True)
    if state is OperationState.PUBLISHED:
        return and_(Operation.cancelled.is_(False), Operation.published_at.is_not(None))
    live = and_(Operation.cancelled.is_(False), Operation.published_at.is_(None))
    if state is OperationState.PLANNED:
        return and_(live, Operation.period_start > now)
    if state is OperationState.RUNNING:
        return and_(live, Operation.period_start <= now, Operation.period_end > now)
    return and_(live, Operation.period_end <= now)


def _target(operation: Operation) -> str:
    return f"operation:{operation.public_id}"


def _planning(operation: Operation) -> None:
    state = state_of(operation)
    if state in (OperationState.PUBLISHED, OperationState.CANCELLED):
        raise ConflictError(f"The operation is {state}: it is not planned any more.")


def _visible_records(session: Session, actor: Actor, ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if not wanted:
        return set()
    return set(
        session.execute(
            select(Record.id).where(Record.id.in_(wanted), record_visible_to(actor))
        ).scalars()
    )


def _focus(session: Session, actor: Actor, focus: Focus) -> str:
    """The focus as stored, once every record it names is one the planner may see."""
    if set(focus.record_ids) - _visible_records(session, actor, focus.record_ids):
        raise NotFoundError("Record not found.")
    return json.dumps({"categories": [str(c) for c in dict.fromkeys(focus.categories)],
                       "record_ids": list(dict.fromkeys(focus.record_ids))})  # fmt: skip


# --- creating and changing ------------------------------------------------------------------


def _open_case(
    session: Session, actor: Actor, data: OperationCreate, agency_codes: list[str]
) -> int:
    """The exchange case of the operation's messages, with every participant in it."""
    from clew.exchange.cases import open_case
    from clew.exchange.schemas import CaseCreate

    note = "Joint operation: see its briefing." if data.handling_code is HandlingCode.H3 else None
    case = open_case(session, actor, CaseCreate(
        subject=f"Operation {data.name}"[:300],
        crime_area=data.crime_areas[0] if data.crime_areas else CrimeArea.OTHER,
        handling_code=data.handling_code, handling_note=note, participants=agency_codes,
    ))  # fmt: skip
    return session.execute(select(Case.id).where(Case.public_id == case.id)).scalar_one()


def create_operation(session: Session, actor: Actor, data: OperationCreate) -> OperationPublic:
    """Create an operation coordinated by the actor's agency and invite its participants."""
    actor.require(Permission.COORDINATE_OPERATIONS)
    if actor.agency_id is None:
        raise ForbiddenError("An operation is coordinated by an agency: act for one (--agency).")
    invited = [
        a for a in agencies_by_code(session, data.participants, field="participants")
        if a.id != actor.agency_id
    ]  # fmt: skip
    now = utcnow()
    operation = Operation(
        name=data.name, description=data.description,
        crime_areas=json.dumps([str(c) for c in dict.fromkeys(data.crime_areas)]),
        coordinator_agency_id=actor.agency_id, created_by=actor.username,
        period_start=data.period_start, period_end=data.period_end, timezone=data.timezone,
        focus=_focus(session, actor, data.focus), handling_code=str(data.handling_code),
        cancelled=False, created_at=now, updated_at=now,
    )  # fmt: skip
    operation.exchange_case_id = _open_case(session, actor, data, [a.code for a in invited])
    session.add(operation)
    session.flush()
    session.add(OperationParticipant(
        operation_id=operation.id, agency_id=actor.agency_id, invited_at=now, accepted_at=now,
        accepted_by=actor.username,
    ))  # fmt: skip
    for agency in invited:
        session.add(OperationParticipant(operation_id=operation.id, agency_id=agency.id,
                                         invited_at=now))  # fmt: skip
    session.flush()
    tally.forget()
    audit.record(session, actor, "operation.create", target=_target(operation),
                 query={"participants": [a.code for a in invited]},
                 result_ids=[operation.public_id])  # fmt: skip
    return _public(session, actor, operation)


def update_operation(
    session: Session, actor: Actor, operation_id: str, data: OperationUpdate
) -> OperationPublic:
    """Change the planning fields given (the coordinating agency; not once published)."""
    operation = load_operation(session, actor, operation_id)
    coordinating(actor, operation)
    _planning(operation)
    changed = data.model_dump(exclude_unset=True)
    start = data.period_start or operation.period_start
    end = data.period_end or operation.period_end
    if problem := period_problem(start, end):
        raise ValidationError.field("period_end" if data.period_end else "period_start", problem)
    for name in ("name", "description", "timezone"):
        if getattr(data, name) is not None:
            setattr(operation, name, getattr(data, name))
    operation.period_start, operation.period_end = start, end
    if data.crime_areas is not None:
        operation.crime_areas = json.dumps([str(c) for c in dict.fromkeys(data.crime_areas)])
    if data.handling_code is not None:
        operation.handling_code = str(data.handling_code)
    if data.focus is not None:
        operation.focus = _focus(session, actor, data.focus)
    operation.updated_at = utcnow()
    session.flush()
    tally.forget()
    audit.record(session, actor, "operation.update", target=_target(operation),
                 query={"fields": sorted(changed)}, result_ids=[operation.public_id])  # fmt: skip
    return _public(session, actor, operation)


def invite_participants(
    session: Session, actor: Actor, operation_id: str, data: ParticipantsIn
) -> OperationPublic:
    """Invite more agencies (the coordinating agency); they join the operation's case."""
    operation = load_operation(session, actor, operation_id)
    coordinating(actor, operation)
    _planning(operation)
    present = set(session.execute(
        select(OperationParticipant.agency_id)
        .where(OperationParticipant.operation_id == operation.id)
    ).scalars())  # fmt: skip
    agencies = agencies_by_code(session, data.participants, field="participants")
    new = [a for a in agencies if a.id not in present]
    now = utcnow()
    for agency in new:
        session.add(OperationParticipant(operation_id=operation.id, agency_id=agency.id,
                                         invited_at=now))  # fmt: skip
    case = session.get(Case, operation.exchange_case_id) if operation.exchange_case_id else None
    if case is not None:
        join_case(session, case, [a.id for a in new], actor.username)
    operation.updated_at = now
    session.flush()
    audit.record(session, actor, "operation.invite", target=_target(operation),
                 query={"added": [a.code for a in new]},
                 result_ids=[operation.public_id])  # fmt: skip
    return _public(session, actor, operation)


def remove_participant(
    session: Session, actor: Actor, operation_id: str, agency_code: str
) -> OperationPublic:
    """Take an agency out of the operation (and its case): it finds no trace of either any
    more. The coordinating agency stays."""
    operation = load_operation(session, actor, operation_id)
    coordinating(actor, operation)
    _planning(operation)
    agency = agencies_by_code(session, [agency_code], field="agency")[0]
    if agency.id == operation.coordinator_agency_id:
        raise ValidationError.field("agency", "the coordinating agency stays in its operation")
    row = participant_row(session, operation, agency.id)
    if row is None:
        raise ValidationError.field("agency", f"{agency.code} does not take part")
    session.delete(row)
    if operation.exchange_case_id is not None:
        session.execute(delete(CaseParticipant).where(
            CaseParticipant.case_id == operation.exchange_case_id,
            CaseParticipant.agency_id == agency.id,
        ))  # fmt: skip
    operation.updated_at = utcnow()
    session.flush()
    tally.forget()
    audit.record(session, actor, "operation.remove_participant", target=_target(operation),
                 query={"agency": agency.code}, result_ids=[operation.public_id])  # fmt: skip
    return _public(session, actor, operation)


def _team_member(session: Session, agency_id: int, field: str, username: str | None) -> str | None:
    if username is None:
        return None
    found = session.execute(
        select(User.username).where(User.username == username, User.agency_id == agency_id,
                                    User.active.is_(True))
    ).scalar_one_or_none()  # fmt: skip
    if found is None:
        raise ValidationError.field(field, f"no active user {username} in your agency")
    return found


def accept(
    session: Session, actor: Actor, operation_id: str, data: AcceptIn | None = None
) -> OperationPublic:
    """The actor's agency accepts the invitation (again: only its team changes); from then on
    its checks inside the period are counted."""
    actor.require(Permission.REPORT_RESULTS)
    operation = load_operation(session, actor, operation_id)
    row = participant_row(session, operation, actor.agency_id)
    if row is None:
        raise ForbiddenError("Only an invited agency accepts an operation.")
    _planning(operation)
    data = data or AcceptIn()
    now = utcnow()
    if row.accepted_at is None:
        row.accepted_at, row.accepted_by = now, actor.username
    for field in ("national_coordinator", "liaison_officer"):
        name = _team_member(session, row.agency_id, field, getattr(data, field))
        if name is not None:
            setattr(row, field, name)
    operation.updated_at = now
    session.flush()
    tally.forget()
    audit.record(session, actor, "operation.accept", target=_target(operation),
                 result_ids=[operation.public_id])  # fmt: skip
    return _public(session, actor, operation)


# --- posts and targets ----------------------------------------------------------------------


def _post_public(post: OperationPost, codes: dict[int, str]) -> PostPublic:
    return PostPublic(
        id=post.public_id, agency=codes.get(post.agency_id, "?"), name=post.name, code=post.code,
        kind=PostKind(post.kind), latitude=post.latitude, longitude=post.longitude,
    )  # fmt: skip


def _may_plan_posts(actor: Actor, operation: Operation, agency_id: int) -> None:
    """The coordinating agency's coordinators for any participant; a participant's users who
    report results for their own agency's posts."""
    if actor.agency_id is not None and actor.agency_id == agency_id != (
        operation.coordinator_agency_id
    ):
        actor.require(Permission.REPORT_RESULTS)
        return
    coordinating(actor, operation)


def add_post(session: Session, actor: Actor, operation_id: str, data: PostIn) -> PostPublic:
    operation = load_operation(session, actor, operation_id)
    agency = agencies_by_code(session, [data.agency], field="agency")[0]
    _may_plan_posts(actor, operation, agency.id)
    _planning(operation)
    if participant_row(session, operation, agency.id) is None:
        raise ValidationError.field("agency", f"{agency.code} does not take part")
    key = tally.match_key(data.name, data.code)
    if not key:
        raise ValidationError.field("name", "a post needs a name made of letters or digits")
    taken = {
        part
        for other in session.execute(
            select(OperationPost.match_key).where(OperationPost.operation_id == operation.id,
                                                  OperationPost.agency_id == agency.id)
        ).scalars()
        for part in other.split("|")
    }  # fmt: skip
    if taken & set(key.split("|")):
        raise ConflictError(f"{agency.code} already has a post of that name or code.")
    post = OperationPost(
        operation_id=operation.id, agency_id=agency.id, name=data.name, code=data.code,
        kind=str(data.kind), latitude=data.latitude, longitude=data.longitude, match_key=key,
    )  # fmt: skip
    session.add(post)
    session.flush()
    tally.forget()
    audit.record(session, actor, "operation.post.add", target=_target(operation),
                 result_ids=[operation.public_id, post.public_id])  # fmt: skip
    return _post_public(post, {agency.id: agency.code})


def remove_post(session: Session, actor: Actor, operation_id: str, post_id: str) -> None:
    """Remove a post (what was counted at it stays, under its agency with no post)."""
    operation = load_operation(session, actor, operation_id)
    post = session.execute(
        select(OperationPost).where(OperationPost.operation_id == operation.id,
                                    OperationPost.public_id == post_id)
    ).scalar_one_or_none()  # fmt: skip
    if post is None:
        raise NotFoundError("Post not found.")
    _may_plan_posts(actor, operation, post.agency_id)
    _planning(operation)
    session.delete(post)
    session.flush()
    tally.forget()
    audit.record(session, actor, "operation.post.remove", target=_target(operation),
                 result_ids=[operation.public_id, post_id])  # fmt: skip


def _from_file(
    session: Session, actor: Actor, file_id: int, entity_id: int
) -> tuple[str, str, str]:
    from clew.intel.files import open_file
    from clew.intel.models import Entity
    from clew.intel.visibility import visible_entities

    open_file(session, actor, file_id)
    entity = session.execute(
        visible_entities(actor, file_id).where(Entity.id == entity_id)
    ).scalar_one_or_none()
    if entity is None:
        raise NotFoundError("Entity not found.")
    if entity.kind not in TARGET_KINDS:
        raise ValidationError.field("entity_id", "a target is a person or a vehicle")
    # An entity pulled from a record stays as hidden as its record.
    source = (
        f"record:{entity.record_id}" if entity.record_id is not None
        else f"file:{file_id}/entity:{entity_id}"
    )  # fmt: skip
    return entity.kind, entity.label, source


def _from_record(session: Session, actor: Actor, record_id: int) -> tuple[str, str, str]:
    record = session.execute(
        select(Record).where(Record.id == record_id, record_visible_to(actor))
    ).scalar_one_or_none()
    if record is None:
        raise NotFoundError("Record not found.")
    if record.kind not in (RecordKind.PERSON, RecordKind.VEHICLE):
        raise ValidationError.field("record_id", "a target is a person or a vehicle")
    return str(record.kind), record.label, f"record:{record.id}"


def add_target(session: Session, actor: Actor, operation_id: str, data: TargetIn) -> TargetPublic:
    """Add a person or vehicle to look out for (the coordinating agency)."""
    operation = load_operation(session, actor, operation_id)
    coordinating(actor, operation)
    _planning(operation)
    if data.record_id is not None:
        kind, label, source = _from_record(session, actor, data.record_id)
    else:
        assert data.file_id is not None and data.entity_id is not None
        kind, label, source = _from_file(session, actor, data.file_id, data.entity_id)
    target = OperationTarget(
        operation_id=operation.id, kind=kind, label=label[:300], source_ref=source,
        note=data.note, added_by=actor.username, added_at=utcnow(),
    )  # fmt: skip
    session.add(target)
    session.flush()
    audit.record(session, actor, "operation.target.add", target=_target(operation),
                 query={"source": source}, result_ids=[operation.public_id])  # fmt: skip
    return _target_public(target)


def remove_target(session: Session, actor: Actor, operation_id: str, target_id: int) -> None:
    operation = load_operation(session, actor, operation_id)
    coordinating(actor, operation)
    _planning(operation)
    target = session.execute(
        select(OperationTarget).where(OperationTarget.operation_id == operation.id,
                                      OperationTarget.id == target_id)
    ).scalar_one_or_none()  # fmt: skip
    if target is None or target.id not in {t.id for t in _targets(session, actor, operation)}:
        raise NotFoundError("Target not found.")
    session.delete(target)
    session.flush()
    audit.record(session, actor, "operation.target.remove", target=_target(operation),
                 result_ids=[operation.public_id, str(target_id)])  # fmt: skip


def _target_public(target: OperationTarget) -> TargetPublic:
    return TargetPublic(
        id=target.id, kind=target.kind, label=target.label, source=target.source_ref,
        note=target.note, added_by=target.added_by, added_at=target.added_at,
    )  # fmt: skip


def _record_of(source: str) -> int | None:
    head, _, rest = source.partition(":")
    return int(rest) if head == "record" and rest.isdigit() else None


def _targets(session: Session, actor: Actor, operation: Operation) -> list[OperationTarget]:
    """The operation's targets the actor may see (one from a record only with the record)."""
    targets = list(session.execute(
        select(OperationTarget).where(OperationTarget.operation_id == operation.id)
        .order_by(OperationTarget.id)
    ).scalars())  # fmt: skip
    records = {t.id: r for t in targets if (r := _record_of(t.source_ref)) is not None}
    seen = _visible_records(session, actor, records.values())
    return [t for t in targets if t.id not in records or records[t.id] in seen]


# --- publishing and cancelling --------------------------------------------------------------


def publish(session: Session, actor: Actor, operation_id: str) -> OperationPublic:
    """Publish the results (the coordinating agency, once the period is over)."""
    operation = load_operation(session, actor, operation_id)
    coordinating(actor, operation)
    state = state_of(operation)
    if state is not OperationState.FINISHED:
        raise ConflictError(
            "The operation is published after its period."
            if state in (OperationState.PLANNED, OperationState.RUNNING)
            else f"The operation is {state}."
        )
    operation.published_at = operation.updated_at = utcnow()
    session.flush()
    tally.forget()
    audit.record(session, actor, "operation.publish", target=_target(operation),
                 result_ids=[operation.public_id])  # fmt: skip
    return _public(session, actor, operation)


def cancel(session: Session, actor: Actor, operation_id: str) -> OperationPublic:
    """Cancel the operation (the coordinating agency; not once published): nothing more is
    counted or reported in it."""
    operation = load_operation(session, actor, operation_id)
    coordinating(actor, operation)
    _planning(operation)
    operation.cancelled = True
    operation.updated_at = utcnow()
    session.flush()
    tally.forget()
    audit.record(session, actor, "operation.cancel", target=_target(operation),
                 result_ids=[operation.public_id])  # fmt: skip
    return _public(session, actor, operation)


# --- reading --------------------------------------------------------------------------------


def _codes(session: Session) -> dict[int, tuple[str, str]]:
    return {
        i: (c, k) for i, c, k in session.execute(select(Agency.id, Agency.code, Agency.country))
    }


def _summary(
    operation: Operation, codes: dict[int, tuple[str, str]], rows: list[OperationParticipant],
    actor: Actor, now: datetime,
) -> dict[str, Any]:  # fmt: skip
    mine = next((r for r in rows if r.agency_id == actor.agency_id), None)
    return {
        "id": operation.public_id, "name": operation.name,
        "coordinator": codes.get(operation.coordinator_agency_id, ("?", ""))[0],
        "state": state_of(operation, now), "period_start": operation.period_start,
        "period_end": operation.period_end, "timezone": operation.timezone,
        "crime_areas": [CrimeArea(c) for c in json.loads(operation.crime_areas)],
        "handling_code": HandlingCode(operation.handling_code),
        "participant_count": len(rows),
        "coordinating": actor.agency_id is None
        or actor.agency_id == operation.coordinator_agency_id,
        "accepted": mine is not None and mine.accepted_at is not None,
        "published_at": operation.published_at,
    }  # fmt: skip


def _participants(session: Session, ids: list[int]) -> dict[int, list[OperationParticipant]]:
    found: dict[int, list[OperationParticipant]] = {i: [] for i in ids}
    if ids:
        for row in session.execute(
            select(OperationParticipant).where(OperationParticipant.operation_id.in_(ids))
            .order_by(OperationParticipant.operation_id, OperationParticipant.id)
        ).scalars():  # fmt: skip
            found[row.operation_id].append(row)
    return found


def _public(session: Session, actor: Actor, operation: Operation) -> OperationPublic:
    codes = _codes(session)
    rows = _participants(session, [operation.id])[operation.id]
    focus = json.loads(operation.focus or "{}")
    record_ids = focus.get("record_ids", [])
    shown = _visible_records(session, actor, record_ids)
    case = (
        session.execute(select(Case.public_id).where(Case.id == operation.exchange_case_id))
        .scalar_one_or_none() if operation.exchange_case_id is not None else None
    )  # fmt: skip
    posts = session.execute(
        select(OperationPost).where(OperationPost.operation_id == operation.id)
        .order_by(OperationPost.agency_id, OperationPost.id)
    ).scalars()  # fmt: skip
    names = {i: c for i, (c, _) in codes.items()}
    return OperationPublic(
        **_summary(operation, codes, rows, actor, utcnow()),
        description=operation.description,
        focus=Focus(categories=focus.get("categories", []),
                    record_ids=[r for r in record_ids if r in shown]),
        created_by=operation.created_by, created_at=operation.created_at, exchange_case=case,
        participants=[
            ParticipantPublic(
                agency=codes.get(r.agency_id, ("?", ""))[0],
                country=codes.get(r.agency_id, ("?", ""))[1],
                coordinating=r.agency_id == operation.coordinator_agency_id,
                invited_at=r.invited_at, accepted=r.accepted_at is not None,
                accepted_at=r.accepted_at, accepted_by=r.accepted_by,
                national_coordinator=r.national_coordinator, liaison_officer=r.liaison_officer,
            )
            for r in rows
        ],
        posts=[_post_public(p, names) for p in posts],
        targets=[_target_public(t) for t in _targets(session, actor, operation)],
    )  # fmt: skip


def get_operation(session: Session, actor: Actor, operation_id: str) -> OperationPublic:
    operation = load_operation(session, actor, operation_id)
    audit.record(session, actor, "operation.view", target=_target(operation),
                 result_ids=[operation.public_id])  # fmt: skip
    return _public(session, actor, operation)


def list_operations(
    session: Session, actor: Actor, *, state: OperationState | None = None, limit: int = 50,
    offset: int = 0,
) -> tuple[list[OperationSummary], int]:  # fmt: skip
    """The operations the actor's agency coordinates or is invited to, latest period first,
    with the number of all of them (of ``state`` when given)."""
    reader(actor)
    now = utcnow()
    stmt = select(Operation).where(visible(actor))
    if state is not None:
        stmt = stmt.where(state_where(state, now))
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    operations = list(session.execute(
        stmt.order_by(Operation.period_start.desc(), Operation.id.desc())
        .limit(limit).offset(offset)
    ).scalars())  # fmt: skip
    codes = _codes(session)
    rows = _participants(session, [o.id for o in operations])
    audit.record(session, actor, "operation.list",
                 query={"state": str(state) if state else None, "offset": offset},
                 result_ids=[o.public_id for o in operations])  # fmt: skip
    items = [OperationSummary(**_summary(o, codes, rows[o.id], actor, now)) for o in operations]
    return items, total
