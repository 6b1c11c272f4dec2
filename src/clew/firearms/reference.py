"""The firearms reference table: shipped makes, models and calibres plus administrators' additions.

Every investigator describes a weapon with the same words: record entry and checks look a make
or a calibre up here (:func:`current`), take its canonical name when it is listed, and flag it
as *not in the reference table* when it is not (it is still accepted). The shipped part comes
from the package (``calibres``, ``makes``); the additions from ``firearm_reference`` rows,
merged in at first use and again whenever the rows change (a cheap count/max-id check), so
every process sees an administrator's addition without a restart.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Self

from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.countries import country_code
from clew.access.roles import Permission
from clew.access.schemas import Input
from clew.errors import ValidationError as ClewValidationError
from clew.firearms.calibres import CalibreTable, calibre_key, shipped_calibres
from clew.firearms.makes import MakeTable, make_key, shipped_makes
from clew.firearms.models import ReferenceEntry, ReferenceKind
from clew.records.kinds import FirearmType

__all__ = [
    "Reference",
    "ReferenceIn",
    "ReferenceItem",
    "add_entry",
    "current",
    "import_csv",
    "iter_export",
    "list_entries",
    "suggest",
    "unlisted",
]

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ReferenceIn(Input):
    """A make (with country and marking codes), a model of a make, or a calibre (with aliases).

    Adding an existing name adds its aliases to it."""

    kind: ReferenceKind
    name: Name
    make: Name | None = Field(default=None, description="The model's make")
    country: Annotated[str, StringConstraints(max_length=10)] | None = None
    firearm_type: FirearmType | None = None
    calibre: Name | None = None
    aliases: list[Name] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind is ReferenceKind.MODEL and not self.make:
            raise ValueError("a model needs its make")
        if self.country:
            self.country = country_code(self.country)
        return self


class ReferenceItem(BaseModel):
    kind: ReferenceKind
    name: str
    make: str | None = None
    country: str | None = None
    firearm_type: str | None = None
    calibre: str | None = None
    aliases: list[str] = Field(default_factory=list)
    standards: list[str] = Field(default_factory=list, description="SAAMI, C.I.P.")


@dataclass(frozen=True, slots=True)
class Reference:
    makes: MakeTable
    calibres: CalibreTable

    def make(self, text: str | None) -> str | None:
        return self.makes.canonical(text) if text else None

    def calibre(self, text: str | None) -> str | None:
        return self.calibres.canonical(text) if text else None


_cache: tuple[int, Reference] | None = None


def _build(rows: Iterable[ReferenceEntry]) -> Reference:
    makes, calibres = shipped_makes().copy(), shipped_calibres().copy()
    for row in rows:
        aliases = json.loads(row.aliases)
        if row.kind == ReferenceKind.MAKE:
            makes.add(row.name, row.country, aliases)
        elif row.kind == ReferenceKind.MODEL:
            makes.add_model(row.make or "", row.name, row.firearm_type or "other", row.calibre)
        else:
            calibres.add(row.name, "")
            for alias in aliases:
                calibres.alias(alias, row.name)
    return Reference(makes, calibres)


def current(session: Session | None = None) -> Reference:
    """The reference table: shipped plus added. Without a session, the last one loaded (the
    shipped table until a session has been seen), for pure callers on hot paths."""
    global _cache
    if session is None:
        return _cache[1] if _cache else _build(())
    rows = list(session.execute(select(ReferenceEntry).order_by(ReferenceEntry.id)).scalars())
    # The rows themselves are the stamp: administrators' additions are few, and a count or a
    # maximum id would not tell one database (or one edit of aliases) from another.
    key = hash(tuple((r.id, r.kind, r.key, r.name, r.make, r.country, r.firearm_type,
                      r.calibre, r.aliases) for r in rows))  # fmt: skip
    if _cache is None or _cache[0] != key:
        _cache = (key, _build(rows))
    return _cache[1]


def unlisted(reference: Reference, make: str | None, calibre: str | None) -> list[str]:
    """The fields (``make``, ``calibre``) given but not in the reference table."""
    return [
        name
        for name, value, known in (
            ("make", make, reference.make(make)),
            ("calibre", calibre, reference.calibre(calibre)),
        )
        if value and known is None
    ]


def _items(reference: Reference) -> Iterator[ReferenceItem]:
    for make in sorted(reference.makes.makes.values(), key=lambda m: make_key(m.name)):
        yield ReferenceItem(kind=ReferenceKind.MAKE, name=make.name, country=make.country,
                            aliases=list(make.codes))  # fmt: skip
        for model in make.models:
            yield ReferenceItem(kind=ReferenceKind.MODEL, name=model.name, make=make.name,
                                firearm_type=model.firearm_type, calibre=model.calibre)  # fmt: skip
    table = reference.calibres
    for name in sorted(table.names, key=calibre_key):
        yield ReferenceItem(
            kind=ReferenceKind.CALIBRE, name=name, aliases=table.aliases(name),
            standards=sorted(table.standards.get(name, ())),
        )  # fmt: skip


def _matches(item: ReferenceItem, kind: ReferenceKind | None, text: str) -> bool:
    if kind and item.kind is not kind:
        return False
    if not text:
        return True
    words = [item.name, item.make or "", *item.aliases]
    return any(text in make_key(w) or calibre_key(text) in calibre_key(w) for w in words)


def list_entries(
    session: Session, actor: Actor, *, kind: ReferenceKind | None, q: str | None, limit: int,
    offset: int,
) -> tuple[list[ReferenceItem], int]:  # fmt: skip
    """A page of the table, filtered by kind and by a text in a name or an alias."""
    actor.require(Permission.VIEW_DIRECTORY)
    text = make_key(q or "")
    found = [i for i in _items(current(session)) if _matches(i, kind, text)]
    return found[offset : offset + limit], len(found)


def suggest(
    session: Session, actor: Actor, kind: ReferenceKind, q: str, limit: int = 10
) -> list[str]:
    """Names of makes or calibres a writing may stand for: the canonical one first."""
    actor.require(Permission.VIEW_DIRECTORY)
    reference = current(session)
    exact = reference.make(q) if kind is ReferenceKind.MAKE else reference.calibre(q)
    names = [exact] if exact else []
    if q.strip():
        names += [i.name for i in _items(reference) if _matches(i, kind, make_key(q))]
    return list(dict.fromkeys(names))[:limit]


def _key(data: ReferenceIn) -> str:
    if data.kind is ReferenceKind.CALIBRE:
        return calibre_key(data.name)
    if data.kind is ReferenceKind.MODEL:
        return f"{make_key(data.make or '')}/{make_key(data.name)}"
    return make_key(data.name)


def _upsert(session: Session, actor: Actor, data: ReferenceIn) -> tuple[ReferenceEntry, bool]:
    key = _key(data)
    if not key:
        raise ClewValidationError.field("name", "has no letters or digits")
    row = session.execute(
        select(ReferenceEntry).where(ReferenceEntry.kind == data.kind, ReferenceEntry.key == key)
    ).scalar_one_or_none()
    created = row is None
    if row is None:
        row = ReferenceEntry(kind=data.kind, key=key, name=data.name, added_by=actor.username,
                             aliases="[]")  # fmt: skip
        session.add(row)
    aliases = json.loads(row.aliases or "[]")
    row.aliases = json.dumps(list(dict.fromkeys([*aliases, *data.aliases])), ensure_ascii=False)
    row.make = data.make or row.make
    row.country = data.country or row.country
    row.firearm_type = data.firearm_type or row.firearm_type
    row.calibre = data.calibre or row.calibre
    session.flush()
    return row, created


def add_entry(session: Session, actor: Actor, data: ReferenceIn) -> ReferenceItem:
    """Add a make, model or calibre (or aliases to one); administrators only; audited."""
    actor.require(Permission.MANAGE_REFERENCE)
    row, created = _upsert(session, actor, data)
    audit.record(
        session, actor, "firearms.reference.add" if created else "firearms.reference.extend",
        target=f"firearm_reference:{row.id}", query=data.model_dump(mode="json"),
    )  # fmt: skip
    return ReferenceItem(
        kind=row.kind, name=row.name, make=row.make, country=row.country,
        firearm_type=row.firearm_type, calibre=row.calibre, aliases=json.loads(row.aliases),
    )  # fmt: skip


@dataclass(slots=True)
class ImportReport:
    read: int
    added: int
    rejected: list[tuple[int, str]]


CSV_COLUMNS = ("kind", "name", "make", "country", "firearm_type", "calibre", "aliases")


def import_csv(session: Session, actor: Actor, text: str) -> ImportReport:
    """Rows of ``kind,name,make,country,firearm_type,calibre,aliases`` (aliases ``|``-separated).

    Good rows are added, bad rows reported by line; one audit entry for the import."""
    actor.require(Permission.MANAGE_REFERENCE)
    report = ImportReport(0, 0, [])
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        report.read += 1
        values = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
        try:
            data = ReferenceIn.model_validate(
                {k: v for k, v in values.items() if v and k != "aliases"}
                | {"aliases": [a.strip() for a in values["aliases"].split("|") if a.strip()]}
            )
            with session.begin_nested():
                _upsert(session, actor, data)
        except (ValidationError, ClewValidationError, ValueError) as exc:
            report.rejected.append((line, str(exc).splitlines()[0][:200]))
            continue
        report.added += 1
    audit.record(session, actor, "firearms.reference.import",
                 query={"read": report.read, "added": report.added})  # fmt: skip
    return report


def iter_export(session: Session, actor: Actor) -> Iterator[str]:
    """The whole table as CSV (the columns :func:`import_csv` reads), audited."""
    actor.require(Permission.VIEW_DIRECTORY)
    items = list(_items(current(session)))
    audit.record(session, actor, "firearms.reference.export", query={"rows": len(items)})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        aliases = "|".join(item.aliases)
        writer.writerow([item.kind, item.name, item.make or "", item.country or "",
                         item.firearm_type or "", item.calibre or "", aliases])  # fmt: skip
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
