"""A trace and its history pulled into an analysis file, as linked entities.

What the actor sees of the trace (:func:`clew.firearms.traces.get_trace`: a requester sees every
answer, an addressed agency its own) becomes, through the intelligence entities API
(:mod:`clew.intel.entities`):

- the **firearm** (make, model, calibre, serial as an identifier);
- **persons**: the possessor at recovery (with birth date and nationality when given), the
  purchaser and every other holder named in the history;
- **organisations**: who made, exported, imported or sold the weapon (manufacturers, dealers);
- **addresses**: the places of the events and of the recovery (``place, country``);
- the **custody events as links**, dated with the (partial) date's first and last day, directed
  and graded as the answering agency graded the event: made, exported, imported, sold or
  transferred is *owns* (the new holder to the firearm), reported lost or stolen is *related
  to* (the reporter to the firearm), seized or recovered is *uses* (the possessor to the
  firearm); each event's place is linked to the firearm (*related to*, same date).

Every entity and link says where it came from: source ``trace``, reference
``trace:<public id>``. The recovery, described by the requester, is graded A1 for the requester
and B2 for an addressed agency; an event keeps its answer's grading.

Pulling is idempotent: entities are keyed by what they are (``firearm:GLOCK|17|BHZ143``,
``person:petar yordanov``...), so a second pull, or a pull of another trace of the same batch,
reuses them (the purchaser of two pistols is one entity), and a link already there (same ends,
kind, dates and reference) is not added again. Only someone who may see the trace and write
the file can pull; the pull is audited (``trace.analysis``) beside the entities API's own audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.schemas import Input
from clew.firearms.history import CustodyEvent, parse_partial_date
from clew.firearms.trace_kinds import EventKind
from clew.firearms.trace_schemas import TracePublic
from clew.intel import entities
from clew.intel.files import open_file
from clew.intel.models import Entity, Link
from clew.intel.schemas import EntityCreate, LinkCreate
from clew.intel.vocabulary import EntityKind, Information, LinkKind, Reliability, SourceKind

__all__ = ["TraceIntoFile", "TracePulled", "pull_trace"]

_ORGANISATION_ACTS = frozenset(
    {EventKind.MANUFACTURED, EventKind.EXPORTED, EventKind.IMPORTED, EventKind.SOLD}
)
_OWNS = frozenset(
    {EventKind.MANUFACTURED, EventKind.EXPORTED, EventKind.IMPORTED, EventKind.SOLD,
     EventKind.TRANSFERRED}
)  # fmt: skip
_REPORTS = frozenset({EventKind.REPORTED_LOST, EventKind.REPORTED_STOLEN})
_FOUND = frozenset({EventKind.SEIZED, EventKind.RECOVERED})


class TraceIntoFile(Input):
    file_id: Annotated[int, Field(ge=1, le=2_147_483_647, description="An analysis file you write")]


class TracePulled(BaseModel):
    file_id: int
    firearm: int = Field(description="The firearm's entity in the file")
    entities_added: int
    links_added: int


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _firearm_key(trace: TracePublic) -> str:
    m = trace.markings
    serial = m.serial_number or m.serial_restored or f"trace {trace.id}"
    parts = (m.make or "", m.model or "", serial)
    return "firearm:" + "|".join("".join(p.upper().split()) for p in parts)


def _holder_kinds(events: Iterable[CustodyEvent]) -> dict[str, EntityKind]:
    """Who is an organisation (made, exported, imported or sold the weapon: a trade) and who
    a person (bought or received it, reported it lost or stolen, possessed it)."""
    kinds: dict[str, EntityKind] = {}

    def name(who: str, kind: EntityKind) -> None:
        if who.strip() and kinds.get(_fold(who)) is not EntityKind.ORGANISATION:
            kinds[_fold(who)] = kind

    for e in events:
        if e.kind in _ORGANISATION_ACTS:
            name(e.actor, EntityKind.ORGANISATION)
        if e.kind in (EventKind.EXPORTED, EventKind.IMPORTED):
            name(e.counterpart, EntityKind.ORGANISATION)
    for e in events:
        name(e.actor, EntityKind.PERSON)
        name(e.counterpart, EntityKind.PERSON)
    return kinds


class _Puller:
    """Adds what is not in the file yet; counts what it added."""

    def __init__(self, session: Session, actor: Actor, file_id: int, trace: TracePublic) -> None:
        self.session, self.actor, self.file_id, self.trace = session, actor, file_id, trace
        self.ref = f"trace:{trace.id}"
        self.entities_added = self.links_added = 0
        self.labels: dict[str, int] = {}

    def entity(self, key: str, kind: EntityKind, label: str, data: dict[str, Any],
               grade: tuple[str, str]) -> int:  # fmt: skip
        found = self.session.execute(
            entities.visible_entities(self.actor, self.file_id).where(Entity.key == key)
        ).scalar_one_or_none()
        if found is not None:
            return found.id
        created = entities.add_entity(self.session, self.actor, self.file_id, EntityCreate(
            kind=kind, label=label[:300], key=key, data=data, source_kind=SourceKind.TRACE,
            source_ref=self.ref, reliability=Reliability(grade[0]),
            information=Information(grade[1]),
        ))  # fmt: skip
        self.entities_added += 1
        return created.id

    def party(self, name: str, kind: EntityKind, grade: tuple[str, str],
              data: dict[str, Any] | None = None) -> int:  # fmt: skip
        key = f"{kind}:{_fold(name)}"
        return self.entity(key, kind, name.strip(), data or {"names": [name.strip()]}, grade)

    def place(self, place: str, country: str, grade: tuple[str, str]) -> int:
        label = ", ".join(p for p in (place.strip(), country) if p)
        key = f"address:{_fold(place)}|{country.upper()}"
        return self.entity(key, EntityKind.ADDRESS, label, {"country": country}, grade)

    def link(self, source: int, target: int, kind: LinkKind, when: tuple[date, date] | None,
             grade: tuple[str, str]) -> None:  # fmt: skip
        if source == target:
            return
        start, end = when if when else (None, None)
        there = self.session.execute(
            entities.visible_links(self.actor, self.file_id).where(
                Link.source_id == source, Link.target_id == target, Link.kind == kind,
                Link.start == start, Link.end == end, Link.source_ref == self.ref,
            )
        ).first()  # fmt: skip
        if there is not None:
            return
        entities.add_link(self.session, self.actor, self.file_id, LinkCreate(
            source=source, target=target, kind=kind, start=start, end=end, directed=True,
            source_kind=SourceKind.TRACE, source_ref=self.ref,
            reliability=Reliability(grade[0]), information=Information(grade[1]),
        ))  # fmt: skip
        self.links_added += 1


def pull_trace(session: Session, actor: Actor, trace_id: str, data: TraceIntoFile) -> TracePulled:
    """Pull the trace ``trace_id`` and the history the actor sees into a file it writes
    (see the module docstring). A trace the actor may not see is *not found*, as is a file it
    is not a member of; a file it may only read is *forbidden*."""
    from clew.firearms import traces

    trace = traces.get_trace(session, actor, trace_id)
    open_file(session, actor, data.file_id, write=True)
    history = traces.history(trace)
    puller = _Puller(session, actor, data.file_id, trace)
    requester = actor.agency_id is None or trace.requesting_agency == actor.agency_code
    seen = ("A", "1") if requester else ("B", "2")
    m = trace.markings
    identifiers = {"serial_number": m.serial_number} if m.serial_number else {}
    firearm_data = {k: v for k, v in {
        "make": m.make, "model": m.model, "firearm_type": str(m.firearm_type),
        "calibre": m.calibre, "country_of_manufacture": m.country_of_manufacture,
        "year": m.year, "identifiers": identifiers, "trace": trace.id,
    }.items() if v}  # fmt: skip
    firearm = puller.entity(
        _firearm_key(trace), EntityKind.FIREARM, trace.label, firearm_data, seen
    )
    events = [*history.events, *history.undated]
    kinds = _holder_kinds(events)
    if trace.possessor_name:
        person = {"names": [trace.possessor_name]} | {k: v for k, v in {
            "date_of_birth": trace.possessor_birth, "nationality": trace.possessor_nationality,
        }.items() if v}  # fmt: skip
        kinds.setdefault(_fold(trace.possessor_name), EntityKind.PERSON)
        puller.party(trace.possessor_name, kinds[_fold(trace.possessor_name)], seen, person)
    for event in events:
        grade = (event.source_grade.value, event.info_grade.value)
        if event.kind is EventKind.RECOVERED and event.source == trace.requesting_agency:
            grade = seen  # the recovery this trace describes
        span = parse_partial_date(event.occurred_on)
        when = (span.earliest, span.latest) if span else None
        holder, kind = "", LinkKind.RELATED_TO
        if event.kind in _OWNS:
            holder, kind = event.holder_after, LinkKind.OWNS
        elif event.kind in _REPORTS:
            holder = event.actor
        elif event.kind in _FOUND:
            holder, kind = event.counterpart, LinkKind.USES
        else:
            holder = event.actor or event.counterpart
        for who in (event.actor, event.counterpart):
            if who.strip():
                puller.party(who, kinds.get(_fold(who), EntityKind.PERSON), grade)
        if holder.strip():
            source = puller.party(holder, kinds.get(_fold(holder), EntityKind.PERSON), grade)
            puller.link(source, firearm, kind, when, grade)
        if event.place.strip() or (event.country and event.kind in _FOUND):
            place = puller.place(event.place, event.country, grade)
            puller.link(firearm, place, LinkKind.RELATED_TO, when, grade)
    audit.record(
        session, actor, "trace.analysis", target=f"trace:{trace.id}",
        query={"file": data.file_id, "entities": puller.entities_added,
               "links": puller.links_added},
        result_ids=[trace.id],
    )  # fmt: skip
    session.flush()
    return TracePulled(
        file_id=data.file_id, firearm=firearm, entities_added=puller.entities_added,
        links_added=puller.links_added,
    )  # fmt: skip
