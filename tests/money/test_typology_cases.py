"""Golden ledgers for each typology: small, hand-made, each saying why it must or must not be
flagged. The default ``Thresholds`` apply unless a case gives its own."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import pytest

from clew.money import Thresholds, Transfer, Typology, detect

from .factories import ledger, pay

T = Typology


@dataclass
class Case:
    why: str
    transfers: list[Transfer]
    expected: set[Typology]
    thresholds: Thresholds | None = None


def senders(count: int, target: str, day: float = 10, amount: float = 2_000, every: float = 0.2,
            prefix: str = "S") -> list[Transfer]:  # fmt: skip
    return [pay(f"{prefix}{i}", target, amount + i, day + i * every) for i in range(count)]


def receivers(count: int, source: str, day: float = 10, amount: float = 2_000,
              every: float = 0.2, prefix: str = "R") -> list[Transfer]:  # fmt: skip
    return [pay(source, f"{prefix}{i}", amount + i, day + i * every) for i in range(count)]


def monthly(
    source: str, target: str, amount: float, months: int = 6, day: float = 1
) -> list[Transfer]:
    return [pay(source, target, amount, day + 30 * m) for m in range(months)]


def hops(
    accounts: str, amount: float, day: float, gap: float = 2, keep: float = 0.97
) -> list[Transfer]:
    out = []
    for a, b in pairwise(accounts):
        out.append(pay(a, b, round(amount, 2), day))
        amount, day = amount * keep, day + gap
    return out


CASES = [
    # fan-in
    Case("eight new senders pay one account within two days", senders(8, "H"), {T.FAN_IN}),
    Case("seven senders: one short of fan_min", senders(7, "H"), set()),
    Case("eight senders spread over three weeks: no burst", senders(8, "H", every=3), set()),
    Case(
        "eight payments from one sender: not eight senders",
        [pay("S", "H", 2_000 + i, 10 + i * 0.2) for i in range(8)],
        set(),
    ),
    Case("eight shop purchases below min_amount", senders(8, "H", amount=45), set()),
    Case(
        "landlord on rent day: tenants who pay every month are established",
        [t for i in range(10) for t in monthly(f"tenant{i}", "L", 1_200, day=1 + i * 0.1)],
        set(),
    ),
    Case(
        "a dealer that sells to eight new customers every three days all year: its usual rate",
        [t for week in range(0, 360, 3) for t in senders(8, "D", day=week, prefix=f"c{week}-")],
        set(),
    ),
    Case(
        "a lower fan_min catches five senders",
        senders(5, "H"),
        {T.FAN_IN},
        Thresholds(fan_min=5, gather_min=6),
    ),
    # fan-out
    Case(
        "one account pays eight new receivers in a day", receivers(8, "H", every=0.1), {T.FAN_OUT}
    ),
    Case(
        "payroll: the same eight employees every month are established",
        [t for i in range(8) for t in monthly("EMP", f"worker{i}", 2_500, day=24)],
        set(),
    ),
    # gather-scatter
    Case(
        "five senders, then five receivers within the week: a funnel account",
        senders(5, "H", day=10) + receivers(5, "H", day=12),
        {T.GATHER_SCATTER},
    ),
    Case(
        "ten in and ten out: reported as gather-scatter, not also as two fans",
        senders(10, "H", day=10) + receivers(10, "H", day=12),
        {T.GATHER_SCATTER},
    ),
    Case(
        "a funnel account that also bought something the day before it gathered",
        [pay("H", "shop", 3_000, 9), *senders(5, "H", day=10), *receivers(5, "H", day=12)],
        {T.GATHER_SCATTER},
    ),
    Case(
        "five senders, and five receivers two months later: not one movement",
        senders(5, "H", day=10) + receivers(5, "H", day=70),
        set(),
    ),
    # scatter-gather
    Case(
        "split over three mules who each forward 95% to one account",
        [
            t
            for i, m in enumerate("MNO")
            for t in (pay("S", m, 5_000, 10 + i * 0.1), pay(m, "T", 4_750, 12 + i * 0.1))
        ],
        {T.SCATTER_GATHER},
    ),
    Case(
        "the mules paid T before they received: no money moved through them",
        [
            t
            for i, m in enumerate("MNO")
            for t in (pay("S", m, 5_000, 10 + i * 0.1), pay(m, "T", 4_750, 8 + i * 0.1))
        ],
        set(),
    ),
    Case(
        "only two intermediaries",
        [
            t
            for i, m in enumerate("MN")
            for t in (pay("S", m, 5_000, 10 + i * 0.1), pay(m, "T", 4_750, 12 + i * 0.1))
        ],
        set(),
    ),
    Case(
        "salary from one employer, then the rent to one landlord, every month: ordinary life",
        [
            t
            for w in "MNO"
            for t in monthly("EMP", w, 2_500, day=24) + monthly(w, "LL", 2_200, day=26)
        ],
        set(),
    ),
    Case(
        "the intermediaries forward a third of what they got: not the same money",
        [
            t
            for i, m in enumerate("MNO")
            for t in (pay("S", m, 5_000, 10 + i * 0.1), pay(m, "T", 1_600, 12 + i * 0.1))
        ],
        set(),
    ),
    Case(
        "forwarded three weeks later: outside scatter_window_days",
        [
            t
            for i, m in enumerate("MNO")
            for t in (pay("S", m, 5_000, 10 + i * 0.1), pay(m, "T", 4_750, 31 + i * 0.1))
        ],
        set(),
    ),
    # cycles
    Case("A->B->C->A in four days, the same money less fees", hops("ABCA", 50_000, 10), {T.CYCLE}),
    Case("a five-hop cycle within the window", hops("ABCDEA", 50_000, 10, gap=5), {T.CYCLE}),
    Case(
        "C paid A before B paid C: time order broken",
        [pay("A", "B", 50_000, 10), pay("B", "C", 49_000, 14), pay("C", "A", 48_000, 12)],
        set(),
    ),
    Case("A->B->A: a cycle needs two other accounts", hops("ABA", 50_000, 10), set()),
    Case(
        "the money takes 40 days to come back: outside cycle_window_days",
        hops("ABCA", 50_000, 10, gap=20),
        set(),
    ),
    Case(
        "a six-hop cycle when cycle_max_length is 5",
        hops("ABCDEFA", 50_000, 10),
        set(),
        Thresholds(cycle_max_length=5),
    ),
    Case("friends settling a dinner bill: below min_amount", hops("ABCA", 60, 10), set()),
    Case(
        "suppliers trading in a ring every month: established relationships",
        [t for m in range(6) for t in hops("ABCA", 20_000, 5 + 30 * m)],
        set(),
    ),
    Case(
        "the amounts are unrelated: 50,000 out, 8,000 back",
        hops("ABCA", 50_000, 10, keep=0.4),
        set(),
    ),
    # structuring
    Case(
        "four cash deposits of about 9,500 in five days",
        [pay("CASH", "X", 9_400 + 50 * i, 10 + i * 1.5) for i in range(4)],
        {T.STRUCTURING},
    ),
    Case(
        "three transfers just under 10,000 sent to three payees in a week",
        [pay("X", f"P{i}", 9_700 + i, 10 + 2 * i) for i in range(3)],
        {T.STRUCTURING},
    ),
    Case(
        "two deposits just under the threshold: fewer than structuring_min",
        [pay("CASH", "X", 9_500, 10), pay("CASH", "X", 9_600, 12)],
        set(),
    ),
    Case(
        "deposits of 10,000 are reported anyway",
        [pay("CASH", "X", 10_000, 10 + i) for i in range(4)],
        set(),
    ),
    Case(
        "deposits of 8,000: well under the band",
        [pay("CASH", "X", 8_000, 10 + i) for i in range(4)],
        set(),
    ),
    Case(
        "three deposits spread over a month",
        [pay("CASH", "X", 9_500, 10 + 12 * i) for i in range(3)],
        set(),
    ),
    Case(
        "a structurer who also once sold a car for 10,400",
        [pay("buyer", "X", 10_400, 40), *[pay("CASH", "X", 9_500, 10 + i) for i in range(3)]],
        {T.STRUCTURING},
        Thresholds(facilities=frozenset({"CASH"})),  # so X must be the one flagged
    ),
    Case(
        "a supplier whose invoices run smoothly from 8,000 to 11,000, four in the band one week",
        [pay(f"shop{i}", "W", 8_100 + 330 * (i % 9), 10 * i) for i in range(27)]
        + [pay(f"shop{i}", "W", 9_500, 100 + i * 0.7) for i in range(4)],
        set(),
    ),
    Case(
        "a wholesaler whose invoices fall just under and just over 10,000 alike",
        [pay(f"shop{i}", "W", 9_500 if i % 2 else 10_400, 10 + i * 0.5) for i in range(8)],
        set(),
    ),
    Case(
        "a 15,000 threshold with a 5% margin: deposits of 14,500",
        [pay("CASH", "X", 14_500, 10 + i) for i in range(3)],
        {T.STRUCTURING},
        Thresholds(reporting_threshold=15_000, structuring_margin=0.05),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.why for c in CASES])
def test_golden_ledgers(case: Case) -> None:
    findings = detect(ledger(case.transfers), case.thresholds)
    assert {f.typology for f in findings} == case.expected, case.why
    for finding in findings:
        assert finding.reason and finding.amount > 0 and finding.start <= finding.end
        assert set(finding.transfers) <= {t.key for t in case.transfers}


def test_a_fan_in_finding_says_who_what_when_and_why() -> None:
    transfers = senders(8, "H")
    (finding,) = detect(ledger(transfers))
    assert finding.centre == "H" and set(finding.accounts) == {"H"} | {f"S{i}" for i in range(8)}
    assert finding.transfers == tuple(t.key for t in transfers)
    assert finding.amount == sum(t.amount for t in transfers)
    assert (finding.start, finding.end) == (transfers[0].at, transfers[-1].at)
    assert "8 distinct senders" in finding.reason


def test_a_cycle_finding_starts_at_its_origin() -> None:
    (finding,) = detect(ledger(hops("ABCA", 50_000, 10)))
    assert finding.accounts == ("A", "B", "C") and finding.amount == 50_000
    assert "came back through 2 other accounts" in finding.reason


def test_only_the_typologies_asked_for() -> None:
    book = ledger(senders(8, "H"), hops("ABCA", 50_000, 10))
    assert {f.typology for f in detect(book, typologies=[T.CYCLE])} == {T.CYCLE}


@pytest.mark.parametrize(
    "changes",
    [{"fan_min": 1}, {"cycle_max_length": 2}, {"structuring_margin": 1.0},
     {"reporting_threshold": 0}, {"max_loss": 1.0}],
)  # fmt: skip
def test_thresholds_that_make_no_sense_are_refused(changes: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Thresholds(**changes)  # type: ignore[arg-type]
