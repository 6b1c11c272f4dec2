"""CSV node lists and edge lists, read through a mapping (:mod:`~clew.interop.network.mapping`).

A node list has one row per entity: ``key`` (required), ``kind`` (default: the reader's
``kind``, ``person``), ``label``, ``role``, ``alerts`` (a whole number), ``money`` (a number)
and ``date``. A key met twice is an error on the second row. Columns that are not mapped are
kept, as text, in the node's ``attrs`` under their column name.

An edge list has one row per link: ``source`` and ``target`` (node keys, required), ``kind``
(default: the reader's ``kind``, ``related_to``), ``weight`` (default 1, not negative),
``start`` and ``end`` (``end`` not before ``start``), ``directed`` (default: the reader's
``directed``, else by kind: calls, payments, ownership, use, membership, residence and taking
part are directed), ``reliability`` (A/B/C/X), ``information`` (1-4), ``amount`` (not
negative) and ``currency`` (three letters), and ``key``. Unmapped columns go to ``attrs`` as
text. An edge may name nodes the file does not list: the importer decides what to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from clew.graph.items import Edge, Node
from clew.intel.vocabulary import EntityKind, LinkKind
from clew.interop.network.mapping import EDGE_FIELDS, NODE_FIELDS, FieldMap
from clew.interop.network.parsed import ParsedItem, Source
from clew.interop.network.table import Cells, Row, read_table
from clew.interop.network.values import (
    DIRECTED_KINDS,
    entity_kind,
    link_kind,
    parse_bool,
    parse_date,
    parse_information,
    parse_int,
    parse_number,
    parse_reliability,
)

__all__ = ["currency_code", "edge_from_cells", "read_edges_csv", "read_nodes_csv"]

_MAX_KEY: Final = 200


def read_nodes_csv(
    data: Source, mapping: FieldMap | None = None, *, kind: str = EntityKind.PERSON
) -> Iterator[ParsedItem]:
    """Read a CSV node list (see the module docstring); ``mapping`` is guessed when ``None``."""
    default = EntityKind(kind)
    seen: dict[str, int] = {}
    for row in read_table(data, NODE_FIELDS, mapping):
        if isinstance(row, ParsedItem):
            yield row
            continue
        cells = Cells(row)
        key = _key(cells, "key")
        if key and key in seen:
            cells.fail("key", f"'{key[:40]}' is already the key of line {seen[key]}")
        node_kind = cells.parse("kind", entity_kind) or default
        attrs: dict[str, Any] = dict(row.extra)
        role = cells.text("role")
        if role:
            attrs["role"] = role
        alerts = cells.parse("alerts", parse_int)
        if alerts is not None:
            if alerts < 0:
                cells.fail("alerts", "must not be negative")
            attrs["alerts"] = alerts
        money = cells.parse("money", parse_number)
        if money is not None:
            attrs["money"] = money
        day = cells.parse("date", parse_date)
        if day is not None:
            attrs["date"] = day
        if cells.errors:
            yield ParsedItem(row.line, None, cells.errors, row.source)
            continue
        seen[key] = row.line
        node = Node(key, node_kind.value, cells.text("label") or "", attrs)
        yield ParsedItem(row.line, node, [], row.source)


def read_edges_csv(
    data: Source,
    mapping: FieldMap | None = None,
    *,
    kind: str = LinkKind.RELATED_TO,
    directed: bool | None = None,
) -> Iterator[ParsedItem]:
    """Read a CSV edge list (see the module docstring); ``mapping`` is guessed when ``None``."""
    default = LinkKind(kind)
    for row in read_table(data, EDGE_FIELDS, mapping):
        if isinstance(row, ParsedItem):
            yield row
            continue
        cells = Cells(row)
        edge = edge_from_cells(cells, default, directed)
        if edge is None:
            yield ParsedItem(row.line, None, cells.errors, row.source)
        else:
            yield ParsedItem(row.line, edge, [], row.source)


def _key(cells: Cells, name: str) -> str:
    key = cells.required(name)
    if len(key) > _MAX_KEY:
        cells.fail(name, f"is longer than {_MAX_KEY} characters")
    return key


def currency_code(text: str) -> str:
    """Three letters, upper-cased (``eur`` -> ``EUR``)."""
    code = text.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValueError(f"'{text[:20]}' is not a currency code (three letters, e.g. EUR)")
    return code


def edge_from_cells(cells: Cells, default: LinkKind, directed: bool | None) -> Edge | None:
    """An edge from a row's cells, or ``None`` with the reasons in ``cells.errors``."""
    row: Row = cells.row
    source = _key(cells, "source")
    target = _key(cells, "target")
    link = cells.parse("kind", link_kind) or default
    weight = cells.parse("weight", parse_number)
    if weight is not None and weight < 0:
        cells.fail("weight", "must not be negative")
    start = cells.parse("start", parse_date)
    end = cells.parse("end", parse_date)
    if start and end and end < start:
        cells.fail("end", f"{end.isoformat()} is before the start, {start.isoformat()}")
    is_directed = cells.parse("directed", parse_bool)
    attrs: dict[str, Any] = dict(row.extra)
    reliability = cells.parse("reliability", parse_reliability)
    if reliability is not None:
        attrs["reliability"] = reliability.value
    information = cells.parse("information", parse_information)
    if information is not None:
        attrs["information"] = information.value
    amount = cells.parse("amount", parse_number)
    if amount is not None:
        if amount < 0:
            cells.fail("amount", "must not be negative: swap source and target")
        attrs["amount"] = amount
    currency = cells.parse("currency", currency_code)
    if currency is not None:
        attrs["currency"] = currency
    if cells.errors:
        return None
    if is_directed is None:
        is_directed = directed if directed is not None else link in DIRECTED_KINDS
    return Edge(
        source,
        target,
        link.value,
        1.0 if weight is None else weight,
        start,
        end,
        is_directed,
        cells.text("key") or "",
        attrs,
    )
