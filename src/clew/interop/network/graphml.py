"""GraphML: the XML graph format igraph, networkx, yEd, Gephi and Cytoscape read.

:func:`write_graphml` declares every attribute with a ``<key>``: for nodes ``label`` and
``kind``, for edges ``key``, ``kind``, ``weight`` (double), ``start`` and ``end`` (ISO dates, when
known) and ``directed`` (boolean), then each name found in ``attrs`` with its type (see
:mod:`~clew.interop.network.attributes`). Node ids are the keys; an edge's ``id`` is its key
when it has one (igraph does not read edge ids, hence the ``key`` attribute too). The graph's
``edgedefault`` is ``directed`` when any edge is, else ``undirected``. Only a graph that mixes
directed and undirected edges (calls and meetings) marks each edge ``directed="true"`` or
``"false"``, as GraphML allows: networkx refuses such a mark that differs from the default,
so a graph whose edges agree leaves it out and networkx reads it. An edge whose ends are not
among the nodes gets bare nodes for them, as GraphML wants every end declared. Text is escaped
by ElementTree; characters XML cannot hold are dropped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Final

from clew.graph.items import Edge, Node
from clew.interop.network.attributes import attribute_types, value_text, xml_text

__all__ = ["GRAPHML_NS", "write_graphml"]

GRAPHML_NS: Final = "http://graphml.graphdrawing.org/xmlns"
_NODE_FIXED: Final = {"label": "string", "kind": "string"}
_EDGE_FIXED: Final = {
    "key": "string", "kind": "string", "weight": "double", "start": "string", "end": "string",
    "directed": "boolean",
}  # fmt: skip


def _declare(root: ET.Element, domain: str, types: dict[str, str], prefix: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    for position, (name, kind) in enumerate(types.items()):
        ids[name] = f"{prefix}{position}"
        ET.SubElement(root, "key", {
            "id": ids[name], "for": domain, "attr.name": xml_text(name), "attr.type": kind,
        })  # fmt: skip
    return ids


def _data(parent: ET.Element, key: str, value: object, kind: str) -> None:
    if value is None or value == "":
        return
    ET.SubElement(parent, "data", {"key": key}).text = value_text(value, kind)


def write_graphml(nodes: Iterable[Node], edges: Iterable[Edge]) -> bytes:
    """The nodes and edges as a GraphML document (UTF-8 bytes with an XML declaration)."""
    nodes, edges = list(nodes), list(edges)
    node_types = _NODE_FIXED | attribute_types((n.attrs for n in nodes), frozenset(_NODE_FIXED))
    edge_types = _EDGE_FIXED | attribute_types((e.attrs for e in edges), frozenset(_EDGE_FIXED))
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    node_keys = _declare(root, "node", node_types, "n")
    edge_keys = _declare(root, "edge", edge_types, "e")
    directions = {e.directed for e in edges}
    graph = ET.SubElement(root, "graph", {
        "id": "G", "edgedefault": "directed" if True in directions else "undirected",
    })  # fmt: skip
    mixed = len(directions) > 1
    declared: set[str] = set()
    for node in nodes:
        if node.key in declared:
            continue
        declared.add(node.key)
        element = ET.SubElement(graph, "node", {"id": xml_text(node.key)})
        values = {"label": node.label, "kind": node.kind, **node.attrs}
        for name, key in node_keys.items():
            _data(element, key, values.get(name), node_types[name])
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in declared:
                declared.add(end)
                ET.SubElement(graph, "node", {"id": xml_text(end)})
    for edge in edges:
        element = ET.SubElement(graph, "edge", {
            "source": xml_text(edge.source), "target": xml_text(edge.target),
        })  # fmt: skip
        if edge.key:
            element.set("id", xml_text(edge.key))
        if mixed:
            element.set("directed", "true" if edge.directed else "false")
        values = {"key": edge.key, "kind": edge.kind, "weight": edge.weight,
                  "start": edge.start, "end": edge.end, "directed": edge.directed,
                  **edge.attrs}  # fmt: skip
        for name, key in edge_keys.items():
            _data(element, key, values.get(name), edge_types[name])
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document
