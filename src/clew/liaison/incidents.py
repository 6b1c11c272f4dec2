"""Incident reports: what a border liaison office files on cross-border crime.

Who sees a report: the agencies of its pair's two offices (and the console operator acting for
no agency). For anyone else a report behaves exactly as if it did not exist: *Incident report
not found.* on every read, absent from lists, counts, joint reports and exports. Liaison
officers (``Permission.WRITE_EXCHANGE``) file reports for their own agency's office in a pair.

Time: ``occurred_at`` given without a zone is the office's local time (a border post reports in
its own clock); with a zone it is taken as that instant. Stored in UTC, with the day it was in
the office's zone (``occurred_on``), by which the joint report counts periods and months. A
moment later than now is refused (a minute's grace for clocks), as is every other mistake, field
by field, before anything is stored.

Cross-check: the persons, documents, vehicles and firearms of a report are checked against the
watchlists when it is filed, through the clearing house
(:func:`clew.exchange.crosscheck.check_entities`, when the server's screening index is at hand:
not at the console), as a check of the filing agency: every match is stored as a hit and its
owner told, silently where the record is hidden. The report keeps every match as record ids and
scores; a reader of either agency is shown, when it reads, the matches whose record its country
may see now, never the others (not even as a count). Each entity's match key is stored
(:class:`~clew.liaison.models.IncidentEntity`) so the clearing house can find reports by index.

Every view, list and export is audited with the reports' public ids; bodies (persons,
narratives) never reach the audit's query or the logs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from clew import i18n
from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.errors import ForbiddenError, NotFoundError, ValidationError
from clew.exchange.keys import entity_key, entity_label
from clew.exchange.kinds import EntityKind
from clew.exchange.schemas import EntityIn
from clew.liaison.kinds import IncidentKind
from clew.liaison.models import IncidentEntity, IncidentReport, Office, OfficePair
from clew.liaison.offices import load_member_pair, member_of_pair
from clew.liaison.schemas import (
    IncidentCreate,
    IncidentPublic,
    IncidentSummary,
    Match,
    OfficeRef,
    PersonIn,
    Quantity,
)
from clew.records.kinds import RecordStatus
from clew.records.models import Record
from clew.records.visibility import visible_to as record_visible_to
from clew.screening.schemas import DocumentQuery, FirearmQuery, VehicleQuery
from clew.storage import utcnow

if TYPE_CHECKING:
    from clew.screening.sync import IndexKeeper

__all__ = [
    "INCIDENT_NOT_FOUND",
    "entities_of",
    "export_csv",
    "file_incident",
    "get_incident",
    "in_period",
    "incident_visible",
    "list_incidents",
    "summary",
]

INCIDENT_NOT_FOUND = "Incident report not found."
GRACE = timedelta(minutes=1)


def incident_visible(actor: Actor) -> ColumnElement[bool]:
    """The one predicate of every read: the report's pair is one of the actor's agency's."""
    return IncidentReport.pair_id.in_(select(OfficePair.id).where(member_of_pair(actor)))


def _writer(actor: Actor) -> None:
    actor.require(Permission.WRITE_EXCHANGE)
    if actor.agency_id is None:
        raise ForbiddenError("Offices report for an agency: act for one (--agency).")


# --- filing -----------------------------------------------------------------------------------


def _filing_office(session: Session, actor: Actor, pair: OfficePair, wanted: str | None) -> Office:
    offices = [session.get_one(Office, pair.office_a_id), session.get_one(Office, pair.office_b_id)]
    if wanted is not None:
        chosen = [o for o in offices if o.public_id == wanted]
        if not chosen:
            raise ValidationError.field("office", "not an office of this pair")
        if chosen[0].agency_id != actor.agency_id:
            raise ForbiddenError("You file reports for your own agency's office.")
        office = chosen[0]
    else:
        ours = [o for o in offices if o.agency_id == actor.agency_id]
        if len(ours) != 1:
            raise ValidationError.field("office", "say which of the pair's offices is yours")
        office = ours[0]
    if not office.active:
        raise ValidationError.field("office", "this office is closed")
    return office


