"""Brokerage roles (Gould & Fernandez 1989): how often a node sits between others, by group.

A node B brokers every *open* two-path A -> B -> C on the directed graph: A and C are different
nodes and there is no arc A -> C (if there were, A would not need B). Its role in that two-path
depends on the groups of the three (groups: communities, or an attribute such as organisation):

================  =====================================  ======================================
role              groups                                 reads as
================  =====================================  ======================================
coordinator       A, B, C all in one group               mediates inside its own group
itinerant         A and C in one group, B in another     an outside consultant to a group
representative    A and B in one group, C in another     speaks for its group to outsiders
gatekeeper        B and C in one group, A in another     controls what enters its group
liaison           A, B and C in three different groups   links groups it does not belong to
================  =====================================  ======================================

The directed graph is ``Network.directed``: calls and payments one way, undirected links both
ways (so an undirected A - B - C with no A - C link counts as two two-paths, A->B->C and
C->B->A). Counting is exact and vectorised, never by enumerating two-paths one by one (a hub
with 5,000 callers and 5,000 callees has 25 million): per node, the two-paths by group of A and C
come from per-group in- and out-neighbour counts; pairs A == C (reciprocal ties) and closed
two-paths (found from the triangles of the undirected graph) are then subtracted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from clew.graph.groups import Partition
from clew.graph.network import Network

__all__ = ["BROKER_ROLES", "Brokerage", "Role", "brokerage"]

IntArray = npt.NDArray[np.int64]


class Role(StrEnum):
    COORDINATOR = "coordinator"
    ITINERANT = "itinerant"
    REPRESENTATIVE = "representative"
    GATEKEEPER = "gatekeeper"
    LIAISON = "liaison"


BROKER_ROLES = (Role.ITINERANT, Role.REPRESENTATIVE, Role.GATEKEEPER, Role.LIAISON)
"""The roles that cross a group boundary (all but coordinator)."""


@dataclass(frozen=True, slots=True, eq=False)
class Brokerage:
    """Counts of open two-paths per node and role (arrays indexed like ``network.keys``)."""

    network: Network
    counts: Mapping[Role, IntArray]

    def roles(self, key: str) -> dict[Role, int]:
        """The role counts of one node."""
        i = self.network.index[key]
        return {role: int(self.counts[role][i]) for role in Role}

    def total(self, roles: Sequence[Role] = tuple(Role)) -> IntArray:
        """Per node, the sum of the counts of ``roles``."""
        out = np.zeros(len(self.network), dtype=np.int64)
        for role in roles:
            out += self.counts[role]
        return out


def _group_counts(
    nodes: IntArray, other_groups: IntArray, groups: int
) -> tuple[IntArray, IntArray]:
    """Distinct (node, group) codes and how many neighbours of the node are in the group."""
    codes = nodes * groups + other_groups
    unique, counts = np.unique(codes, return_counts=True)
    return unique, counts.astype(np.int64)


def _role_of(ga: IntArray, gb: IntArray, gc: IntArray) -> list[tuple[Role, npt.NDArray[np.bool_]]]:
    same_ab = ga == gb
    same_bc = gb == gc
    same_ac = ga == gc
    return [
        (Role.COORDINATOR, same_ab & same_bc),
        (Role.ITINERANT, same_ac & ~same_ab),
        (Role.REPRESENTATIVE, same_ab & ~same_bc),
        (Role.GATEKEEPER, same_bc & ~same_ab),
        (Role.LIAISON, ~same_ab & ~same_bc & ~same_ac),
    ]


def brokerage(network: Network, groups: Partition | Sequence[int] | IntArray) -> Brokerage:
    """Gould-Fernandez role counts for every node, with ``groups`` by node index."""
    n = len(network)
    membership = np.asarray(
        groups.membership if isinstance(groups, Partition) else groups, dtype=np.int64
    )
    if len(membership) != n:
        raise ValueError(f"groups has {len(membership)} entries for {n} nodes")
    g_count = int(membership.max()) + 1 if n else 1
    arcs = network.directed_pairs
    tail, head = arcs[:, 0], arcs[:, 1]
    own = membership
    indeg = np.bincount(head, minlength=n).astype(np.int64)
    outdeg = np.bincount(tail, minlength=n).astype(np.int64)
    in_same = np.bincount(head[own[tail] == own[head]], minlength=n).astype(np.int64)
    out_same = np.bincount(tail[own[tail] == own[head]], minlength=n).astype(np.int64)

    # sum over other groups g of (in-neighbours in g) * (out-neighbours in g), per node
    in_codes, in_counts = _group_counts(head, own[tail], g_count)
    out_codes, out_counts = _group_counts(tail, own[head], g_count)
    shared, in_at, out_at = np.intersect1d(in_codes, out_codes, return_indices=True)
    shared_node = shared // g_count
    shared_group = shared % g_count
    products = in_counts[in_at] * out_counts[out_at]
    other = shared_group != own[shared_node]
    across = np.bincount(shared_node[other], weights=products[other], minlength=n).astype(np.int64)

    # reciprocal ties: A -> B and B -> A gives the non-path A -> B -> A
    codes = tail * n + head
    order = np.sort(codes)
    reverse = head * n + tail
    at = np.searchsorted(order, reverse)
    at[at >= len(order)] = 0
    mutual = (order[at] == reverse) if len(order) else np.zeros(0, dtype=np.bool_)
    # each mutual arc (B -> A with A -> B) is one A == C pair at B = tail
    rec_same = np.bincount(tail[mutual & (own[tail] == own[head])], minlength=n)
    rec_diff = np.bincount(tail[mutual & (own[tail] != own[head])], minlength=n)

    counts: dict[Role, IntArray] = {
        Role.COORDINATOR: in_same * out_same - rec_same,
        Role.ITINERANT: across - rec_diff,
        Role.REPRESENTATIVE: in_same * (outdeg - out_same),
        Role.GATEKEEPER: (indeg - in_same) * out_same,
        Role.LIAISON: (indeg - in_same) * (outdeg - out_same) - across,
    }

    # closed two-paths A -> B -> C with A -> C: from the undirected triangles
    triangles = np.asarray(network.simple.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(triangles) and len(order):
        x, y, z = triangles[:, 0], triangles[:, 1], triangles[:, 2]

        def has(a: IntArray, c: IntArray) -> npt.NDArray[np.bool_]:
            wanted = a * n + c
            found = np.searchsorted(order, wanted)
            found[found >= len(order)] = 0
            hit: npt.NDArray[np.bool_] = order[found] == wanted
            return hit

        corners = {"x": x, "y": y, "z": z}
        arc = {(p, q): has(corners[p], corners[q]) for p in "xyz" for q in "xyz" if p != q}
        for a, b, c in ("xyz", "xzy", "yxz", "yzx", "zxy", "zyx"):
            closed = arc[a, b] & arc[b, c] & arc[a, c]
            ga, gb, gc = own[corners[a]], own[corners[b]], own[corners[c]]
            for role, mask in _role_of(ga, gb, gc):
                pick = closed & mask
                counts[role] = counts[role] - np.bincount(corners[b][pick], minlength=n)
    final = {role: counts[role].astype(np.int64) for role in Role}
    return Brokerage(network, final)
