"""Trace requests: an agency that recovered a firearm asks other agencies for its history.

Who sees a trace: the requesting agency and the addressed agencies, nobody else (the console
operator acting for no agency sees all, as with records). For anyone else a trace behaves
exactly as if it did not exist: *not found* on every read and write, absent from lists, counts
and exports; ids are random text, so no sequence betrays how many traces others exchanged.
An addressed agency sees the trace, its own status, its own answer and its own thread with the
requester; the requester sees every addressed agency's.

The workflow of one addressed agency (:class:`~clew.firearms.trace_kinds.RecipientStatus`):
*sent* → *acknowledged* → *answered* (a list of dated history events; it may answer again to
add events) or *refused* (a reason), or *more information requested* (a question in the thread;
the requester's next comment to it puts it back to *acknowledged* with a fresh deadline). The
requester may close or cancel the trace; a trace that is not open takes no more answers.
Deadlines and overdue marking: see :mod:`clew.firearms.trace_kinds`. Every view, list, export
and change is audited, with the traces' public ids.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import ColumnElement, Select, exists, func, insert, or_, select, true
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from clew.firearms.digests import batch_columns, trace_digests
from clew.firearms.trace_kinds import (
    WAITING,
    Origin,
    Priority,
    RecipientStatus,
    TraceState,
    deadline,
)
from clew.firearms.trace_models import Trace, TraceComment, TraceEvent, TraceRecipient
from clew.firearms.trace_schemas import (
    AnswerIn,
    CommentIn,
    CommentPublic,
    EventPublic,
    Markings,
    MoreInfoIn,
    RecipientPublic,
    RefusalIn,
    TraceClose,
    TraceCreate,
    TracePublic,
    TraceSummary,
)
from clew.records.kinds import RecordKind
from clew.records.models import Record
from clew.records.visibility import visible_to as record_visible_to
from clew.screening.models import Hit
from clew.storage import utcnow

if TYPE_CHECKING:  # the screening index is handed in by the server; the history is pure
    from clew.firearms.history import History
    from clew.screening.sync import IndexKeeper

__all__ = [
    "EXPORT_FIELDS",
    "TraceFilter",
    "acknowledge",
    "answer",
    "comment",
    "end",
    "export_csv",
    "get_trace",
    "history",
    "list_traces",
    "open_trace",
    "refuse",
    "request_more",
    "visible_to",
]

Direction = Literal["incoming", "outgoing"]


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """The one predicate of every read: the actor's agency requested the trace or is asked."""
    if actor.agency_id is None:
        return true()
    return or_(
        Trace.requesting_agency_id == actor.agency_id,
        exists(
            select(TraceRecipient.id).where(
                TraceRecipient.trace_id == Trace.id, TraceRecipient.agency_id == actor.agency_id
            )
        ),
    )


def _reader(actor: Actor) -> None:
    actor.require(Permission.READ_RECORDS)


def _writer(actor: Actor) -> None:
    actor.require(Permission.WRITE_TRACES)
    if actor.agency_id is None:
        raise ForbiddenError("Traces are exchanged between agencies: act for one (e.g. --agency).")


def _load(session: Session, actor: Actor, trace_id: str) -> Trace:
    trace = session.execute(
        select(Trace).where(Trace.public_id == trace_id, visible_to(actor))
    ).scalar_one_or_none()
    if trace is None:
        raise NotFoundError("Trace not found.")
    return trace


# --- opening ----------------------------------------------------------------------------------


def _firearm_record(session: Session, actor: Actor, record_id: int) -> Record:
    record = session.execute(
        select(Record).where(
            Record.id == record_id, Record.kind == RecordKind.FIREARM, record_visible_to(actor)
        )
    ).scalar_one_or_none()
    if record is None:
        raise NotFoundError("Record not found.")
    return record


def _hit_record(session: Session, actor: Actor, hit_id: str) -> tuple[Hit, Record]:
    """A hit the actor's agency found (never a silent one) on a firearm record it still sees."""
    found = session.execute(
        select(Hit, Record)
        .join(Record, Record.id == Hit.record_id)
        .where(
            Hit.public_id == hit_id, Hit.checking_agency_id == actor.agency_id,
            Hit.silent.is_(False), Record.kind == RecordKind.FIREARM, record_visible_to(actor),
        )
    ).first()  # fmt: skip
    if found is None:
        raise NotFoundError("Hit not found.")
    return found[0], found[1]


