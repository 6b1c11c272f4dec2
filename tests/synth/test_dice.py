"""Seeded draws: reproducible, within bounds, weighted as declared."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from clew.synth.dice import Dice, Weighted


def test_streams_are_reproducible_and_independent() -> None:
    assert [Dice(1, "a").random() for _ in range(3)] == [Dice(1, "a").random() for _ in range(3)]
    assert Dice(1, "a").random() != Dice(1, "b").random() != Dice(2, "a").random()


def test_between_includes_both_ends() -> None:
    dice = Dice(1, "between")
    assert {dice.between(3, 5) for _ in range(500)} == {3, 4, 5}


def test_weighted_draws_follow_the_weights() -> None:
    table = Weighted([("a", 3), ("b", 1), ("c", 0)])
    dice = Dice(1, "weighted")
    counts = Counter(dice.draw(table) for _ in range(8000))
    assert 0.72 <= counts["a"] / 8000 <= 0.78 and "c" not in counts
    assert table.share("b") == 0.25


@pytest.mark.parametrize("table", [[], [("a", -1)], [("a", 0)]])
def test_bad_tables_are_refused(table: list[tuple[str, float]]) -> None:
    with pytest.raises(ValueError):
        Weighted(table)


def test_patterns() -> None:
    dice = Dice(1, "pattern")
    for _ in range(200):
        assert re.fullmatch(r"[XY]{2}-\d{4}", dice.pattern("@@-####", "XY"))
