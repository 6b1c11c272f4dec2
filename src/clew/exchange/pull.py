"""The entities a message names, pulled into an analysis file.

Each person, document, vehicle or firearm of a message the actor may see becomes an entity of
an analysis file it writes, through the intelligence entities API (:mod:`clew.intel.entities`),
with the message as its source (``message``, reference ``message:<public id>``) and the grading
its author gave it (source A/B/C/X, information 1-4).

Pulling is idempotent: an entity is keyed by what it is (the entity's ``match_key``:
``document:doc:AB1234567``, ``person:ivanov petr|1980``...), so pulling twice, or pulling two
messages naming the same passport, reuses the entity already in the file. Its data holds what
de-duplication compares (names, birth date, nationality, identifiers), as for a record pulled.

A message the actor may not see is *not found*, as for an id never issued; a file it is not a
member of is *not found*, one it may only read *forbidden* (:func:`clew.intel.files.open_file`).
The pull is audited with ids only (``exchange.pull``) beside the entities API's own audit.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.schemas import Input
from clew.errors import ValidationError
from clew.exchange.access import load_message
from clew.exchange.crosscheck import meaningful_key
from clew.exchange.kinds import EntityKind as MessageEntityKind
from clew.exchange.models import MessageEntity
from clew.intel import entities
from clew.intel.files import open_file
from clew.intel.models import Entity
from clew.intel.schemas import EntityCreate
from clew.intel.vocabulary import EntityKind, Information, Reliability, SourceKind

__all__ = ["PullIn", "PullReport", "Pulled", "pull"]

MAX_POSITIONS = 500


class PullIn(Input):
    """Which entities of the message (their positions, from 0), into which file."""

    file_id: Annotated[int, Field(ge=1, le=2_147_483_647, description="An analysis file you write")]
    entities: Annotated[
        list[Annotated[int, Field(ge=0, le=10_000)]] | None,
        Field(max_length=MAX_POSITIONS, description="Positions of the entities; default all"),
    ] = None


class Pulled(BaseModel):
    position: int
    entity: int = Field(description="The entity in the file")
    added: bool = Field(description="False when the file already had it")


class PullReport(BaseModel):
    file_id: int
    message_id: str
    entities: list[Pulled]
    entities_added: int


_KINDS = {
    MessageEntityKind.PERSON: EntityKind.PERSON,
    MessageEntityKind.DOCUMENT: EntityKind.DOCUMENT,
    MessageEntityKind.VEHICLE: EntityKind.VEHICLE,
    MessageEntityKind.FIREARM: EntityKind.FIREARM,
}


def entity_data(fields: dict[str, Any], message_id: str) -> dict[str, Any]:
    """What the file keeps of an entity's fields: what de-duplication compares, as a pulled
    record has it (``names``, ``date_of_birth``, ``nationality``, ``identifiers``)."""
    data: dict[str, Any] = {"message": message_id}
    if person := fields.get("person"):
        data["names"] = list(person.get("names", []))
        for name in ("date_of_birth", "gender", "nationality"):
            if person.get(name):
                data[name] = person[name]
    elif document := fields.get("document"):
        data["identifiers"] = {"number": document["number"]}
        if document.get("country"):
            data["country"] = document["country"]
    elif vehicle := fields.get("vehicle"):
        data["identifiers"] = {k: vehicle[k] for k in ("vin", "plate") if vehicle.get(k)}
    elif firearm := fields.get("firearm"):
        data["identifiers"] = {"serial_number": firearm["serial_number"]}
        data.update({k: firearm[k] for k in ("make", "model", "calibre") if firearm.get(k)})
    return data


def pull(session: Session, actor: Actor, message_id: str, data: PullIn) -> PullReport:
    """Pull the entities of the message ``message_id`` (all, or those at ``data.entities``)
    into the analysis file ``data.file_id`` (see the module docstring)."""
    message = load_message(session, actor, message_id)
    open_file(session, actor, data.file_id, write=True)
    rows = list(
        session.execute(
            select(MessageEntity)
            .where(MessageEntity.message_id == message.id)
            .order_by(MessageEntity.position)
        ).scalars()
    )
    if data.entities is not None:
        wanted = set(data.entities)
        missing = sorted(wanted - {row.position for row in rows})
        if missing:
            raise ValidationError.field(
                "entities", f"The message names no entity at {', '.join(map(str, missing))}."
            )
        rows = [row for row in rows if row.position in wanted]
    ref = f"message:{message.public_id}"
    pulled: list[Pulled] = []
    for row in rows:
        # A person given by machine-readable zone only has no key that says who it is: it is
        # added as itself, never taken for another.
        key = row.match_key if meaningful_key(row.match_key) else ""
        found = None
        if key:
            found = session.execute(
                entities.visible_entities(actor, data.file_id).where(Entity.key == key)
            ).scalar_one_or_none()
        if found is not None:
            pulled.append(Pulled(position=row.position, entity=found.id, added=False))
            continue
        created = entities.add_entity(session, actor, data.file_id, EntityCreate(
            kind=_KINDS[MessageEntityKind(row.kind)], label=row.label, key=key,
            data=entity_data(json.loads(row.fields), message.public_id),
            source_kind=SourceKind.MESSAGE, source_ref=ref,
            reliability=Reliability(row.source_grade), information=Information(row.info_grade),
        ))  # fmt: skip
        pulled.append(Pulled(position=row.position, entity=created.id, added=True))
    added = sum(p.added for p in pulled)
    audit.record(
        session, actor, "exchange.pull", target=message.public_id,
        query={"file": data.file_id, "entities": len(pulled), "added": added},
        result_ids=[p.entity for p in pulled],
    )  # fmt: skip
    return PullReport(
        file_id=data.file_id, message_id=message.public_id, entities=pulled, entities_added=added
    )
