from __future__ import annotations

from datetime import date

from clew.graph import Edge, Node, compare_periods, split_by_window

from .nets import net


def test_someone_appears_someone_disappears_someone_rises() -> None:
    before = net([("boss", "a"), ("boss", "b"), ("boss", "c"), ("a", "old")])
    after = net([("boss", "a"), ("a", "b"), ("a", "c"), ("a", "new")])
    result = compare_periods(
        {"spring": (before.nodes, before.edges), "summer": (after.nodes, after.edges)},
        measure="degree",
    )
    (step,) = result.transitions
    assert (step.before, step.after) == ("spring", "summer")
    assert step.appeared == ("new",) and step.disappeared == ("old",)
    assert step.risers[0].key == "a" and step.risers[0].change > 0
    assert step.fallers[0].key == "boss"
    assert result.ranks("summer")["a"] == 1 and result.ranks("spring")["boss"] == 1
    assert result.series("old") == [1.0, None]
    assert result.series("a", "degree") == [2.0, 4.0]


def test_split_by_window_puts_each_dated_edge_where_it_falls() -> None:
    edges = [
        Edge("a", "b", start=date(2024, 1, 10)),
        Edge("b", "c", start=date(2024, 2, 10)),
        Edge("c", "d", start=date(2024, 1, 20), end=date(2024, 2, 5)),
        Edge("x", "y"),  # undated: in no window
    ]
    windows = {
        "jan": (date(2024, 1, 1), date(2024, 1, 31)),
        "feb": (date(2024, 2, 1), date(2024, 2, 29)),
    }
    split = split_by_window([Node("a", label="Anna")], edges, windows)
    assert [(e.source, e.target) for e in split["jan"][1]] == [("a", "b"), ("c", "d")]
    assert [(e.source, e.target) for e in split["feb"][1]] == [("b", "c"), ("c", "d")]
    assert split["jan"][0][0].label == "Anna"
    result = compare_periods(split)
    assert result.transitions[0].appeared == () and result.transitions[0].disappeared == ("a",)


def test_periods_can_be_compared_by_the_key_player_score() -> None:
    before = net([("boss", "a"), ("boss", "b"), ("boss", "c"), ("a", "old")])
    after = net([("boss", "a"), ("a", "b"), ("a", "c"), ("a", "new")])
    result = compare_periods(
        {"spring": (before.nodes, before.edges), "summer": (after.nodes, after.edges)},
        measure="score",
    )
    assert result.ranks("spring")["boss"] == 1 and result.ranks("summer")["a"] == 1
    (step,) = result.transitions
    assert "a" in {m.key for m in step.risers} and "boss" in {m.key for m in step.fallers}
    spring, summer = result.series("a")
    assert spring is not None and summer is not None and 0 < spring < summer <= 1
