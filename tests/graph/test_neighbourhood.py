from __future__ import annotations

import pytest

from clew.graph import neighbourhood

from .nets import net, path, star


def test_depth_counts_links_from_the_nearest_seed() -> None:
    found = neighbourhood(path(7), ["0", "6"], depth=2)
    assert found.depth == {"0": 0, "6": 0, "1": 1, "5": 1, "2": 2, "4": 2}
    assert "3" not in found.keys and not found.truncated
    assert {(e.source, e.target) for e in found.edges} == {
        ("0", "1"),
        ("1", "2"),
        ("4", "5"),
        ("5", "6"),
    }


def test_limit_keeps_the_best_connected_first_and_says_so() -> None:
    network = net([("s", "a"), ("s", "b"), ("s", "c"), ("c", "x"), ("c", "y"), ("b", "z")])
    found = neighbourhood(network, ["s"], depth=1, limit=3)
    assert found.keys == ("s", "c", "b") and found.truncated
    assert not neighbourhood(network, ["s"], depth=1, limit=4).truncated


def test_seeds_always_stay_and_parallel_edges_are_all_returned() -> None:
    network = net([("a", "b"), ("a", "b"), ("b", "c")])
    found = neighbourhood(network, ["a", "c"], depth=0)
    assert found.keys == ("a", "c") and found.edges == ()
    assert len(neighbourhood(network, ["a"], depth=1).edges) == 2


def test_direction_is_ignored_for_who_is_near() -> None:
    found = neighbourhood(net([("x", "hub")], directed=True), ["hub"], depth=1)
    assert set(found.keys) == {"hub", "x"}


def test_a_star_in_one_ring() -> None:
    assert len(neighbourhood(star(30), ["l0"], depth=2).keys) == 31


def test_unknown_seed() -> None:
    with pytest.raises(KeyError):
        neighbourhood(path(3), ["nobody"])