def _prefilled(markings: Markings, record: Record) -> Markings:
    """The given markings, completed from the firearm record where left empty."""
    data = json.loads(record.data)
    given = markings.model_dump(exclude_unset=True)
    known = {
        "make": data.get("make"), "model": data.get("model"),
        "firearm_type": data.get("firearm_type"), "calibre": data.get("calibre"),
        "serial_number": data.get("serial_number"),
        "country_of_manufacture": data.get("country_of_manufacture"), "year": data.get("year"),
    }  # fmt: skip
    merged = {k: v for k, v in known.items() if v is not None} | given
    return Markings.model_validate(merged)


def _addressed(session: Session, actor: Actor, codes: Sequence[str]) -> list[Agency]:
    agencies: list[Agency] = []
    for code in dict.fromkeys(codes):
        agency = session.execute(select(Agency).where(Agency.code == code)).scalar_one_or_none()
        if agency is None or not agency.active:
            raise ValidationError.field("addressed", f"no active agency with code {code}")
        if agency.id == actor.agency_id:
            raise ValidationError.field("addressed", "a trace is sent to other agencies")
        agencies.append(agency)
    return agencies


def _screen(
    session: Session, actor: Actor, data: TraceCreate, keeper: IndexKeeper | None, language: str
) -> str | None:
    """Screen the possessor through the one check service; the hit ids it showed, as JSON."""
    possessor = data.possessor
    if not possessor.screen:
        return None
    if not possessor.name:
        raise ValidationError.field("possessor.name", "a name is needed to screen the possessor")
    if keeper is None:
        raise ValidationError.field("possessor.screen", "screening is done by the server")
    from clew.screening import checks
    from clew.screening.schemas import CheckRequest, PersonQuery

    request = CheckRequest(
        person=PersonQuery(names=[possessor.name], date_of_birth=possessor.date_of_birth,
                           nationality=possessor.nationality),
        place=data.recovery.place,
    )  # fmt: skip
    response = checks.check(session, actor, keeper, request, language=language)
    return json.dumps([r.hit_id for r in response.results])


