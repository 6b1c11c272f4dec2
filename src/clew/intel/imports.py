"""Importing network files into an analysis file: node lists, edge lists, adjacency matrices,
call-detail records, bank transactions and FollowTheMoney entities.

The readers (:mod:`clew.interop.network`) turn a file into nodes and edges with line numbers;
this module writes them into the file in one transaction. A node becomes an entity, found again
by its key when it is already in the file (its label and data are then completed, never
overwritten); an edge becomes a link between the entities of its two keys, creating a bare
entity for a key no node named. Only entities the importer may see are found by their key
(:mod:`clew.intel.visibility`): a ``record:<id>`` key names a watchlist record pulled into the
file, and one the importer cannot find there (hidden, not pulled, or no such record) refuses its
row in the same words, so nothing is ever attached to a record the importer may not see.
Every entity and link keeps where it came from: the file name and line, graded as the importer
said. A bad row is reported with its line and field and skipped; good rows still go in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.errors import ValidationError
from clew.graph.items import Edge, Node
from clew.intel.files import open_file
from clew.intel.models import Entity, Link
from clew.intel.schemas import Grading, ReadOptions
from clew.intel.visibility import is_record_key, visible_entities
from clew.intel.vocabulary import LinkKind
from clew.interop.network.formats import READERS, get_reader
from clew.interop.network.parsed import ParsedItem, count_lines
from clew.interop.network.table import columns
from clew.storage import utcnow

__all__ = [
    "FORMATS",
    "OPTIONS",
    "ImportReport",
    "import_network",
    "ingest",
    "preview",
    "reader_options",
]

BATCH = 2000
KEY_LENGTH = 200  # entities.key
FORMATS = tuple(READERS)
NOT_PULLED = "names a watchlist record that is not in this file: pull the record in first"
# What a key no node named is, by the link that names it.
_ENDPOINT_KINDS: dict[str, str] = {
    LinkKind.CALLED: "phone",
    LinkKind.PAID: "account",
}


# Each format's reading options (``ReadOptions``) -> the name its reader takes them by.
OPTIONS: dict[str, dict[str, str]] = {
    "nodes-csv": {"node_kind": "kind"},
    "edges-csv": {"link_kind": "kind", "directed": "directed"},
    "matrix-csv": {"link_kind": "kind", "node_kind": "node_kind", "start": "start", "end": "end"},
    "cdr-csv": {"link_kind": "kind"},
    "transactions-csv": {},
    "ftm": {},
}


@dataclass(slots=True)
class ImportReport:
    """What an import did. ``mapping`` is the column mapping it read the file with (field ->
    column name, or column number for a file without a header row), ``guessed`` when Clew
    proposed it from the header rather than the importer."""

    entities_added: int = 0
    links_added: int = 0
    read: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    guessed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _data(attrs: dict[str, Any] | Any) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in dict(attrs).items()}


class _Writer:
    """Entities by key, created or completed as nodes and edges arrive."""

    def __init__(
        self, session: Session, actor: Actor, file_id: int, source_ref: str, grading: Grading
    ) -> None:
        self.session, self.file_id, self.ref = session, file_id, source_ref
        self.grading = {
            "source_kind": "import",
            "reliability": str(grading.reliability),
            "information": str(grading.information),
            "created_by": actor.username,
        }
        self.by_key: dict[str, Entity] = {
            e.key: e for e in session.execute(visible_entities(actor, file_id)).scalars()
        }
        self.report = ImportReport()

    def node(self, node: Node, line: int) -> Entity:
        entity = self.by_key.get(node.key)
        if entity is None:
            entity = Entity(
                file_id=self.file_id,
                key=node.key,
                kind=node.kind,
                label=(node.label or node.key)[:300],
                data=json.dumps(_data(node.attrs), ensure_ascii=False),
                source_ref=f"{self.ref}:{line}"[:300],
                **self.grading,
            )
            self.session.add(entity)
            self.by_key[node.key] = entity
            self.report.entities_added += 1
            return entity
        if node.label and entity.label == entity.key:
            entity.label = node.label[:300]
        if node.attrs:
            known = json.loads(entity.data or "{}")
            entity.data = json.dumps(_data(node.attrs) | known, ensure_ascii=False)
        return entity

    def edge(self, edge: Edge, line: int) -> None:
        kind = _ENDPOINT_KINDS.get(edge.kind, "person")
        ends = [
            self.node(Node(key=key, kind=kind, label=key), line)
            for key in (edge.source, edge.target)
        ]
        if ends[0] is ends[1]:
            self.report.errors.append((line, "target", "a link joins two different entities"))
            return
        if ends[0].id is None or ends[1].id is None:
            self.session.flush()  # new entities need their ids
        attrs = dict(edge.attrs)
        amount = attrs.get("amount")
        self.session.add(
            Link(
                file_id=self.file_id,
                source_id=ends[0].id,
                target_id=ends[1].id,
                kind=edge.kind,
                weight=edge.weight,
                start=edge.start,
                end=edge.end,
                directed=edge.directed,
                amount=float(amount) if isinstance(amount, int | float) else None,
                currency=str(attrs["currency"])[:3] if attrs.get("currency") else None,
                source_ref=f"{self.ref}:{line}"[:300],
                **(
                    self.grading
                    | {k: str(attrs[k]) for k in ("reliability", "information") if attrs.get(k)}
                ),
            )
        )
        self.report.links_added += 1


def ingest(
    session: Session,
    actor: Actor,
    file_id: int,
    items: Iterable[ParsedItem],
    *,
    filename: str,
    grading: Grading | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Write the readers' items into the file; bad rows are reported, good rows go in."""
    opened = open_file(session, actor, file_id, write=True)
    writer = _Writer(session, actor, file_id, filename, grading or Grading())
    report = writer.report
    lines: set[int] = set()
    for item in items:
        lines.add(item.line)
        if item.errors or item.item is None:
            report.errors.extend((item.line, e.field, e.message) for e in item.errors)
            continue
        keys = (
            {"key": item.item.key}
            if isinstance(item.item, Node)
            else {"source": item.item.source, "target": item.item.target}
        )
        if any(len(key) > KEY_LENGTH for key in keys.values()):
            report.errors.append((item.line, "key", f"is longer than {KEY_LENGTH} characters"))
            continue
        if unknown := [n for n, k in keys.items() if is_record_key(k) and k not in writer.by_key]:
            report.errors.append((item.line, unknown[0], NOT_PULLED))
            continue
        if isinstance(item.item, Node):
            writer.node(item.item, item.line)
        else:
            writer.edge(item.item, item.line)
        if (report.entities_added + report.links_added) % BATCH == 0:
            session.flush()
            if progress:
                progress(max(lines))
    session.flush()
    report.read = len(lines)
    opened.file.updated_at = utcnow()
    audit.record(
        session,
        actor,
        "intel.import",
        target=f"file:{file_id}",
        query={"file": filename, "entities": report.entities_added,
               "links": report.links_added, "rejected": len(report.errors)},
    )  # fmt: skip
    return report


