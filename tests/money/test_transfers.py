"""Transfers from and to graph edges, and the time scale they sort on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from clew.graph.items import Edge
from clew.money import Transfer, transfer_edge, transfers_from_edges
from clew.money.transfers import seconds

DAY = date(2025, 3, 1)


def paid(amount: object = 500.0, **changes: object) -> Edge:
    fields: dict[str, object] = {
        "source": "A", "target": "B", "kind": "paid", "start": DAY, "end": DAY,
        "directed": True, "key": "p1", "attrs": {"amount": amount, "currency": "RSD"},
    }  # fmt: skip
    fields.update(changes)
    return Edge(**fields)  # type: ignore[arg-type]


def test_a_paid_edge_becomes_a_transfer_and_back() -> None:
    (transfer,) = transfers_from_edges([paid()])
    assert transfer == Transfer("p1", "A", "B", 500.0, "RSD", DAY)
    assert transfer_edge(transfer) == paid()


@pytest.mark.parametrize(
    ("edge", "why"),
    [
        (paid(kind="called"), "not a payment"),
        (paid(start=None, end=None), "undated: cannot be placed in time"),
        (paid(amount=None), "no amount: the weight is not money"),
        (paid(amount=0), "nothing moved"),
        (paid(amount=-5.0), "a negative payment is not a payment"),
        (paid(amount="500"), "text is not an amount"),
        (paid(amount=True), "a flag is not an amount"),
    ],
)
def test_edges_that_are_not_usable_payments_are_skipped(edge: Edge, why: str) -> None:
    assert transfers_from_edges([edge]) == [], why


def test_missing_key_and_currency_get_defaults() -> None:
    edge = paid(key="", attrs={"amount": 7})
    (transfer,) = transfers_from_edges([paid(kind="met"), edge], currency="EUR")
    assert transfer.key == "A>B@2025-03-01#1" and transfer.currency == "EUR"
    assert transfer.amount == 7.0 and isinstance(transfer.amount, float)


def test_timed_transfer_edge_is_dated_on_its_day() -> None:
    transfer = Transfer("k", "A", "B", 1.0, "EUR", datetime(2025, 3, 1, 23, 59))
    assert transfer_edge(transfer).start == DAY == transfer_edge(transfer).end


def test_a_date_is_midnight_and_aware_times_count_in_utc() -> None:
    assert seconds(DAY) == seconds(datetime(2025, 3, 1))
    assert seconds(datetime(2025, 3, 1, 0, 0, 1)) == seconds(DAY) + 1
    east = datetime(2025, 3, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))
    assert seconds(east) == seconds(datetime(2025, 3, 1, tzinfo=UTC)) == seconds(DAY)
