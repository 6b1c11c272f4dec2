"""Gould-Fernandez roles on hand-built triads, and a brute-force count as a reference."""

from __future__ import annotations

import random

import pytest

from clew.graph import Edge, Network, Node, Role, brokerage

from .nets import net


def triad(groups: dict[str, int], extra: tuple[tuple[str, str], ...] = ()) -> dict[Role, int]:
    """The roles of B in A -> B -> C."""
    network = net([("A", "B"), ("B", "C"), *extra], directed=True, nodes=["A", "B", "C"])
    return brokerage(network, [groups[k] for k in network.keys]).roles("B")


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ({"A": 0, "B": 0, "C": 0}, Role.COORDINATOR),
        ({"A": 0, "B": 1, "C": 0}, Role.ITINERANT),
        ({"A": 0, "B": 0, "C": 1}, Role.REPRESENTATIVE),
        ({"A": 1, "B": 0, "C": 0}, Role.GATEKEEPER),
        ({"A": 0, "B": 1, "C": 2}, Role.LIAISON),
    ],
)
def test_each_role_on_a_single_two_path(groups: dict[str, int], role: Role) -> None:
    assert triad(groups) == {r: int(r is role) for r in Role}


def test_a_closed_triad_brokers_nothing() -> None:
    assert sum(triad({"A": 0, "B": 1, "C": 2}, extra=(("A", "C"),)).values()) == 0


def test_the_reverse_tie_does_not_close_the_triad() -> None:
    """C -> A does not let A reach C: B still brokers A -> C."""
    assert triad({"A": 0, "B": 1, "C": 2}, extra=(("C", "A"),))[Role.LIAISON] == 1


def test_a_reciprocal_tie_is_not_a_two_path_back() -> None:
    network = net([("A", "B"), ("B", "A")], directed=True)
    assert sum(brokerage(network, [0, 1]).roles("B").values()) == 0


def test_undirected_links_count_both_ways() -> None:
    network = net([("A", "B"), ("B", "C")])
    assert brokerage(network, [0, 1, 2]).roles("B")[Role.LIAISON] == 2


def _brute_force(network: Network, groups: list[int]) -> dict[Role, list[int]]:
    arcs = set(network.directed.get_edgelist())
    n = len(network)
    out = {role: [0] * n for role in Role}
    for b in range(n):
        for a in range(n):
            for c in range(n):
                if len({a, b, c}) < 3 or (a, b) not in arcs or (b, c) not in arcs or (a, c) in arcs:
                    continue
                ga, gb, gc = groups[a], groups[b], groups[c]
                if ga == gb == gc:
                    role = Role.COORDINATOR
                elif ga == gc:
                    role = Role.ITINERANT
                elif ga == gb:
                    role = Role.REPRESENTATIVE
                elif gb == gc:
                    role = Role.GATEKEEPER
                else:
                    role = Role.LIAISON
                out[role][b] += 1
    return out


@pytest.mark.parametrize("seed", range(8))
def test_vectorised_counts_equal_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(5, 30)
    edges = [
        Edge(str(rng.randrange(n)), str(rng.randrange(n)), directed=rng.random() < 0.7)
        for _ in range(rng.randint(5, 120))
    ]
    network = Network.build([Node(str(i)) for i in range(n)], edges)
    groups = [rng.randrange(3) for _ in range(n)]
    found = brokerage(network, groups)
    expected = _brute_force(network, groups)
    for role in Role:
        assert found.counts[role].tolist() == expected[role], role


def test_groups_must_cover_every_node() -> None:
    with pytest.raises(ValueError, match="2 entries for 3 nodes"):
        brokerage(net([("a", "b"), ("b", "c")]), [0, 1])
