"""Cycles: money that returns to its origin through two or more other accounts, in time order.

A cycle is a chain of transfers u->v->...->u, each of at least ``min_amount``, each no earlier
than the one before it (money moves on only after it arrived), each carrying between
``1 - max_loss`` and ``1 + max_gain`` of the one before it (the same money, less fees), the
last no later than ``cycle_window_days`` after the first, through distinct accounts, with 3 to
``cycle_max_length`` transfers. A small circle of friends settling a dinner bill is below
``min_amount``; a supply chain that loops with unrelated invoice amounts fails the amount rule,
and a loop whose every hop is an established relationship (see
:class:`~clew.money.typologies.Thresholds`), such as suppliers trading in a ring every month,
is ordinary trade, not round-tripping.

The search starts from the time-ordered two-hop paths (vectorised, see
:func:`clew.money.windows.two_paths`) and extends each by a depth-first search bounded by the
window, the length and a step budget, so each cycle is found once, from its first transfer.
Cycles that share a transfer are reported as one finding.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np

from clew.money.ledger import Ledger
from clew.money.transfers import DAY
from clew.money.typologies import Finding, Thresholds, Typology, found
from clew.money.windows import established, two_paths

__all__ = ["STEP_BUDGET", "cycles"]

STEP_BUDGET = 5_000
"""Transfers looked at per starting two-hop path, at most: a bound for dense hubs."""


def cycles(ledger: Ledger, thresholds: Thresholds) -> list[Finding]:
    window = int(thresholds.cycle_window_days * DAY)
    mask = (ledger.amount >= thresholds.min_amount) & (ledger.source != ledger.target)
    first, second = two_paths(ledger, mask, window, thresholds.max_loss, thresholds.max_gain)
    if not len(first):
        return []
    # Outgoing transfers of every account, as plain lists for fast bisect in the search.
    chosen = np.flatnonzero(mask)
    order = np.argsort(ledger.source[chosen], kind="stable")
    outgoing = chosen[order]
    stride = ledger.span + window + 1
    base = int(ledger.time[0])
    keys: list[int] = (ledger.source[outgoing] * stride + ledger.time[outgoing] - base).tolist()
    out: list[int] = outgoing.tolist()
    target: list[int] = ledger.target.tolist()
    source: list[int] = ledger.source.tolist()
    time: list[int] = ledger.time.tolist()
    amount: list[float] = ledger.amount.tolist()
    low, high = 1 - thresholds.max_loss, 1 + thresholds.max_gain
    longest = thresholds.cycle_max_length

    regular: list[bool] = established(ledger, thresholds.established_days).tolist()
    found_cycles: list[list[int]] = []
    seen: set[frozenset[int]] = set()
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        origin, deadline, budget = source[a], time[a] + window - base, STEP_BUDGET
        path, visited = [a, b], {origin, target[a], target[b]}
        # Iterative depth-first search; a frame is (next candidate, end of candidates).
        at = target[b]
        frames = [[bisect_left(keys, at * stride + time[b] - base),
                   bisect_right(keys, at * stride + deadline)]]  # fmt: skip
        while frames and budget > 0:
            frame = frames[-1]
            if frame[0] >= frame[1]:
                frames.pop()
                if len(path) > 2:
                    visited.discard(target[path.pop()])
                continue
            e = out[frame[0]]
            frame[0] += 1
            budget -= 1
            carried = amount[path[-1]]
            if not low * carried <= amount[e] <= high * carried:
                continue
            nxt = target[e]
            if nxt == origin:
                cycle = frozenset((*path, e))
                if cycle not in seen and not all(regular[p] for p in cycle):
                    seen.add(cycle)
                    found_cycles.append([*path, e])
            elif nxt not in visited and len(path) + 2 <= longest:
                visited.add(nxt)
                path.append(e)
                frames.append([bisect_left(keys, nxt * stride + time[e] - base),
                               bisect_right(keys, nxt * stride + deadline)])  # fmt: skip
        if len(found_cycles) >= thresholds.max_findings * 4:
            break
    return _merged(ledger, found_cycles, thresholds)


def _merged(ledger: Ledger, chains: list[list[int]], thresholds: Thresholds) -> list[Finding]:
    """One finding per group of cycles that share transfers, centred on the earliest origin."""
    parent = list(range(len(chains)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for number, chain in enumerate(chains):
        for e in chain:
            if e in owner:
                parent[root(number)] = root(owner[e])
            else:
                owner[e] = number
    groups: dict[int, list[int]] = {}
    for number in range(len(chains)):
        groups.setdefault(root(number), []).append(number)
    findings: list[Finding] = []
    for members in groups.values():
        positions = sorted({e for m in members for e in chains[m]})
        start = positions[0]
        origin = int(ledger.source[start])
        hops = min(len(chains[m]) for m in members)
        days = float(ledger.time[positions[-1]] - ledger.time[start]) / DAY
        back = float(ledger.amount[chains[members[0]][-1]])
        findings.append(found(
            ledger, Typology.CYCLE, origin, positions,
            {"amount": float(ledger.amount[start]), "origin": ledger.accounts[origin],
             "back": back, "others": hops - 1, "days": days, "cycles": len(members)},
            amount=float(ledger.amount[start]),
        ))  # fmt: skip
        if len(findings) >= thresholds.max_findings:
            break
    return findings
