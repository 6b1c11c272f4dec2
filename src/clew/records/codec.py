"""From validated record data to what is stored: JSON data, label, search text and keys.

Pure: no database. The same function serves a single create, an update and a bulk import, so
the three can never disagree about what a record's keys are. Besides the keys the record lists
filter on, a record is stored under its screening keys (``SCREEN_KEY`` rows, the OCR-folded
forms a check looks up: :func:`clew.screening.keys.object_keys`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from clew.identifiers import serial_core
from clew.names.fold import fold
from clew.records.schemas import (
    DocumentFields,
    FirearmFields,
    PersonFields,
    RecordFields,
    VehicleFields,
)
from clew.records.serials import SUFFIX_KEY, suffix_keys
from clew.screening.keys import SCREEN_KEY, object_keys

__all__ = ["Encoded", "decode", "encode", "fold"]

FIELDS_ADAPTER: TypeAdapter[RecordFields] = TypeAdapter(RecordFields)
_OWNED = {"visibility", "alert", "external_id"}


@dataclass(frozen=True, slots=True)
class Encoded:
    data: str
    label: str
    search_text: str
    keys: tuple[tuple[str, str], ...]


def _fields_dump(fields: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = fields.model_dump(mode="json", exclude=_OWNED, exclude_none=True)
    return dumped


def encode(fields: PersonFields | DocumentFields | VehicleFields | FirearmFields) -> Encoded:
    """Stored form of a record's data. Accepts the ``*Create`` models too (owned parts dropped)."""
    keys: list[tuple[str, str]] = []
    words: list[str] = []
    if isinstance(fields, PersonFields):
        primary = next((n for n in fields.names if n.kind == "primary"), fields.names[0])
        label = primary.full or ""
        if fields.date_of_birth:
            label += f" ({fields.date_of_birth})"
        words += [n.full or "" for n in fields.names]
        for identifier in fields.identifiers:
            keys.append(("identifier", identifier.number))
            words.append(identifier.number)
        keys += [("nationality", c) for c in fields.nationalities]
        if fields.date_of_birth:
            keys.append(("birth_year", fields.date_of_birth[:4]))
    elif isinstance(fields, DocumentFields):
        label = f"{fields.number} ({fields.issuing_country})"
        keys.append(("document", fields.number))
        words += [fields.number, fields.holder_name or ""]
    elif isinstance(fields, VehicleFields):
        label = " · ".join(p for p in (fields.plate, fields.vin) if p)
        if fields.vin:
            keys.append(("vin", fields.vin))
        if fields.plate:
            keys.append(("plate", fields.plate))
        words += [fields.vin or "", fields.plate or "", fields.make or "", fields.model or ""]
    else:
        label = " ".join(p for p in (fields.make, fields.model, f"#{fields.serial_number}") if p)
        core = serial_core(fields.serial_number)
        keys += [("serial", fields.serial_number), ("serial_core", core)]
        # where a partial serial's letters or digits may start (clew.records.serials)
        keys += [(SUFFIX_KEY, value) for value in suffix_keys(fields.serial_number, core)]
        words += [fields.serial_number, fields.make or "", fields.model or "", fields.calibre or ""]
    dumped = _fields_dump(fields)
    keys += [(SCREEN_KEY, key) for key in sorted(object_keys(fields.kind, dumped))]
    data = json.dumps(dumped, ensure_ascii=False, sort_keys=True)
    search = fold(" ".join(w for w in words if w))
    return Encoded(data, label[:300], search, tuple(dict.fromkeys(keys)))


def decode(data: str) -> PersonFields | DocumentFields | VehicleFields | FirearmFields:
    return FIELDS_ADAPTER.validate_json(data)
