"""Typology detection against planted patterns in a synthetic economy with hard negatives
(busy shops and dealers, landlords on rent day, payroll, supplier rings, invoices near the
threshold): precision and recall of at least 0.9 per typology and overall.

A finding is a true positive when it has the typology of a planted pattern and shares at least
half of the accounts of the smaller of the two (see ``clew.money.scoring``).
"""

from __future__ import annotations

from bisect import bisect_right

import pytest

from clew.money import Ledger, Thresholds, Typology, detect, score
from clew.money.scoring import OVERALL
from clew.money.transfers import seconds
from clew.synth import TransactionSet, bank_transfers, smuggling_network


@pytest.fixture(scope="module", params=[1, 2])
def economy(request: pytest.FixtureRequest) -> TransactionSet:
    return bank_transfers(request.param, transfers=60_000, patterns=15)


def test_precision_and_recall_on_planted_patterns(economy: TransactionSet) -> None:
    book = Ledger(economy.transfers)
    findings = detect(book, Thresholds(facilities=economy.facilities))
    scores = score(findings, economy.planted)
    for typology in [*Typology, OVERALL]:
        result = scores[typology]
        assert result.precision >= 0.9, (typology, result)
        assert result.recall >= 0.9, (typology, result)
    assert scores[OVERALL].patterns == 6 * 15  # its speed is measured in bench/intel_money.py


def _naive_fan_in(book: Ledger, account: str, least: int = 8, days: float = 3) -> bool:
    """``least`` distinct senders of 1,000 or more within ``days``: a count with no baseline."""
    big = [t for t in book.incoming(account) if t.amount >= 1_000]
    stamps = [seconds(t.at) for t in big]
    for i, start in enumerate(stamps):
        j = bisect_right(stamps, start + days * 86_400)
        if len({t.source for t in big[i:j]}) >= least:
            return True
    return False


def test_hard_negatives_are_present_and_kept_out(economy: TransactionSet) -> None:
    """Dealers and landlords that a naive count flags as fan-ins; none is a finding's centre."""
    book = Ledger(economy.transfers)
    busy = [a for a, role in economy.roles.items() if role in {"dealer", "landlord"}]
    naive = {a for a in busy if _naive_fan_in(book, a)}
    assert len(naive) >= 2
    centres = {f.centre for f in detect(book, Thresholds(facilities=economy.facilities))}
    assert not centres & naive
    assert {economy.roles[c] for c in centres} == {"person"}  # every planted centre is one


def test_the_smuggling_network_shows_its_four_planted_typologies() -> None:
    from clew.money import transfers_from_edges

    network = smuggling_network()
    findings = detect(Ledger(transfers_from_edges(network.edges)))
    assert {f.typology for f in findings} == {p.typology for p in network.planted}
    scores = score(findings, network.planted)
    assert scores[OVERALL].precision == 1.0 and scores[OVERALL].recall == 1.0
