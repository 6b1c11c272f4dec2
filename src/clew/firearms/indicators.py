"""Trafficking indicators: what, across a set of traced firearms, points to trafficking, each
with its reasons.

Pure: give :func:`assess` the ``(firearm key, History)`` pairs
(:func:`clew.firearms.history.analyse`; or any :class:`~clew.firearms.history.Outline` of one,
such as the digest stored with a trace) and the firearms' :class:`Markings`; get, for every
firearm, the indicators that fire. Each :class:`Indicator` carries structured reasons
(:class:`~clew.firearms.reasons.Reason`, put into words by
:func:`clew.firearms.reasons.describe`) and the other firearms that share it.

The rules (thresholds in :class:`Thresholds`):

- **Short time to crime** (``short_time_to_crime``): recovered less than ``short_years`` (3,
  the threshold ATF's trace reports use) calendar years after the last legal transfer, *and*
  from a possessor other than the last legal purchaser. With partial dates it fires only when
  the latest possible recovery is still within the limit (so ``2019`` to ``2022`` does not
  fire: it may be almost four years). A possessor or purchaser who is not named: no firing.
- **Several firearms from one purchaser** (``same_purchaser``) or **one dealer**
  (``same_dealer``): ``min_firearms`` (2) or more diverted firearms whose last legal purchaser
  (or last selling dealer) is the same name, case- and space-blind.
- **One batch recovered in several countries** (``same_batch``): firearms of the same make and
  model (case- and space-blind) whose serials share a prefix and end in numbers that follow
  each other within ``batch_window`` (50) of the next (``AB100``, ``AB130``, ``AB175`` are one
  batch; ``AB100`` and ``AB200`` are not), recovered in ``min_countries`` (2) or more countries.
  Serials are compared upper-case without spaces, dashes, dots or slashes; a serial that does
  not end in digits, ends in a number of more than :data:`BATCH_DIGITS` (18) digits (no
  maker numbers a batch so; it would not fit a database integer), or holds a wildcard (``*``,
  ``?``), is in no batch; a firearm without a recovery country takes no part. What places a
  firearm in its batch (:func:`batch_of`) is stored with each trace, so the statistics count
  batches in the database.
- **The same route seen again** (``repeated_route``): ``min_route`` (2) or more firearms
  diverted in one country and recovered in another (:mod:`clew.firearms.routes`); a domestic
  route is no trafficking route and never fires.

A firearm key given twice counts once (its first history); markings of unknown keys are ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from clew.firearms.history import Outline
from clew.firearms.reasons import Reason, ReasonCode
from clew.firearms.routes import routes_of

__all__ = [
    "BATCH_DIGITS", "Indicator", "IndicatorKind", "Markings", "Thresholds", "assess", "batch_of",
    "batches", "name_key", "short_time_to_crime", "split_serial",
]  # fmt: skip


class IndicatorKind(StrEnum):
    SHORT_TIME_TO_CRIME = "short_time_to_crime"
    SAME_PURCHASER = "same_purchaser"
    SAME_DEALER = "same_dealer"
    SAME_BATCH = "same_batch"
    REPEATED_ROUTE = "repeated_route"


_ORDER = {kind: rank for rank, kind in enumerate(IndicatorKind)}


@dataclass(frozen=True, slots=True)
class Thresholds:
    short_years: int = 3
    min_firearms: int = 2
    batch_window: int = 50
    min_countries: int = 2
    min_route: int = 2


@dataclass(frozen=True, slots=True)
class Markings:
    make: str = ""
    model: str = ""
    serial: str = ""


@dataclass(frozen=True, slots=True)
class Indicator:
    kind: IndicatorKind
    reasons: tuple[Reason, ...]
    #: Every firearm (keys, sorted) sharing this indicator, this one (``key``) included: one
    #: tuple for the whole group, since a route seen 5,000 times would otherwise copy 5,000
    #: keys 5,000 times (the statistics assess 100,000 firearms per view).
    group: tuple[str, ...] = ()
    key: str = ""

    @property
    def related(self) -> tuple[str, ...]:
        """The other firearms (keys, sorted) that share this indicator."""
        return tuple(k for k in self.group if k != self.key)


_SERIAL_NOISE = re.compile(r"[\s\-./]+")
_SERIAL = re.compile(r"(.*?)(\d+)", re.ASCII)
BATCH_DIGITS = 18
_GROUP = "\x1f"  # between make, model and prefix in a batch group (in none of them)


def split_serial(serial: str) -> tuple[str, int] | None:
    """A serial's prefix and final number (``ab-0123`` is ``("AB", 123)``), or ``None`` when it
    does not end in digits or holds a wildcard."""
    folded = _SERIAL_NOISE.sub("", serial).upper()
    if "*" in folded or "?" in folded:
        return None
    match = _SERIAL.fullmatch(folded)
    if match is None or len(match.group(2).lstrip("0")) > BATCH_DIGITS:
        return None
    return match.group(1), int(match.group(2))


def batch_of(make: str | None, model: str | None, serial: str | None) -> tuple[str, int] | None:
    """The batch group a firearm belongs to (make, model and serial prefix, compared as the rule
    compares them, in one text) and its serial's final number; ``None`` when its serial puts it
    in no batch. Two firearms may be in one batch only when their groups are equal."""
    split = split_serial(serial or "")
    if split is None:
        return None
    return _GROUP.join((name_key(make or ""), name_key(model or ""), split[0])), split[1]


def name_key(text: str) -> str:
    """A name as the rules compare it: case- and space-blind."""
    return " ".join(text.casefold().split())


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February to a year without one
        return day.replace(year=day.year + years, day=28)


def short_time_to_crime(history: Outline, limit: Thresholds) -> Indicator | None:
    ttc, transferred, recovered = (
        history.time_to_crime,
        history.transferred_from,
        history.recovered_by,
    )
    if ttc is None or transferred is None or recovered is None:
        return None
    if history.possessor_is_purchaser is not False:
        return None
    try:
        deadline = _add_years(transferred, limit.short_years)
    except (ValueError, OverflowError):  # beyond year 9999: never short
        return None
    if recovered >= deadline:
        return None
    code = (
        ReasonCode.SHORT_TIME_TO_CRIME_APPROXIMATE
        if ttc.approximate
        else ReasonCode.SHORT_TIME_TO_CRIME
    )
    return Indicator(
        IndicatorKind.SHORT_TIME_TO_CRIME,
        (
            Reason.of(code, days=ttc.high, years=limit.short_years),
            Reason.of(
                ReasonCode.POSSESSOR_NOT_PURCHASER,
                possessor=history.possessor or "",
                purchaser=history.purchaser or "",
            ),
        ),
    )


def _by_name(
    histories: Mapping[str, Outline],
    name_of: Callable[[Outline], str | None],
    kind: IndicatorKind,
    code: ReasonCode,
    value: str,
    least: int,
) -> dict[str, Indicator]:
    groups: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, history in histories.items():
        name = name_of(history)
        if name and name.strip():
            groups[name_key(name)].append((key, name.strip()))
    fired: dict[str, Indicator] = {}
    for members in groups.values():
        if len(members) < least:
            continue
        group = tuple(sorted(key for key, _ in members))
        shown = min(name for _, name in members)
        reason = Reason.of(code, count=len(group), **{value: shown})
        for key in group:
            fired[key] = Indicator(kind, (reason,), group, key)
    return fired


#: A firearm in a batch: its serial's final number, key, recovery country and serial as given.
_Member = tuple[int, str, str, str]


def batches(
    firearms: Iterable[tuple[str, str, str, str, str | None]], thresholds: Thresholds | None = None
) -> Iterator[list[_Member]]:
    """The batches that fire the ``same_batch`` indicator among ``firearms``, given as ``(key,
    make, model, serial, recovery country)``: each a run of members sorted by serial number
    (see the module docstring for the rule)."""
    limit = thresholds or Thresholds()
    groups: defaultdict[tuple[str, str, str], list[_Member]] = defaultdict(list)
    folded: dict[str, str] = {}  # a few hundred makes and models among 100,000 firearms
    for key, make, model, serial, country in firearms:
        if not country:
            continue
        split = split_serial(serial)
        if split is None:
            continue
        prefix, number = split
        make_key = folded.get(make)
        if make_key is None:
            make_key = folded[make] = name_key(make)
        model_key = folded.get(model)
        if model_key is None:
            model_key = folded[model] = name_key(model)
        groups[(make_key, model_key, prefix)].append((number, key, country, serial.strip()))
    for members in groups.values():
        members.sort()
        run = [members[0]]
        for member in members[1:]:
            if member[0] - run[-1][0] <= limit.batch_window:
                run.append(member)
                continue
            if _fires(run, limit):
                yield run
            run = [member]
        if _fires(run, limit):
            yield run


def _fires(run: list[_Member], limit: Thresholds) -> bool:
    return len(run) >= 2 and len({country for _, _, country, _ in run}) >= limit.min_countries


def _batches(
    histories: Mapping[str, Outline], markings: Mapping[str, Markings], limit: Thresholds
) -> dict[str, Indicator]:
    firearms = (
        (key, marks.make, marks.model, marks.serial, history.recovery_country)
        for key, history in histories.items()
        if (marks := markings.get(key)) is not None
    )
    fired: dict[str, Indicator] = {}
    for run in batches(firearms, limit):
        countries = tuple(sorted({country for _, _, country, _ in run}))
        group = tuple(sorted(key for _, key, _, _ in run))
        first = markings[run[0][1]]
        reason = Reason.of(
            ReasonCode.SAME_BATCH,
            count=len(run),
            make=first.make.strip(),
            model=first.model.strip(),
            first=run[0][3],
            last=run[-1][3],
            countries=countries,
        )
        fired.update(
            {key: Indicator(IndicatorKind.SAME_BATCH, (reason,), group, key) for key in group}
        )
    return fired


def _repeated_routes(histories: Mapping[str, Outline], least: int) -> dict[str, Indicator]:
    groups: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for key, route in routes_of(histories.items()).items():
        if route[0] != route[1]:
            groups[route].append(key)
    fired: dict[str, Indicator] = {}
    for (origin, destination), members in groups.items():
        if len(members) < least:
            continue
        group = tuple(sorted(members))
        reason = Reason.of(
            ReasonCode.REPEATED_ROUTE, origin=origin, destination=destination, count=len(group)
        )
        for key in group:
            fired[key] = Indicator(IndicatorKind.REPEATED_ROUTE, (reason,), group, key)
    return fired


def assess(
    histories: Iterable[tuple[str, Outline]],
    markings: Mapping[str, Markings] | None = None,
    thresholds: Thresholds | None = None,
) -> dict[str, tuple[Indicator, ...]]:
    """Every firearm's indicators (an empty tuple when none fires), in :class:`IndicatorKind`
    order; see the module docstring for the rules."""
    limit = thresholds or Thresholds()
    marks = markings or {}
    unique: dict[str, Outline] = {}
    for key, history in histories:
        unique.setdefault(key, history)
    found: defaultdict[str, list[Indicator]] = defaultdict(list)
    for key, history in unique.items():
        short = short_time_to_crime(history, limit)
        if short is not None:
            found[key].append(short)
    for fired in (
        _by_name(
            unique,
            lambda h: h.purchaser,
            IndicatorKind.SAME_PURCHASER,
            ReasonCode.SAME_PURCHASER,
            "purchaser",
            limit.min_firearms,
        ),
        _by_name(
            unique,
            lambda h: h.dealer,
            IndicatorKind.SAME_DEALER,
            ReasonCode.SAME_DEALER,
            "dealer",
            limit.min_firearms,
        ),
        _batches(unique, marks, limit),
        _repeated_routes(unique, limit.min_route),
    ):
        for key, indicator in fired.items():
            found[key].append(indicator)
    ordered = {
        key: tuple(sorted(fired, key=lambda i: _ORDER[i.kind])) for key, fired in found.items()
    }
    return {key: ordered.get(key, ()) for key in unique}
