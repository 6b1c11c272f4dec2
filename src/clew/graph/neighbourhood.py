"""Neighbourhood expansion: who is within N links of one or more entities.

``neighbourhood(network, keys, depth=2, limit=500)`` walks outwards ring by ring over the
undirected simple graph (direction ignored: a call links both parties). When the next ring would
pass ``limit`` nodes, it takes the ring's best-connected nodes first (by weighted degree, then
node order, so the cut is deterministic) and marks the result ``truncated``. The result carries
every given edge (parallel edges included, for display) whose two ends are both in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from clew.graph.items import Edge
from clew.graph.network import Network

__all__ = ["Subnetwork", "neighbourhood"]


@dataclass(frozen=True, slots=True)
class Subnetwork:
    """Node keys (seeds first, then ring by ring), each key's distance in links from the
    nearest seed, the given edges among them, and whether ``limit`` cut the expansion."""

    keys: tuple[str, ...]
    depth: dict[str, int]
    edges: tuple[Edge, ...]
    truncated: bool


def neighbourhood(
    network: Network, keys: Iterable[str], depth: int = 1, limit: int = 500
) -> Subnetwork:
    """Nodes within ``depth`` links of any of ``keys`` (at most ``limit``), and their edges.

    Seeds are always kept, even beyond ``limit``. ``KeyError`` for an unknown key.
    """
    seeds = list(dict.fromkeys(network.indexes(keys)))
    arcs = network.simple_arcs
    strength = network.strength
    keys_of = network.keys
    inside = np.zeros(len(network), dtype=np.bool_)
    inside[seeds] = True
    found: dict[int, int] = {v: 0 for v in seeds}
    ring = np.asarray(seeds, dtype=np.int64)
    truncated = False
    for level in range(1, depth + 1):
        reached = arcs.spread(ring)
        fresh = np.unique(reached[~inside[reached]])
        if not len(fresh):
            break
        room = max(limit - len(found), 0)
        if len(fresh) > room:
            truncated = True
            fresh = fresh[np.lexsort((fresh, -strength[fresh]))[:room]]
        inside[fresh] = True
        for v in fresh.tolist():
            found[v] = level
        ring = fresh
    chosen = np.flatnonzero(inside[network.source] & inside[network.target])
    edges = network.edges
    return Subnetwork(
        keys=tuple(keys_of[v] for v in found),
        depth={keys_of[v]: d for v, d in found.items()},
        edges=tuple(edges[i] for i in chosen.tolist()),
        truncated=truncated,
    )