def preview(data: bytes, fmt: str) -> tuple[list[str], dict[str, str]]:
    """The file's columns and a proposed mapping of Clew's fields onto them (``{}`` for a
    format read without a mapping)."""
    reader = get_reader(fmt)
    if not reader.fields:
        return [], {}
    header = columns(data)
    return header, reader.guess(header)


def import_network(
    session: Session,
    actor: Actor,
    file_id: int,
    data: bytes,
    fmt: str,
    *,
    filename: str,
    mapping: dict[str, str] | None = None,
    grading: Grading | None = None,
    options: ReadOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Read ``data`` in the format ``fmt`` (with the analyst's column mapping for CSV formats,
    proposed from the header when ``None``, and ``options`` for what the rows do not say) and
    write it into the file; ``progress(lines done, lines in all)`` as it goes. An option the
    format does not take is a field error on that option, before anything is read."""
    reader = get_reader(fmt)
    kwargs = reader_options(reader.name, options or ReadOptions())
    total = count_lines(data)
    guessed = False
    if reader.fields and mapping is None:
        try:
            mapping, guessed = reader.guess(columns(data)), True
        except ValidationError:
            mapping = None  # no header to guess from: the reader reports why
    items = reader.read(data, mapping, **kwargs)
    report = ingest(
        session,
        actor,
        file_id,
        items,
        filename=filename,
        grading=grading,
        progress=(lambda done: progress(min(done, total), total)) if progress else None,
    )
    if progress:
        progress(total, total)
    report.mapping, report.guessed = dict(mapping or {}), guessed
    return report


def reader_options(fmt: str, options: ReadOptions) -> dict[str, Any]:
    """The reader's keyword arguments for the options given (see ``OPTIONS``)."""
    takes = OPTIONS.get(fmt, {})
    given = options.given()
    if options.start and options.end and options.end < options.start:
        raise ValidationError.field("end", "is before the start")
    for name in given:
        if name not in takes:
            known = ", ".join(takes) or "none"
            raise ValidationError.field(
                name, f"is not an option of {fmt} files (its options: {known})"
            )
    return {takes[name]: str(value) if name.endswith("_kind") else value
            for name, value in given.items()}  # fmt: skip