def open_trace(
    session: Session, actor: Actor, data: TraceCreate, *,
    keeper: IndexKeeper | None = None, language: str = "en",
) -> TracePublic:  # fmt: skip
    """Open a trace from scratch, from a firearm record or from a firearm hit, and send it to
    every addressed agency at once (each with its own deadline)."""
    _writer(actor)
    assert actor.agency_id is not None
    markings, origin, record_id, hit_id = data.markings, Origin.SCRATCH, None, None
    if data.record_id is not None:
        record = _firearm_record(session, actor, data.record_id)
        markings, origin, record_id = _prefilled(markings, record), Origin.RECORD, record.id
    elif data.hit_id is not None:
        hit, record = _hit_record(session, actor, data.hit_id)
        markings, origin = _prefilled(markings, record), Origin.HIT
        record_id, hit_id = record.id, hit.public_id
    if data.possessor.record_id is not None:
        person = session.execute(
            select(Record.id).where(Record.id == data.possessor.record_id,
                                    Record.kind == RecordKind.PERSON, record_visible_to(actor))
        ).scalar_one_or_none()  # fmt: skip
        if person is None:
            raise NotFoundError("Record not found.")
    agencies = _addressed(session, actor, data.addressed)
    now = utcnow()
    trace = Trace(
        requesting_agency_id=actor.agency_id, requesting_username=actor.username,
        state=TraceState.OPEN, origin=origin, source_record_id=record_id, source_hit_id=hit_id,
        illicit_reason=data.illicit_reason, illicit_note=data.illicit_note,
        make=markings.make, model=markings.model, firearm_type=markings.firearm_type,
        calibre=markings.calibre, serial_number=markings.serial_number,
        country_of_manufacture=markings.country_of_manufacture, year=markings.year,
        import_marks=json.dumps([m.model_dump() for m in markings.import_marks]),
        other_markings=markings.other_markings, serial_obliterated=markings.serial_obliterated,
        serial_restored=markings.serial_restored,
        **batch_columns(
            markings.make, markings.model, markings.serial_number or markings.serial_restored
        ),
        recovery_country=data.recovery.country, recovery_place=data.recovery.place,
        latitude=data.recovery.latitude, longitude=data.recovery.longitude,
        recovered_on=data.recovery.recovered_on,
        possessor_name=data.possessor.name, possessor_birth=data.possessor.date_of_birth,
        possessor_nationality=data.possessor.nationality,
        possessor_record_id=data.possessor.record_id, crime_type=data.crime_type,
        priority=data.priority, urgency_justification=data.urgency_justification,
        handling_code=data.handling_code, handling_note=data.handling_note,
        created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(trace)
    session.flush()
    due = now + deadline(data.priority)
    session.execute(
        insert(TraceRecipient),
        [{"trace_id": trace.id, "agency_id": a.id, "status": RecipientStatus.SENT,
          "sent_at": now, "due_at": due, "updated_at": now} for a in agencies],
    )  # fmt: skip
    _digest(session, trace)
    trace.possessor_hits = _screen(session, actor, data, keeper, language)
    audit.record(
        session, actor, "trace.open", target=f"trace:{trace.public_id}",
        query={"origin": origin, "priority": data.priority,
               "addressed": [a.code for a in agencies]},
        result_ids=[trace.public_id],
    )  # fmt: skip
    return _public(session, actor, trace)


# --- reading ----------------------------------------------------------------------------------


def _overdue(trace: Trace, recipient: TraceRecipient, now: datetime) -> bool:
    return trace.state == TraceState.OPEN and recipient.status in WAITING and recipient.due_at < now


def _label(trace: Trace) -> str:
    parts = [" ".join(p for p in (trace.make, trace.model) if p), trace.calibre or "",
             trace.serial_number or trace.serial_restored or ""]  # fmt: skip
    return " · ".join(p for p in parts if p) or trace.firearm_type


def _codes(session: Session) -> dict[int, tuple[str, str]]:
    return {
        i: (c, k) for i, c, k in session.execute(select(Agency.id, Agency.code, Agency.country))
    }


def _recipients(
    session: Session, actor: Actor, traces: Sequence[Trace], codes: dict[int, tuple[str, str]]
) -> dict[int, list[RecipientPublic]]:
    """Per trace id, the recipient rows the actor may see: all for the requester, its own for
    an addressed agency."""
    found: dict[int, list[RecipientPublic]] = {t.id: [] for t in traces}
    if not traces:
        return found
    by_id = {t.id: t for t in traces}
    now = utcnow()
    rows = session.execute(
        select(TraceRecipient).where(TraceRecipient.trace_id.in_(by_id))
        .order_by(TraceRecipient.trace_id, TraceRecipient.id)
    ).scalars()  # fmt: skip
    for row in rows:
        trace = by_id[row.trace_id]
        if not _sees_all(actor, trace) and row.agency_id != actor.agency_id:
            continue
        code, country = codes.get(row.agency_id, ("?", ""))
        found[row.trace_id].append(RecipientPublic(
            agency=code, country=country, status=RecipientStatus(row.status), sent_at=row.sent_at,
            due_at=row.due_at, overdue=_overdue(trace, row, now),
            acknowledged_at=row.acknowledged_at, answered_at=row.answered_at,
            refused_at=row.refused_at, refusal_reason=row.refusal_reason,
            refusal_note=row.refusal_note,
        ))  # fmt: skip
    return found


def _sees_all(actor: Actor, trace: Trace) -> bool:
    return actor.agency_id is None or actor.agency_id == trace.requesting_agency_id


def _summary(
    trace: Trace, recipients: list[RecipientPublic], codes: dict[int, tuple[str, str]]
) -> dict[str, Any]:
    return {
        "id": trace.public_id, "requesting_agency": codes.get(trace.requesting_agency_id,
                                                              ("?", ""))[0],
        "state": trace.state, "priority": trace.priority, "handling_code": trace.handling_code,
        "label": _label(trace), "recovery_country": trace.recovery_country,
        "recovered_on": trace.recovered_on, "crime_type": trace.crime_type,
        "created_at": trace.created_at, "recipients": recipients,
        "overdue": any(r.overdue for r in recipients),
    }  # fmt: skip


def _public(session: Session, actor: Actor, trace: Trace) -> TracePublic:
    codes = _codes(session)
    recipients = _recipients(session, actor, [trace], codes)[trace.id]
    everything = _sees_all(actor, trace)
    events = select(TraceEvent).where(TraceEvent.trace_id == trace.id)
    comments = select(TraceComment).where(TraceComment.trace_id == trace.id)
    if not everything:
        events = events.where(TraceEvent.recipient_agency_id == actor.agency_id)
        comments = comments.where(
            or_(TraceComment.recipient_agency_id.is_(None),
                TraceComment.recipient_agency_id == actor.agency_id)
        )  # fmt: skip
    markings = Markings(
        make=trace.make, model=trace.model, firearm_type=trace.firearm_type,
        calibre=trace.calibre, serial_number=trace.serial_number,
        country_of_manufacture=trace.country_of_manufacture, year=trace.year,
        import_marks=json.loads(trace.import_marks), other_markings=trace.other_markings,
        serial_obliterated=trace.serial_obliterated, serial_restored=trace.serial_restored,
    )  # fmt: skip
    return TracePublic(
        **_summary(trace, recipients, codes),
        origin=trace.origin, requesting_username=trace.requesting_username,
        source_record_id=trace.source_record_id if everything else None,
        source_hit_id=trace.source_hit_id if everything else None,
        illicit_reason=trace.illicit_reason, illicit_note=trace.illicit_note, markings=markings,
        recovery_place=trace.recovery_place, latitude=trace.latitude, longitude=trace.longitude,
        possessor_name=trace.possessor_name, possessor_birth=trace.possessor_birth,
        possessor_nationality=trace.possessor_nationality,
        possessor_record_id=trace.possessor_record_id if everything else None,
        possessor_hits=json.loads(trace.possessor_hits)
        if everything and trace.possessor_hits else None,
        urgency_justification=trace.urgency_justification, handling_note=trace.handling_note,
        closed_at=trace.closed_at, close_note=trace.close_note,
        events=[
            EventPublic(
                agency=codes.get(e.recipient_agency_id, ("?", ""))[0], occurred_on=e.occurred_on,
                kind=e.kind, country=e.country, place=e.place, actor=e.actor,
                counterpart=e.counterpart, note=e.note, source_grade=e.source_grade,
                info_grade=e.info_grade, created_at=e.created_at,
            )
            for e in session.execute(events.order_by(TraceEvent.id)).scalars()
        ],
        comments=[
            CommentPublic(
                agency=codes.get(c.author_agency_id, ("?", ""))[0], username=c.author_username,
                to=codes[c.recipient_agency_id][0] if c.recipient_agency_id else None,
                kind=c.kind, body=c.body, created_at=c.created_at,
            )
            for c in session.execute(comments.order_by(TraceComment.id)).scalars()
        ],
    )  # fmt: skip


def get_trace(session: Session, actor: Actor, trace_id: str) -> TracePublic:
    _reader(actor)
    trace = _load(session, actor, trace_id)
    audit.record(session, actor, "trace.view", target=f"trace:{trace.public_id}",
                 result_ids=[trace.public_id])  # fmt: skip
    return _public(session, actor, trace)


@dataclass(frozen=True, slots=True)
class TraceFilter:
    """``incoming``: traces sent to the actor's agency; ``outgoing``: those it sent. ``status``
    and ``overdue`` read the agency's own row (incoming) or any addressed agency's (outgoing)."""

    direction: Direction = "outgoing"
    status: RecipientStatus | None = None
    state: TraceState | None = None
    priority: Priority | None = None
    country: str | None = None
    overdue: bool = False

    def query(self) -> dict[str, Any]:
        return {k: v for k, v in {
            "direction": self.direction, "status": self.status, "state": self.state,
            "priority": self.priority, "country": self.country, "overdue": self.overdue,
        }.items() if v}  # fmt: skip


def _filtered(actor: Actor, flt: TraceFilter) -> Select[Trace]:
    _reader(actor)
    stmt = select(Trace).where(visible_to(actor))
    rows = [TraceRecipient.trace_id == Trace.id]
    if actor.agency_id is not None:
        if flt.direction == "outgoing":
            stmt = stmt.where(Trace.requesting_agency_id == actor.agency_id)
        else:
            rows.append(TraceRecipient.agency_id == actor.agency_id)
            stmt = stmt.where(exists(select(TraceRecipient.id).where(*rows)))
    if flt.status:
        stmt = stmt.where(exists(select(TraceRecipient.id).where(
            *rows, TraceRecipient.status == flt.status)))  # fmt: skip
    if flt.overdue:
        late = select(TraceRecipient.id).where(
            *rows, TraceRecipient.status.in_(WAITING), TraceRecipient.due_at < utcnow()
        )
        stmt = stmt.where(Trace.state == TraceState.OPEN, exists(late))
    if flt.state:
        stmt = stmt.where(Trace.state == flt.state)
    if flt.priority:
        stmt = stmt.where(Trace.priority == flt.priority)
    if flt.country:
        stmt = stmt.where(Trace.recovery_country == flt.country.strip().upper())
    return stmt


def list_traces(
    session: Session, actor: Actor, flt: TraceFilter, *, limit: int, offset: int
) -> tuple[list[TraceSummary], int]:
    """Newest first, with the number of all matching traces."""
    stmt = _filtered(actor, flt)
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    traces = list(session.execute(
        stmt.order_by(Trace.created_at.desc(), Trace.id.desc()).limit(limit).offset(offset)
    ).scalars())  # fmt: skip
    codes = _codes(session)
    recipients = _recipients(session, actor, traces, codes)
    audit.record(session, actor, "trace.list", query=flt.query() | {"offset": offset},
                 result_ids=[t.public_id for t in traces])  # fmt: skip
    return [TraceSummary(**_summary(t, recipients[t.id], codes)) for t in traces], total


EXPORT_FIELDS = (
    "id", "requesting_agency", "state", "priority", "handling_code", "firearm", "serial_number",
    "recovery_country", "recovered_on", "crime_type", "created_at", "addressed", "overdue",
)  # fmt: skip


def export_csv(session: Session, actor: Actor, flt: TraceFilter) -> str:
    """Every matching trace as CSV, oldest first; audited with every id."""
    traces = list(session.execute(_filtered(actor, flt).order_by(Trace.id)).scalars())
    audit.record(session, actor, "trace.export", query=flt.query() | {"format": "csv"},
                 result_ids=[t.public_id for t in traces])  # fmt: skip
    codes = _codes(session)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for start in range(0, len(traces), 500):
        chunk = traces[start : start + 500]
        recipients = _recipients(session, actor, chunk, codes)
        for trace in chunk:
            mine = recipients[trace.id]
            writer.writerow({
                "id": trace.public_id, "requesting_agency": codes[trace.requesting_agency_id][0],
                "state": trace.state, "priority": trace.priority,
                "handling_code": trace.handling_code, "firearm": _label(trace),
                "serial_number": trace.serial_number or "",
                "recovery_country": trace.recovery_country,
                "recovered_on": trace.recovered_on.isoformat(), "crime_type": trace.crime_type,
                "created_at": trace.created_at.isoformat(),
                "addressed": " ".join(f"{r.agency}:{r.status}" for r in mine),
                "overdue": "yes" if any(r.overdue for r in mine) else "no",
            })  # fmt: skip
    return buffer.getvalue()


# --- answering --------------------------------------------------------------------------------


def _digest(session: Session, trace: Trace) -> None:
    """Store what the trace's history yields for the routes and statistics, on the trace and on
    each addressed agency's row (:mod:`clew.firearms.digests`): called whenever its events
    change, so the statistics never read an event."""
    codes = {i: code for i, (code, _) in _codes(session).items()}
    events = session.execute(
        select(TraceEvent.recipient_agency_id, TraceEvent.occurred_on, TraceEvent.kind,
               TraceEvent.country, TraceEvent.place, TraceEvent.actor, TraceEvent.counterpart,
               TraceEvent.source_grade, TraceEvent.info_grade)
        .where(TraceEvent.trace_id == trace.id)
    ).mappings().all()  # fmt: skip
    rows = list(session.execute(
        select(TraceRecipient).where(TraceRecipient.trace_id == trace.id)
    ).scalars())  # fmt: skip
    described = {
        "requesting_agency_id": trace.requesting_agency_id, "recovered_on": trace.recovered_on,
        "recovery_country": trace.recovery_country, "recovery_place": trace.recovery_place,
        "possessor_name": trace.possessor_name,
    }  # fmt: skip
    whole, own = trace_digests(described, codes, events, [row.agency_id for row in rows])
    for target, values in ((trace, whole), *((row, own[row.agency_id]) for row in rows)):
        for name, value in values.columns().items():
            setattr(target, name, value)


def _open(trace: Trace) -> None:
    if trace.state != TraceState.OPEN:
        raise ConflictError(f"The trace is {trace.state}: it takes no more answers.")


def _my_row(session: Session, actor: Actor, trace_id: str) -> tuple[Trace, TraceRecipient]:
    """The trace and the actor's agency's row, for an addressed agency's action. Not found for
    anyone who may not see the trace; forbidden for the requester (it is not asked)."""
    _writer(actor)
    trace = _load(session, actor, trace_id)
    row = session.execute(
        select(TraceRecipient).where(TraceRecipient.trace_id == trace.id,
                                     TraceRecipient.agency_id == actor.agency_id)
    ).scalar_one_or_none()  # fmt: skip
    if row is None:
        raise ForbiddenError("Only an addressed agency answers a trace.")
    _open(trace)
    return trace, row


def _moved(session: Session, actor: Actor, trace: Trace, row: TraceRecipient,
           action: str, **query: Any) -> TracePublic:  # fmt: skip
    now = utcnow()
    row.updated_at = trace.updated_at = now
    audit.record(session, actor, f"trace.{action}", target=f"trace:{trace.public_id}",
                 query=query, result_ids=[trace.public_id])  # fmt: skip
    session.flush()
    return _public(session, actor, trace)


def _thread(session: Session, actor: Actor, trace: Trace, kind: str, body: str,
            to: int | None) -> None:  # fmt: skip
    assert actor.agency_id is not None
    session.add(TraceComment(
        trace_id=trace.id, author_agency_id=actor.agency_id, author_username=actor.username,
        recipient_agency_id=to, kind=kind, body=body, created_at=utcnow(),
    ))  # fmt: skip


def acknowledge(session: Session, actor: Actor, trace_id: str) -> TracePublic:
    """The addressed agency has the trace in hand (once; later steps keep their status)."""
    trace, row = _my_row(session, actor, trace_id)
    if row.status == RecipientStatus.SENT:
        row.status, row.acknowledged_at = RecipientStatus.ACKNOWLEDGED, utcnow()
    return _moved(session, actor, trace, row, "acknowledge")


def answer(session: Session, actor: Actor, trace_id: str, data: AnswerIn) -> TracePublic:
    """The weapon's history as dated events; answering again adds events."""
    trace, row = _my_row(session, actor, trace_id)
    if row.status == RecipientStatus.REFUSED:
        raise ConflictError("Your agency refused this trace.")
    now = utcnow()
    session.execute(insert(TraceEvent), [
        {"trace_id": trace.id, "recipient_agency_id": row.agency_id,
         "occurred_on": e.occurred_on, "kind": e.kind, "country": e.country, "place": e.place,
         "actor": e.actor, "counterpart": e.counterpart, "note": e.note,
         "source_grade": e.source_grade, "info_grade": e.info_grade, "created_at": now}
        for e in data.events
    ])  # fmt: skip
    _digest(session, trace)
    if data.comment:
        _thread(session, actor, trace, "comment", data.comment, row.agency_id)
    row.status, row.answered_at = RecipientStatus.ANSWERED, now
    row.acknowledged_at = row.acknowledged_at or now
    return _moved(session, actor, trace, row, "answer", events=len(data.events))


def refuse(session: Session, actor: Actor, trace_id: str, data: RefusalIn) -> TracePublic:
    trace, row = _my_row(session, actor, trace_id)
    if row.status in (RecipientStatus.ANSWERED, RecipientStatus.REFUSED):
        raise ConflictError(f"Your agency has already {row.status} this trace.")
    row.status, row.refused_at = RecipientStatus.REFUSED, utcnow()
    row.refusal_reason, row.refusal_note = data.reason, data.note
    return _moved(session, actor, trace, row, "refuse", reason=data.reason)


def request_more(session: Session, actor: Actor, trace_id: str, data: MoreInfoIn) -> TracePublic:
    """Ask the requester a question; the deadline waits for its reply."""
    trace, row = _my_row(session, actor, trace_id)
    if row.status in (RecipientStatus.ANSWERED, RecipientStatus.REFUSED):
        raise ConflictError(f"Your agency has already {row.status} this trace.")
    row.status = RecipientStatus.MORE_INFO_REQUESTED
    row.acknowledged_at = row.acknowledged_at or utcnow()
    _thread(session, actor, trace, "more_info", data.question, row.agency_id)
    return _moved(session, actor, trace, row, "more_info")


def comment(session: Session, actor: Actor, trace_id: str, data: CommentIn) -> TracePublic:
    """A message in the thread. The requester writes to one addressed agency or to all; an
    addressed agency writes to the requester. A requester's reply puts an agency that asked
    for more information back to *acknowledged*, with a fresh deadline."""
    _writer(actor)
    trace = _load(session, actor, trace_id)
    _open(trace)
    now = utcnow()
    rows = list(session.execute(
        select(TraceRecipient).where(TraceRecipient.trace_id == trace.id)
    ).scalars())  # fmt: skip
    if actor.agency_id == trace.requesting_agency_id:
        to: int | None = None
        if data.to:
            codes = {c: i for i, (c, _) in _codes(session).items()}
            to = codes.get(data.to)
            if to is None or to not in {r.agency_id for r in rows}:
                raise ValidationError.field("to", "not an agency this trace was sent to")
        for row in rows:
            if row.status == RecipientStatus.MORE_INFO_REQUESTED and to in (None, row.agency_id):
                row.status, row.updated_at = RecipientStatus.ACKNOWLEDGED, now
                row.due_at = now + deadline(Priority(trace.priority))
    else:
        if data.to:
            raise ValidationError.field("to", "an addressed agency writes to the requester")
        to = actor.agency_id
    _thread(session, actor, trace, "comment", data.body, to)
    trace.updated_at = now
    audit.record(session, actor, "trace.comment", target=f"trace:{trace.public_id}",
                 result_ids=[trace.public_id])  # fmt: skip
    session.flush()
    return _public(session, actor, trace)


def end(
    session: Session, actor: Actor, trace_id: str, state: TraceState, data: TraceClose
) -> TracePublic:
    """The requester closes (done) or cancels (withdrawn) an open trace."""
    _writer(actor)
    trace = _load(session, actor, trace_id)
    if trace.requesting_agency_id != actor.agency_id:
        raise ForbiddenError("Only the requesting agency closes or cancels a trace.")
    if state is TraceState.OPEN:
        raise ValidationError.field("state", "choose closed or cancelled")
    _open(trace)
    trace.state, trace.closed_at, trace.close_note = state, utcnow(), data.note
    trace.updated_at = trace.closed_at
    action = "close" if state is TraceState.CLOSED else "cancel"
    audit.record(session, actor, f"trace.{action}", target=f"trace:{trace.public_id}",
                 result_ids=[trace.public_id])  # fmt: skip
    session.flush()
    return _public(session, actor, trace)


def history(trace: TracePublic) -> History:
    """The weapon's chain of custody from the answers the actor sees, plus the recovery this
    trace describes, read by :func:`clew.firearms.history.analyse` (point of diversion, time
    to crime)."""
    from clew.firearms.history import CustodyEvent, EventKind, analyse
    from clew.intel.vocabulary import Information, Reliability

    events = [
        CustodyEvent(
            occurred_on=e.occurred_on or "", kind=e.kind, country=e.country or "",
            place=e.place or "", actor=e.actor or "", counterpart=e.counterpart or "",
            source=e.agency, source_grade=Reliability(e.source_grade),
            info_grade=Information(e.info_grade),
        )
        for e in trace.events
    ]  # fmt: skip
    events.append(CustodyEvent(
        occurred_on=trace.recovered_on.isoformat(), kind=EventKind.RECOVERED,
        country=trace.recovery_country, place=trace.recovery_place or "",
        actor=trace.requesting_agency, counterpart=trace.possessor_name or "",
        source=trace.requesting_agency,
    ))  # fmt: skip
    return analyse(events)
