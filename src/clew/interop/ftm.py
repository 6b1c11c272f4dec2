"""FollowTheMoney entities (JSON lines), read and written with the ``followthemoney`` library.

Each line is one entity: ``{"id": ..., "schema": ..., "properties": {name: [values]}}``. Clew
reads four schemata and reports any other on its line:

- ``Person`` -> a person. The first ``name`` is the primary name, with ``firstName`` (and
  ``middleName``) as given names and ``lastName`` as family name; further ``name`` values are
  other (Latin) forms; ``alias`` and ``weakAlias`` are aliases. ``birthDate`` (several: the
  first, marked uncertain), ``gender`` (``other`` -> unknown), ``nationality`` and
  ``citizenship``, ``birthPlace``, ``birthCountry``, ``passportNumber`` and ``idNumber``
  (identifiers), ``appearance`` (distinguishing marks). The topic ``wanted`` makes a
  wanted-for-arrest alert whose reason is ``notes``; without it ``notes`` is not kept.
- ``Passport`` and ``Identification`` whose ``holder`` is a Person *in the same file* become
  identifiers of that person (number, country, type; their dates are not kept) and no row of
  their own. Any other becomes a document record: ``number``, ``country``, ``type``,
  ``startDate``/``endDate`` (full dates), holder name from ``namesMentioned`` (or the old
  Passport ``givenName``/``surname``). FtM has no status for a document: it is read from a
  status word in ``summary`` or ``description`` (``stolen``, ``blank stolen``, ``revoked``,
  ``invalidated``, ``counterfeit``/``forged``, ``lost``), and is ``lost`` when none is found -
  the least accusing status, since the file does not say the document was stolen.
- ``Vehicle`` -> a vehicle: ``registrationNumber`` (a 17-character value that is a well-formed
  VIN is the VIN, FtM having no VIN property and Clew plates being at most 15 characters;
  otherwise the plate), ``country`` (plate country), ``model``, ``type``, ``buildDate`` (year).

The entity ``id`` becomes the record's external id. Countries are FtM's lower-case codes;
``zz`` (global) is Clew's ``XX`` (international). Properties Clew does not use are ignored, as
FtM tools do. Attaching documents to persons needs two passes over the file; a stream that
cannot seek is first copied to a temporary file. Memory holds the ids of the persons and the
documents that name a holder, never the whole file.

:func:`write_ftm` writes persons (with a ``Passport`` or ``Identification`` entity per
identifier, id ``clew-<record id>-id-<n>``), documents and vehicles the same way; entity ids are
``clew-<record id>``. What FtM cannot carry is not written: a person's visibility, photo
reference, external id and ``dob_uncertain``, the parts of names other than the primary one
(a person without a primary name comes back with its first Latin form as primary), alerts other
than wanted-for-arrest, a vehicle's colour (its make is written in front of its model, FtM
having only ``model``). Firearms have no FtM schema and are skipped and counted: ``Asset`` or
``Thing`` would keep the serial number only as a name, which screening would then match as one.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TextIO

from clew.errors import FieldError
from clew.identifiers import normalise_vin
from clew.interop.alerts import arrest_alert, current_alert, reason_text
from clew.interop.lines import MAX_ROW, BoundedLines, RowTooLong
from clew.interop.rows import (
    NOT_UTF8,
    FieldPath,
    Located,
    ParsedRow,
    dotted,
    excerpt,
    validate_record,
)
from clew.interop.vocabulary import (
    DOCUMENT_TYPE_LABELS,
    VEHICLE_KIND_LABELS,
    document_status_in,
    document_type,
    full_date,
    identifier_type,
    vehicle_kind,
)
from clew.records.kinds import (
    AlertCategory,
    DocumentStatus,
    DocumentType,
    Gender,
    IdentifierType,
    NameKind,
)
from clew.records.schemas import (
    DocumentFields,
    IdentifierIn,
    PersonFields,
    RecordPublic,
    VehicleFields,
)

if TYPE_CHECKING:
    from followthemoney import EntityProxy
    from followthemoney.model import Model


__all__ = ["ftm_model", "make_entity", "parse_entity", "read_ftm", "write_ftm"]

WANTED: Final = "wanted"
_GLOBAL_FTM, _GLOBAL_CLEW = "zz", "XX"
_SUPPORTED: Final = "Person, Passport, Identification and Vehicle"
_IDENTIFIER_TYPES: Final = {
    IdentifierType.PASSPORT: DocumentType.PASSPORT,
    IdentifierType.NATIONAL_ID: DocumentType.ID_CARD,
    IdentifierType.OTHER: DocumentType.OTHER,
}


# --- reading ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Index:
    """What the first pass learns: which ids are persons, and the documents held by each id."""

    persons: set[str] = field(default_factory=set)
    held: dict[str, list[tuple[int, EntityProxy]]] = field(default_factory=dict)


def read_ftm(stream: TextIO) -> Iterator[ParsedRow]:
    """Parse FtM entities, one per line (see the module docstring); rows carry line numbers."""
    if stream.seekable():
        yield from _read(stream)
        return
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        try:
            shutil.copyfileobj(stream, spool)
        except UnicodeDecodeError:
            broken = True
        else:
            broken = False
        spool.seek(0)
        last = yield from _read(spool)
        if broken:
            yield ParsedRow(last + 1, None, [FieldError("file", NOT_UTF8)])


def _read(stream: TextIO) -> Generator[ParsedRow, None, int]:
    """Both passes over the stream; returns the number of the last line read."""
    start = stream.tell()
    index = _Index()
    for number, entity in _entities(stream):
        if not isinstance(entity, ParsedRow):
            _learn(index, number, entity)
    stream.seek(start)
    number = 0
    for number, entity in _entities(stream):
        if isinstance(entity, ParsedRow):
            yield entity
        elif entity.schema.is_a("Person"):
            yield _person(number, entity, index)
        elif entity.schema.is_a("Identification"):
            if _holder(entity) not in index.persons:
                yield _document(number, entity)
        elif entity.schema.is_a("Vehicle"):
            yield _vehicle(number, entity)
        else:
            message = f"'{entity.schema.name}' is not supported: Clew reads {_SUPPORTED}"
            yield ParsedRow(number, None, [FieldError("schema", message)], _source(entity))
    return number


def _learn(index: _Index, number: int, entity: EntityProxy) -> None:
    if entity.schema.is_a("Person") and entity.id:
        index.persons.add(entity.id)
    elif entity.schema.is_a("Identification"):
        holder = _holder(entity)
        if holder:
            index.held.setdefault(holder, []).append((number, entity))


def _entities(stream: TextIO) -> Iterator[tuple[int, EntityProxy | ParsedRow]]:
    """Each non-blank line as an entity, or as a row with the error that stops it being one."""
    lines = BoundedLines(stream)
    while True:
        lines.new_row()
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError:
            number = lines.number + 1
            yield number, ParsedRow(number, None, [FieldError("file", NOT_UTF8)])
            return
        except RowTooLong:
            lines.skip_line()
            message = f"is longer than {MAX_ROW:,} characters"
            yield lines.number, ParsedRow(lines.number, None, [FieldError("line", message)])
            continue
        if line.strip():
            yield lines.number, _entity(lines.number, line)


def _entity(number: int, line: str) -> EntityProxy | ParsedRow:
    entity = parse_entity(line, require_id=False)
    if isinstance(entity, FieldError):
        return ParsedRow(number, None, [entity], excerpt(line))
    return entity


def parse_entity(line: str, *, require_id: bool) -> EntityProxy | FieldError:
    """One FollowTheMoney entity from a JSON line, or the first thing wrong with it.

    Only the schema's own properties are kept, stripped, empty values dropped. An ``id`` that
    is a number is read as text; without ``require_id`` it may be missing.
    """
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return FieldError("line", f"is not JSON: {error.msg} (column {error.colno})")
    except (ValueError, RecursionError):
        return FieldError("line", "is not JSON Clew can read")
    if not isinstance(data, dict):
        return FieldError("line", "is not an entity (a JSON object)")
    name = data.get("schema")
    if not isinstance(name, str) or not name:
        return FieldError("schema", "is missing")
    model = ftm_model()
    schema = model.get(name)
    if schema is None:
        return FieldError("schema", f"'{name[:40]}' is not a FollowTheMoney schema")
    entity_id = data.get("id")
    if isinstance(entity_id, int) and not isinstance(entity_id, bool):
        entity_id = str(entity_id)
    if require_id and (not isinstance(entity_id, str) or not entity_id.strip()):
        return FieldError("id", "is missing: Clew needs it as the key")
    if entity_id is not None and not isinstance(entity_id, str):
        return FieldError("id", "must be text")
    raw = data.get("properties", {})
    if not isinstance(raw, dict):
        return FieldError("properties", "must be an object")
    properties: dict[str, list[str]] = {}
    for key, values in raw.items():
        listed = [values] if isinstance(values, str) else values
        if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
            return FieldError(f"properties.{str(key)[:40]}", "must be a list of text values")
        if key in schema.properties:
            properties[key] = [v.strip() for v in listed if v.strip()]
    key = entity_id.strip() if isinstance(entity_id, str) and require_id else entity_id
    return model.get_proxy({"id": key, "schema": schema.name, "properties": properties})


def _holder(entity: EntityProxy) -> str | None:
    return entity.first("holder")


def _source(entity: EntityProxy) -> str:
    return excerpt(f"{entity.schema.name} {entity.id or ''}: {entity.caption}")


def _country(code: str | None) -> str | None:
    if code is None:
        return None
    return _GLOBAL_CLEW if code.lower() == _GLOBAL_FTM else code.upper()


@dataclass(slots=True)
class _Draft:
    """A record's raw fields as they are gathered, with the FtM property behind each field.

    ``names`` maps a field (``date_of_birth``, ``names.0.given``; ``""`` for the record as a
    whole) to its property; ``items`` maps an item of a list field to its property and a label
    (``value 2``, ``line 7``) that starts the error message.
    """

    entity: EntityProxy
    line: int
    data: dict[str, Any]
    names: dict[str, str] = field(default_factory=dict)
    items: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    def first(self, name: str, prop: str) -> None:
        value = self.entity.first(prop, quiet=True)
        if value:
            self.data[name] = value
            self.names[name] = prop

    def country(self, name: str, prop: str) -> None:
        value = self.entity.first(prop, quiet=True)
        if value:
            self.data[name] = _country(value)
        self.names[name] = prop

    def date(self, name: str, prop: str) -> None:
        self.names[name] = prop
        value = self.entity.first(prop, quiet=True)
        if value:
            iso = full_date(value)
            if iso is None:
                message = f"'{value[:20]}' is not a full date (YYYY-MM-DD)"
                self.errors.append(FieldError(prop, message))
            else:
                self.data[name] = iso

    def listed(self, name: str, values: Iterable[tuple[str, str, Any]]) -> None:
        """Set a list field from (property, label, raw item) triples."""
        items: list[Any] = []
        for prop, label, item in values:
            self.items[(name, len(items))] = (prop, label)
            items.append(item)
        self.data[name] = items

    def locate(self, path: FieldPath) -> Located:
        if not path:
            return self.names.get("", "record"), ""
        named = self.names.get(dotted(path))
        if named is not None:
            return named, ""
        head, position = str(path[0]), path[1] if len(path) > 1 else None
        if isinstance(position, int) and (head, position) in self.items:
            prop, label = self.items[(head, position)]
            parts = [label, f"({dotted(path[2:])})" if len(path) > 2 else ""]
            prefix = " ".join(p for p in parts if p)
            return prop, f"{prefix}: " if prefix else ""
        return self.names.get(head, dotted(path)), ""

    def row(self) -> ParsedRow:
        self.data["external_id"] = self.entity.id
        self.names["external_id"] = "id"
        record, errors = validate_record(self.data, self.locate, self.errors)
        return ParsedRow(self.line, record, errors, _source(self.entity))


def _numbered(prop: str, values: list[str]) -> list[tuple[str, str, str]]:
    return [(prop, f"value {i}", value) for i, value in enumerate(values, start=1)]


def _person(number: int, entity: EntityProxy, index: _Index) -> ParsedRow:
    draft = _Draft(entity, number, {"kind": "person"})
    full = entity.get("name")
    given = " ".join(entity.get("firstName")[:1] + entity.get("middleName")[:1])
    family = entity.first("lastName")
    names: list[tuple[str, str, dict[str, str]]] = []
    if full or given or family:
        primary = {"full": full[0] if full else "", "given": given, "family": family or ""}
        names.append(("name", "", {k: v for k, v in primary.items() if v}))
        draft.names |= {
            "names.0.full": "name",
            "names.0.given": "firstName",
            "names.0.family": "lastName",
        }
    for prop, kind, values in (
        ("name", NameKind.LATIN, full[1:]),
        ("alias", NameKind.ALIAS, entity.get("alias")),
        ("weakAlias", NameKind.ALIAS, entity.get("weakAlias")),
    ):
        names += [(p, lb, {"full": v, "kind": kind.value}) for p, lb, v in _numbered(prop, values)]
    draft.listed("names", names)
    draft.names["names"] = "name"
    if not names:
        draft.errors.append(FieldError("name", "a person needs a name"))

    births = entity.get("birthDate")
    if births:
        draft.data["date_of_birth"] = births[0].partition("T")[0]
        draft.data["dob_uncertain"] = len(births) > 1
        draft.names["date_of_birth"] = "birthDate"
    gender = entity.first("gender")
    if gender in (Gender.MALE, Gender.FEMALE):
        draft.data["gender"] = gender
    countries = list(dict.fromkeys([*entity.get("nationality"), *entity.get("citizenship")]))
    draft.listed(
        "nationalities", [(p, lb, _country(c)) for p, lb, c in _numbered("nationality", countries)]
    )
    draft.first("place_of_birth", "birthPlace")
    draft.country("country_of_birth", "birthCountry")
    marks = "; ".join(entity.get("appearance"))
    if marks:
        draft.data["distinguishing_marks"] = marks
        draft.names["distinguishing_marks"] = "appearance"

    identifiers: list[tuple[str, str, dict[str, str]]] = []
    for prop, id_type in (
        ("passportNumber", IdentifierType.PASSPORT),
        ("idNumber", IdentifierType.NATIONAL_ID),
    ):
        for p, label, value in _numbered(prop, entity.get(prop)):
            identifiers.append((p, label, {"number": value, "type": id_type.value}))
    for line, held in index.held.get(entity.id or "", []):
        identifiers.append(
            ("identification", f"{held.schema.name} on line {line}", _identifier(held))
        )
    draft.listed("identifiers", identifiers)

    if WANTED in entity.get("topics"):
        draft.data["alert"] = arrest_alert(reason_text(entity.get("notes")))
        draft.names["alert"] = "notes"
    return draft.row()


def _identifier(entity: EntityProxy) -> dict[str, Any]:
    kind = _document_type(entity)
    found: dict[str, Any] = {"type": identifier_type(kind).value}
    number = entity.first("number") or entity.first("passportNumber", quiet=True)
    if number:
        found["number"] = number
    if entity.first("country"):
        found["country"] = _country(entity.first("country"))
    return found


def _document_type(entity: EntityProxy) -> DocumentType:
    if entity.schema.is_a("Passport"):
        return DocumentType.PASSPORT
    return document_type(entity.first("type"))


def _document(number: int, entity: EntityProxy) -> ParsedRow:
    draft = _Draft(entity, number, {"kind": "document"})
    draft.data["document_type"] = _document_type(entity).value
    draft.names["document_type"] = "type"
    draft.first("number", "number")
    if "number" not in draft.data:
        draft.first("number", "passportNumber")
        draft.names.setdefault("number", "number")
    draft.country("issuing_country", "country")
    draft.date("issued_on", "startDate")
    draft.date("expires_on", "endDate")
    draft.names[""] = "endDate"  # the one rule on the whole record: expiry after issue
    status = document_status_in(*entity.get("summary"), *entity.get("description"))
    draft.data["status"] = (status or DocumentStatus.LOST).value
    draft.names["status"] = "summary"
    draft.first("holder_name", "namesMentioned")
    if "holder_name" not in draft.data:
        parts = entity.get("givenName", quiet=True)[:1] + entity.get("surname", quiet=True)[:1]
        if parts:
            draft.data["holder_name"] = " ".join(parts)
            draft.names["holder_name"] = "surname"
    return draft.row()


def _vehicle(number: int, entity: EntityProxy) -> ParsedRow:
    draft = _Draft(entity, number, {"kind": "vehicle"})
    for value in entity.get("registrationNumber"):
        name = "vin" if _is_vin(value) else "plate"
        draft.data.setdefault(name, value)
    # "" is the record as a whole: its one rule is "a VIN or a plate".
    draft.names |= {
        "vin": "registrationNumber",
        "plate": "registrationNumber",
        "": "registrationNumber",
    }
    draft.country("plate_country", "country")
    draft.first("model", "model")
    kind = entity.first("type")
    if kind:
        draft.data["vehicle_type"] = vehicle_kind(kind).value
    built = entity.first("buildDate")
    if built:
        draft.data["year"] = built[:4]
        draft.names["year"] = "buildDate"
    return draft.row()


def _is_vin(value: str) -> bool:
    try:
        normalise_vin(value)
    except ValueError:
        return False
    return True


# --- writing ----------------------------------------------------------------------------------


def write_ftm(records: Iterable[RecordPublic], stream: TextIO) -> int:
    """Write records as FtM entities, one per line; return how many (firearms) were skipped."""
    skipped = 0
    for record in records:
        entities = _entities_of(record)
        if not entities:
            skipped += 1
        for entity in entities:
            stream.write(json.dumps(entity.to_dict(), ensure_ascii=False) + "\n")
    return skipped


def ftm_model() -> Model:
    """FollowTheMoney's model of schemata, loaded at first use: it holds ~50 MB in a process,
    which a web worker that never reads or writes FtM need not carry."""
    from followthemoney import model

    return model


def make_entity(schema: str, entity_id: str) -> EntityProxy:
    """An empty entity of ``schema`` with its id."""
    entity = ftm_model().make_entity(schema)
    entity.id = entity_id
    return entity


def _put(entity: EntityProxy, prop: str, *values: str | None) -> None:
    """Add values as they are (``cleaned``): Clew has checked them already."""
    for value in values:
        if value:
            entity.add(prop, value, cleaned=True)


def _ftm_country(code: str | None) -> str | None:
    if code is None:
        return None
    return _GLOBAL_FTM if code == _GLOBAL_CLEW else code.lower()


def _entities_of(record: RecordPublic) -> list[EntityProxy]:
    data = record.data
    entity_id = f"clew-{record.id}"
    if isinstance(data, PersonFields):
        return _person_entities(record, data, entity_id)
    if isinstance(data, DocumentFields):
        schema = "Passport" if data.document_type is DocumentType.PASSPORT else "Identification"
        entity = make_entity(schema, entity_id)
        if schema == "Identification":
            _put(entity, "type", DOCUMENT_TYPE_LABELS[data.document_type])
        _put(entity, "number", data.number)
        _put(entity, "country", _ftm_country(data.issuing_country))
        _put(entity, "startDate", data.issued_on.isoformat() if data.issued_on else None)
        _put(entity, "endDate", data.expires_on.isoformat() if data.expires_on else None)
        _put(entity, "summary", data.status.value.replace("_", " "))
        _put(entity, "namesMentioned", data.holder_name)
        return [entity]
    if isinstance(data, VehicleFields):
        entity = make_entity("Vehicle", entity_id)
        _put(entity, "name", record.label)
        _put(entity, "registrationNumber", data.plate, data.vin)
        _put(entity, "country", _ftm_country(data.plate_country))
        _put(entity, "model", " ".join(p for p in (data.make, data.model) if p))
        _put(entity, "type", VEHICLE_KIND_LABELS[data.vehicle_type])
        _put(entity, "buildDate", str(data.year) if data.year else None)
        return [entity]
    return []


def _person_entities(
    record: RecordPublic, person: PersonFields, entity_id: str
) -> list[EntityProxy]:
    entity = make_entity("Person", entity_id)
    primary = next((n for n in person.names if n.kind is NameKind.PRIMARY), None)
    if primary is not None:
        _put(entity, "name", primary.full)
        _put(entity, "firstName", primary.given)
        _put(entity, "lastName", primary.family)
    for name in person.names:
        if name is not primary:
            _put(entity, "alias" if name.kind is NameKind.ALIAS else "name", name.full)
    _put(entity, "birthDate", person.date_of_birth)
    if person.gender is not Gender.UNKNOWN:
        _put(entity, "gender", person.gender.value)
    _put(entity, "nationality", *(_ftm_country(c) for c in person.nationalities))
    _put(entity, "birthPlace", person.place_of_birth)
    _put(entity, "birthCountry", _ftm_country(person.country_of_birth))
    _put(entity, "appearance", person.distinguishing_marks)
    alert = current_alert(record)
    if alert is not None and alert.category is AlertCategory.WANTED_FOR_ARREST:
        _put(entity, "topics", WANTED)
        _put(entity, "notes", alert.reason)
    return [entity, *(_held(entity_id, i, d) for i, d in enumerate(person.identifiers))]


def _held(holder: str, position: int, identifier: IdentifierIn) -> EntityProxy:
    kind = _IDENTIFIER_TYPES[identifier.type]
    schema = "Passport" if kind is DocumentType.PASSPORT else "Identification"
    entity = make_entity(schema, f"{holder}-id-{position + 1}")
    _put(entity, "holder", holder)
    if schema == "Identification":
        _put(entity, "type", DOCUMENT_TYPE_LABELS[kind])
    _put(entity, "number", identifier.number)
    _put(entity, "country", _ftm_country(identifier.country))
    return entity
