"""Follow the money: from one account forward (where did it go) or back (where did it come
from), hop by hop, in time order, with how much of the traced sum each transfer could carry.

The rule, forward (backward is its mirror):

- The traced sum sits in the starting account at ``since`` (default: before its first
  transfer); it is ``amount``, or by default all the account sent from then on.
- Money moves on only after it arrived: from an account reached at time t, only transfers at t
  or later are followed (the same instant counts: dated transfers have no hour), and with
  ``window_days`` no later than that many days after t.
- Earliest first: of the traced money sitting in an account, each later outgoing transfer in
  time order takes as much as it can, up to its own amount, until the money is used up. This is
  an investigator's worst case (the money moved on as soon as it could), not a proof of which
  coins went where.
- Capped: a transfer never carries more than its amount in all, however many branches reach
  its account, so no hop carries more than the traced sum and every step carries at most what
  its parent step carried. Branches are served in the order their money arrived.
- Bounded: at most ``hops`` transfers from the start, at most ``max_steps`` steps (``truncated``
  says when that cut the flow), branches carrying less than ``min_amount`` dropped, and no
  branch goes on from an account it already passed through (the step that returns is kept).

Backward: the traced sum left the account at ``until`` (default: after its last transfer);
each earlier incoming transfer, latest first, supplies as much as it can; and so on back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import numpy as np

from clew.money.ledger import Ledger
from clew.money.transfers import DAY, Transfer, seconds

__all__ = ["Direction", "Flow", "FlowStep", "follow"]


class Direction(StrEnum):
    FORWARD = "forward"
    BACKWARD = "backward"


@dataclass(frozen=True, slots=True)
class FlowStep:
    """One transfer on the flow: ``account`` is where it took the money (forward: the receiver;
    backward: the sender), ``amount`` how much of the traced sum it carried, ``hop`` its
    distance from the start (1 for the start's own transfers), ``parent`` the index in
    ``Flow.steps`` of the step before it (``None`` at hop 1)."""

    hop: int
    parent: int | None
    transfer: Transfer
    account: str
    amount: float


@dataclass(frozen=True, slots=True)
class Flow:
    account: str
    direction: Direction
    amount: float
    steps: tuple[FlowStep, ...]
    truncated: bool

    def reached(self) -> dict[str, float]:
        """Traced money per account reached, summed over its steps, largest first."""
        totals: dict[str, float] = {}
        for step in self.steps:
            totals[step.account] = totals.get(step.account, 0.0) + step.amount
        return {a: round(v, 2) for a, v in sorted(totals.items(), key=lambda item: -item[1])}

    def paths(self) -> list[tuple[FlowStep, ...]]:
        """Every chain from the start to a step nothing follows, in step order."""
        followed = {step.parent for step in self.steps}
        out = []
        for index, step in enumerate(self.steps):
            if index in followed:
                continue
            chain = [step]
            while chain[-1].parent is not None:
                chain.append(self.steps[chain[-1].parent])
            out.append(tuple(reversed(chain)))
        return out


@dataclass(slots=True)
class _Holding:
    """Traced money at an account: how much, since (or until) when, the path that brought it."""

    step: int | None
    account: int
    time: int
    amount: float
    passed: frozenset[int]


def follow(
    ledger: Ledger,
    account: str,
    *,
    direction: Direction = Direction.FORWARD,
    hops: int = 3,
    amount: float | None = None,
    since: datetime | date | None = None,
    until: datetime | date | None = None,
    window_days: float | None = None,
    min_amount: float = 0.01,
    max_steps: int = 1_000,
) -> Flow:
    """Trace ``account``'s money by the rule in the module docstring.

    ``since`` bounds a forward trace, ``until`` a backward one (the other is ignored). An account
    the ledger does not know gives an empty flow. ``ValueError`` for ``hops < 1``,
    ``max_steps < 1`` or a non-positive ``amount``.
    """
    if hops < 1 or max_steps < 1:
        raise ValueError("hops and max_steps must be at least 1")
    if amount is not None and not amount > 0:
        raise ValueError("the traced amount must be positive")
    forward = direction is Direction.FORWARD
    if account not in ledger:
        return Flow(account, direction, 0.0, (), False)
    start = ledger.number(account)
    if forward:
        moment = seconds(since) if since is not None else int(ledger.time[0]) if len(ledger) else 0
    else:
        moment = seconds(until) if until is not None else int(ledger.time[-1]) if len(ledger) else 0
    first = _candidates(ledger, start, moment, forward, None)
    traced = float(ledger.amount[first].sum()) if amount is None else float(amount)
    window = None if window_days is None else int(window_days * DAY)
    left: dict[int, float] = {}  # capacity left per transfer position
    steps: list[FlowStep] = []
    level = [_Holding(None, start, moment, traced, frozenset({start}))]
    truncated = False
    for hop in range(1, hops + 1):
        following: list[_Holding] = []
        level.sort(key=lambda h: h.time if forward else -h.time)
        for holding in level:
            money = holding.amount
            limit = window if holding.step is not None else None
            for position in _candidates(ledger, holding.account, holding.time, forward, limit):
                if money < min_amount:
                    break
                take = min(money, left.get(position, float(ledger.amount[position])))
                if take < min_amount:
                    continue
                if len(steps) >= max_steps:
                    truncated = True
                    break
                left[position] = left.get(position, float(ledger.amount[position])) - take
                money -= take
                other = int(ledger.target[position] if forward else ledger.source[position])
                steps.append(FlowStep(hop, holding.step, ledger.transfers[position],
                                      ledger.accounts[other], round(take, 2)))  # fmt: skip
                if other not in holding.passed:
                    following.append(_Holding(len(steps) - 1, other, int(ledger.time[position]),
                                              take, holding.passed | {other}))  # fmt: skip
            if truncated:
                break
        if truncated or not following:
            break
        level = following
    return Flow(account, direction, round(traced, 2), tuple(steps), truncated)


def _candidates(
    ledger: Ledger, account: int, moment: int, forward: bool, window: int | None
) -> list[int]:
    """Positions of the transfers that can carry money on from ``account`` at ``moment``:
    forward, sent at or after it (earliest first); backward, received at or before it (latest
    first); within ``window`` seconds when given. Transfers to oneself never carry money."""
    if forward:
        positions = ledger.outgoing_at(account)
        times = ledger.time[positions]
        low = int(np.searchsorted(times, moment, side="left"))
        high = len(times) if window is None else int(
            np.searchsorted(times, moment + window, side="right"))  # fmt: skip
        chosen = positions[low:high]
    else:
        positions = ledger.incoming_at(account)
        times = ledger.time[positions]
        high = int(np.searchsorted(times, moment, side="right"))
        low = 0 if window is None else int(np.searchsorted(times, moment - window, side="left"))
        chosen = positions[low:high][::-1]
    return [p for p in chosen.tolist() if ledger.source[p] != ledger.target[p]]
