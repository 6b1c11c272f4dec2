"""Paths between two entities: the shortest, all the short ones, and the time-ordered ones.

- ``shortest_path``: one shortest path (fewest links), or ``None`` if they are not connected.
- ``short_paths``: all shortest paths, and with ``extra=1`` also those one link longer, up to
  ``limit`` paths, shortest first (then by node order). Simple paths only (no node twice).
- ``time_paths``: paths along which something could actually have flowed from ``source`` to
  ``target``: each link is used at a time within its ``start``..``end`` and never earlier than
  the link before it was used. For dated events (``start == end``), that is exactly "each next
  edge does not start before the previous one"; a link that lasted (an association from 2018 to
  2023) can carry what arrives while it lasts. Directed links (calls, payments) are followed only
  from source to target. Undated links are left out unless ``include_undated`` (then they hold at
  any time). Fewest links first; among parallel edges each hop takes the one usable earliest.

``directed=True`` makes ``shortest_path``/``short_paths`` follow directed edges one way only.

Searches run in numpy over CSR arrays, not igraph: a breadth-first search grown from both ends
until the two balls meet, then a depth-first enumeration pruned by the distances it found. On a
200k-node, 1M-edge graph a query touches a few thousand nodes, not the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from clew.graph.items import Edge
from clew.graph.network import NO_DATE_END, NO_DATE_START, Arcs, Network

__all__ = ["Path", "TimedPath", "short_paths", "shortest_path", "time_paths"]

IntArray = npt.NDArray[np.int64]
MAX_STEPS = 50_000
"""Cap on the work of one query (arcs looked at, plus candidates tried), so that hubs cannot
hang a request: a search that reaches it returns the paths found so far."""


@dataclass(frozen=True, slots=True)
class Path:
    """Node keys from source to target, and the given edges joining each consecutive pair."""

    keys: tuple[str, ...]
    edges: tuple[Edge, ...]

    def __len__(self) -> int:
        return len(self.keys) - 1


@dataclass(frozen=True, slots=True)
class TimedPath:
    """A time-ordered path: keys, the one edge used per hop, and when each hop was used at the
    earliest (``None`` for an undated edge)."""

    keys: tuple[str, ...]
    edges: tuple[Edge, ...]
    dates: tuple[date | None, ...]

    def __len__(self) -> int:
        return len(self.keys) - 1


class _Balls:
    """Distances from the source (forward) and to the target (backward), each up to a radius,
    grown ring by ring on the smaller side until the radii add up to ``length``."""

    def __init__(self, forward: Arcs, backward: Arcs, source: int, target: int) -> None:
        n = len(forward.ptr) - 1
        self.forward, self.backward = forward, backward
        self.from_source = np.full(n, -1, dtype=np.int64)
        self.to_target = np.full(n, -1, dtype=np.int64)
        self.from_source[source] = 0
        self.to_target[target] = 0
        self.fronts = [np.asarray([source], dtype=np.int64), np.asarray([target], dtype=np.int64)]
        self.radius = [0, 0]
        self.shortest = 0 if source == target else -1

    def _grow(self, side: int) -> None:
        arcs = self.forward if side == 0 else self.backward
        dist = self.from_source if side == 0 else self.to_target
        other = self.to_target if side == 0 else self.from_source
        reached = arcs.spread(self.fronts[side])
        reached = np.unique(reached[dist[reached] < 0])
        self.radius[side] += 1
        dist[reached] = self.radius[side]
        self.fronts[side] = reached
        met = reached[other[reached] >= 0]
        if len(met):
            best = int((dist[met] + other[met]).min())
            self.shortest = best if self.shortest < 0 else min(self.shortest, best)

    def grow_to(self, length: int) -> None:
        """Grow until the shortest distance is known and the radii add up to ``length``."""
        while True:
            done = self.shortest >= 0 and sum(self.radius) >= max(length, self.shortest)
            if done or not (len(self.fronts[0]) and len(self.fronts[1])):
                return
            side = 0 if len(self.fronts[0]) <= len(self.fronts[1]) else 1
            self._grow(side)

    def admissible(self, nodes: IntArray, position: int, length: int) -> npt.NDArray[np.bool_]:
        """Which ``nodes`` can stand at ``position`` on a path of ``length`` hops."""
        to_target = self.to_target[nodes]
        from_source = self.from_source[nodes]
        near_target = (to_target >= 0) & (to_target <= length - position)
        near_source = (from_source >= 0) & (from_source <= position)
        room = length - position >= self.radius[1] + 1
        ok: npt.NDArray[np.bool_] = near_target | (
            near_source & (position <= self.radius[0]) & (to_target < 0) & room
        )
        return ok


def _endpoints(network: Network, source: str, target: str) -> tuple[int, int]:
    s, t = network.indexes([source, target])
    return s, t


def _joining(network: Network, u: int, v: int, directed: bool) -> tuple[Edge, ...]:
    heads, ids = network.arcs(directed).leaving(u)
    edges = network.edges
    return tuple(edges[i] for i in np.unique(ids[heads == v]).tolist())


def _enumerate(
    arcs: Arcs,
    balls: _Balls,
    source: int,
    target: int,
    length: int,
    limit: int,
    found: list[list[int]],
) -> None:
    """Append to ``found`` the simple paths of exactly ``length`` hops, in node order."""
    path = [source]
    on_path = {source}
    steps = 0

    def walk(v: int) -> None:
        nonlocal steps
        position = len(path)
        heads, _ = arcs.leaving(v)
        steps += len(heads)
        heads = np.unique(heads)
        heads = heads[balls.admissible(heads, position, length)]
        for w in heads.tolist():
            steps += 1
            if len(found) >= limit or steps > MAX_STEPS:
                return
            if w in on_path:
                continue
            if w == target:
                if position == length:
                    found.append([*path, w])
                continue
            if position < length:
                path.append(w)
                on_path.add(w)
                walk(w)
                path.pop()
                on_path.discard(w)

    walk(source)


def short_paths(
    network: Network,
    source: str,
    target: str,
    *,
    extra: int = 0,
    limit: int = 100,
    directed: bool = False,
) -> list[Path]:
    """All shortest paths (``extra=0``) or up to ``extra`` links longer, at most ``limit``."""
    s, t = _endpoints(network, source, target)
    keys = network.keys
    if s == t:
        return [Path((keys[s],), ())]
    forward = network.directed_arcs() if directed else network.simple_arcs
    backward = network.directed_arcs(reverse=True) if directed else network.simple_arcs
    balls = _Balls(forward, backward, s, t)
    balls.grow_to(0)
    if balls.shortest < 0:
        return []
    balls.grow_to(balls.shortest + extra)
    found: list[list[int]] = []
    for length in range(balls.shortest, balls.shortest + extra + 1):
        _enumerate(forward, balls, s, t, length, limit, found)
    return [
        Path(
            tuple(keys[v] for v in nodes),
            tuple(e for u, v in pairwise(nodes) for e in _joining(network, u, v, directed)),
        )
        for nodes in found
    ]


def shortest_path(
    network: Network, source: str, target: str, *, directed: bool = False
) -> Path | None:
    """One shortest path (the first in node order), or ``None`` when there is none."""
    paths = short_paths(network, source, target, limit=1, directed=directed)
    return paths[0] if paths else None


def time_paths(
    network: Network,
    source: str,
    target: str,
    *,
    max_hops: int = 6,
    limit: int = 20,
    include_undated: bool = False,
    since: date | None = None,
) -> list[TimedPath]:
    """Time-ordered paths from ``source`` to ``target`` (see the module docstring), fewest
    hops first, at most ``limit``, none longer than ``max_hops``; flow starts at ``since``."""
    s, t = _endpoints(network, source, target)
    keys = network.keys
    if s == t:
        return [TimedPath((keys[s],), (), ())]
    balls = _Balls(network.directed_arcs(), network.directed_arcs(reverse=True), s, t)
    balls.grow_to(max_hops)
    if balls.shortest < 0 or balls.shortest > max_hops:
        return []
    arcs = network.arcs(directed=True)
    starts, ends = network.start, network.end
    dated = (starts != NO_DATE_START) | (ends != NO_DATE_END)
    usable = np.ones_like(dated) if include_undated else dated
    found: list[tuple[list[int], list[int], list[int]]] = []
    steps = 0

    def search(length: int) -> None:
        path, used, times = [s], list[int](), list[int]()
        on_path = {s}

        def walk(v: int, now: int) -> None:
            nonlocal steps
            position = len(path)
            heads, ids = arcs.leaving(v)
            steps += len(heads)
            keep = usable[ids] & (ends[ids] >= now)
            heads, ids = heads[keep], ids[keep]
            keep = balls.admissible(heads, position, length)
            heads, ids = heads[keep], ids[keep]
            if not len(heads):
                return
            arrive = np.maximum(starts[ids], now)
            order = np.lexsort((ids, arrive, heads))  # per head: earliest arrival, then edge
            heads, ids, arrive = heads[order], ids[order], arrive[order]
            first = np.ones(len(heads), dtype=np.bool_)
            first[1:] = heads[1:] != heads[:-1]
            for w, edge, when in zip(
                heads[first].tolist(), ids[first].tolist(), arrive[first].tolist(), strict=True
            ):
                steps += 1
                if len(found) >= limit or steps > MAX_STEPS or w in on_path:
                    continue
                if w == t:
                    if position == length:
                        found.append(([*path, w], [*used, edge], [*times, when]))
                    continue
                if position < length:
                    path.append(w)
                    used.append(edge)
                    times.append(when)
                    on_path.add(w)
                    walk(w, when)
                    path.pop()
                    used.pop()
                    times.pop()
                    on_path.discard(w)

        walk(s, NO_DATE_START if since is None else since.toordinal())

    for length in range(balls.shortest, max_hops + 1):
        if len(found) >= limit or steps > MAX_STEPS:
            break
        search(length)
    edges = network.edges
    return [
        TimedPath(
            tuple(keys[v] for v in nodes),
            tuple(edges[i] for i in used),
            tuple(
                date.fromordinal(o) if dated[i] and o != NO_DATE_START else None
                for i, o in zip(used, times, strict=True)
            ),
        )
        for nodes, used, times in found
    ]
