"""The ledger: time order, per-account indexes, arrays aligned with the transfers."""

from __future__ import annotations

from datetime import UTC, date, datetime

from clew.money import Ledger, Transfer

from .factories import pay


def test_transfers_are_sorted_by_time_and_ties_keep_their_order() -> None:
    late, early, tie = pay("A", "B", 1, day=5), pay("B", "C", 2, day=1), pay("C", "A", 3, day=5)
    book = Ledger([late, early, tie])
    assert book.transfers == (early, late, tie)
    assert list(book.amount) == [2.0, 1.0, 3.0]
    assert [book.accounts[i] for i in book.source] == ["B", "A", "C"]


def test_incoming_and_outgoing_per_account_in_time_order() -> None:
    a1, a2, b1 = pay("A", "B", 1, day=3), pay("A", "C", 2, day=1), pay("B", "A", 3, day=2)
    book = Ledger([a1, a2, b1])
    assert book.outgoing("A") == [a2, a1]
    assert book.incoming("A") == [b1]
    assert book.incoming("C") == [a2] and book.outgoing("C") == []
    assert book.outgoing("nobody") == [] and "nobody" not in book and "A" in book


def test_dates_datetimes_and_aware_datetimes_mix() -> None:
    book = Ledger([
        Transfer("aware", "A", "B", 1.0, "EUR", datetime(2025, 1, 1, 1, tzinfo=UTC)),
        Transfer("day", "A", "B", 1.0, "USD", date(2025, 1, 1)),
    ])  # fmt: skip
    assert [t.key for t in book.transfers] == ["day", "aware"]
    assert book.span == 3600 and book.currencies == {"EUR", "USD"}


def test_an_empty_ledger() -> None:
    book = Ledger([])
    assert len(book) == 0 and book.span == 0 and book.accounts == ()
