"""The laundering typologies Clew detects, their thresholds, and what a detection reports.

Each typology is a shape of money movement that financial intelligence units look for:

- fan-in: many senders pay one account within a few days (collection, "smurfing" through
  money mules);
- fan-out: one account pays many within a few days (distribution);
- gather-scatter: many pay one account, which soon pays many (a funnel account);
- scatter-gather: one account splits a sum over several intermediaries, which all forward it to
  one other account (layering through mules);
- cycle: money returns to its origin through two or more other accounts, hop after hop in time
  (round-tripping);
- structuring: repeated transfers or deposits just under a reporting threshold in a short time.

Every threshold is a field of :class:`Thresholds`, with defaults that suit personal and small
business accounts in euros.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from clew.money.explain import Value, render, shown

if TYPE_CHECKING:
    from clew.money.ledger import Ledger

__all__ = ["Finding", "Thresholds", "Typology", "found"]


class Typology(StrEnum):
    FAN_IN = "fan_in"
    FAN_OUT = "fan_out"
    GATHER_SCATTER = "gather_scatter"
    SCATTER_GATHER = "scatter_gather"
    CYCLE = "cycle"
    STRUCTURING = "structuring"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a pattern counts as a typology. Windows are in days; amounts in the ledger's currency.

    Fans and gather-scatter count only *new* relationships: a pair of accounts whose transfers
    span more than ``established_days`` (salary, rent, a regular supplier) never counts towards
    them, and a cycle or scatter-gather made only of such pairs is ordinary trade. Fans,
    gather-scatter and structuring must be a *burst* for their account: at least
    ``burst_factor`` times as many such transfers in the window as the account averages per
    window over the whole ledger. That is what keeps a busy shop, a landlord on rent day and an
    employer on payday out of the findings; for fans the burst must also be statistically
    surprising (``surprise``, a Poisson tail) so that an account that is merely fairly busy does
    not cross ``fan_min`` by chance.
    """

    min_amount: float = 1_000.0
    """Transfers below this are ignored by fans, gather-scatter, scatter-gather and cycles."""
    fan_min: int = 8
    """Distinct counterparties for a fan-in or fan-out."""
    fan_window_days: float = 3.0
    burst_factor: float = 4.0
    surprise: float = 1e-6
    """Fans only: the window's count must be less likely than this at the account's own rate."""
    baseline_days: float = 90.0
    """The shortest span an account's rate is averaged over (a short ledger is stretched)."""
    established_days: float = 25.0
    """A pair of accounts whose transfers span more than this is an established relationship."""
    gather_min: int = 4
    """Distinct senders and distinct receivers for gather-scatter."""
    gather_window_days: float = 7.0
    """Gather-scatter: the gathering within this, and the scattering no later than this after."""
    scatter_min: int = 3
    """Distinct intermediaries for scatter-gather."""
    scatter_window_days: float = 10.0
    """Scatter-gather: from the first split to the last forward."""
    max_loss: float = 0.25
    """A forwarded hop may carry this share less than the hop before it (fees, a cut)."""
    max_gain: float = 0.05
    """... and this share more (a top-up)."""
    cycle_window_days: float = 30.0
    cycle_max_length: int = 6
    """Transfers in a cycle at most (so at most ``cycle_max_length - 1`` other accounts)."""
    reporting_threshold: float = 10_000.0
    structuring_margin: float = 0.1
    """Structuring counts amounts in ``[threshold * (1 - margin), threshold)``."""
    structuring_min: int = 3
    structuring_window_days: float = 7.0
    avoidance: float = 4.0
    """Structuring: the account's transfers in the band must outnumber the average of the two
    neighbouring bands (just below it and just over the threshold) more than this many times,
    over the whole ledger."""
    facilities: frozenset[str] = frozenset()
    """The banks' own accounts (cash tills, clearing and settlement accounts): counterparties
    in findings but never their centre, since what they do is their customers' doing."""
    max_findings: int = 100_000
    """Stop after this many findings per typology (a bound on the output, not a filter)."""

    def __post_init__(self) -> None:
        if min(self.fan_min, self.gather_min, self.scatter_min, self.structuring_min) < 2:
            raise ValueError("a pattern needs at least two transfers")
        if self.cycle_max_length < 3:
            raise ValueError("a cycle passes through at least two other accounts: length >= 3")
        if not 0 < self.structuring_margin < 1 or self.reporting_threshold <= 0:
            raise ValueError("structuring needs a positive threshold and a margin in (0, 1)")
        if not 0 <= self.max_loss < 1 or self.max_gain < 0:
            raise ValueError("max_loss must be in [0, 1) and max_gain >= 0")


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected pattern. ``accounts`` starts with the account the pattern centres on (the
    collector, distributor, funnel, origin or structurer), then the others in order of first
    appearance; ``transfers`` are the keys of the transfers involved, in time order; ``amount``
    is the money that moved through the centre (for a cycle: the first hop). ``reason`` is in
    English; ``code`` (the typology) and ``values`` (the numbers and accounts it shows) render
    it in other languages, see :func:`clew.money.explain.explain`. A finding made by hand may
    leave them empty."""

    typology: Typology
    accounts: tuple[str, ...]
    transfers: tuple[str, ...]
    amount: float
    start: datetime | date
    end: datetime | date
    reason: str
    code: str = ""
    values: Mapping[str, Value] = field(default_factory=dict, hash=False)

    @property
    def centre(self) -> str:
        return self.accounts[0]


def found(
    ledger: Ledger, typology: Typology, centre: int, positions: Iterable[int],
    values: Mapping[str, Value], amount: float | None = None,
) -> Finding:  # fmt: skip
    """A finding over the ledger transfers at ``positions`` (any order, repeats allowed),
    centred on account number ``centre``, its reason the typology's with ``values``;
    ``amount`` defaults to the sum of the transfers."""
    ordered = sorted(set(positions))
    transfers = [ledger.transfers[i] for i in ordered]
    accounts = [ledger.accounts[centre]]
    for t in transfers:
        for account in (t.source, t.target):
            if account not in accounts:
                accounts.append(account)
    total = sum(t.amount for t in transfers) if amount is None else amount
    values = shown(values)
    return Finding(typology, tuple(accounts), tuple(t.key for t in transfers), round(total, 2),
                   transfers[0].at, transfers[-1].at, render(typology.value, values),
                   typology.value, values)  # fmt: skip
