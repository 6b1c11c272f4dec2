from __future__ import annotations

from datetime import date

import pytest

from clew.graph import Edge, Network, Node

from .nets import net


def test_parallel_edges_kept_for_display_and_summed_for_measures() -> None:
    network = Network.build(
        [Node("a"), Node("b")],
        [Edge("a", "b", weight=2), Edge("b", "a", weight=3), Edge("a", "b", weight=1)],
    )
    assert len(network.edges) == 3
    assert network.multigraph.ecount() == 3
    assert network.simple.ecount() == 1
    assert network.simple.es["weight"] == [6.0]
    assert network.strength.tolist() == [6.0, 6.0]


def test_directed_view_keeps_direction_and_doubles_undirected_links() -> None:
    network = Network.build(
        [], [Edge("a", "b", directed=True), Edge("b", "c"), Edge("a", "b", weight=4, directed=True)]
    )
    arcs = {(network.keys[s], network.keys[t]) for s, t in network.directed.get_edgelist()}
    assert arcs == {("a", "b"), ("b", "c"), ("c", "b")}
    weight = dict(zip(network.directed.get_edgelist(), network.directed.es["weight"], strict=True))
    assert weight[(network.index["a"], network.index["b"])] == 5.0


def test_edges_to_unknown_keys_get_implicit_nodes() -> None:
    network = Network.build([Node("a", label="Anna")], [Edge("a", "b"), Edge("c", "b")])
    assert network.keys == ["a", "b", "c"]
    assert network.node("a").label == "Anna"
    assert network.node("c") == Node("c")


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate node key 'a'"):
        Network.build([Node("a"), Node("b"), Node("a")], [])


def test_self_loops_are_dropped_from_measures_but_kept_as_edges() -> None:
    network = net([("a", "a"), ("a", "b")])
    assert len(network.edges) == 2
    assert network.simple.ecount() == 1
    assert network.strength.tolist() == [1.0, 1.0]


def test_dates_become_ordinals_and_a_start_alone_is_an_event() -> None:
    day = date(2024, 3, 1)
    network = Network.build([], [Edge("a", "b", start=day), Edge("a", "b")])
    assert network.start[0] == network.end[0] == day.toordinal()
    assert network.start[1] < 0 < network.end[1]


def test_unknown_key_lookup_names_the_key() -> None:
    with pytest.raises(KeyError, match="zz"):
        net([("a", "b")]).indexes(["a", "zz"])
