"""Following the money: golden cases for time order, capped amounts, direction and bounds."""

from __future__ import annotations

import pytest

from clew.money import Direction, follow

from .factories import ledger, on, pay

BACK = Direction.BACKWARD


def test_money_moves_on_only_after_it_arrived() -> None:
    book = ledger(pay("A", "B", 1000, day=5), pay("B", "C", 700, day=3), pay("B", "D", 600, day=7))
    flow = follow(book, "A")
    assert flow.reached() == {"B": 1000.0, "D": 600.0}  # C was paid before B had A's money


def test_a_transfer_carries_no_more_than_the_traced_sum() -> None:
    book = ledger(pay("A", "B", 1000, day=1), pay("B", "C", 5000, day=2))
    assert follow(book, "A").reached() == {"B": 1000.0, "C": 1000.0}


def test_earliest_transfers_take_the_money_first_until_it_is_used_up() -> None:
    book = ledger(
        pay("A", "B", 1000, day=1), pay("B", "C", 600, day=2), pay("B", "D", 600, day=3),
        pay("B", "E", 600, day=4),
    )  # fmt: skip
    flow = follow(book, "A")
    assert flow.reached() == {"B": 1000.0, "C": 600.0, "D": 400.0}  # E: nothing left
    assert sum(s.amount for s in flow.steps if s.hop == 2) <= flow.amount


def test_no_transfer_carries_more_than_its_amount_across_branches() -> None:
    # B gets A's money twice (directly, and through C); B->X can carry 800 in all.
    book = ledger(
        pay("A", "B", 1000, day=1), pay("A", "C", 1000, day=1), pay("C", "B", 1000, day=1.5),
        pay("B", "X", 800, day=2),
    )  # fmt: skip
    flow = follow(book, "A", hops=4)
    assert sum(s.amount for s in flow.steps if s.account == "X") == 800.0


def test_the_traced_amount_can_be_given() -> None:
    book = ledger(pay("A", "B", 1000, day=1), pay("B", "C", 1000, day=2))
    assert follow(book, "A", amount=300).reached() == {"B": 300.0, "C": 300.0}


def test_since_starts_the_trace_later() -> None:
    book = ledger(pay("A", "B", 100, day=1), pay("A", "C", 200, day=10))
    flow = follow(book, "A", since=on(5))
    assert flow.amount == 200.0 and flow.reached() == {"C": 200.0}


def test_backward_latest_first_and_only_what_arrived_before_it_left() -> None:
    book = ledger(
        pay("A1", "B", 400, day=2), pay("A2", "B", 700, day=4), pay("A3", "B", 1000, day=6),
        pay("B", "C", 900, day=5),
    )  # fmt: skip
    flow = follow(book, "C", direction=BACK)
    assert flow.amount == 900.0
    assert flow.reached() == {"B": 900.0, "A2": 700.0, "A1": 200.0}  # A3 paid after day 5


def test_backward_until_bounds_the_start() -> None:
    book = ledger(pay("A", "C", 100, day=1), pay("B", "C", 200, day=10))
    assert follow(book, "C", direction=BACK, until=on(5)).reached() == {"A": 100.0}


def test_hops_bound_the_depth() -> None:
    chain = [
        pay(a, b, 100, day=i)
        for i, (a, b) in enumerate([("A", "B"), ("B", "C"), ("C", "D"), ("D", "E")])
    ]
    flow = follow(ledger(chain), "A", hops=2)
    assert set(flow.reached()) == {"B", "C"} and max(s.hop for s in flow.steps) == 2


def test_window_days_bounds_how_long_money_may_rest() -> None:
    book = ledger(pay("A", "B", 100, day=1), pay("B", "C", 100, day=12))
    assert set(follow(book, "A", window_days=5).reached()) == {"B"}
    assert set(follow(book, "A", window_days=20).reached()) == {"B", "C"}


def test_max_steps_truncates_and_says_so() -> None:
    book = ledger([pay("A", f"B{i}", 10, day=1) for i in range(20)])
    flow = follow(book, "A", max_steps=5)
    assert len(flow.steps) == 5 and flow.truncated
    assert not follow(book, "A").truncated


def test_money_that_comes_back_is_shown_but_not_followed_round_again() -> None:
    book = ledger(pay("A", "B", 100, day=1), pay("B", "A", 100, day=2), pay("A", "B", 100, day=3))
    flow = follow(book, "A", hops=5)
    assert [(s.hop, s.account) for s in flow.steps] == [(1, "B"), (1, "B"), (2, "A")]


def test_paths_run_from_the_start_to_each_leaf() -> None:
    book = ledger(pay("A", "B", 100, day=1), pay("B", "C", 60, day=2), pay("B", "D", 40, day=3))
    paths = follow(book, "A").paths()
    assert [[s.account for s in p] for p in paths] == [["B", "C"], ["B", "D"]]
    assert [p[-1].transfer.at.day for p in paths] == [3, 4]


def test_unknown_account_and_bad_arguments() -> None:
    book = ledger(pay("A", "B", 100, day=1))
    assert follow(book, "Z").steps == () and follow(book, "Z").amount == 0.0
    with pytest.raises(ValueError):
        follow(book, "A", hops=0)
    with pytest.raises(ValueError):
        follow(book, "A", amount=0)
