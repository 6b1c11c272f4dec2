"""Exporting an analysis file's network: GraphML, GEXF, CSV (nodes and edges, zipped) and
FollowTheMoney entities.

The export is the actor's view: hidden watchlist records and their links are not in it, merged
entities are exported as their survivor. Node keys are the entities' keys in the file, so an
export imported into another file finds the same entities again. Every export is audited.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.errors import ValidationError
from clew.graph.items import Edge, Node
from clew.intel import network
from clew.intel.files import open_file
from clew.interop.network.formats import get_writer

__all__ = ["FORMATS", "export"]

FORMATS = ("graphml", "gexf", "csv", "ftm")


def _items(net: network.FileNetwork) -> tuple[list[Node], list[Edge]]:
    keys = {str(i): e.key for i, e in net.entities.items()}
    nodes = [replace(n, key=keys[n.key]) for n in net.nodes]
    edges = [
        replace(
            e,
            source=keys[e.source],
            target=keys[e.target],
            attrs=dict(e.attrs) | {"source_ref": net.links[int(e.key)].source_ref},
        )
        for e in net.edges
    ]
    return nodes, edges


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:60] or "file"


def export(session: Session, actor: Actor, file_id: int, fmt: str) -> tuple[bytes, str, str]:
    """The file's network as ``(content, media type, file name)``."""
    if fmt not in FORMATS:
        raise ValidationError.field("format", f"is one of {', '.join(FORMATS)}")
    net = network.load(session, actor, file_id)
    nodes, edges = _items(net)
    writer = get_writer(fmt)
    content = writer.write(nodes, edges)
    file = open_file(session, actor, file_id).file
    audit.record(
        session,
        actor,
        "intel.export",
        target=f"file:{file_id}",
        query={"format": fmt},
        result_ids=[n.key for n in net.nodes],
    )
    return content, writer.media_type, f"{_slug(file.name)}{writer.extension}"
