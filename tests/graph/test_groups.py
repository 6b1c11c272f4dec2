from __future__ import annotations

import pytest

from clew.graph import Edge, Network, Node, communities, components, groups_from_attribute
from clew.graph import groups as groups_module

from .nets import karate, net, two_cliques


def test_components_are_numbered_largest_first() -> None:
    network = net([("a", "b"), ("c", "d"), ("d", "e")], nodes=["z"])
    found = components(network)
    assert found.count == 3
    assert found.sizes == [3, 2, 1]
    assert found.groups() == [["c", "d", "e"], ["a", "b"], ["z"]]
    assert found.group_of("e") == 0 and found.members(2) == ["z"]


def test_components_ignore_direction() -> None:
    assert components(net([("a", "b"), ("c", "b")], directed=True)).count == 1


def test_leiden_splits_two_cliques_at_the_bridge() -> None:
    network = two_cliques()
    found = communities(network)
    assert found.method == "leidenalg"
    assert found.count == 2
    a_side = {found.group_of(f"a{i}") for i in range(5)}
    b_side = {found.group_of(f"b{i}") for i in range(5)}
    assert len(a_side) == 1 and len(b_side) == 1 and a_side != b_side


def test_leiden_on_karate_reaches_the_known_modularity_and_is_deterministic() -> None:
    first = communities(karate(), seed=3)
    again = communities(karate(), seed=3)
    assert first.membership.tolist() == again.membership.tolist()
    # the best known modularity partition of the club has Q = 0.4198 with 4 groups
    assert first.modularity == pytest.approx(0.4198, abs=0.01)
    assert 3 <= first.count <= 5


def test_large_graph_branch_uses_igraph_leiden_and_stays_deterministic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(groups_module, "LEIDENALG_MAX_EDGES", 0)
    first = communities(two_cliques(), seed=5)
    again = communities(two_cliques(), seed=5)
    assert first.method == "igraph-leiden"
    assert first.membership.tolist() == again.membership.tolist()
    assert first.count == 2


def test_no_edges_falls_back_to_singletons() -> None:
    network = Network.build([Node("a"), Node("b"), Node("c")], [])
    found = communities(network)
    assert found.method == "singletons"
    assert found.count == 3 and found.modularity == 0.0


def test_groups_from_an_attribute() -> None:
    network = Network.build(
        [
            Node("a", attrs={"org": "x"}),
            Node("b", attrs={"org": "y"}),
            Node("c", attrs={"org": "x"}),
        ],
        [Edge("a", "b")],
    )
    found = groups_from_attribute(network, "org")
    assert found.groups() == [["a", "c"], ["b"]]
