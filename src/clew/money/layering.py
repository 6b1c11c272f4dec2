"""Scatter-gather: one account splits money over several intermediaries, which all forward it
to one other account.

Built on time-ordered two-hop paths S->I->T (see :func:`clew.money.windows.two_paths`): each
intermediary forwards no earlier than it received, between ``1 - max_loss`` and
``1 + max_gain`` of what it received. A finding needs ``scatter_min`` distinct intermediaries
between the same S and T (S != T), every split and forward within ``scatter_window_days`` of
the first split, over transfers of at least ``min_amount``. A path whose two hops are both
established relationships (see :class:`~clew.money.typologies.Thresholds`), such as a salary
and then the rent, is ordinary life and does not count.
"""

from __future__ import annotations

import numpy as np

from clew.money.ledger import Ledger
from clew.money.transfers import DAY
from clew.money.typologies import Finding, Thresholds, Typology, found
from clew.money.windows import established, two_paths

__all__ = ["scatter_gather"]


def scatter_gather(ledger: Ledger, thresholds: Thresholds) -> list[Finding]:
    window = int(thresholds.scatter_window_days * DAY)
    least = thresholds.scatter_min
    first, second = two_paths(ledger, ledger.amount >= thresholds.min_amount, window,
                              thresholds.max_loss, thresholds.max_gain)  # fmt: skip
    regular = established(ledger, thresholds.established_days)
    keep = ~(regular[first] & regular[second])
    first, second = first[keep], second[keep]
    if len(first) < least:
        return []
    ends = ledger.source[first] * len(ledger.accounts) + ledger.target[second]
    order = np.lexsort((first, ends))
    first, second, ends = first[order], second[order], ends[order]
    starts = np.flatnonzero(np.r_[True, ends[1:] != ends[:-1]])
    sizes = np.diff(np.r_[starts, len(ends)])
    findings: list[Finding] = []
    for begin, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        if size < least:
            continue
        splits, forwards = first[begin : begin + size].tolist(), second[begin : begin + size]
        taken = 0
        while taken < size:
            deadline = ledger.time[splits[taken]] + window
            cluster = [
                k for k in range(taken, size)
                if ledger.time[splits[k]] <= deadline and ledger.time[forwards[k]] <= deadline
            ]  # fmt: skip
            via = {int(ledger.target[splits[k]]) for k in cluster}
            if len(via) >= least:
                positions = [splits[k] for k in cluster] + [int(forwards[k]) for k in cluster]
                source = int(ledger.source[splits[taken]])
                split = float(ledger.amount[np.unique([splits[k] for k in cluster])].sum())
                days = float(max(ledger.time[positions]) - ledger.time[splits[taken]]) / DAY
                target = ledger.accounts[int(ledger.target[forwards[taken]])]
                findings.append(found(
                    ledger, Typology.SCATTER_GATHER, source, positions,
                    {"amount": split, "intermediaries": len(via),
                     "max_loss": thresholds.max_loss, "max_gain": thresholds.max_gain,
                     "target": target, "days": days},
                    amount=split,
                ))  # fmt: skip
                taken = cluster[-1] + 1
            else:
                taken += 1
        if len(findings) >= thresholds.max_findings:
            break
    return findings
