from __future__ import annotations

import random
from datetime import date

import networkx as nx
import pytest

from clew.graph import Edge, Network, Node, short_paths, shortest_path, time_paths

from .nets import net, path


def day(d: int) -> date:
    return date(2024, 1, d)


def call(a: str, b: str, on: int, directed: bool = True) -> Edge:
    return Edge(a, b, "called", start=day(on), end=day(on), directed=directed)


def test_shortest_path_along_a_line() -> None:
    found = shortest_path(path(5), "0", "4")
    assert found is not None
    assert found.keys == ("0", "1", "2", "3", "4") and len(found) == 4
    assert [(e.source, e.target) for e in found.edges] == [
        ("0", "1"),
        ("1", "2"),
        ("2", "3"),
        ("3", "4"),
    ]


def test_no_path_between_components() -> None:
    assert shortest_path(net([("a", "b"), ("c", "d")]), "a", "d") is None
    assert short_paths(net([("a", "b"), ("c", "d")]), "a", "d") == []


def test_a_node_to_itself() -> None:
    found = shortest_path(path(3), "1", "1")
    assert found is not None and found.keys == ("1",) and len(found) == 0


def test_all_shortest_paths_around_a_square_and_one_longer() -> None:
    network = net(
        [("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("a", "e"), ("e", "f"), ("f", "d")]
    )
    shortest = short_paths(network, "a", "d")
    assert sorted(p.keys for p in shortest) == [("a", "b", "d"), ("a", "c", "d")]
    longer = short_paths(network, "a", "d", extra=1)
    assert [len(p) for p in longer] == [2, 2, 3]
    assert longer[-1].keys == ("a", "e", "f", "d")
    assert len(short_paths(network, "a", "d", extra=1, limit=2)) == 2


def test_parallel_edges_are_all_shown_on_a_hop() -> None:
    network = net([("a", "b"), ("b", "a"), ("b", "c")])
    found = shortest_path(network, "a", "c")
    assert found is not None and len(found.edges) == 3


def test_directed_paths_follow_calls_one_way() -> None:
    network = net([("a", "b"), ("b", "c")], directed=True)
    assert shortest_path(network, "c", "a") is not None
    assert shortest_path(network, "c", "a", directed=True) is None
    assert shortest_path(network, "a", "c", directed=True) is not None


@pytest.mark.parametrize("seed", range(6))
def test_short_paths_match_networkx(seed: int) -> None:
    rng = random.Random(seed)
    n = 25
    pairs = [(str(rng.randrange(n)), str(rng.randrange(n))) for _ in range(45)]
    directed = seed % 2 == 1
    network = Network.build(
        [Node(str(i)) for i in range(n)], [Edge(a, b, directed=directed) for a, b in pairs]
    )
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(network.keys)
    graph.add_edges_from((a, b) for a, b in pairs if a != b)
    for _ in range(10):
        s, t = str(rng.randrange(n)), str(rng.randrange(n))
        if s == t:
            continue
        got = short_paths(network, s, t, extra=1, limit=10_000, directed=directed)
        if not nx.has_path(graph, s, t):
            assert got == []
            continue
        d = nx.shortest_path_length(graph, s, t)
        expected = sorted(tuple(p) for p in nx.all_simple_paths(graph, s, t, cutoff=d + 1))
        assert sorted(p.keys for p in got) == expected


def test_time_ordered_path_waits_for_the_next_call() -> None:
    """a calls b on the 1st, b calls c on the 5th and 10th, c calls e on the 3rd and 12th:
    the news reaches e on the 12th, by the first later call each time."""
    network = Network.build(
        [],
        [
            call("a", "b", 1),
            call("b", "c", 5),
            call("b", "c", 10),
            call("c", "e", 3),
            call("c", "e", 12),
        ],
    )
    (found,) = time_paths(network, "a", "e")
    assert found.keys == ("a", "b", "c", "e")
    assert found.dates == (day(1), day(5), day(12))
    assert [e.start for e in found.edges] == [day(1), day(5), day(12)]


def test_a_call_before_the_previous_one_breaks_the_path() -> None:
    network = Network.build([], [call("a", "b", 5), call("b", "c", 4)])
    assert time_paths(network, "a", "c") == []
    assert shortest_path(network, "a", "c") is not None  # the structure alone would allow it


def test_same_day_calls_can_relay() -> None:
    network = Network.build([], [call("a", "b", 5), call("b", "c", 5)])
    assert [p.keys for p in time_paths(network, "a", "c")] == [("a", "b", "c")]


def test_time_paths_respect_direction_of_calls() -> None:
    network = Network.build([], [call("b", "a", 1), call("b", "c", 2)])
    assert time_paths(network, "a", "c") == []
    undirected = Network.build([], [call("b", "a", 1, directed=False), call("b", "c", 2)])
    assert len(time_paths(undirected, "a", "c")) == 1


def test_a_lasting_link_carries_what_arrives_while_it_lasts() -> None:
    met = Edge("b", "c", "met", start=day(1), end=day(20))
    network = Network.build([], [call("a", "b", 10), met])
    (found,) = time_paths(network, "a", "c")
    assert found.dates == (day(10), day(10))
    ended = Edge("b", "c", "met", start=day(1), end=day(9))
    assert time_paths(Network.build([], [call("a", "b", 10), ended]), "a", "c") == []


def test_undated_links_only_when_asked() -> None:
    network = Network.build([], [call("a", "b", 3), Edge("b", "c", directed=True)])
    assert time_paths(network, "a", "c") == []
    (found,) = time_paths(network, "a", "c", include_undated=True)
    assert found.dates == (day(3), None)


def test_fewest_hops_first_and_a_slower_longer_route_is_still_listed() -> None:
    network = Network.build(
        [], [call("a", "e", 20), call("a", "b", 1), call("b", "c", 2), call("c", "e", 3)]
    )
    found = time_paths(network, "a", "e")
    assert [p.keys for p in found] == [("a", "e"), ("a", "b", "c", "e")]
    assert time_paths(network, "a", "e", max_hops=2)[-1].keys == ("a", "e")
    assert time_paths(network, "a", "e", since=day(2)) == [found[0]]
