"""A firearm's chain of custody, its point of diversion and its time to crime.

Pure: events come from records and trace answers (the callers read them); nothing here touches
the database or the web.

A :class:`CustodyEvent` is one dated step of the weapon's life: made, exported, imported, sold,
transferred (legal), reported lost or stolen, seized, recovered (illicit markers), or other.
Names follow one convention, so a chain can be followed from holder to holder:

============================  ==========================  ============================
kind                          ``actor``                   ``counterpart``
============================  ==========================  ============================
manufactured                  the manufacturer            (the first consignee, if any)
exported, sold, transferred   who gave it (dealer...)     who received it (purchaser...)
imported                      the importer                the foreign supplier
reported_lost/_stolen         who reported it             —
seized, recovered             the seizing agency          the possessor at recovery
============================  ==========================  ============================

:func:`analyse` orders the events and reads them:

- **Order.** By the earliest day a (partial) date allows (``2019`` is 2019-01-01..2019-12-31,
  ``2019-05`` is May 2019), ties by the kind's place in :class:`EventKind` (the traces'
  vocabulary, :mod:`clew.firearms.trace_kinds`: made before sold
  before stolen before recovered), then by the latest day, then by the text of the event, so
  the result never depends on the order the events were given in. Events of the same day and
  kind keep no other order than their text; the sources rarely say which came first.
- **Undated events** (empty or unreadable ``occurred_on``, impossible dates such as
  ``2019-02-30``) are kept apart in :attr:`History.undated`, named by an ``undated`` note, and
  play no part in the reading: nobody can say when they happened.
- **Point of diversion**: the last legal event before the first illicit marker. ``None``, with
  the reason, when there are no dated events, no illicit marker (the weapon is not known to
  have left the legal market), no legal event before the first marker, or when the chain has a
  gap: two consecutive legal events whose holders do not meet (the one went to *B*, the next
  starts with *C*), or a loss or theft reported by someone other than the last known holder.
  In both cases an unrecorded transfer happened, possibly the diversion itself. Holders are
  compared case- and space-blind; an unknown name never makes a gap. ``other`` events are
  neither legal nor illicit and never break the chain. Only the first diversion is named: a
  weapon recovered, sold again at auction and stolen again has a second history.
- **Time to crime**: from the last legal transfer (exported, imported, sold or transferred:
  not the making) before the first illicit marker to the first seizure or recovery after it,
  in days. ``None`` when either is unknown. With partial dates it is a range, from the latest
  possible transfer to the earliest possible recovery (never below 0) up to the earliest
  possible transfer to the latest possible recovery, and marked approximate. It is computed
  even when the chain has a gap: an unrecorded later transfer can only make it shorter.
- **Purchaser, dealer and possessor**: the purchaser is who received the weapon in the last
  sale or transfer before the first marker (``None`` if not said), the dealer who sold it in
  the last sale, the possessor the counterpart of the recovery.
  :attr:`History.possessor_is_purchaser` is ``None`` when either is unknown.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from clew.access.countries import read_country
from clew.firearms.reasons import Reason, ReasonCode
from clew.firearms.trace_kinds import EventKind
from clew.intel.vocabulary import Information, Reliability

__all__ = [
    "ILLICIT",
    "LEGAL",
    "TRANSFERS",
    "CustodyEvent",
    "DateRange",
    "EventKind",
    "History",
    "Legality",
    "Outline",
    "TimeToCrime",
    "analyse",
    "legality",
    "parse_partial_date",
    "same_name",
]


class Legality(StrEnum):
    LEGAL = "legal"
    ILLICIT = "illicit"  # a marker that the weapon is (or was found) outside the legal market
    NEUTRAL = "neutral"


LEGAL = frozenset(
    {
        EventKind.MANUFACTURED,
        EventKind.EXPORTED,
        EventKind.IMPORTED,
        EventKind.SOLD,
        EventKind.TRANSFERRED,
    }
)
ILLICIT = frozenset(
    {EventKind.REPORTED_LOST, EventKind.REPORTED_STOLEN, EventKind.SEIZED, EventKind.RECOVERED}
)
#: Legal events that hand the weapon on: time to crime runs from the last of them.
TRANSFERS = frozenset(
    {EventKind.EXPORTED, EventKind.IMPORTED, EventKind.SOLD, EventKind.TRANSFERRED}
)
_RECOVERIES = frozenset({EventKind.SEIZED, EventKind.RECOVERED})
_LOSSES = frozenset({EventKind.REPORTED_LOST, EventKind.REPORTED_STOLEN})
_RANK = {kind: rank for rank, kind in enumerate(EventKind)}
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


def legality(kind: EventKind) -> Legality:
    if kind in LEGAL:
        return Legality.LEGAL
    if kind in ILLICIT:
        return Legality.ILLICIT
    return Legality.NEUTRAL


@dataclass(frozen=True, slots=True, order=True)
class DateRange:
    """The days a partial date allows, both ends included."""

    earliest: date
    latest: date

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest


def parse_partial_date(text: str | None) -> DateRange | None:
    """``2019``, ``2019-05`` or ``2019-05-03`` (surrounding space ignored) as the range of days
    it allows; ``None`` for anything else: empty text, other layouts, year 0, month 13, a day
    the month does not have (``2019-02-30``)."""
    match = _PARTIAL.fullmatch((text or "").strip())
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            return DateRange(date(year, 1, 1), date(year, 12, 31))
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return DateRange(date(year, month, 1), date(year, month, last))
        exact = date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        return None
    return DateRange(exact, exact)


def same_name(a: str, b: str) -> bool:
    """Whether two holders' names are the same, case- and space-blind."""
    return _fold(a) == _fold(b)


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class CustodyEvent:
    """One step of a firearm's life; see the module docstring for who ``actor`` and
    ``counterpart`` are. ``kind`` and the grades accept their text values; ``country`` is
    stored as its ISO alpha-2 code when it is one (``LVA`` is ``LV``), else upper-cased."""

    occurred_on: str | None
    kind: EventKind
    country: str = ""
    place: str = ""
    actor: str = ""
    counterpart: str = ""
    source: str = ""
    source_grade: Reliability = Reliability.X
    info_grade: Information = Information.FOUR
    when: DateRange | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "kind", EventKind(self.kind))
        set_(self, "source_grade", Reliability(self.source_grade))
        set_(self, "info_grade", Information(self.info_grade))
        country = self.country.strip()
        set_(self, "country", read_country(country) or country.upper())
        set_(self, "when", parse_partial_date(self.occurred_on))

    @property
    def legality(self) -> Legality:
        return legality(self.kind)

    @property
    def holders_before(self) -> tuple[str, ...]:
        """Who may have held the weapon just before this event, as far as the event says (no
        name: unknown). An import may follow the exporter or the importer as consignee."""
        if self.kind in (EventKind.EXPORTED, EventKind.SOLD, EventKind.TRANSFERRED):
            names: tuple[str, ...] = (self.actor,)
        elif self.kind is EventKind.IMPORTED:
            names = (self.counterpart, self.actor)
        elif self.kind in (EventKind.REPORTED_LOST, EventKind.REPORTED_STOLEN):
            names = (self.actor,)
        else:
            names = ()
        return tuple(name for name in names if name.strip())

    @property
    def holder_after(self) -> str:
        """Who held the weapon just after a legal event ("" unknown)."""
        if self.kind is EventKind.MANUFACTURED:
            return self.counterpart or self.actor
        if self.kind in (EventKind.EXPORTED, EventKind.SOLD, EventKind.TRANSFERRED):
            return self.counterpart
        if self.kind is EventKind.IMPORTED:
            return self.actor
        return ""

    def _key(self) -> tuple[object, ...]:
        when = self.when
        assert when is not None  # only dated events are ordered
        return (
            when.earliest,
            _RANK[self.kind],
            when.latest,
            (self.occurred_on or "").strip(),
            self.country,
            _fold(self.place),
            _fold(self.actor),
            _fold(self.counterpart),
            self.source,
            self.source_grade.value,
            self.info_grade.value,
            self.place,
            self.actor,
            self.counterpart,
        )


