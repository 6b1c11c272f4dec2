"""FollowTheMoney entities written from nodes and edges, for Aleph and other FtM tools.

:func:`write_ftm_network` is the way back of :mod:`~clew.interop.network.ftm`. Nodes: person
``Person``, organisation ``Organization``, account ``BankAccount`` (``iban`` when the key is
one, else ``accountNumber``), vehicle ``Vehicle``, address ``Address``, document
``Identification``, event ``Event``. Edges: called ``Call``, paid ``Payment``, owns
``Ownership``, member_of ``Membership`` (or the ``Directorship``/``Employment`` it was read
from), related_to ``UnknownLink`` (or ``Family``/``Associate``), and every other kind an
``UnknownLink`` whose ``role`` is the kind.

A phone is written as the ``phone`` of the persons and organisations that ``use`` it, or as a
call's number; a phone that is neither, and a firearm (FtM has no schema for one), cannot be
carried and is counted as skipped. What FtM has no property for (an edge's weight, grading and
unusual direction; a node's role, alerts and money) is kept in the entity's ``summary`` as
``clew:`` and a JSON object, which the reader reads back. FtM ids are unique across a file: an
edge whose key is also a node's key (both numbered from 1 in a database) is written as
``clew-link-<n>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Final, TextIO

from clew.graph.items import Edge, Node
from clew.intel.vocabulary import EntityKind, LinkKind
from clew.interop.ftm import make_entity
from clew.interop.network.cdr import normalise_phone
from clew.interop.network.ftm import (
    EDGE_META,
    LINK_KINDS,
    LINK_SCHEMATA,
    META_PREFIX,
    NODE_META,
    SCHEMA_OF_KIND,
    UNDIRECTED_SCHEMATA,
)
from clew.interop.network.transactions import looks_like_iban
from clew.interop.network.values import DIRECTED_KINDS

if TYPE_CHECKING:
    from followthemoney import EntityProxy


__all__ = ["write_ftm_network"]

_WRITE_NODES: Final = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANISATION: "Organization",
    EntityKind.ACCOUNT: "BankAccount",
    EntityKind.VEHICLE: "Vehicle",
    EntityKind.ADDRESS: "Address",
    EntityKind.DOCUMENT: "Identification",
    EntityKind.EVENT: "Event",
}
_ENTITY_KINDS: Final = frozenset(kind.value for kind in EntityKind)


def _put(entity: EntityProxy, prop: str, *values: object) -> None:
    for value in values:
        if value is not None and value != "":
            entity.add(prop, str(value), cleaned=True)


def _put_meta(entity: EntityProxy, meta: dict[str, Any]) -> None:
    if meta:
        _put(entity, "summary", META_PREFIX + json.dumps(meta, ensure_ascii=False, sort_keys=True))


def write_ftm_network(nodes: Iterable[Node], edges: Iterable[Edge], stream: TextIO) -> int:
    """Write nodes and edges as FtM entities, one per line; return how many were skipped.

    Skipped are phones no person or organisation uses (FtM has nowhere to put them) and nodes
    of an unknown kind.
    """
    nodes, edges = list(nodes), list(edges)
    kinds = {node.key: node.kind for node in nodes}
    phone_numbers = {n.key: _phone_text(n) for n in nodes if n.kind == EntityKind.PHONE}
    holders: dict[str, list[str]] = {}
    carried: set[str] = set()
    links: list[Edge] = []
    for edge in edges:
        owner_kind = kinds.get(edge.source)
        if (
            edge.kind == LinkKind.USES
            and edge.target in phone_numbers
            and owner_kind in (EntityKind.PERSON, EntityKind.ORGANISATION)
        ):
            holders.setdefault(edge.source, []).append(phone_numbers[edge.target])
            carried.add(edge.target)
        else:
            links.append(edge)
    skipped = 0
    for node in nodes:
        if node.kind == EntityKind.PHONE:
            called = any(
                e.kind == LinkKind.CALLED and node.key in (e.source, e.target) for e in links
            )
            if node.key not in carried and not called:
                skipped += 1
            continue
        entity = _node_entity(node, holders.get(node.key, []))
        if entity is None:
            skipped += 1
            continue
        _dump(entity, stream)
    used = {node.key for node in nodes}
    for position, edge in enumerate(links, start=1):
        entity_id = edge.key if edge.key and edge.key not in used else f"clew-link-{position}"
        while entity_id in used:
            entity_id += "_"
        used.add(entity_id)
        _dump(_link_entity(edge, entity_id, phone_numbers), stream)
    return skipped


def _phone_text(node: Node) -> str:
    for text in (node.label, node.key):
        try:
            return normalise_phone(text)
        except ValueError:
            continue
    return node.key


def _dump(entity: EntityProxy, stream: TextIO) -> None:
    stream.write(json.dumps(entity.to_dict(), ensure_ascii=False) + "\n")


def _node_entity(node: Node, phones: list[str]) -> EntityProxy | None:
    schema = _WRITE_NODES.get(EntityKind(node.kind)) if node.kind in _ENTITY_KINDS else None
    if schema is None:
        return None
    entity = make_entity(schema, node.key)
    label = node.label or node.key
    if schema == "Address":
        _put(entity, "full", label)
    elif schema == "Identification":
        _put(entity, "number", label)
    else:
        _put(entity, "name", label)
    if schema == "BankAccount":
        _put(entity, "iban" if looks_like_iban(node.key) else "accountNumber", node.key)
    if schema == "Event":
        day = node.attrs.get("date")
        if isinstance(day, date):
            _put(entity, "date", day.isoformat())
    _put(entity, "phone", *phones)
    _put_meta(entity, {k: node.attrs[k] for k in NODE_META if k in node.attrs})
    return entity


def _link_entity(edge: Edge, entity_id: str, phones: dict[str, str]) -> EntityProxy:
    kind = LinkKind(edge.kind) if edge.kind in LINK_KINDS else LinkKind.RELATED_TO
    chosen = edge.attrs.get("ftm")
    schema = SCHEMA_OF_KIND.get(kind, "UnknownLink")
    if isinstance(chosen, str) and chosen in LINK_SCHEMATA and LINK_SCHEMATA[chosen][2] is kind:
        schema = chosen
    entity = make_entity(schema, entity_id)
    source_prop, target_prop, _, role_prop = LINK_SCHEMATA[schema]
    for prop, end in ((source_prop, edge.source), (target_prop, edge.target)):
        if schema == "Call" and end in phones:
            _put(entity, prop + "Number", phones[end])
        else:
            _put(entity, prop, end)
    role = edge.attrs.get("role")
    if schema == "UnknownLink" and kind is not LinkKind.RELATED_TO:
        role = kind.value
    if role_prop:
        _put(entity, role_prop, role)
    if edge.start is not None and edge.start == edge.end:
        _put(entity, "date", edge.start.isoformat())
    else:
        _put(entity, "startDate", edge.start.isoformat() if edge.start else None)
        _put(entity, "endDate", edge.end.isoformat() if edge.end else None)
    if schema == "Payment":
        amount = edge.attrs.get("amount")
        _put(entity, "amount", _number(amount) if isinstance(amount, int | float) else None)
        _put(entity, "currency", edge.attrs.get("currency"))
    if schema == "Call" and isinstance(edge.attrs.get("duration"), int | float):
        _put(entity, "duration", edge.attrs["duration"])
    meta: dict[str, Any] = {k: edge.attrs[k] for k in EDGE_META if k in edge.attrs}
    if edge.weight != 1.0:
        meta["weight"] = edge.weight
    default = kind in DIRECTED_KINDS and schema not in UNDIRECTED_SCHEMATA
    if edge.directed != default:
        meta["directed"] = edge.directed
    _put_meta(entity, meta)
    return entity


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
