"""Nodes and edges written as two CSV files, ``nodes.csv`` and ``edges.csv``, or a zip of both.

The columns are Clew's field names, so the readers' guessed mapping reads them back without
help: ``nodes.csv`` has ``key``, ``kind``, ``label``, ``role``, ``alerts``, ``money``,
``date``; ``edges.csv`` has ``key``, ``source``, ``target``, ``kind``, ``weight``, ``start``,
``end``, ``directed`` (``yes``/``no``), ``reliability``, ``information``, ``amount``,
``currency``. Any other attribute gets a column of its own after these, by name (read back as
text). A cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``)
is written with a leading ``'``, which the readers remove again, so ``+39...`` survives both
the spreadsheet and the round trip.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final, TextIO

from clew.graph.items import Edge, Node
from clew.interop.network.mapping import EDGE_FIELDS, NODE_FIELDS

__all__ = [
    "EDGE_COLUMNS",
    "NODE_COLUMNS",
    "write_csv_zip",
    "write_edges_csv",
    "write_nodes_csv",
]

NODE_COLUMNS: Final = tuple(spec.name for spec in NODE_FIELDS)
EDGE_COLUMNS: Final = ("key", *(spec.name for spec in EDGE_FIELDS if spec.name != "key"))
_FORMULA: Final = "=+-@'"


def _escape(cell: str) -> str:
    return "'" + cell if cell and cell[0] in _FORMULA else cell


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _extra(attrs: Iterable[Mapping[str, object]], fixed: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(name for a in attrs for name in a if name not in fixed))


def write_nodes_csv(nodes: Iterable[Node], stream: TextIO) -> None:
    """Write ``nodes.csv`` (see the module docstring) to a stream opened with ``newline=""``."""
    nodes = list(nodes)
    extra = _extra((n.attrs for n in nodes), NODE_COLUMNS)
    writer = csv.writer(stream)
    writer.writerow([*NODE_COLUMNS, *extra])
    for node in nodes:
        values: dict[str, object] = {**node.attrs, "key": node.key, "kind": node.kind,
                                     "label": node.label}  # fmt: skip
        writer.writerow([_escape(_text(values.get(c))) for c in (*NODE_COLUMNS, *extra)])


def write_edges_csv(edges: Iterable[Edge], stream: TextIO) -> None:
    """Write ``edges.csv`` (see the module docstring) to a stream opened with ``newline=""``."""
    edges = list(edges)
    extra = _extra((e.attrs for e in edges), EDGE_COLUMNS)
    writer = csv.writer(stream)
    writer.writerow([*EDGE_COLUMNS, *extra])
    for edge in edges:
        values: dict[str, object] = {
            **edge.attrs,
            "key": edge.key, "source": edge.source, "target": edge.target, "kind": edge.kind,
            "weight": edge.weight, "start": edge.start, "end": edge.end,
            "directed": edge.directed,
        }  # fmt: skip
        writer.writerow([_escape(_text(values.get(c))) for c in (*EDGE_COLUMNS, *extra)])


def write_csv_zip(nodes: Iterable[Node], edges: Iterable[Edge]) -> bytes:
    """A zip archive holding ``nodes.csv`` and ``edges.csv`` (UTF-8)."""
    buffer = io.BytesIO()
    node_text, edge_text = io.StringIO(newline=""), io.StringIO(newline="")
    write_nodes_csv(nodes, node_text)
    write_edges_csv(edges, edge_text)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", node_text.getvalue().encode("utf-8"))
        archive.writestr("edges.csv", edge_text.getvalue().encode("utf-8"))
    return buffer.getvalue()