def _moment(given: datetime, zone: str) -> datetime:
    """The UTC instant of ``given``: a naive value is local time in ``zone``."""
    local = given if given.tzinfo is not None else given.replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def entities_of(data: IncidentCreate) -> list[EntityIn]:
    """The report's persons, documents, vehicles and firearms as the exchange names entities."""
    entities = [EntityIn(kind=EntityKind.PERSON, person=p.model_dump(exclude={"role"}))
                for p in data.persons]  # fmt: skip
    entities += [EntityIn(kind=EntityKind.DOCUMENT, document=d) for d in data.documents]
    entities += [EntityIn(kind=EntityKind.VEHICLE, vehicle=v) for v in data.vehicles]
    entities += [EntityIn(kind=EntityKind.FIREARM, firearm=f) for f in data.firearms]
    return entities


def _crosscheck(
    session: Session, actor: Actor, keeper: IndexKeeper | None, entities: Sequence[EntityIn],
    place: str,
) -> list[list[dict[str, Any]]]:  # fmt: skip
    """Per entity, every watchlist match of the clearing house's check (hidden ones included:
    what a reader is shown is decided when it reads), as record ids and scores only."""
    if not entities or keeper is None:
        return [[] for _ in entities]
    try:
        from clew.exchange import crosscheck
    except ImportError:  # pragma: no cover - a build without the clearing house
        return [[] for _ in entities]
    found = crosscheck.check_entities(session, actor, keeper, entities, place=place)
    return [[{"record_id": m.entry.record_id, "score": round(m.score, 4), "band": m.band}
             for m, _hit, _seen in matches] for matches in found]  # fmt: skip


def file_incident(
    session: Session, actor: Actor, pair_id: str, data: IncidentCreate, *,
    keeper: IndexKeeper | None = None,
) -> IncidentPublic:  # fmt: skip
    """File a report for the actor's office in the pair; audited ``liaison.incident.create``."""
    _writer(actor)
    pair = load_member_pair(session, actor, pair_id)
    office = _filing_office(session, actor, pair, data.office)
    occurred = _moment(data.occurred_at, office.zone)
    if occurred > utcnow() + GRACE:
        raise ValidationError.field("occurred_at", "cannot be in the future")
    entities = entities_of(data)
    incident = IncidentReport(
        office_id=office.id, pair_id=pair.id, kind=data.kind, occurred_at=occurred,
        occurred_on=occurred.astimezone(ZoneInfo(office.zone)).date(), zone=office.zone,
        place=data.place, latitude=data.latitude, longitude=data.longitude,
        quantities=_dump(data.quantities), persons=_dump(data.persons),
        vehicles=_dump(data.vehicles), documents=_dump(data.documents),
        firearms=_dump(data.firearms), narrative=data.narrative, language=data.language,
        handling_code=data.handling_code, handling_note=data.handling_note,
        crosscheck=json.dumps(_crosscheck(session, actor, keeper, entities, data.place)),
        created_by=actor.username,
    )  # fmt: skip
    session.add(incident)
    session.flush()
    for position, entity in enumerate(entities):
        session.add(IncidentEntity(incident_id=incident.id, position=position, kind=entity.kind,
                                   label=entity_label(entity)[:300],
                                   match_key=entity_key(entity)))  # fmt: skip
    audit.record(session, actor, "liaison.incident.create",
                 target=f"incident:{incident.public_id}",
                 query={"pair": pair.public_id, "kind": str(data.kind)},
                 result_ids=[incident.public_id])  # fmt: skip
    return _public(session, actor, incident)


def _dump(values: Sequence[Any]) -> str:
    return json.dumps([v.model_dump(mode="json", exclude_none=True) for v in values],
                      ensure_ascii=False)  # fmt: skip


# --- reading ----------------------------------------------------------------------------------


def _office_ref(office: Office, agency_code: str) -> OfficeRef:
    return OfficeRef(id=office.public_id, name=office.name, agency=agency_code,
                     country=office.country)  # fmt: skip


