"""Transfers: one payment from one account to another, and the conversion from graph edges.

A ``Transfer`` is the money package's own plain item (a frozen dataclass with slots: cheap by
the million, hashable, no storage or pydantic types). Analysis files carry payments as
:class:`clew.graph.items.Edge` of kind ``"paid"``; :func:`transfers_from_edges` turns those
into transfers and :func:`transfer_edge` turns a transfer back into such an edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from clew.graph.items import Edge

__all__ = ["DAY", "Transfer", "seconds", "transfer_edge", "transfers_from_edges"]

DAY = 86_400
"""Seconds in a day: windows given in days are compared with ``seconds`` values."""


@dataclass(frozen=True, slots=True)
class Transfer:
    """``amount`` of ``currency`` moved from account ``source`` to account ``target`` at ``at``.

    ``at`` is a ``date`` (the day is known, not the hour) or a ``datetime``. Amounts are taken
    as given: the analyses never convert currencies, so convert to one currency first when a
    ledger mixes them (``Ledger.currencies`` says which are present).
    """

    key: str
    source: str
    target: str
    amount: float
    currency: str
    at: datetime | date


def seconds(at: datetime | date) -> int:
    """A point in time as whole seconds on one scale, for sorting and windows.

    A ``date`` counts as midnight at the start of that day, so a dated transfer sorts before any
    timed transfer of the same day. An aware ``datetime`` is taken in UTC; a naive one as it is.
    """
    if isinstance(at, datetime):
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
        return at.toordinal() * DAY + at.hour * 3600 + at.minute * 60 + at.second
    return at.toordinal() * DAY


def transfers_from_edges(edges: Iterable[Edge], *, currency: str = "EUR") -> list[Transfer]:
    """The payments among ``edges`` as transfers, in the order given.

    Edges of another kind than ``"paid"`` are skipped, and so are payments that cannot be placed
    in the money flow: no date (``start`` is ``None``), or no positive numeric ``amount`` in
    ``attrs`` (the edge ``weight`` counts links, it is not money). ``currency`` is used when the
    edge has none. An edge without a ``key`` gets ``"source>target@date#n"`` (n its position).
    """
    out: list[Transfer] = []
    for number, edge in enumerate(edges):
        if edge.kind != "paid" or edge.start is None:
            continue
        amount = edge.attrs.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not amount > 0:
            continue
        unit = edge.attrs.get("currency")
        key = edge.key or f"{edge.source}>{edge.target}@{edge.start.isoformat()}#{number}"
        out.append(
            Transfer(key, edge.source, edge.target, float(amount),
                     unit if isinstance(unit, str) and unit else currency, edge.start)
        )  # fmt: skip
    return out


def transfer_edge(transfer: Transfer) -> Edge:
    """The ``"paid"`` edge for ``transfer`` (dated on its day), as analysis files hold payments."""
    day = transfer.at.date() if isinstance(transfer.at, datetime) else transfer.at
    return Edge(
        transfer.source, transfer.target, kind="paid", start=day, end=day, directed=True,
        key=transfer.key, attrs={"amount": transfer.amount, "currency": transfer.currency},
    )  # fmt: skip