def _undated_key(event: CustodyEvent) -> tuple[str, ...]:
    return (
        str(_RANK[event.kind]).zfill(2),
        event.occurred_on or "",
        event.country,
        event.place,
        event.actor,
        event.counterpart,
        event.source,
        event.source_grade.value,
        event.info_grade.value,
    )


@dataclass(frozen=True, slots=True)
class TimeToCrime:
    """Days from the last legal transfer to the recovery: ``low`` to ``high`` (equal when both
    dates are exact)."""

    low: int
    high: int

    @property
    def approximate(self) -> bool:
        return self.low != self.high

    @property
    def reason(self) -> Reason:
        if self.approximate:
            return Reason.of(ReasonCode.TIME_TO_CRIME_APPROXIMATE, low=self.low, high=self.high)
        return Reason.of(ReasonCode.TIME_TO_CRIME, days=self.high)


@dataclass(frozen=True, slots=True)
class History:
    """What :func:`analyse` reads from a chain of custody (see the module docstring)."""

    events: tuple[CustodyEvent, ...]
    undated: tuple[CustodyEvent, ...] = ()
    diversion: CustodyEvent | None = None
    #: Why there is no point of diversion (``None`` when there is one).
    no_diversion: Reason | None = None
    first_illicit: CustodyEvent | None = None
    last_transfer: CustodyEvent | None = None
    recovery: CustodyEvent | None = None
    time_to_crime: TimeToCrime | None = None
    purchaser: str | None = None
    dealer: str | None = None
    possessor: str | None = None
    notes: tuple[Reason, ...] = ()

    @property
    def possessor_is_purchaser(self) -> bool | None:
        if self.possessor is None or self.purchaser is None:
            return None
        return same_name(self.possessor, self.purchaser)

    @property
    def diversion_country(self) -> str | None:
        """Where the weapon left the legal market: the country of the point of diversion, else
        where it was reported lost or stolen (never where it was seized: that is the other end
        of the route); ``None`` when unknown or when no point of diversion is named."""
        if self.diversion is None:
            return None
        if self.diversion.country:
            return self.diversion.country
        marker = self.first_illicit
        if marker is not None and marker.kind in _LOSSES and marker.country:
            return marker.country
        return None

    @property
    def recovery_country(self) -> str | None:
        if self.recovery is None:
            return None
        return self.recovery.country or None

    @property
    def transferred_from(self) -> date | None:
        """The earliest day the last legal transfer allows (``None`` when there is none)."""
        transfer = self.last_transfer
        return transfer.when.earliest if transfer is not None and transfer.when else None

    @property
    def recovered_by(self) -> date | None:
        """The latest day the recovery allows (``None`` when there is none)."""
        recovery = self.recovery
        return recovery.when.latest if recovery is not None and recovery.when else None


