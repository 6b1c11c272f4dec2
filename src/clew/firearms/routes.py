"""Trafficking routes: country-to-country flows of firearms, from where each left the legal
market (its point of diversion) to where it was recovered.

Pure: give it ``(firearm key, History)`` pairs (:func:`clew.firearms.history.analyse`, or any
:class:`~clew.firearms.history.Outline` of one), get
flows for a map and for the *same route seen again* indicator.

Edge cases: a history without a named point of diversion, without a recovery, or with either
country unknown draws no flow (a line needs both ends). A firearm given twice counts once (its
first history). A domestic flow (diverted and recovered in the same country) is kept, marked
:attr:`Flow.domestic`, since a map shows it as a circle rather than a line and the route
indicator leaves it out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from clew.firearms.history import Outline

__all__ = ["CountryTotals", "Flow", "country_totals", "flows", "routes_of"]


@dataclass(frozen=True, slots=True)
class Flow:
    origin: str  # where the weapon left the legal market (alpha-2)
    destination: str  # where it was recovered
    firearms: tuple[str, ...]  # keys, sorted

    @property
    def count(self) -> int:
        return len(self.firearms)

    @property
    def domestic(self) -> bool:
        return self.origin == self.destination


@dataclass(frozen=True, slots=True)
class CountryTotals:
    country: str
    outgoing: int  # firearms diverted here and recovered elsewhere
    incoming: int  # firearms diverted elsewhere and recovered here
    domestic: int  # diverted and recovered here


def routes_of(histories: Iterable[tuple[str, Outline]]) -> dict[str, tuple[str, str]]:
    """Each firearm's route ``(origin, destination)``, for those that have both ends."""
    routes: dict[str, tuple[str, str]] = {}
    for key, history in histories:
        if key in routes:
            continue
        origin, destination = history.diversion_country, history.recovery_country
        if origin and destination:
            routes[key] = (origin, destination)
    return routes


def flows(histories: Iterable[tuple[str, Outline]]) -> list[Flow]:
    """Every route with the firearms on it, busiest first (then by origin, destination)."""
    seen: set[str] = set()
    grouped: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for key, history in histories:
        if key in seen:
            continue
        seen.add(key)
        origin, destination = history.diversion_country, history.recovery_country
        if origin and destination:
            grouped[(origin, destination)].append(key)
    found = [Flow(o, d, tuple(sorted(keys))) for (o, d), keys in grouped.items()]
    return sorted(found, key=lambda f: (-f.count, f.origin, f.destination))


def country_totals(found: Iterable[Flow]) -> list[CountryTotals]:
    """Per country, the firearms leaving, arriving and staying, by country code."""
    outgoing: defaultdict[str, int] = defaultdict(int)
    incoming: defaultdict[str, int] = defaultdict(int)
    domestic: defaultdict[str, int] = defaultdict(int)
    for flow in found:
        if flow.domestic:
            domestic[flow.origin] += flow.count
        else:
            outgoing[flow.origin] += flow.count
            incoming[flow.destination] += flow.count
    countries = sorted({*outgoing, *incoming, *domestic})
    return [CountryTotals(c, outgoing[c], incoming[c], domestic[c]) for c in countries]
