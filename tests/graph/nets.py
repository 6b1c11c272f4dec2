"""Tiny builders for test networks: from pairs, the classic shapes, Zachary, and CAVIAR."""

from __future__ import annotations

import csv
from collections.abc import Iterable

import igraph  # type: ignore[import-untyped]
import networkx as nx

from clew.graph import Edge, Network, Node
from clew.intel.caviar import DATA as CAVIAR


def net(
    pairs: Iterable[tuple[str, str]], directed: bool = False, nodes: Iterable[str] = ()
) -> Network:
    return Network.build(
        [Node(k) for k in nodes], [Edge(a, b, directed=directed) for a, b in pairs]
    )


def star(leaves: int) -> Network:
    return net([("hub", f"l{i}") for i in range(leaves)])


def path(length: int) -> Network:
    return net([(str(i), str(i + 1)) for i in range(length - 1)])


def triangle_with_pendant() -> Network:
    return net([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])


def two_cliques(size: int = 5) -> Network:
    """Two cliques a0..a4 and b0..b4, joined through a bridge node "x" (a0 - x - b0)."""
    pairs = [(f"{s}{i}", f"{s}{j}") for s in "ab" for i in range(size) for j in range(i + 1, size)]
    return net([*pairs, ("a0", "x"), ("x", "b0")])


def karate() -> Network:
    graph = igraph.Graph.Famous("Zachary")
    return net(
        [(str(a), str(b)) for a, b in graph.get_edgelist()], nodes=[str(i) for i in range(34)]
    )


def to_networkx(network: Network, directed: bool = False) -> nx.Graph:
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(network.keys)
    source = network.directed if directed else network.simple
    for (a, b), w in zip(source.get_edgelist(), source.es["weight"], strict=True):
        graph.add_edge(network.keys[a], network.keys[b], weight=w)
    return graph


def caviar_phase(phase: int) -> tuple[list[Node], list[Edge]]:
    """One CAVIAR phase: players as nodes, each non-zero cell as a directed "called" edge
    weighted by the number of calls."""
    with (CAVIAR / f"phase{phase}.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    players = [p for p in rows[0][1:] if p]
    edges = [
        Edge(row[0], players[j], "called", float(cell), directed=True)
        for row in rows[1:]
        for j, cell in enumerate(row[1 : len(players) + 1])
        if cell and float(cell) > 0
    ]
    return [Node(p) for p in players], edges
