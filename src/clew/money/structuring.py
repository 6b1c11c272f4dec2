"""Structuring: repeated transfers or deposits just under a reporting threshold, in a short time.

The band is ``[threshold * (1 - margin), threshold)``: with the defaults, 9,000.00 up to
9,999.99 against a 10,000 threshold (10,000.00 itself is reportable, so not in the band). An
account structures when at least ``structuring_min`` of its transfers in the band, received or
sent, fall within ``structuring_window_days`` and that is a burst against its own baseline (a
wholesaler whose invoices often land in the band every week is not structuring). The count is
of transfers, not counterparties: one person depositing cash three times counts. Findings that
share a transfer (the sender's and the receiver's view of the same payments) are merged.
"""

from __future__ import annotations

import numpy as np

from clew.money.ledger import Ledger
from clew.money.transfers import DAY
from clew.money.typologies import Finding, Thresholds, Typology, found
from clew.money.windows import bursts

__all__ = ["structuring"]


def structuring(ledger: Ledger, thresholds: Thresholds) -> list[Finding]:
    limit = thresholds.reporting_threshold
    floor = limit * (1 - thresholds.structuring_margin)
    band = (ledger.amount >= floor) & (ledger.amount < limit) & (ledger.source != ledger.target)
    width = limit * thresholds.structuring_margin
    neighbours = ((ledger.amount >= floor - width) & (ledger.amount < floor)) | (
        (ledger.amount >= limit) & (ledger.amount < limit + width))  # fmt: skip
    window = int(thresholds.structuring_window_days * DAY)
    groups: list[tuple[int, set[int]]] = []
    owner_of: dict[int, int] = {}  # transfer position -> group number
    least, factor = thresholds.structuring_min, thresholds.burst_factor
    baseline = int(thresholds.baseline_days * DAY)
    size = len(ledger.accounts)
    for owner in (ledger.target, ledger.source):
        below_count = np.bincount(owner[band], minlength=size)
        around = np.bincount(owner[neighbours], minlength=size)
        for account, positions in bursts(ledger, owner, band, window, least, factor, baseline):
            if thresholds.avoidance * around[account] >= 2 * below_count[account]:
                continue
            members = set(positions.tolist())
            joined = {owner_of[p] for p in members if p in owner_of}
            if joined:
                number = min(joined)
                for other in joined - {number}:
                    members |= groups[other][1]
                    groups[other] = (-1, set())
                groups[number][1].update(members)
            else:
                number = len(groups)
                groups.append((account, members))
            for p in groups[number][1]:
                owner_of[p] = number
    findings: list[Finding] = []
    for account, members in groups:
        if account < 0:
            continue
        positions = np.array(sorted(members), dtype=np.int64)
        span = float(ledger.time[positions[-1]] - ledger.time[positions[0]]) / DAY
        total = float(ledger.amount[positions].sum())
        findings.append(found(
            ledger, Typology.STRUCTURING, account, positions.tolist(),
            {"transfers": len(positions), "floor": floor, "limit": limit, "days": span,
             "total": total, "factor": thresholds.burst_factor},
        ))  # fmt: skip
        if len(findings) >= thresholds.max_findings:
            break
    return findings
