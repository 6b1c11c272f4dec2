"""Fan-in, fan-out and gather-scatter: many new counterparties in a burst around one account.

A fan is counted over transfers of at least ``min_amount`` between accounts that have no
established relationship (see :class:`~clew.money.typologies.Thresholds`), in a sliding window
of ``fan_window_days``: at least ``fan_min`` *distinct* counterparties, and a burst against the
account's own baseline. Gather-scatter is a gathering burst (``gather_min`` distinct senders in
``gather_window_days``) followed by a scattering burst of the same account, of which at least
``gather_min`` distinct receivers were paid from the gathering's start to ``gather_window_days``
after its end.
"""

from __future__ import annotations

import numpy as np

from clew.money.ledger import Ledger
from clew.money.transfers import DAY
from clew.money.typologies import Finding, Thresholds, Typology, found
from clew.money.windows import Bools, Ints, bursts, established

__all__ = ["fans", "gather_scatter", "new_relationships"]


def new_relationships(ledger: Ledger, thresholds: Thresholds) -> Bools:
    """Transfers that fans may count: large enough, not to oneself, not an established pair."""
    mask: Bools = (
        (ledger.amount >= thresholds.min_amount)
        & (ledger.source != ledger.target)
        & ~established(ledger, thresholds.established_days)
    )  # fmt: skip
    return mask


def _distinct_bursts(
    ledger: Ledger, mask: Bools, inward: bool, days: float, least: int, thresholds: Thresholds,
    surprise: float | None,
) -> list[tuple[int, Ints, int]]:  # fmt: skip
    """(account, positions, distinct counterparties) of bursts with ``least`` counterparties."""
    owner, other = (ledger.target, ledger.source) if inward else (ledger.source, ledger.target)
    out = []
    baseline = int(thresholds.baseline_days * DAY)
    found_bursts = bursts(ledger, owner, mask, int(days * DAY), least, thresholds.burst_factor,
                          baseline, surprise)  # fmt: skip
    for account, positions in found_bursts:
        distinct = len(np.unique(other[positions]))
        if distinct >= least:
            out.append((account, positions, distinct))
    return out


def fans(ledger: Ledger, thresholds: Thresholds, mask: Bools | None = None) -> list[Finding]:
    """Fan-in and fan-out findings (``mask``: :func:`new_relationships`, computed if absent)."""
    mask = new_relationships(ledger, thresholds) if mask is None else mask
    days = thresholds.fan_window_days
    findings: list[Finding] = []
    for typology, inward in ((Typology.FAN_IN, True), (Typology.FAN_OUT, False)):
        found_bursts = _distinct_bursts(ledger, mask, inward, days, thresholds.fan_min,
                                        thresholds, thresholds.surprise)  # fmt: skip
        for account, positions, distinct in found_bursts[: thresholds.max_findings]:
            span = float(ledger.time[positions[-1]] - ledger.time[positions[0]]) / DAY
            findings.append(found(
                ledger, typology, account, positions.tolist(),
                {"senders" if inward else "receivers": distinct, "days": span,
                 "transfers": len(positions), "min_amount": thresholds.min_amount,
                 "factor": thresholds.burst_factor, "surprise": thresholds.surprise},
            ))  # fmt: skip
    return findings


def gather_scatter(
    ledger: Ledger, thresholds: Thresholds, mask: Bools | None = None
) -> list[Finding]:
    """Accounts that gathered from many and soon scattered to many (see the module doc)."""
    mask = new_relationships(ledger, thresholds) if mask is None else mask
    days, least = thresholds.gather_window_days, thresholds.gather_min
    scatters: dict[int, list[Ints]] = {}
    for account, positions, _ in _distinct_bursts(
        ledger, mask, False, days, least, thresholds, None
    ):
        scatters.setdefault(account, []).append(positions)
    findings: list[Finding] = []
    for account, gathered, senders in _distinct_bursts(
        ledger, mask, True, days, least, thresholds, None
    ):
        begin, finish = ledger.time[gathered[0]], ledger.time[gathered[-1]] + days * DAY
        for burst in scatters.get(account, ()):
            # Only what left after the gathering began counts (a purchase the day before does not).
            scattered = burst[(ledger.time[burst] >= begin) & (ledger.time[burst] <= finish)]
            receivers = len(np.unique(ledger.target[scattered]))
            if receivers < least:
                continue
            total_in = float(ledger.amount[gathered].sum())
            total_out = float(ledger.amount[scattered].sum())
            findings.append(found(
                ledger, Typology.GATHER_SCATTER, account,
                [*gathered.tolist(), *scattered.tolist()],
                {"total_in": total_in, "senders": senders, "total_out": total_out,
                 "receivers": receivers, "window": days},
                amount=total_in,
            ))  # fmt: skip
            break
        if len(findings) >= thresholds.max_findings:
            break
    return findings
