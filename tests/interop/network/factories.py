"""Tiny factories for network interop tests: nodes, edges, and reading a text fixture."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from clew.errors import FieldError
from clew.graph.items import Edge, Node
from clew.interop.network.parsed import ParsedItem, Source


def node(key: str, kind: str = "person", label: str = "", **attrs: Any) -> Node:
    return Node(key, kind, label, attrs)


def edge(source: str, target: str, kind: str = "related_to", **fields: Any) -> Edge:
    attrs = fields.pop("attrs", {})
    return Edge(source, target, kind, attrs=attrs, **fields)


def day(text: str) -> date:
    return date.fromisoformat(text)


def read(reader: Callable[..., Iterator[ParsedItem]], text: str | bytes, *args: Any,
         **options: Any) -> list[ParsedItem]:  # fmt: skip
    data: Source = text.encode("utf-8") if isinstance(text, str) else text
    return list(reader(data, *args, **options))


def errors(items: list[ParsedItem]) -> list[tuple[int, str, str]]:
    """(line, field, message) of every error, in order."""
    return [(i.line, e.field, e.message) for i in items for e in i.errors]


def first_error(items: list[ParsedItem]) -> tuple[int, FieldError]:
    bad = next(i for i in items if i.errors)
    return bad.line, bad.errors[0]


def nodes_of(items: list[ParsedItem]) -> list[Node]:
    return [i.node for i in items if i.node is not None and not i.errors]


def edges_of(items: list[ParsedItem]) -> list[Edge]:
    return [i.edge for i in items if i.edge is not None and not i.errors]
