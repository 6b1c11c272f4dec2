"""The label and the matching key of an entity a message names.

The key is what the clearing house looks other messages up by (an index on
``exchange_message_entities.match_key``): a document by its number as the watchlists key it
(OCR-confusable characters folded), a vehicle by VIN (else plate), a firearm by serial and a
person by the folded words of their first written name, in order-free form, with the year of
birth when given: ``person:ivanov petr|1980``.
"""

from __future__ import annotations

from clew.exchange.kinds import EntityKind
from clew.exchange.schemas import EntityIn
from clew.names.fold import tokens
from clew.screening.objects import document_key

__all__ = ["entity_key", "entity_label"]


def _alnum(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


def entity_label(entity: EntityIn) -> str:
    """How the entity is shown: the name or number as given."""
    if entity.person:
        person = entity.person
        name = person.names[0] if person.names else (person.mrz or "").splitlines()[0][:44]
        return f"{name} ({person.date_of_birth})" if person.date_of_birth else name
    if entity.document:
        country = f" ({entity.document.country})" if entity.document.country else ""
        return f"{entity.document.number}{country}"
    if entity.vehicle:
        return " / ".join(v for v in (entity.vehicle.vin, entity.vehicle.plate) if v)
    assert entity.firearm is not None
    firearm = entity.firearm
    return " ".join(v for v in (firearm.make, firearm.model, firearm.serial_number) if v)


def entity_key(entity: EntityIn) -> str:
    if entity.kind is EntityKind.PERSON and entity.person:
        person = entity.person
        words = tokens(person.names[0]) if person.names else []
        year = (person.date_of_birth or "")[:4]
        return f"person:{' '.join(sorted(words))}|{year}"[:200]
    if entity.kind is EntityKind.DOCUMENT and entity.document:
        return f"document:{document_key(_alnum(entity.document.number))}"[:200]
    if entity.kind is EntityKind.VEHICLE and entity.vehicle:
        if entity.vehicle.vin:
            return f"vin:{_alnum(entity.vehicle.vin)}"
        return f"plate:{_alnum(entity.vehicle.plate or '')}"
    assert entity.firearm is not None
    return f"serial:{_alnum(entity.firearm.serial_number)}"