class Outline(Protocol):
    """What the routes and the trafficking indicators read of a firearm's history: a
    :class:`History`, or the :class:`~clew.firearms.digests.Digest` stored with a trace."""

    @property
    def diversion_country(self) -> str | None: ...
    @property
    def recovery_country(self) -> str | None: ...
    @property
    def time_to_crime(self) -> TimeToCrime | None: ...
    @property
    def transferred_from(self) -> date | None: ...
    @property
    def recovered_by(self) -> date | None: ...
    @property
    def purchaser(self) -> str | None: ...
    @property
    def dealer(self) -> str | None: ...
    @property
    def possessor(self) -> str | None: ...
    @property
    def possessor_is_purchaser(self) -> bool | None: ...


def _gap(chain: list[CustodyEvent], marker: CustodyEvent) -> Reason | None:
    """The first place where the holders of consecutive legal events (or the reporter of a
    loss or theft) do not meet."""
    holder = ""
    for event in [*chain, marker]:
        before = event.holders_before
        if holder and before and not any(same_name(holder, name) for name in before):
            return Reason.of(ReasonCode.CHAIN_GAP, receiver=holder, holder=before[0])
        if event.legality is Legality.LEGAL:
            holder = event.holder_after.strip() or holder
    return None


def _time_to_crime(
    transfer: CustodyEvent | None, recovery: CustodyEvent | None
) -> TimeToCrime | None:
    if transfer is None or recovery is None or transfer.when is None or recovery.when is None:
        return None
    low = max(0, (recovery.when.earliest - transfer.when.latest).days)
    high = (recovery.when.latest - transfer.when.earliest).days
    return TimeToCrime(low, max(low, high))


def analyse(events: Iterable[CustodyEvent]) -> History:
    """Order a firearm's events and name its point of diversion, time to crime, purchaser and
    possessor (see the module docstring for the rules and their edge cases)."""
    given = list(events)
    dated = sorted((e for e in given if e.when is not None), key=CustodyEvent._key)
    undated = tuple(sorted((e for e in given if e.when is None), key=_undated_key))
    notes = (Reason.of(ReasonCode.UNDATED, count=len(undated)),) if undated else ()
    ordered = tuple(dated)
    if not ordered:
        return History((), undated, no_diversion=Reason.of(ReasonCode.NO_EVENTS), notes=notes)
    first = next((i for i, e in enumerate(ordered) if e.legality is Legality.ILLICIT), None)
    if first is None:
        return History(
            ordered, undated, no_diversion=Reason.of(ReasonCode.NO_ILLICIT_MARKER), notes=notes
        )
    marker = ordered[first]
    chain = [e for e in ordered[:first] if e.legality is Legality.LEGAL]
    recovery = next((e for e in ordered[first:] if e.kind in _RECOVERIES), None)
    transfer = next((e for e in reversed(chain) if e.kind in TRANSFERS), None)
    handover = next(
        (e for e in reversed(chain) if e.kind in (EventKind.SOLD, EventKind.TRANSFERRED)), None
    )
    sale = next((e for e in reversed(chain) if e.kind is EventKind.SOLD), None)
    no_diversion = _gap(chain, marker) if chain else Reason.of(ReasonCode.NO_LEGAL_EVENT)
    return History(
        events=ordered,
        undated=undated,
        diversion=chain[-1] if chain and no_diversion is None else None,
        no_diversion=no_diversion,
        first_illicit=marker,
        last_transfer=transfer,
        recovery=recovery,
        time_to_crime=_time_to_crime(transfer, recovery),
        purchaser=(handover.counterpart or None) if handover else None,
        dealer=(sale.actor or None) if sale else None,
        possessor=(recovery.counterpart or None) if recovery else None,
        notes=notes,
    )
