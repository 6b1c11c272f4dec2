"""A network built from nodes and edges: an igraph graph plus the key <-> index maps.

``Network.build(nodes, edges)`` keeps every edge as given (parallel edges are separate calls,
payments or meetings, and are shown as such) and derives, with numpy rather than Python loops:

- ``simple``: the undirected, simplified graph that most measures use; parallel edges and both
  directions of a pair are merged into one edge whose ``weight`` is the sum of their weights.
  Self-loops are dropped (calling oneself brokers nothing).
- ``directed`` (built on first use): the directed, simplified graph for measures where direction
  matters (PageRank, brokerage, directed paths). A directed edge is one arc; an undirected edge
  is two arcs, one each way, because "met" or "related to" holds both ways. Weights of merged
  arcs are summed.
- ``multigraph`` (built on first use): an undirected igraph multigraph with one igraph edge per
  given edge, in the given order, for display and export.

An edge whose endpoint is not among the nodes gets an implicit node (``Node(key)``), so a
selection of an analysis file that lacks a few entities still builds. Duplicate node keys are an
error: keys are the identity of entities.

igraph has no type stubs; this module and its siblings hold igraph objects as ``Any`` and expose
typed functions only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from clew.graph.items import Edge, Node

__all__ = ["NO_DATE_END", "NO_DATE_START", "Arcs", "Network", "date_ordinal", "hop_distances",
           "igraph"]  # fmt: skip

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

NO_DATE_START = np.iinfo(np.int64).min // 2
NO_DATE_END = np.iinfo(np.int64).max // 2


def date_ordinal(day: date | None, missing: int) -> int:
    """``day`` as a proleptic ordinal, or ``missing`` when there is no date."""
    return missing if day is None else day.toordinal()


def hop_distances(graph: Any, source: int, mode: str = "all") -> FloatArray:
    """Hop distances from ``source`` over an igraph graph (``inf`` where unreachable).

    ``mode`` "out" follows arcs, "in" goes against them (distances *to* ``source``). One
    breadth-first search in C; faster than ``Graph.distances`` on large graphs.
    """
    vids, layers, _ = graph.bfs(source, mode=mode)
    out = np.full(graph.vcount(), np.inf)
    bounds = np.asarray(layers, dtype=np.int64)
    out[np.asarray(vids, dtype=np.int64)] = np.repeat(
        np.arange(len(bounds) - 1, dtype=np.float64), np.diff(bounds)
    )
    return out


_source = attrgetter("source")
_target = attrgetter("target")
_start = attrgetter("start")
_weight = attrgetter("weight")


@lru_cache(maxsize=65_536)
def _start_ordinal(day: date | None) -> int:
    return date_ordinal(day, NO_DATE_START)


@lru_cache(maxsize=65_536)
def _end_ordinal(day: date | None) -> int:
    return date_ordinal(day, NO_DATE_END)


class Arcs:
    """Arcs grouped by their tail (a CSR index): the arcs leaving node ``v`` are positions
    ``ptr[v]:ptr[v + 1]`` of ``head`` (the other end) and ``edge`` (the edge it comes from).
    Plain numpy arrays: path searches slice them per node without calling into igraph.
    """

    __slots__ = ("edge", "head", "ptr")

    def __init__(self, n: int, tails: IntArray, heads: IntArray, edge_ids: IntArray) -> None:
        order = np.argsort(tails, kind="stable")
        self.head: IntArray = heads[order]
        self.edge: IntArray = edge_ids[order]
        self.ptr: IntArray = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(tails, minlength=n), out=self.ptr[1:])

    def leaving(self, v: int) -> tuple[IntArray, IntArray]:
        """(heads, edge ids) of the arcs leaving ``v``."""
        lo, hi = int(self.ptr[v]), int(self.ptr[v + 1])
        return self.head[lo:hi], self.edge[lo:hi]

    def spread(self, frontier: IntArray) -> IntArray:
        """The heads of all arcs leaving any node of ``frontier`` (with repeats)."""
        lo = self.ptr[frontier]
        lengths = self.ptr[frontier + 1] - lo
        total = int(lengths.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        shift = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
        return self.head[shift + np.arange(total, dtype=np.int64)]


def _merge(
    n: int, tails: IntArray, heads: IntArray, weights: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Distinct (tail, head) pairs as an (m, 2) array, with the summed weight of each."""
    codes = tails * n + heads
    unique, inverse = np.unique(codes, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=weights, minlength=len(unique))
    pairs = np.column_stack([unique // n, unique % n]).astype(np.int64)
    return pairs, summed.astype(np.float64)


def igraph() -> Any:
    """The igraph module, imported at first use: with its drawing stack (and matplotlib where
    that is installed) it holds ~40 MB in a process, which a web worker that never analyses a
    network need not carry."""
    import igraph as module  # type: ignore[import-untyped]

    return module


def _graph(n: int, pairs: IntArray, weights: FloatArray, directed: bool) -> Any:
    graph = igraph().Graph(n, pairs.tolist(), directed=directed)
    graph.es["weight"] = weights.tolist()
    return graph


class Network:
    """The nodes and edges of an analysis file (or a selection), ready for analysis.

    Attributes: ``nodes`` and ``edges`` as given (plus implicit nodes), ``keys`` (index ->
    key), ``index`` (key -> index), and per given edge the numpy arrays ``source``, ``target``
    (node indexes), ``weight``, and (computed on first use) ``is_directed``, ``start`` and
    ``end`` (date ordinals; a missing start is ``NO_DATE_START``, a missing end ``NO_DATE_END``,
    except that an edge with a start and no end is a single dated event, ``end == start``).
    ``simple_pairs`` and
    ``directed_pairs`` are the edges of ``simple`` and ``directed`` as (m, 2) index arrays, in
    igraph's edge order. Treat all of it as read-only. Build with :meth:`build`.
    """

    def __init__(self, nodes: Sequence[Node], edges: Sequence[Edge]) -> None:
        self._implicit: list[Node] = []
        self.edges: tuple[Edge, ...] = tuple(edges)
        self.keys: list[str] = [node.key for node in nodes]
        self.index: dict[str, int] = {key: i for i, key in enumerate(self.keys)}
        if len(self.index) != len(self.keys):
            duplicate = next(k for k, c in Counter(self.keys).items() if c > 1)
            raise ValueError(f"duplicate node key {duplicate!r}")
        m = len(self.edges)
        self.source, self.target = self._endpoints()
        self.weight: FloatArray = np.fromiter(map(_weight, self.edges), np.float64, m)
        self.nodes: tuple[Node, ...] = (*nodes, *self._implicit)
        n = len(self.keys)
        loop = self.source == self.target
        lo = np.minimum(self.source, self.target)[~loop]
        hi = np.maximum(self.source, self.target)[~loop]
        pairs, weights = _merge(n, lo, hi, self.weight[~loop])
        self.simple_pairs: IntArray = pairs
        self.simple: Any = _graph(n, pairs, weights, directed=False)

    @cached_property
    def is_directed(self) -> BoolArray:
        """Per given edge, whether its direction means something."""
        return np.fromiter(map(attrgetter("directed"), self.edges), np.bool_, len(self.edges))

    @cached_property
    def start(self) -> IntArray:
        """Per given edge, the ordinal of its start (``NO_DATE_START`` when unknown)."""
        return np.fromiter(map(_start_ordinal, map(_start, self.edges)), np.int64, len(self.edges))

    @cached_property
    def end(self) -> IntArray:
        """Per given edge, the ordinal of its end (its start for an event with no end;
        ``NO_DATE_END`` when both are unknown)."""
        m = len(self.edges)
        ends = np.fromiter(map(_end_ordinal, map(attrgetter("end"), self.edges)), np.int64, m)
        out: IntArray = np.where(
            (ends == NO_DATE_END) & (self.start != NO_DATE_START), self.start, ends
        )
        return out

    @cached_property
    def _directed_merged(self) -> tuple[IntArray, FloatArray]:
        loop = self.source == self.target
        both = ~self.is_directed & ~loop
        tails = np.concatenate([self.source[~loop], self.target[both]])
        heads = np.concatenate([self.target[~loop], self.source[both]])
        arc_weights = np.concatenate([self.weight[~loop], self.weight[both]])
        return _merge(len(self.keys), tails, heads, arc_weights)

    @property
    def directed_pairs(self) -> IntArray:
        """The arcs of ``directed`` as an (m, 2) array of node indexes, in igraph's edge order."""
        return self._directed_merged[0]

    @cached_property
    def directed(self) -> Any:
        """The simplified directed igraph graph (built on first use; see the module docstring)."""
        pairs, weights = self._directed_merged
        return _graph(len(self.keys), pairs, weights, directed=True)

    @classmethod
    def build(cls, nodes: Iterable[Node], edges: Iterable[Edge]) -> Network:
        """Build a network; see the module docstring for what is derived and why."""
        return cls(list(nodes), list(edges))

    def _endpoints(self) -> tuple[IntArray, IntArray]:
        """Node indexes of every edge's source and target; unknown keys become implicit nodes,
        numbered in order of first appearance."""
        index = self.index
        m = len(self.edges)
        try:  # the common case, at C speed: every endpoint is a known node
            sources = np.fromiter(map(index.__getitem__, map(_source, self.edges)), np.int64, m)
            targets = np.fromiter(map(index.__getitem__, map(_target, self.edges)), np.int64, m)
            return sources, targets
        except KeyError:
            pass
        sources = np.fromiter((index.get(e.source, -1) for e in self.edges), np.int64, m)
        targets = np.fromiter((index.get(e.target, -1) for e in self.edges), np.int64, m)
        missing = np.flatnonzero((sources < 0) | (targets < 0)).tolist()
        for i in missing:
            edge = self.edges[i]
            for key in (edge.source, edge.target):
                if key not in index:
                    index[key] = len(self.keys)
                    self.keys.append(key)
                    self._implicit.append(Node(key))
            sources[i], targets[i] = index[edge.source], index[edge.target]
        return sources, targets

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self.index

    def __repr__(self) -> str:
        return f"Network({len(self.keys)} nodes, {len(self.edges)} edges)"

    def node(self, key: str) -> Node:
        """The node with ``key``; ``KeyError`` if there is none."""
        return self.nodes[self.index[key]]

    def indexes(self, keys: Iterable[str]) -> list[int]:
        """Node indexes of ``keys``; ``KeyError`` names the first unknown key."""
        try:
            return [self.index[key] for key in keys]
        except KeyError as error:
            raise KeyError(f"unknown node key {error.args[0]!r}") from None

    @cached_property
    def strength(self) -> FloatArray:
        """Weighted degree per node: the sum of the weights of its edges (self-loops excluded)."""
        loop = self.source == self.target
        n = len(self.keys)
        out = np.bincount(self.source[~loop], self.weight[~loop], n) + np.bincount(
            self.target[~loop], self.weight[~loop], n
        )
        return out.astype(np.float64)

    @cached_property
    def multigraph(self) -> Any:
        """An undirected igraph multigraph, one edge per given edge in the given order."""
        pairs = np.column_stack([self.source, self.target])
        graph = igraph().Graph(len(self.keys), pairs.tolist(), directed=False)
        graph.es["weight"] = self.weight.tolist()
        graph.vs["name"] = self.keys
        return graph

    @cached_property
    def simple_arcs(self) -> Arcs:
        """The simple undirected graph as arcs both ways (``edge``: the simple edge id)."""
        pairs = self.simple_pairs
        ids = np.arange(len(pairs), dtype=np.int64)
        return Arcs(
            len(self.keys),
            np.concatenate([pairs[:, 0], pairs[:, 1]]),
            np.concatenate([pairs[:, 1], pairs[:, 0]]),
            np.concatenate([ids, ids]),
        )

    def directed_arcs(self, reverse: bool = False) -> Arcs:
        """The simple directed graph as arcs, or against their direction with ``reverse``."""
        return self._reverse_arcs if reverse else self._forward_arcs

    @cached_property
    def _forward_arcs(self) -> Arcs:
        pairs = self.directed_pairs
        ids = np.arange(len(pairs), dtype=np.int64)
        return Arcs(len(self.keys), pairs[:, 0], pairs[:, 1], ids)

    @cached_property
    def _reverse_arcs(self) -> Arcs:
        pairs = self.directed_pairs
        ids = np.arange(len(pairs), dtype=np.int64)
        return Arcs(len(self.keys), pairs[:, 1], pairs[:, 0], ids)

    def arcs(self, directed: bool) -> Arcs:
        """The given edges as arcs by tail; ``directed`` keeps directed edges one-way."""
        return self._directed_arcs if directed else self._undirected_arcs

    @cached_property
    def _undirected_arcs(self) -> Arcs:
        ids = np.arange(len(self.edges), dtype=np.int64)
        return Arcs(
            len(self.keys),
            np.concatenate([self.source, self.target]),
            np.concatenate([self.target, self.source]),
            np.concatenate([ids, ids]),
        )

    @cached_property
    def _directed_arcs(self) -> Arcs:
        ids = np.arange(len(self.edges), dtype=np.int64)
        both = ~self.is_directed
        return Arcs(
            len(self.keys),
            np.concatenate([self.source, self.target[both]]),
            np.concatenate([self.target, self.source[both]]),
            np.concatenate([ids, ids[both]]),
        )
