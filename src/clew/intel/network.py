"""The network of an analysis file as the actor may see it: entities as nodes, links as edges.

Merged entities are folded into the entity they were merged into (following the chain), so
every source's links stay as they were stored and show on the surviving entity. What the file
knows that ranking weighs goes into node attributes: the entity's ``role``, active watchlist
``alerts`` and the ``money`` it paid or received.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.graph.items import Edge, Node
from clew.intel.files import open_file
from clew.intel.models import Entity, Link
from clew.intel.visibility import visible_entities, visible_links

__all__ = ["FileNetwork", "Filter", "load"]


@dataclass(frozen=True, slots=True)
class Filter:
    """Which links to keep: by kind, by date window (links that held at some time inside it)
    and by the grading of their source (at least this reliable, at least this certain)."""

    kinds: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    reliability: str | None = None  # keep A..this letter; X is kept only when asked for X
    information: str | None = None  # keep 1..this digit

    def keeps(self, link: Link) -> bool:
        if self.kinds and link.kind not in self.kinds:
            return False
        if self.since and (link.end or link.start) and (link.end or link.start) < self.since:  # type: ignore[operator]
            return False
        if self.until and link.start and link.start > self.until:
            return False
        if self.reliability and link.reliability > self.reliability:
            return False
        return not (self.information and link.information > self.information)


@dataclass(slots=True)
class FileNetwork:
    """Nodes and edges keyed by entity id (as text), plus the rows they came from."""

    nodes: list[Node]
    edges: list[Edge]
    entities: dict[int, Entity]
    links: dict[int, Link]
    canonical: dict[int, int] = field(default_factory=dict)

    def entity(self, key: str) -> Entity:
        return self.entities[int(key)]


def _canonical(entities: dict[int, Entity]) -> dict[int, int]:
    """Each visible entity's surviving entity: follow ``merged_into`` through visible ones."""
    out: dict[int, int] = {}
    for entity_id in entities:
        current, seen = entity_id, {entity_id}
        while (nxt := entities[current].merged_into_id) in entities and nxt not in seen:
            current = nxt
            seen.add(current)
        out[entity_id] = current
    return out


def load(session: Session, actor: Actor, file_id: int, flt: Filter | None = None) -> FileNetwork:
    """The actor's view of the file's network (the caller audits the view it renders)."""
    open_file(session, actor, file_id)
    flt = flt or Filter()
    entities = {e.id: e for e in session.execute(visible_entities(actor, file_id)).scalars()}
    canonical = _canonical(entities)
    links = {
        link.id: link
        for link in session.execute(visible_links(actor, file_id)).scalars()
        if flt.keeps(link)
    }
    money: dict[int, float] = defaultdict(float)
    edges: list[Edge] = []
    for link in links.values():
        source, target = canonical[link.source_id], canonical[link.target_id]
        if source == target:
            continue
        attrs: dict[str, object] = {
            "reliability": link.reliability,
            "information": link.information,
        }
        if link.amount is not None:
            attrs |= {"amount": link.amount, "currency": link.currency or ""}
            money[source] += link.amount
            money[target] += link.amount
        edges.append(
            Edge(
                source=str(source),
                target=str(target),
                kind=link.kind,
                weight=link.weight,
                start=link.start,
                end=link.end,
                directed=link.directed,
                key=str(link.id),
                attrs=attrs,
            )
        )
    nodes = []
    for entity_id, entity in entities.items():
        if canonical[entity_id] != entity_id:
            continue
        data = json.loads(entity.data or "{}")
        attrs = {k: data[k] for k in ("role", "alerts", "date") if k in data}
        if entity_id in money:
            attrs["money"] = money[entity_id]
        nodes.append(Node(key=str(entity_id), kind=entity.kind, label=entity.label, attrs=attrs))
    return FileNetwork(nodes, edges, entities, links, canonical)
