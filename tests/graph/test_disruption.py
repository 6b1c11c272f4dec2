from __future__ import annotations

import pytest

from clew.graph import disrupt

from .nets import net, path, two_cliques


def test_removing_the_bridge_node_splits_the_network() -> None:
    result = disrupt(two_cliques(), by="betweenness", k=1)
    assert result.removed == ("x",)
    assert [(s.largest, s.components) for s in result.steps] == [(11, 1), (5, 2)]
    assert result.steps[0].removed is None and result.steps[1].removed == "x"
    assert result.fragmentation == pytest.approx(6 / 11)
    # a random node is almost always a clique member: the network mostly stays whole
    assert result.steps[1].random_largest > 5


def test_targeted_removal_beats_random_removal() -> None:
    result = disrupt(path(21), by="betweenness", k=3, trials=50)
    last = result.steps[-1]
    assert last.largest < last.random_largest
    # static betweenness takes the middle and its neighbours: one cut, so fewer pieces
    assert result.removed == ("10", "11", "9") or result.removed == ("10", "9", "11")
    assert last.components == 2 < last.random_components


def test_given_keys_are_removed_in_order() -> None:
    result = disrupt(path(5), keys=["2", "0"])
    assert result.by == "given" and result.removed == ("2", "0")
    assert [(s.largest, s.components) for s in result.steps] == [(5, 1), (2, 2), (2, 2)]


def test_adaptive_recomputes_after_each_removal() -> None:
    """On a path 0..8 static betweenness takes 4 then 3 (its neighbour); recomputed, the
    second pick is a middle node of a remaining half of four (1, 2, 6 or 7; ties by key), which
    splits that half again."""
    static = disrupt(path(9), by="betweenness", k=2)
    adaptive = disrupt(path(9), by="betweenness", k=2, adaptive=True)
    assert static.removed == ("4", "3")
    assert adaptive.removed[0] == "4" and adaptive.removed[1] == "1"
    assert adaptive.steps[-1].components > static.steps[-1].components


def test_random_baseline_is_seeded() -> None:
    network = net([(str(i), str(i + 1)) for i in range(30)])
    first = disrupt(network, k=4, seed=9)
    again = disrupt(network, k=4, seed=9)
    assert first.steps == again.steps


def test_the_key_player_score_can_be_recomputed_after_each_removal() -> None:
    """Sequential removal by the key-player score ranks the players again on what remains: on a
    path of 13 it cuts each remaining half, where all-at-once takes the first ranking's
    neighbours of the middle and leaves a larger piece."""
    at_once = disrupt(path(13), by="score", k=3)
    sequential = disrupt(path(13), by="score", k=3, adaptive=True)
    assert at_once.removed[0] == sequential.removed[0] == "6"
    assert sequential.steps[-1].largest < at_once.steps[-1].largest
    assert sequential.steps[-1].components > at_once.steps[-1].components
