"""Groups of nodes: connected components and Leiden communities, as one ``Partition`` type.

Communities use the Leiden algorithm optimising modularity on the undirected weighted graph,
with a fixed seed so that the same file always gives the same groups. Up to
``LEIDENALG_MAX_EDGES`` edges this runs ``leidenalg``; above it, igraph's built-in C
implementation of the same algorithm (``Graph.community_leiden``), because leidenalg took 27 s
on a 200k-node, 750k-edge graph where igraph's took 1.5 s (2-core machine), and about 8 s at 80k
edges. Both run two Leiden iterations. igraph draws from a
``random.Random(seed)`` installed for the call only. A graph without edges has no community
structure: every node is its own group (modularity 0).

Groups are numbered by size, largest first (ties: by the smallest node index in the group), so
that group 0 is the main component or the biggest community whichever algorithm ran.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from clew.graph.network import Network, igraph

__all__ = [
    "LEIDENALG_MAX_EDGES",
    "RNG_LOCK",
    "Partition",
    "communities",
    "components",
    "groups_from_attribute",
]

LEIDENALG_MAX_EDGES = 20_000
RNG_LOCK = threading.Lock()
"""Held while igraph draws from a seeded generator installed for one call (igraph's generator
is global to the process)."""

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class Partition:
    """Each node's group number (``membership``, by node index) and what describes the split."""

    network: Network
    membership: IntArray
    modularity: float = 0.0
    method: str = ""

    @property
    def count(self) -> int:
        """The number of groups."""
        return int(self.membership.max()) + 1 if len(self.membership) else 0

    @property
    def sizes(self) -> list[int]:
        """Group sizes, by group number (so non-increasing)."""
        return np.bincount(self.membership, minlength=self.count).tolist()  # type: ignore[no-any-return]

    def group_of(self, key: str) -> int:
        """The group of the node with ``key``."""
        return int(self.membership[self.network.index[key]])

    def members(self, group: int) -> list[str]:
        """The keys in ``group``, in node order."""
        keys = self.network.keys
        return [keys[i] for i in np.flatnonzero(self.membership == group).tolist()]

    def groups(self) -> list[list[str]]:
        """All groups as lists of keys, largest first."""
        keys = self.network.keys
        order = np.argsort(self.membership, kind="stable")
        bounds = np.cumsum(np.bincount(self.membership, minlength=self.count))[:-1]
        return [[keys[i] for i in part.tolist()] for part in np.split(order, bounds)]


def _renumber(raw: Sequence[int] | IntArray) -> IntArray:
    """Relabel groups by size (largest first), ties by their smallest node index."""
    labels = np.asarray(raw, dtype=np.int64)
    if not len(labels):
        return labels
    _, first, inverse, counts = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse.ravel()].astype(np.int64)


def components(network: Network) -> Partition:
    """Connected components (direction ignored: who can reach whom by any link)."""
    membership = network.simple.connected_components(mode="weak").membership
    return Partition(network, _renumber(membership), 0.0, "components")


def communities(network: Network, *, seed: int = 0, resolution: float = 1.0) -> Partition:
    """Leiden communities maximising modularity (``resolution`` > 1 gives smaller groups)."""
    graph = network.simple
    n = len(network)
    if graph.ecount() == 0:
        return Partition(network, np.arange(n, dtype=np.int64), 0.0, "singletons")
    if graph.ecount() <= LEIDENALG_MAX_EDGES:
        import leidenalg  # type: ignore[import-untyped]  # (at first use, as igraph)

        found = leidenalg.find_partition(
            graph,
            leidenalg.RBConfigurationVertexPartition,
            weights="weight",
            resolution_parameter=resolution,
            seed=seed,
            n_iterations=2,
        )
        membership = _renumber(found.membership)
        method = "leidenalg"
    else:
        with RNG_LOCK:
            igraph().set_random_number_generator(random.Random(seed))  # noqa: S311 (not security)
            try:
                found = graph.community_leiden(
                    objective_function="modularity",
                    weights="weight",
                    resolution=resolution,
                    n_iterations=2,
                )
            finally:
                igraph().set_random_number_generator(random)
        membership = _renumber(found.membership)
        method = "igraph-leiden"
    modularity = graph.modularity(membership.tolist(), weights="weight", resolution=resolution)
    return Partition(network, membership, float(modularity), method)


def groups_from_attribute(network: Network, name: str, default: str = "") -> Partition:
    """Groups given by a node attribute (e.g. ``organisation`` or ``country``).

    Nodes without the attribute share the group of ``default`` (the empty string: "unknown").
    """
    labels = [str(node.attrs.get(name, default)) for node in network.nodes]
    codes: dict[str, int] = {}
    raw = [codes.setdefault(label, len(codes)) for label in labels]
    return Partition(network, _renumber(raw), 0.0, f"attribute:{name}")
