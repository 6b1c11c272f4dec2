"""Golden values: by hand on small shapes, and networkx as an independent reference."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from clew.graph import MEASURES, Network, compute_measures
from clew.graph import measures as measures_module

from .nets import karate, net, path, star, to_networkx, triangle_with_pendant, two_cliques


def values(network: Network, name: str) -> dict[str, float]:
    found = compute_measures(network).get(name)
    return {key: round(float(found[i]), 6) for i, key in enumerate(network.keys)}


def test_star() -> None:
    network = star(4)  # hub + 4 leaves
    measures = compute_measures(network)
    hub, leaf = network.index["hub"], network.index["l0"]
    assert measures.betweenness[hub] == 1.0 and measures.betweenness[leaf] == 0.0
    assert measures.degree_centrality[hub] == 1.0
    assert measures.degree_centrality[leaf] == 0.25
    assert measures.closeness[hub] == 1.0
    assert measures.closeness[leaf] == pytest.approx(4 / 7)  # (n-1) / (1 + 2 * 3)
    assert measures.eigenvector[hub] == 1.0
    assert measures.eigenvector[leaf] == pytest.approx(1 / 2)  # 1 / sqrt(leaves)
    assert measures.coreness.tolist() == [1.0] * 5
    assert measures.pagerank.sum() == pytest.approx(1.0)
    assert measures.pagerank[hub] > measures.pagerank[leaf]


def test_path_of_five() -> None:
    assert values(path(5), "betweenness") == {"0": 0, "1": 0.5, "2": 0.666667, "3": 0.5, "4": 0}
    # node 0: distances 1+2+3+4 = 10 -> 4/10; node 2: 2+1+1+2 = 6 -> 4/6
    closeness = values(path(5), "closeness")
    assert closeness["0"] == 0.4 and closeness["2"] == pytest.approx(0.666667)


def test_triangle_with_pendant() -> None:
    network = triangle_with_pendant()
    assert values(network, "betweenness") == {"a": 0, "b": 0, "c": 0.666667, "d": 0}
    assert values(network, "coreness") == {"a": 2, "b": 2, "c": 2, "d": 1}
    assert values(network, "degree") == {"a": 2, "b": 2, "c": 3, "d": 1}


def test_two_cliques_bridge_node_has_the_top_betweenness() -> None:
    network = two_cliques()
    measures = compute_measures(network)
    x = network.index["x"]
    # x is on the one shortest path of each of the 5 x 5 a-b pairs; n = 11 -> divide by 10 * 9 / 2
    assert measures.betweenness[x] == pytest.approx(25 / 45)
    # a0 carries a1..a4 to x and to the five b's: 4 + 20 pairs
    assert measures.betweenness[network.index["a0"]] == pytest.approx(24 / 45)
    assert int(np.argmax(measures.betweenness)) == x
    # x has two neighbours, both in 4-cores: it sits in the 2-core
    assert measures.coreness[x] == 2 and measures.coreness.max() == 4


def test_weighted_degree_counts_parallel_calls() -> None:
    network = net([("a", "b"), ("a", "b"), ("a", "c")])
    assert values(network, "weighted_degree") == {"a": 3, "b": 2, "c": 1}
    assert values(network, "degree") == {"a": 2, "b": 1, "c": 1}


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("betweenness", nx.betweenness_centrality),
        ("closeness", nx.closeness_centrality),
        ("degree_centrality", nx.degree_centrality),
        ("coreness", nx.core_number),
        ("pagerank", lambda g: nx.pagerank(g, weight="weight")),
        ("eigenvector", lambda g: nx.eigenvector_centrality_numpy(g, weight="weight")),
    ],
)
def test_karate_against_networkx(name: str, reference: object) -> None:
    network = karate()
    expected = reference(to_networkx(network))  # type: ignore[operator]
    got = compute_measures(network).get(name)
    want = np.array([expected[key] for key in network.keys], dtype=float)
    if name == "eigenvector":
        want = want / want.max()
    assert np.allclose(got, want, atol=1e-5), name


def test_karate_known_values() -> None:
    """Published values for Zachary's club (0-based ids): 0 and 33 are the two leaders."""
    measures = compute_measures(karate())
    assert measures.degree[0] == 16 and measures.degree[33] == 17
    assert measures.betweenness[0] == pytest.approx(0.437635, abs=1e-6)
    assert measures.coreness.max() == 4


def test_directed_pagerank_against_networkx() -> None:
    network = net([("a", "b"), ("b", "c"), ("c", "a"), ("d", "c"), ("a", "c")], directed=True)
    expected = nx.pagerank(to_networkx(network, directed=True), weight="weight")
    got = compute_measures(network).pagerank
    assert np.allclose(got, [expected[k] for k in network.keys], atol=1e-5)
    assert got[network.index["c"]] == got.max()  # everyone calls c


def test_sampled_betweenness_with_every_node_as_pivot_is_exact() -> None:
    network = karate()
    exact = compute_measures(network).betweenness
    sampled = measures_module._betweenness(network.simple, list(range(len(network))))
    assert np.allclose(exact, sampled)


def test_sampled_measures_on_a_larger_graph_find_the_same_top_nodes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = nx.barabasi_albert_graph(600, 2, seed=4)
    network = net([(str(a), str(b)) for a, b in graph.edges()])
    exact = compute_measures(network)
    monkeypatch.setattr(measures_module, "EXACT_WORK", 0)
    sampled = compute_measures(network, pivots=200, seed=1)
    assert sampled.betweenness_method == "sampled from 200 pivots"
    assert exact.betweenness_method == "exact"
    top_exact = set(np.argsort(-exact.betweenness)[:10].tolist())
    top_sampled = set(np.argsort(-sampled.betweenness)[:10].tolist())
    assert len(top_exact & top_sampled) >= 7
    assert np.corrcoef(exact.closeness, sampled.closeness)[0, 1] > 0.95


def test_every_measure_is_finite_and_normalised_where_promised() -> None:
    network = net([("a", "b"), ("c", "d")], nodes=["lonely"])
    measures = compute_measures(network)
    for name in MEASURES:
        assert np.isfinite(measures.get(name)).all(), name
        assert math.isclose(float(measures.scaled(name).max()), 1.0) or not measures.get(name).any()
    for name in ("betweenness", "closeness", "eigenvector", "degree_centrality"):
        assert measures.get(name).min() >= 0 and measures.get(name).max() <= 1, name
    assert measures.closeness[network.index["lonely"]] == 0
    with pytest.raises(ValueError, match="unknown measure"):
        measures.get("charisma")
