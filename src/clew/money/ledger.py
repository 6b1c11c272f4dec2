"""The ledger: transfers sorted by time and indexed by account, as arrays for fast sweeps.

Built once from transfers; the analyses read its numpy arrays (account numbers, amounts, times
in seconds) rather than the ``Transfer`` objects, which is what lets them scan a million
transfers in seconds. ``outgoing`` and ``incoming`` give one account's transfers in time order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from itertools import chain

import numpy as np
import numpy.typing as npt

from clew.money.transfers import Transfer, seconds

__all__ = ["Ledger"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


_EPOCH = datetime(1970, 1, 1)
_EPOCH_SECONDS = seconds(_EPOCH)


def _times(moments: list[datetime | date]) -> Ints:
    """``seconds`` of each moment, by the fast path when all are naive datetimes."""
    try:
        since = np.fromiter(((m - _EPOCH).total_seconds() for m in moments), np.float64,
                            len(moments))  # fmt: skip
    except TypeError:  # a date, or an aware datetime
        return np.array([seconds(m) for m in moments], dtype=np.int64)
    return np.floor(since).astype(np.int64) + _EPOCH_SECONDS


def _grouped(owner: Ints, count: int) -> tuple[Ints, Ints]:
    """Positions sorted by owner (stable, so time order is kept) and the owner start offsets."""
    order = np.argsort(owner, kind="stable").astype(np.int64)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=count), out=offsets[1:])
    return order, offsets


class Ledger:
    """Transfers in time order (ties keep the order given) with per-account indexes.

    ``source``/``target`` hold account numbers (positions in ``accounts``), ``amount`` the
    amounts and ``time`` the times in seconds (see :func:`clew.money.transfers.seconds`), all
    aligned with ``transfers``. A transfer from an account to itself is kept but no analysis
    follows it.
    """

    __slots__ = ("_in", "_in_at", "_number", "_out", "_out_at", "accounts", "amount",
                 "source", "target", "time", "transfers")  # fmt: skip

    def __init__(self, transfers: Iterable[Transfer]):
        given = list(transfers)
        times = _times([t.at for t in given])
        order = np.argsort(times, kind="stable")
        ordered = [given[i] for i in order.tolist()]
        self.transfers: tuple[Transfer, ...] = tuple(ordered)
        self.time: Ints = times[order]
        sources, targets = [t.source for t in ordered], [t.target for t in ordered]
        number = {
            a: i
            for i, a in enumerate(
                dict.fromkeys(chain.from_iterable(zip(sources, targets, strict=True)))
            )
        }
        self._number = number
        self.accounts: tuple[str, ...] = tuple(number)
        self.source: Ints = np.array([number[a] for a in sources], dtype=np.int64)
        self.target: Ints = np.array([number[a] for a in targets], dtype=np.int64)
        self.amount: Floats = np.array([t.amount for t in ordered], dtype=np.float64)
        self._out, self._out_at = _grouped(self.source, len(self.accounts))
        self._in, self._in_at = _grouped(self.target, len(self.accounts))

    def __len__(self) -> int:
        return len(self.transfers)

    def __contains__(self, account: object) -> bool:
        return account in self._number

    def number(self, account: str) -> int:
        """The account's position in ``accounts``; ``KeyError`` for an unknown account."""
        return self._number[account]

    def outgoing_at(self, number: int) -> Ints:
        """Positions (in ``transfers``) of what account ``number`` sent, in time order."""
        return self._out[self._out_at[number] : self._out_at[number + 1]]

    def incoming_at(self, number: int) -> Ints:
        """Positions (in ``transfers``) of what account ``number`` received, in time order."""
        return self._in[self._in_at[number] : self._in_at[number + 1]]

    def outgoing(self, account: str) -> list[Transfer]:
        """What ``account`` sent, in time order (empty for an unknown account)."""
        if account not in self._number:
            return []
        return [self.transfers[i] for i in self.outgoing_at(self._number[account]).tolist()]

    def incoming(self, account: str) -> list[Transfer]:
        """What ``account`` received, in time order (empty for an unknown account)."""
        if account not in self._number:
            return []
        return [self.transfers[i] for i in self.incoming_at(self._number[account]).tolist()]

    @property
    def currencies(self) -> frozenset[str]:
        return frozenset(t.currency for t in self.transfers)

    @property
    def span(self) -> int:
        """Seconds from the first transfer to the last (0 for fewer than two)."""
        return int(self.time[-1] - self.time[0]) if len(self.time) else 0