def _matches(session: Session, actor: Actor, incident: IncidentReport) -> list[Match]:
    """The matches of the check made at filing whose record the reader's country may see now
    (and still on a watchlist); the others are not shown, not even as a count."""
    stored: list[list[dict[str, Any]]] = json.loads(incident.crosscheck)
    ids = {h["record_id"] for per in stored for h in per}
    if not ids:
        return []
    from clew.exchange.crosscheck import watchlist_text

    records = {
        i: (label, country) for i, label, country in session.execute(
            select(Record.id, Record.label, Agency.country)
            .join(Agency, Agency.id == Record.owner_agency_id)
            .where(Record.id.in_(ids), Record.status == RecordStatus.ACTIVE,
                   record_visible_to(actor)))
    }  # fmt: skip
    labels = dict(session.execute(
        select(IncidentEntity.position, IncidentEntity.label)
        .where(IncidentEntity.incident_id == incident.id)).all())  # fmt: skip
    language = i18n.current()
    return [
        Match(entity=labels.get(position, ""), record=records[h["record_id"]][0],
              text=watchlist_text(records[h["record_id"]][1], language), band=h["band"])
        for position, per in enumerate(stored) for h in per if h["record_id"] in records
    ]  # fmt: skip


def _public(session: Session, actor: Actor, incident: IncidentReport) -> IncidentPublic:
    office = session.get_one(Office, incident.office_id)
    pair = session.get_one(OfficePair, incident.pair_id)
    code = session.execute(select(Agency.code).where(Agency.id == office.agency_id)).scalar_one()
    return IncidentPublic(
        id=incident.public_id, pair=pair.public_id, border=pair.border,
        office=_office_ref(office, code), kind=IncidentKind(incident.kind),
        occurred_at=incident.occurred_at,
        occurred_local=incident.occurred_at.astimezone(ZoneInfo(incident.zone)),
        occurred_on=incident.occurred_on, zone=incident.zone, place=incident.place,
        latitude=incident.latitude, longitude=incident.longitude,
        quantities=[Quantity.model_validate(q) for q in json.loads(incident.quantities)],
        persons=[PersonIn.model_validate(p) for p in json.loads(incident.persons)],
        vehicles=[VehicleQuery.model_validate(v) for v in json.loads(incident.vehicles)],
        documents=[DocumentQuery.model_validate(d) for d in json.loads(incident.documents)],
        firearms=[FirearmQuery.model_validate(f) for f in json.loads(incident.firearms)],
        narrative=incident.narrative, language=incident.language,
        handling_code=incident.handling_code, handling_note=incident.handling_note,
        matches=_matches(session, actor, incident), created_by=incident.created_by,
        created_at=incident.created_at,
    )  # fmt: skip


def get_incident(session: Session, actor: Actor, incident_id: str) -> IncidentPublic:
    actor.require(Permission.READ_EXCHANGE)
    incident = session.execute(
        select(IncidentReport).where(IncidentReport.public_id == incident_id,
                                     incident_visible(actor))
    ).scalar_one_or_none()  # fmt: skip
    if incident is None:
        raise NotFoundError(INCIDENT_NOT_FOUND)
    audit.record(session, actor, "liaison.incident.view", target=f"incident:{incident_id}",
                 result_ids=[incident_id])  # fmt: skip
    return _public(session, actor, incident)


def summary(incident: IncidentReport, office: OfficeRef) -> IncidentSummary:
    return IncidentSummary(
        id=incident.public_id, kind=IncidentKind(incident.kind),
        occurred_on=incident.occurred_on, office=office, place=incident.place,
        located=incident.latitude is not None and incident.longitude is not None,
        quantities=[Quantity.model_validate(q) for q in json.loads(incident.quantities)],
        persons=len(json.loads(incident.persons)), handling_code=incident.handling_code,
    )  # fmt: skip


