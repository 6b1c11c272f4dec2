"""The plain items a network is built from: nodes (entities) and edges (links).

Readers of network files produce them, the analysis-file store turns its rows into them, and
:mod:`clew.graph` builds an igraph graph from them. Frozen dataclasses with slots: cheap to make
by the million, hashable, and free of storage or web types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Edge", "Node"]


@dataclass(frozen=True, slots=True)
class Node:
    """One entity. ``key`` is unique within a network; ``kind`` is an ``EntityKind`` value.

    ``attrs`` carries what the file knows that ranking may weigh, by these names when present:
    ``role`` (str, e.g. "leader", "trafficker", "financier"), ``alerts`` (int, watchlist alerts
    on the entity), ``money`` (float, amount the entity handled), ``date`` (date, for events).
    """

    key: str
    kind: str = "person"
    label: str = ""
    attrs: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Edge:
    """One link from ``source`` to ``target`` (node keys). ``kind`` is a ``LinkKind`` value.

    ``weight`` counts or weighs the link (e.g. number of calls). ``start``/``end`` bound when it
    held (``None``: unknown); a single dated event has ``start == end``. ``directed`` says whether
    the direction means something (calls, payments) or not (met, related to). ``attrs`` carries
    the rest by these names when present: ``amount`` (float) and ``currency`` (str) for payments,
    ``reliability`` (A/B/C/X) and ``information`` (1-4) for the grading of its source.
    """

    source: str
    target: str
    kind: str = "related_to"
    weight: float = 1.0
    start: date | None = None
    end: date | None = None
    directed: bool = False
    key: str = ""
    attrs: Mapping[str, object] = field(default_factory=dict)
