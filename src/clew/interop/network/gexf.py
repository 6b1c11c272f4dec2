"""GEXF 1.3: Gephi's XML graph format, with dates so that Gephi can play a network over time.

:func:`write_gexf` writes node attributes ``kind`` and each name found in ``attrs`` (typed as
in :mod:`~clew.interop.network.attributes`), edge attributes ``kind`` and the ``attrs`` names;
the edge's weight is GEXF's own ``weight``, its key its ``id`` (``e1``, ``e2``... for edges
without a key, or whose key is taken). When any edge has a ``start`` or ``end``, or any event
node a ``date``, the graph is ``dynamic`` with ``timeformat="date"``: edges carry their
``start``/``end`` and an event its date as both. The graph's ``defaultedgetype`` is
``directed`` when any edge is, and each edge says its own ``type``; networkx reads a file whose
edges agree, and refuses one that mixes both types. Text is escaped by ElementTree;
characters XML cannot hold are dropped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date
from typing import Final

from clew.graph.items import Edge, Node
from clew.interop.network.attributes import attribute_types, value_text, xml_text

__all__ = ["GEXF_NS", "write_gexf"]

GEXF_NS: Final = "http://gexf.net/1.3"
_SCHEMA: Final = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
_XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
_RESERVED: Final = frozenset({"kind"})


def _declare(graph: ET.Element, domain: str, types: dict[str, str]) -> dict[str, str]:
    element = ET.SubElement(graph, "attributes", {"class": domain, "mode": "static"})
    ids: dict[str, str] = {}
    for position, (name, kind) in enumerate(types.items()):
        ids[name] = str(position)
        ET.SubElement(
            element, "attribute", {"id": ids[name], "title": xml_text(name), "type": kind}
        )
    return ids


def _values(element: ET.Element, values: dict[str, object], ids: dict[str, str],
            types: dict[str, str]) -> None:  # fmt: skip
    present = [(n, values[n]) for n in ids if values.get(n) is not None and values.get(n) != ""]
    if not present:
        return
    holder = ET.SubElement(element, "attvalues")
    for name, value in present:
        ET.SubElement(
            holder, "attvalue", {"for": ids[name], "value": value_text(value, types[name])}
        )


def write_gexf(nodes: Iterable[Node], edges: Iterable[Edge]) -> bytes:
    """The nodes and edges as a GEXF 1.3 document (UTF-8 bytes with an XML declaration)."""
    nodes, edges = list(nodes), list(edges)
    node_types = {"kind": "string"} | attribute_types((n.attrs for n in nodes), _RESERVED)
    edge_types = {"kind": "string"} | attribute_types((e.attrs for e in edges), _RESERVED)
    dated_nodes: dict[str, date] = {}
    for node in nodes:
        day = node.attrs.get("date")
        if isinstance(day, date):
            dated_nodes.setdefault(node.key, day)
    dynamic = bool(dated_nodes) or any(e.start or e.end for e in edges)
    root = ET.Element("gexf", {
        "xmlns": GEXF_NS, "xmlns:xsi": _XSI, "xsi:schemaLocation": _SCHEMA, "version": "1.3",
    })  # fmt: skip
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "Clew"
    graph = ET.SubElement(root, "graph", {
        "defaultedgetype": "directed" if any(e.directed for e in edges) else "undirected",
        "mode": "dynamic" if dynamic else "static",
    })  # fmt: skip
    if dynamic:
        graph.set("timeformat", "date")
    node_ids = _declare(graph, "node", node_types)
    edge_ids = _declare(graph, "edge", edge_types)
    node_list = ET.SubElement(graph, "nodes")
    declared: set[str] = set()
    for node in nodes:
        if node.key in declared:
            continue
        declared.add(node.key)
        element = ET.SubElement(node_list, "node", {
            "id": xml_text(node.key), "label": xml_text(node.label or node.key),
        })  # fmt: skip
        if node.key in dated_nodes:
            element.set("start", dated_nodes[node.key].isoformat())
            element.set("end", dated_nodes[node.key].isoformat())
        _values(element, {"kind": node.kind, **node.attrs}, node_ids, node_types)
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in declared:
                declared.add(end)
                ET.SubElement(node_list, "node", {"id": xml_text(end), "label": xml_text(end)})
    edge_list = ET.SubElement(graph, "edges")
    taken: set[str] = set()
    for position, edge in enumerate(edges, start=1):
        edge_id = edge.key if edge.key and edge.key not in taken else f"e{position}"
        while edge_id in taken:
            edge_id += "_"
        taken.add(edge_id)
        element = ET.SubElement(edge_list, "edge", {
            "id": xml_text(edge_id), "source": xml_text(edge.source),
            "target": xml_text(edge.target),
            "type": "directed" if edge.directed else "undirected",
            "weight": repr(float(edge.weight)),
        })  # fmt: skip
        if edge.start:
            element.set("start", edge.start.isoformat())
        if edge.end:
            element.set("end", edge.end.isoformat())
        _values(element, {"kind": edge.kind, **edge.attrs}, edge_ids, edge_types)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document