def _in_pair(pair: OfficePair, since: date | None, until: date | None,
             kind: IncidentKind | None) -> Select[IncidentReport]:  # fmt: skip
    stmt = select(IncidentReport).where(IncidentReport.pair_id == pair.id)
    if since is not None:
        stmt = stmt.where(IncidentReport.occurred_on >= since)
    if until is not None:
        stmt = stmt.where(IncidentReport.occurred_on <= until)
    if kind is not None:
        stmt = stmt.where(IncidentReport.kind == kind)
    return stmt


def _with_offices(session: Session, pair: OfficePair,
                  rows: Sequence[IncidentReport]) -> list[IncidentSummary]:  # fmt: skip
    offices = {
        o.id: o
        for o in session.execute(
            select(Office).where(Office.id.in_([pair.office_a_id, pair.office_b_id]))
        ).scalars()
    }
    codes = dict(session.execute(select(Agency.id, Agency.code).where(
        Agency.id.in_([o.agency_id for o in offices.values()]))).all())  # fmt: skip
    refs = {i: _office_ref(o, codes[o.agency_id]) for i, o in offices.items()}
    return [summary(r, refs[r.office_id]) for r in rows]


def list_incidents(
    session: Session, actor: Actor, pair_id: str, *, limit: int, offset: int,
    since: date | None = None, until: date | None = None, kind: IncidentKind | None = None,
) -> tuple[list[IncidentSummary], int]:  # fmt: skip
    """A pair's reports, newest first; audited ``liaison.incident.list``."""
    pair = load_member_pair(session, actor, pair_id)
    stmt = _in_pair(pair, since, until, kind)
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = list(session.execute(
        stmt.order_by(IncidentReport.occurred_at.desc(), IncidentReport.id.desc())
        .limit(limit).offset(offset)).scalars())  # fmt: skip
    audit.record(session, actor, "liaison.incident.list", target=f"pair:{pair.public_id}",
                 query={"since": str(since or ""), "until": str(until or ""),
                        "kind": str(kind or ""), "offset": offset},
                 result_ids=[r.public_id for r in rows])  # fmt: skip
    return _with_offices(session, pair, rows), total


def in_period(session: Session, actor: Actor, pair_id: str, start: date,
              end: date) -> tuple[OfficePair, list[IncidentReport]]:  # fmt: skip
    """The pair's reports of the days ``start``..``end`` (each in its office's zone), oldest
    first, for the joint report (which audits them)."""
    pair = load_member_pair(session, actor, pair_id)
    rows = session.execute(_in_pair(pair, start, end, None).order_by(
        IncidentReport.occurred_at, IncidentReport.id)).scalars()  # fmt: skip
    return pair, list(rows)


EXPORT_FIELDS = ("id", "kind", "occurred_on", "office", "agency", "place", "latitude",
                 "longitude", "quantities", "persons", "handling_code")  # fmt: skip


def export_csv(session: Session, actor: Actor, pair_id: str, *, since: date | None = None,
               until: date | None = None) -> str:  # fmt: skip
    """The pair's reports as CSV (no persons' details, no narratives); audited."""
    pair = load_member_pair(session, actor, pair_id)
    rows = list(session.execute(_in_pair(pair, since, until, None).order_by(
        IncidentReport.occurred_at, IncidentReport.id).limit(100_000)).scalars())  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_FIELDS)
    for s, r in zip(_with_offices(session, pair, rows), rows, strict=True):
        quantities = "; ".join(f"{q.amount} {q.unit} {q.item}" for q in s.quantities)
        writer.writerow([s.id, s.kind, s.occurred_on.isoformat(), s.office.name, s.office.agency,
                         s.place, _blank(r.latitude), _blank(r.longitude), quantities, s.persons,
                         s.handling_code])  # fmt: skip
    audit.record(session, actor, "liaison.incident.export", target=f"pair:{pair.public_id}",
                 query={"since": str(since or ""), "until": str(until or "")},
                 result_ids=[r.public_id for r in rows])  # fmt: skip
    return buffer.getvalue()


def _blank(value: float | None) -> str:
    return "" if value is None else str(value)
