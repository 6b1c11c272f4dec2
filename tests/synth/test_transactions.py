"""Synthetic transfers: deterministic, realistic in shape, and labelled truthfully."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest

from clew.graph.items import Edge
from clew.money import Typology
from clew.synth import TransactionSet, bank_transfers, smuggling_network


@pytest.fixture(scope="module")
def economy() -> TransactionSet:
    return bank_transfers(3, transfers=20_000, patterns=5)


def test_the_same_seed_gives_the_same_transfers() -> None:
    first, second = bank_transfers(9, transfers=3_000), bank_transfers(9, transfers=3_000)
    assert first.transfers == second.transfers and first.planted == second.planted
    assert bank_transfers(10, transfers=3_000).transfers != first.transfers


def test_counts_order_and_keys(economy: TransactionSet) -> None:
    planted = sum(len(p.transfers) for p in economy.planted)
    assert abs(len(economy.transfers) - planted - 20_000) < 1_000  # monthly runs are whole
    times = [t.at for t in economy.transfers]
    assert times == sorted(times)
    assert len({t.key for t in economy.transfers}) == len(economy.transfers)
    assert all(t.amount > 0 and t.source != t.target for t in economy.transfers)


def test_every_typology_is_planted_with_true_labels(economy: TransactionSet) -> None:
    assert Counter(p.typology for p in economy.planted) == dict.fromkeys(Typology, 5)
    by_key = {t.key: t for t in economy.transfers}
    for pattern in economy.planted:
        moved = [by_key[k] for k in pattern.transfers]
        assert pattern.accounts == {a for t in moved for a in (t.source, t.target)}
        assert pattern.centre in pattern.accounts
        if pattern.typology is Typology.STRUCTURING:
            assert all(9_000 <= t.amount < 10_000 for t in moved) and len(moved) >= 3
        if pattern.typology is Typology.CYCLE:
            chain = sorted(moved, key=lambda t: t.at)
            assert chain[0].source == chain[-1].target == pattern.centre
            assert all(a.target == b.source for a, b in pairwise(chain))


def test_the_background_has_the_hard_negatives(economy: TransactionSet) -> None:
    roles = Counter(economy.roles.values())
    assert {"shop", "dealer", "employer", "landlord", "supplier", "cash"} <= set(roles)
    salaries = Counter(
        (t.source, t.at.date()) for t in economy.transfers  # type: ignore[union-attr]
        if economy.roles[t.source] == "employer"
    )  # fmt: skip
    assert max(salaries.values()) >= 8  # an employer pays many at once on payday
    dealer_sales = Counter(t.target for t in economy.transfers
                           if economy.roles[t.target] == "dealer")  # fmt: skip
    assert min(dealer_sales.values()) > 300  # dealers sell to many, every day


def test_too_small_an_economy_is_refused() -> None:
    with pytest.raises(ValueError):
        bank_transfers(1, transfers=1_000, accounts=50)


def test_the_smuggling_network() -> None:
    network = smuggling_network()
    kinds = Counter(n.kind for n in network.nodes)
    assert kinds["person"] == 23 and kinds["organisation"] == 8
    assert kinds["account"] == 32  # and the cash till
    paid = [e for e in network.edges if e.kind == "paid"]
    assert len(paid) == len(network.transfers)
    assert all(isinstance(e, Edge) and e.directed and e.attrs["amount"] for e in paid)
    owned = {e.target for e in network.edges if e.kind == "owns"}
    assert {t.source for t in network.transfers} - owned == {"CASH-BG"}
    assert {n.key for n in network.nodes} >= {
        a for t in network.transfers for a in (t.source, t.target)
    }
    assert {p.typology for p in network.planted} == {
        Typology.FAN_IN,
        Typology.SCATTER_GATHER,
        Typology.CYCLE,
        Typology.STRUCTURING,
    }
    assert smuggling_network().transfers == network.transfers
