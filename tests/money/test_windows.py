"""The vectorised sweeps agree with plain loops over a small random ledger."""

from __future__ import annotations

import random

import numpy as np
import pytest

from clew.money import Ledger, windows
from clew.money.windows import bursts, established, two_paths

from .factories import pay

DAY = 86_400


@pytest.fixture(scope="module")
def book() -> Ledger:
    rng = random.Random(4)
    names = [f"A{i}" for i in range(12)]
    return Ledger([
        pay(rng.choice(names), rng.choice(names), rng.choice([500, 1_000, 1_050, 2_000, 9_500]),
            day=rng.random() * 60)
        for _ in range(400)
    ])  # fmt: skip


def test_two_paths_is_every_time_ordered_amount_kept_pair(
    book: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(windows, "CHUNK", 7)  # many small chunks give the same pairs
    mask = book.amount >= 1_000
    first, second = two_paths(book, mask, 5 * DAY, 0.25, 0.05)
    got = set(zip(first.tolist(), second.tolist(), strict=True))
    expected = {
        (a, b) for a in range(len(book)) for b in range(len(book))
        if mask[a] and mask[b] and book.source[a] != book.target[a]
        and book.source[b] != book.target[b] and book.target[a] == book.source[b]
        and book.target[b] != book.source[a]
        and 0 <= book.time[b] - book.time[a] <= 5 * DAY
        and 0.75 <= book.amount[b] / book.amount[a] <= 1.05
    }  # fmt: skip
    assert got == expected and expected


def test_established_pairs_span_more_than_the_days(book: Ledger) -> None:
    regular = established(book, 25)
    for i in range(len(book)):
        same = (book.source == book.source[i]) & (book.target == book.target[i])
        span = book.time[same].max() - book.time[same].min()
        assert regular[i] == (span > 25 * DAY)


def test_bursts_hold_enough_transfers_of_one_owner_within_the_window(book: Ledger) -> None:
    mask = np.ones(len(book), dtype=np.bool_)
    found = bursts(book, book.target, mask, 2 * DAY, 4, 1.0, 0)
    assert found
    for owner, positions in found:
        assert (book.target[positions] == owner).all()
        assert len(positions) >= 4 and (np.diff(book.time[positions]) >= 0).all()
    owners_with_four = {
        int(o) for o in set(book.target.tolist())
        if any(((book.target == o) & (book.time >= t) & (book.time <= t + 2 * DAY)).sum() >= 4
               for t in book.time[book.target == o])
    }  # fmt: skip
    assert {owner for owner, _ in found} == owners_with_four
