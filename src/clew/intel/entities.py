"""Entities and typed links of an analysis file, and watchlist records pulled into it.

Every read and write goes through :mod:`clew.intel.visibility`: an entity pulled from a
watchlist record is there only for those who may see the record, and a link only when both its
ends are there. Everything else in a file is seen by all its members.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.errors import ConflictError, NotFoundError, ValidationError
from clew.intel.files import open_file
from clew.intel.models import Entity, Link
from clew.intel.schemas import EntityCreate, EntityPublic, Grading, LinkCreate, LinkPublic
from clew.intel.visibility import is_record_key, record_key, visible_entities, visible_links
from clew.intel.vocabulary import EntityKind, Information, Reliability, SourceKind
from clew.records import store
from clew.records.codec import decode
from clew.records.kinds import AlertStatus, RecordKind
from clew.records.models import Record

__all__ = [
    "add_entity",
    "add_link",
    "delete_entity",
    "delete_link",
    "entities_by_id",
    "entity_public",
    "get_entity",
    "link_public",
    "list_entities",
    "pull_record",
    "visible_entities",
    "visible_links",
]

_RECORD_KINDS = {
    RecordKind.PERSON: EntityKind.PERSON,
    RecordKind.DOCUMENT: EntityKind.DOCUMENT,
    RecordKind.VEHICLE: EntityKind.VEHICLE,
    RecordKind.FIREARM: EntityKind.FIREARM,
}
MAX_PAGE = 500
RECORD_KEY_REFUSED = (
    "a key that begins with 'record:' stands for a watchlist record: pull the record into"
    " the file instead"
)


def _entity(session: Session, actor: Actor, file_id: int, entity_id: int) -> Entity:
    entity = session.execute(
        visible_entities(actor, file_id).where(Entity.id == entity_id)
    ).scalar_one_or_none()
    if entity is None:
        raise NotFoundError("Entity not found.")
    return entity


def entity_public(entity: Entity) -> EntityPublic:
    return EntityPublic(
        id=entity.id,
        key=entity.key,
        kind=entity.kind,
        label=entity.label,
        data=json.loads(entity.data or "{}"),
        record_id=entity.record_id,
        merged_into=entity.shown_merged_into,
        source_kind=entity.source_kind,
        source_ref=entity.source_ref,
        reliability=entity.reliability,
        information=entity.information,
    )


def link_public(link: Link) -> LinkPublic:
    return LinkPublic(
        id=link.id,
        source=link.source_id,
        target=link.target_id,
        kind=link.kind,
        weight=link.weight,
        start=link.start,
        end=link.end,
        directed=link.directed,
        amount=link.amount,
        currency=link.currency,
        source_kind=link.source_kind,
        source_ref=link.source_ref,
        reliability=link.reliability,
        information=link.information,
    )


def _graded(grading: Grading, actor: Actor) -> dict[str, Any]:
    return {
        "source_kind": str(grading.source_kind),
        "source_ref": grading.source_ref
        or (actor.username if grading.source_kind == "person" else ""),
        "reliability": str(grading.reliability),
        "information": str(grading.information),
        "created_by": actor.username,
    }


def add_entity(session: Session, actor: Actor, file_id: int, data: EntityCreate) -> Entity:
    open_file(session, actor, file_id, write=True)
    if is_record_key(data.key):
        raise ValidationError.field("key", RECORD_KEY_REFUSED)
    key = data.key or f"{data.kind}:{uuid.uuid4().hex[:12]}"
    if session.execute(
        select(Entity.id).where(Entity.file_id == file_id, Entity.key == key)
    ).first():
        raise ConflictError(f"This file already has an entity with key {key!r}.")
    entity = Entity(
        file_id=file_id,
        key=key,
        kind=str(data.kind),
        label=data.label,
        data=json.dumps(data.data, ensure_ascii=False, default=str),
        **_graded(data, actor),
    )
    session.add(entity)
    session.flush()
    audit.record(
        session, actor, "intel.entity.add", target=f"file:{file_id}", result_ids=[entity.id]
    )
    return entity


def pull_record(
    session: Session, actor: Actor, file_id: int, record_id: int, grading: Grading | None = None
) -> Entity:
    """Bring a watchlist record the actor may see into the file (once: pulling twice returns it)."""
    open_file(session, actor, file_id, write=True)
    record = store.get_record(session, actor, record_id)
    existing = session.execute(
        visible_entities(actor, file_id).where(Entity.record_id == record.id)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    grading = grading or Grading(
        source_kind=SourceKind.RECORD, reliability=Reliability.B, information=Information.TWO
    )
    alerts = sum(1 for alert in record.alerts if alert.status == AlertStatus.ACTIVE)
    entity = Entity(
        file_id=file_id,
        key=record_key(record.id),
        kind=str(_RECORD_KINDS[RecordKind(record.kind)]),
        label=record.label,
        data=json.dumps(
            {"alerts": alerts, "owner": record.owner_country} | _comparable(record),
            ensure_ascii=False,
        ),
        record_id=record.id,
        **{**_graded(grading, actor), "source_kind": "record", "source_ref": record_key(record.id)},
    )
    session.add(entity)
    session.flush()
    audit.record(
        session,
        actor,
        "intel.entity.pull",
        target=f"file:{file_id}",
        result_ids=[entity.id],
        query={"record": record.id},
    )
    return entity


def _comparable(record: Record) -> dict[str, Any]:
    """What de-duplication compares of a pulled record: names, birth date, identifiers."""
    fields = decode(record.data).model_dump(mode="json", exclude_none=True)
    out: dict[str, Any] = {}
    names = [
        " ".join(p for p in (n.get("given"), n.get("family")) if p) for n in fields.get("names", [])
    ]
    if names:
        out["names"] = [n for n in names if n]
    for name in ("date_of_birth", "gender"):
        if fields.get(name):
            out[name] = fields[name]
    if fields.get("nationalities"):
        out["nationality"] = fields["nationalities"][0]
    identifiers = {i["type"]: i["number"] for i in fields.get("identifiers", []) if i.get("number")}
    for name in ("number", "vin", "plate", "serial_number"):
        if fields.get(name):
            identifiers[name] = fields[name]
    if identifiers:
        out["identifiers"] = identifiers
    return out


def add_link(session: Session, actor: Actor, file_id: int, data: LinkCreate) -> Link:
    open_file(session, actor, file_id, write=True)
    for entity_id in (data.source, data.target):
        _entity(session, actor, file_id, entity_id)
    link = Link(
        file_id=file_id,
        source_id=data.source,
        target_id=data.target,
        kind=str(data.kind),
        weight=data.weight,
        start=data.start,
        end=data.end,
        directed=data.directed,
        amount=data.amount,
        currency=data.currency,
        **_graded(data, actor),
    )
    session.add(link)
    session.flush()
    audit.record(session, actor, "intel.link.add", target=f"file:{file_id}", result_ids=[link.id])
    return link


def list_entities(
    session: Session,
    actor: Actor,
    file_id: int,
    *,
    kind: str | None = None,
    text: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Entity]:
    open_file(session, actor, file_id)
    stmt = visible_entities(actor, file_id).order_by(Entity.label, Entity.id)
    if kind:
        stmt = stmt.where(Entity.kind == kind)
    if text:
        stmt = stmt.where(Entity.label.ilike(f"%{text}%"))
    rows = list(session.execute(stmt.limit(min(limit, MAX_PAGE)).offset(offset)).scalars())
    audit.record(
        session,
        actor,
        "intel.entity.list",
        target=f"file:{file_id}",
        query={"kind": kind, "text": text} if kind or text else None,
        result_ids=[e.id for e in rows],
    )
    return rows


def get_entity(
    session: Session, actor: Actor, file_id: int, entity_id: int
) -> tuple[Entity, list[Link], dict[int, Entity]]:
    """The entity, its visible links, and the visible entities at their other ends."""
    open_file(session, actor, file_id)
    entity = _entity(session, actor, file_id, entity_id)
    links = list(
        session.execute(
            visible_links(actor, file_id)
            .where(or_(Link.source_id == entity_id, Link.target_id == entity_id))
            .order_by(Link.start, Link.id)
        ).scalars()
    )
    others = {link.target_id if link.source_id == entity_id else link.source_id for link in links}
    neighbours = {
        e.id: e
        for e in session.execute(
            visible_entities(actor, file_id).where(Entity.id.in_(others))
        ).scalars()
    }
    audit.record(
        session, actor, "intel.entity.view", target=f"file:{file_id}", result_ids=[entity_id]
    )
    return entity, links, neighbours


def delete_entity(session: Session, actor: Actor, file_id: int, entity_id: int) -> None:
    open_file(session, actor, file_id, write=True)
    entity = _entity(session, actor, file_id, entity_id)
    for link in session.execute(
        select(Link).where(or_(Link.source_id == entity_id, Link.target_id == entity_id))
    ).scalars():
        session.delete(link)
    session.delete(entity)
    audit.record(
        session, actor, "intel.entity.delete", target=f"file:{file_id}", result_ids=[entity_id]
    )
    session.flush()


def delete_link(session: Session, actor: Actor, file_id: int, link_id: int) -> None:
    open_file(session, actor, file_id, write=True)
    link = session.execute(
        visible_links(actor, file_id).where(Link.id == link_id)
    ).scalar_one_or_none()
    if link is None:
        raise NotFoundError("Link not found.")
    session.delete(link)
    audit.record(
        session, actor, "intel.link.delete", target=f"file:{file_id}", result_ids=[link_id]
    )
    session.flush()


def entities_by_id(
    session: Session, actor: Actor, file_id: int, ids: Sequence[int]
) -> dict[int, Entity]:
    return {
        e.id: e
        for e in session.execute(
            visible_entities(actor, file_id).where(Entity.id.in_(ids))
        ).scalars()
    }
