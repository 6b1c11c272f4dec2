"""The vectorised sweeps the typology detectors share: established relationships, bursts of
transfers in a sliding time window, and time-ordered two-hop paths.

All work on a :class:`~clew.money.ledger.Ledger`'s arrays with numpy sorts and
``searchsorted``, never a Python loop per transfer, so that a million transfers take seconds.
Positions returned are positions in ``ledger.transfers``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from clew.money.ledger import Ledger

__all__ = ["CHUNK", "PAIR_LIMIT", "Bools", "Ints", "bursts", "established", "two_paths"]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

PAIR_LIMIT = 200
"""Outgoing transfers paired with one incoming transfer, at most (see ``two_paths``)."""
CHUNK = 4_000_000
"""Two-hop pairs built at once, at most: bounds the memory of ``two_paths``."""


def established(ledger: Ledger, days: float) -> Bools:
    """Per transfer: does its (source, target) pair have transfers more than ``days`` apart?

    Such a pair is an established relationship (a salary, the rent, a regular supplier).
    """
    size = len(ledger)
    if not size:
        return np.zeros(0, dtype=np.bool_)
    pair = ledger.source * len(ledger.accounts) + ledger.target
    order = np.argsort(pair, kind="stable")  # ledger order is time order, so kept per pair
    ordered = pair[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], size]
    times = ledger.time[order]
    span = times[ends - 1] - times[starts]
    group = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]]) - 1
    out = np.empty(size, dtype=np.bool_)
    out[order] = span[group] > days * 86_400
    return out


def bursts(
    ledger: Ledger, owner: Ints, mask: Bools, window: int, least: int, factor: float,
    baseline: int, surprise: float | None = None,
) -> list[tuple[int, Ints]]:  # fmt: skip
    """Bursts of ``mask``-ed transfers per ``owner`` account (``ledger.source`` or ``.target``).

    A window of ``window`` seconds starting at one of an owner's transfers is a burst when it
    holds at least ``least`` transfers and at least ``factor`` times the owner's own average
    per window (a shop that is always busy is not bursting). The average spreads the owner's
    transfers over the ledger's span, or over ``baseline`` seconds when the ledger is shorter
    (a week of statements is not a baseline). With ``surprise``, the window's count must also
    be less likely than that under a Poisson law at the owner's average rate (an upper bound
    of the tail is used, so the test errs towards not flagging). Overlapping burst windows of
    one owner merge. Returns (owner, positions in time order).
    """
    chosen = np.flatnonzero(mask)
    if len(chosen) < least:
        return []
    owners = owner[chosen]
    order = np.argsort(owners, kind="stable")
    chosen, owners = chosen[order], owners[order]
    offset = ledger.time[chosen] - ledger.time[0]
    stride = ledger.span + window + 1
    key = owners * stride + offset
    end = np.searchsorted(key, key + window, side="right")
    count = end - np.arange(len(key))
    totals = np.bincount(owners, minlength=len(ledger.accounts))[owners]
    expected = totals * (window / max(ledger.span, baseline, window))
    starts = np.flatnonzero((count >= least) & (count >= factor * expected))
    if surprise is not None and len(starts):
        starts = starts[_poisson_tail(count[starts], expected[starts]) < surprise]
    found: list[tuple[int, Ints]] = []
    current, low, high = -1, 0, 0
    for start in starts.tolist():
        who = int(owners[start])
        if who == current and start < high:
            high = max(high, int(end[start]))
            continue
        if current >= 0:
            found.append((current, chosen[low:high]))
        current, low, high = who, start, int(end[start])
    if current >= 0:
        found.append((current, chosen[low:high]))
    return found


def _poisson_tail(count: Ints, mean: npt.NDArray[np.floating]) -> npt.NDArray[np.float64]:
    """An upper bound of P(X >= count) for X ~ Poisson(mean), where count > mean: the
    probability of ``count`` times 1 / (1 - mean / (count + 1)), as each further term shrinks
    by at least that ratio."""
    log_factorial = np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, int(count.max()) + 1)))))
    log_pmf = -mean + count * np.log(mean) - log_factorial[count]
    ratio = np.minimum(mean / (count + 1), 0.999)
    tail: npt.NDArray[np.float64] = np.exp(log_pmf) / (1 - ratio)
    return tail


def two_paths(
    ledger: Ledger, mask: Bools, window: int, max_loss: float, max_gain: float
) -> tuple[Ints, Ints]:
    """Pairs (first, second) of ``mask``-ed transfers u->v then v->w with w != u, the second no
    earlier than the first and at most ``window`` seconds later, carrying between
    ``1 - max_loss`` and ``1 + max_gain`` times the first's amount: money that could have moved
    on. Returned as two aligned arrays of positions, ordered by the first transfer's position.

    Bounded for clearing hubs: after one incoming transfer, only the account's first
    ``PAIR_LIMIT`` outgoing transfers in the window are paired with it (a mule or a shell
    forwards in a few transfers, not hundreds), and pairs are built ``CHUNK`` at a time.
    """
    chosen = np.flatnonzero(mask & (ledger.source != ledger.target))
    empty = np.zeros(0, dtype=np.int64)
    if len(chosen) < 2:
        return empty, empty
    senders = ledger.source[chosen]
    order = np.argsort(senders, kind="stable")
    outgoing = chosen[order]
    stride = ledger.span + window + 1
    key = senders[order] * stride + (ledger.time[outgoing] - ledger.time[0])
    arrival = ledger.target[chosen] * stride + (ledger.time[chosen] - ledger.time[0])
    low = np.searchsorted(key, arrival, side="left")
    high = np.minimum(np.searchsorted(key, arrival + window, side="right"), low + PAIR_LIMIT)
    counts = high - low
    ends = np.cumsum(counts)
    firsts, seconds = [], []
    begin = 0
    while begin < len(chosen):
        # The largest run of first transfers whose pairs fit in one chunk (at least one).
        stop = max(begin + 1, int(np.searchsorted(ends, ends[begin] - counts[begin] + CHUNK,
                                                  side="right")))  # fmt: skip
        part = slice(begin, stop)
        total = int(counts[part].sum())
        if total:
            first = np.repeat(chosen[part], counts[part])
            offsets = np.repeat(np.cumsum(counts[part]) - counts[part], counts[part])
            second = outgoing[np.repeat(low[part], counts[part]) + np.arange(total) - offsets]
            ratio = ledger.amount[second] / ledger.amount[first]
            keep = (
                (ratio >= 1 - max_loss) & (ratio <= 1 + max_gain)
                & (ledger.target[second] != ledger.source[first])
            )  # fmt: skip
            firsts.append(first[keep])
            seconds.append(second[keep])
        begin = stop
    if not firsts:
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)
