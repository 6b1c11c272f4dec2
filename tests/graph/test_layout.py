"""The seeded layout: the same picture on every load, every node on its own spot."""

from __future__ import annotations

import math
import random

from clew.graph import seeded_layout

from .nets import two_cliques


def test_the_same_network_is_laid_out_the_same_every_time() -> None:
    network = two_cliques()
    pairs = [(e.source, e.target) for e in network.edges]
    first = seeded_layout(network.keys, pairs)
    random.seed(12345)  # whatever else drew from the global generator meanwhile
    assert seeded_layout(network.keys, pairs) == first
    assert set(first) == set(network.keys) and len(set(first.values())) == len(first)


def test_linked_nodes_are_drawn_near_each_other() -> None:
    network = two_cliques()
    at = seeded_layout(network.keys, [(e.source, e.target) for e in network.edges])
    inside = math.dist(at["a1"], at["a2"])
    across = math.dist(at["a1"], at["b1"])
    assert inside < across / 2


def test_empty_and_single_networks() -> None:
    assert seeded_layout([], []) == {}
    assert seeded_layout(["x"], [("x", "x")]) == {"x": (0.0, 0.0)}
