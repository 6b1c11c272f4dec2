"""What a trace's history yields for the routes and the statistics, stored with the trace.

A trace's history (:func:`clew.firearms.history.analyse` over the answered events and the
recovery the trace describes) changes only when the trace is opened or an agency answers, while
the statistics page and the routes map read 100,000 traces per view. So each time the events
change the history is read once and its :class:`Digest` stored, by the one visibility rule of
:mod:`clew.firearms.trace_stats`:

- on the trace: the history its requester (and the console) sees, from every answer;
- on each addressed agency's row: the history that agency sees, from its own answer only.

A :class:`Digest` is an :class:`~clew.firearms.history.Outline`: the routes and the trafficking
indicators read it as they read a :class:`~clew.firearms.history.History`.

Pure: :func:`trace_digests` takes plain rows (mappings) and is what the traces service, the
migration that fills in the traces opened before (``0013``) and the benchmark's seeding call.
Stored columns are named ``history_<field>`` (:data:`COLUMNS`); the time to crime is stored as
its two ends. A trace also stores, once, the batch its markings place it in
(:func:`batch_columns`), so the statistics find batches in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from clew.firearms.history import CustodyEvent, EventKind, History, TimeToCrime, analyse, same_name
from clew.firearms.indicators import batch_of
from clew.firearms.reasons import ReasonCode
from clew.intel.vocabulary import Information, Reliability

__all__ = [
    "COLUMNS", "Digest", "batch_columns", "custody_event", "digest", "recovery_event",
    "trace_digests",
]  # fmt: skip

_FIELDS = (
    "diversion_country", "recovery_country", "diverted_on", "chain_gap", "ttc_low", "ttc_high",
    "transferred_from", "recovered_by", "purchaser", "dealer", "possessor",
)  # fmt: skip
#: The stored columns, in the order :meth:`Digest.restore` reads them.
COLUMNS = tuple(f"history_{name}" for name in _FIELDS)


# A plain slotted class, not pydantic: the statistics read 100,000 of them per view.
@dataclass(frozen=True, slots=True)
class Digest:
    """What the routes and statistics read of one history (see the module docstring)."""

    diversion_country: str | None = None
    recovery_country: str | None = None
    diverted_on: str | None = None  # the point of diversion's date as given (may be partial)
    chain_gap: bool = False  # no point of diversion because the chain has a gap
    time_to_crime: TimeToCrime | None = None
    transferred_from: date | None = None
    recovered_by: date | None = None
    purchaser: str | None = None
    dealer: str | None = None
    possessor: str | None = None

    @property
    def possessor_is_purchaser(self) -> bool | None:
        if self.possessor is None or self.purchaser is None:
            return None
        return same_name(self.possessor, self.purchaser)

    def columns(self) -> dict[str, Any]:
        """The values to store, by column name."""
        ttc = self.time_to_crime
        values = (
            self.diversion_country, self.recovery_country, self.diverted_on, self.chain_gap,
            ttc.low if ttc else None, ttc.high if ttc else None, self.transferred_from,
            self.recovered_by, self.purchaser, self.dealer, self.possessor,
        )  # fmt: skip
        return dict(zip(COLUMNS, values, strict=True))

    @classmethod
    def restore(cls, values: Sequence[Any], at: int = 0) -> Digest:
        """A digest from its stored columns, in :data:`COLUMNS` order from ``values[at]`` (a
        column never filled in reads as no history)."""
        values = values[at : at + len(COLUMNS)]
        diversion, recovery, diverted_on, gap, low, high, transferred, recovered = values[:8]
        return cls(
            diversion, recovery, diverted_on, bool(gap),
            TimeToCrime(low, high) if low is not None and high is not None else None,
            transferred, recovered, *values[8:11],
        )  # fmt: skip


def batch_columns(make: str | None, model: str | None, serial: str | None) -> dict[str, Any]:
    """The ``traces`` columns of the batch a firearm's markings place it in
    (:func:`clew.firearms.indicators.batch_of`; ``serial`` the serial as stamped or, when
    obliterated, as restored); both ``None`` for none."""
    found = batch_of(make, model, serial)
    return {"batch_group": found[0] if found else None, "batch_number": found[1] if found else None}


def digest(history: History) -> Digest:
    """What the routes and statistics read of ``history``."""
    gap = history.no_diversion is not None and history.no_diversion.code is ReasonCode.CHAIN_GAP
    return Digest(
        diversion_country=history.diversion_country,
        recovery_country=history.recovery_country,
        diverted_on=history.diversion.occurred_on if history.diversion else None,
        chain_gap=gap,
        time_to_crime=history.time_to_crime,
        transferred_from=history.transferred_from,
        recovered_by=history.recovered_by,
        purchaser=history.purchaser,
        dealer=history.dealer,
        possessor=history.possessor,
    )


def custody_event(event: Mapping[Any, Any], source: str) -> CustodyEvent:
    """An answered ``trace_events`` row as a custody event, ``source`` the answering agency's
    code."""
    return CustodyEvent(
        occurred_on=event.get("occurred_on") or "", kind=EventKind(event["kind"]),
        country=event.get("country") or "", place=event.get("place") or "",
        actor=event.get("actor") or "", counterpart=event.get("counterpart") or "", source=source,
        source_grade=Reliability(event["source_grade"]),
        info_grade=Information(event["info_grade"]),
    )  # fmt: skip


def recovery_event(trace: Mapping[Any, Any], requester: str) -> CustodyEvent:
    """The recovery a ``traces`` row describes, ``requester`` the requesting agency's code."""
    return CustodyEvent(
        occurred_on=trace["recovered_on"].isoformat(), kind=EventKind.RECOVERED,
        country=trace["recovery_country"], place=trace.get("recovery_place") or "",
        actor=requester, counterpart=trace.get("possessor_name") or "", source=requester,
    )  # fmt: skip


def trace_digests(
    trace: Mapping[Any, Any],
    codes: Mapping[int, str],
    events: Iterable[Mapping[Any, Any]],
    addressed: Iterable[int],
) -> tuple[Digest, dict[int, Digest]]:
    """The digest of the history the requester sees (every answered event) and, by agency id,
    of the one each addressed agency sees (its own events).

    ``trace`` holds the ``traces`` row's ``requesting_agency_id``, ``recovered_on``,
    ``recovery_country``, ``recovery_place`` and ``possessor_name``; ``events`` the
    ``trace_events`` rows' columns (a missing text column reads as empty); ``codes`` the
    agencies' codes by id (an unknown one is ``?``, as the trace's page shows it)."""
    requester = codes.get(trace["requesting_agency_id"], "?")
    recovery = recovery_event(trace, requester)
    own: dict[int, list[CustodyEvent]] = {agency: [] for agency in addressed}
    for event in events:
        agency = event["recipient_agency_id"]
        own.setdefault(agency, []).append(custody_event(event, codes.get(agency, "?")))
    every = [event for chain in own.values() for event in chain]
    return digest(analyse([*every, recovery])), {
        agency: digest(analyse([*chain, recovery])) for agency, chain in own.items()
    }
