"""Routes and statistics of the traces an agency may see: the reading behind the routes map,
the statistics page, the statistical report, ``GET /api/v1/traces/statistics`` and ``/routes``
and ``clew traces stats``.

The figures themselves are pure (:func:`clew.firearms.stats.compute`,
:func:`clew.firearms.routes.flows`); this module reads what they count, and only what the actor
may see, by the one visibility rule of :func:`clew.firearms.traces.visible_to`:

- the traces its agency requested or was asked (the console operator, acting for no agency,
  sees all);
- of each trace, the addressed agencies' rows and answered history events the trace's page
  shows it: all of them for the requester, only its own for an addressed agency.

A trace the actor may not see therefore changes no figure: not a count, not a median, not a
route, not a trafficking indicator (indicators are assessed over the visible histories only).

Each traced firearm's history is the one the trace's page shows the actor (the answered events
it may see plus the recovery the trace describes), so the route is from its point of diversion
to its recovery. It is not analysed here: what it yields is stored when its events change
(:mod:`clew.firearms.digests`: on the trace for the requester, on each addressed agency's row
for that agency), and read in bulk with the trace's columns, no event row, no ORM object; so is
the batch its markings place it in (no serial parsed per view). Counting is grouped SQL over
narrow covering indexes (``ix_traces_stats_*``); what comes back is read as the driver's tuples.
Makes and calibres are counted under their reference-table names (an unknown one as given).

Filters (:class:`StatsFilter`): the period of the traces' opening (``since`` and ``until``
inclusive, UTC days), the make (reference-table name or any alias of it, case-blind) and the
UNODC type. Every reading is audited (``trace.statistics``, ``trace.routes``) with its filter.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    extract,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
)  # fmt: skip
from sqlalchemy.orm import Session, aliased

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.firearms import reference
from clew.firearms.digests import Digest
from clew.firearms.history import TimeToCrime
from clew.firearms.indicators import (
    IndicatorKind,
    Thresholds,
    name_key,
    short_time_to_crime,
)  # fmt: skip
from clew.firearms.makes import make_key
from clew.firearms.routes import CountryTotals, Flow, country_totals, flows
from clew.firearms.stats import TOP, Statistics, Tally, days_of, figures
from clew.firearms.trace_kinds import RecipientStatus
from clew.firearms.trace_models import Trace, TraceRecipient
from clew.firearms.traces import visible_to

__all__ = ["Routes", "StatsFilter", "routes", "statistics"]

_ANSWERED = RecipientStatus.ANSWERED.value


@dataclass(frozen=True, slots=True)
class StatsFilter:
    since: date | None = None
    until: date | None = None
    make: str | None = None
    firearm_type: str | None = None

    def query(self) -> dict[str, Any]:
        values = {"since": self.since, "until": self.until, "make": self.make,
                  "firearm_type": self.firearm_type}  # fmt: skip
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items() if v}


@dataclass(frozen=True, slots=True)
class Routes:
    firearms: int  # traced firearms read (with or without a route)
    flows: tuple[Flow, ...]  # busiest first
    countries: tuple[CountryTotals, ...]  # by country code


class _Names:
    """A reference-table name lookup, remembered per value given (a page reads 100,000 traces
    naming a few hundred makes); an unknown name as given."""

    __slots__ = ("_find", "_seen")

    def __init__(self, find: Callable[[str | None], str | None]) -> None:
        self._find = find
        self._seen: dict[str | None, str] = {}

    def __call__(self, given: str | None) -> str:
        name = self._seen.get(given)
        if name is None:
            name = self._seen[given] = self._find(given) or given or ""
        return name


def _day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _own(actor: Actor, agency: Any) -> ColumnElement[bool]:
    """Rows of a trace the actor sees: all for the requester (and the console), else its own."""
    if actor.agency_id is None:
        return true()
    return or_(Trace.requesting_agency_id == actor.agency_id, agency == actor.agency_id)


def _filled(column: ColumnElement[Any]) -> ColumnElement[bool]:
    """A text column holding something (Python's truth: neither NULL nor empty)."""
    return and_(column.is_not(None), column != "")


class _Reading:
    """The visible traces matching a filter, counted in the database: every query shares the
    same WHERE, and reads each trace's history (its stored digest) as the actor sees it."""

    def __init__(self, session: Session, actor: Actor, flt: StatsFilter) -> None:
        actor.require(Permission.READ_RECORDS)
        self.session, self.actor = session, actor
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.table = reference.current(session)
        self.makes = _Names(self.table.make)
        where = [visible_to(actor)]
        if flt.since:
            where.append(Trace.created_at >= _day(flt.since))
        if flt.until:
            where.append(Trace.created_at < _day(flt.until + timedelta(days=1)))
        if flt.firearm_type:
            where.append(Trace.firearm_type == flt.firearm_type)
        if flt.make:
            # The reference-table names of the few hundred makes given, not of every trace.
            wanted = make_key(self.table.make(flt.make) or flt.make)
            given = session.execute(select(Trace.make).where(*where).distinct()).scalars()
            chosen = [m for m in given if make_key(self.makes(m)) == wanted]
            where.append(or_(Trace.make.in_([m for m in chosen if m is not None]),
                             Trace.make.is_(None) if None in chosen else false()))  # fmt: skip
        self.where = where
        #: Every trace counts (the console, no filter): the addressed agencies' rows are read
        #: without their traces.
        self.everything = len(where) == 1 and actor.agency_id is None
        # The requester (and the console) reads the trace's digest, an addressed agency its
        # own row's: the history of the answers each may see.
        self.own = aliased(TraceRecipient) if actor.agency_id is not None else None
        found = session.execute(select(Agency.id, Agency.code, Agency.country))
        self.agencies = {i: (code, country) for i, code, country in found}
        #: (origin, destination) -> (year, month, traces) of each route abroad, read by _tally
        self.routes: defaultdict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)

    def country(self, agency_id: int | None) -> str:
        return self.agencies.get(agency_id, ("?", ""))[1]  # type: ignore[arg-type]

    def history(self, name: str) -> ColumnElement[Any]:
        """A digest column (:data:`~clew.firearms.digests.COLUMNS`) of the history the actor
        sees."""
        column: ColumnElement[Any] = getattr(Trace, f"history_{name}")
        if self.own is None:
            return column
        mine = Trace.requesting_agency_id == self.actor.agency_id
        return case((mine, column), else_=getattr(self.own, f"history_{name}"))

    def select(self, *columns: Any) -> Select[Any]:
        stmt = select(*columns).select_from(Trace).where(*self.where)
        if self.own is not None:
            own = self.own  # not the visibility rule's own subquery
            stmt = stmt.outerjoin(
                own, and_(own.trace_id == Trace.id, own.agency_id == self.actor.agency_id)
            )
        return stmt

    def rows(self, stmt: Select[Any], *, typed: bool = False) -> Sequence[Any]:
        """Rows of a reading, fetched at once through the session's connection (its
        transaction): the driver's own tuples, with no ORM and no result row made per row (a
        page reads 100,000 rows). Only for integers and text, which every driver returns as
        they are; ``typed`` rows (a date column) are read the usual way."""
        result = self.session.connection().execute(stmt)
        if typed:
            return result.all()
        try:
            return result.cursor.fetchall()
        finally:
            result.close()

    def month(self) -> tuple[ColumnElement[int], ColumnElement[int]]:
        """The year and month of the trace's opening, in UTC, as SQL computes them."""
        opened: Any = Trace.created_at
        if self.sqlite:  # UTC text, YYYY-MM-DD HH:MM:SS.ffffff: cut, not parsed per row
            return (cast(func.substr(opened, 1, 4), Integer),
                    cast(func.substr(opened, 6, 2), Integer))  # fmt: skip
        opened = func.timezone("UTC", opened)  # timestamptz: the session's zone may not be UTC
        return cast(extract("year", opened), Integer), cast(extract("month", opened), Integer)

    def waited(self, recipient: Any) -> ColumnElement[int]:
        """An addressed row's time to answer in whole microseconds: exact on both backends
        (SQLite stores ``YYYY-MM-DD HH:MM:SS.ffffff``), so no timestamp is read."""
        sent, answered = recipient.sent_at, recipient.answered_at
        if self.sqlite:
            seconds = (cast(func.strftime("%s", answered), Integer)
                       - cast(func.strftime("%s", sent), Integer))  # fmt: skip
            fraction = (cast(func.substr(answered, 21, 6), Integer)
                        - cast(func.substr(sent, 21, 6), Integer))  # fmt: skip
            return seconds * 1_000_000 + fraction
        return cast(extract("epoch", answered - sent) * 1_000_000, BigInteger)


def _count(stmt: Select[Any], *group: Any) -> Select[Any]:
    return stmt.add_columns(func.count()).group_by(*group)


def _tally(reading: _Reading) -> Tally:
    """Everything but the indicators, counted by the database."""
    tally = Tally()
    # Grouped by ``agency_id + 0``: an index on the agency would have SQLite visit every row in
    # the index's order (a random read each) to spare itself a sort of a few dozen groups.
    requester = Trace.requesting_agency_id + literal_column("0")  # the same SQL twice
    for agency, count in reading.rows(_count(reading.select(requester), requester)):
        tally.sent[reading.country(agency)] += count
        tally.traces += count
    r = aliased(TraceRecipient)  # not the visibility rule's own subquery
    if reading.everything:
        addressed = select().select_from(r)
    else:
        addressed = (
            reading.select().join(r, r.trace_id == Trace.id)
            .where(_own(reading.actor, r.agency_id))
        )  # fmt: skip
    addressee = r.agency_id + literal_column("0")
    for agency, status, count in reading.rows(
        _count(addressed.add_columns(addressee, r.status), addressee, r.status)
    ):
        country = reading.country(agency)
        tally.received[country] += count
        if status == _ANSWERED:
            tally.answered[country] += count
    waited = reading.waited(r)
    for agency, microseconds in reading.rows(
        addressed.add_columns(r.agency_id, waited).where(
            r.status == _ANSWERED, r.sent_at.is_not(None), r.answered_at.is_not(None)
        )
    ):
        if microseconds >= 0:
            tally.waits[reading.country(agency)].append(days_of(microseconds))
    calibres = _Names(reading.table.calibre)
    for make, firearm_type, calibre, count in reading.rows(_count(
        reading.select(Trace.make, Trace.firearm_type, Trace.calibre),
        Trace.make, Trace.firearm_type, Trace.calibre,
    )):  # fmt: skip
        tally.makes[reading.makes(make)] += count
        tally.types[firearm_type] += count
        tally.calibres[calibres(calibre)] += count
    # The source x recovery matrix and, month by month, the routes the indicator counts: one
    # reading of both.
    source, recovery = reading.history("diversion_country"), reading.history("recovery_country")
    year, month = reading.month()
    for o, d, y, m, count in reading.rows(_count(
        reading.select(source, recovery, year, month).where(_filled(source), _filled(recovery)),
        source, recovery, year, month,
    )):  # fmt: skip
        tally.pairs[(o, d)] += count
        if o != d:  # a domestic route is no trafficking route
            reading.routes[(o, d)].append((y, m, count))
    return tally


def _flagged(reading: _Reading, keys: list[str]) -> Counter[tuple[int, int, str]]:
    """Per month of opening, the traces each trafficking indicator
    (:mod:`clew.firearms.indicators`) fires for, assessed over the visible histories: each rule
    over grouped rows, not over 100,000 assessed firearms. ``keys`` receives every visible
    trace's public id (what the reading audits)."""
    limit, flagged = Thresholds(), Counter[tuple[int, int, str]]()
    year, month = reading.month()
    # The same route seen again (the routes were read with the matrix, :func:`_tally`).
    _fire(flagged, IndicatorKind.REPEATED_ROUTE, reading.routes.values(), limit.min_route)
    # Several firearms from one purchaser, or one dealer: names compared as the rule does.
    for name, kind in (("purchaser", IndicatorKind.SAME_PURCHASER),
                       ("dealer", IndicatorKind.SAME_DEALER)):  # fmt: skip
        holder = reading.history(name)
        found = _few_holders(reading, holder, limit.min_firearms)
        if found is not None:
            for (y, m), count in found.items():
                flagged[(y, m, kind.value)] += count
            continue
        holders: defaultdict[str, list[tuple[int, int, int]]] = defaultdict(list)
        folded: dict[str, str] = {}  # a name is read once per month it was seen in
        for given, y, m, count in reading.rows(_count(
            reading.select(holder, year, month).where(holder.is_not(None)), holder, year, month
        )):  # fmt: skip
            key = folded.get(given)
            if key is None:
                key = folded[given] = name_key(given)
            if key:
                holders[key].append((y, m, count))
        _fire(flagged, kind, holders.values(), limit.min_firearms)
    # A short time to crime: the rule itself over the few histories it may fire for.
    low, high = reading.history("ttc_low"), reading.history("ttc_high")
    transferred, recovered = reading.history("transferred_from"), reading.history("recovered_by")
    purchaser, possessor = reading.history("purchaser"), reading.history("possessor")
    ttc = reading.select(low, high, transferred, recovered, purchaser, possessor, year, month)
    for row in reading.rows(
        ttc.where(
            low.is_not(None), high.is_not(None), transferred.is_not(None),
            recovered.is_not(None), purchaser.is_not(None), possessor.is_not(None),
            extract("year", recovered) - extract("year", transferred) <= limit.short_years,
        ),
        typed=True,  # dates
    ):  # fmt: skip
        outline = Digest(time_to_crime=TimeToCrime(row[0], row[1]), transferred_from=row[2],
                         recovered_by=row[3], purchaser=row[4], possessor=row[5])  # fmt: skip
        if short_time_to_crime(outline, limit) is not None:
            flagged[(row[6], row[7], IndicatorKind.SHORT_TIME_TO_CRIME.value)] += 1
    # One batch recovered in several countries: the batch group and number each trace stores
    # (clew.firearms.indicators.batch_of, no serial parsed per view), read with every visible
    # trace's public id, in the order the audit lists them.
    country = reading.history("recovery_country")
    groups: defaultdict[str, list[tuple[int, str | None, int, int]]] = defaultdict(list)
    for key, group, number, where, y, m in reading.rows(
        reading.select(Trace.public_id, Trace.batch_group, Trace.batch_number, country, year,
                       month).order_by(Trace.id)
    ):  # fmt: skip
        keys.append(key)
        if group is not None and number is not None and where:
            groups[group].append((number, where, y, m))
    for members in groups.values():
        if len(members) > 1:
            for y, m in _batched(members, limit):
                flagged[(y, m, IndicatorKind.SAME_BATCH.value)] += 1
    return flagged


def _few_holders(
    reading: _Reading, holder: ColumnElement[Any], least: int
) -> Counter[tuple[int, int]] | None:
    """Per month of opening, the traces whose holder (purchaser or dealer, compared as
    :func:`~clew.firearms.indicators.name_key` does) holds ``least`` or more of them, read by
    name rather than by name and month: every month's traces with a holder, less the traces of
    the holders that fire nothing. With ``least`` at most 2 (the rule's threshold) a holder that
    fires nothing holds one trace, whose month its name's row gives. ``None`` where that does
    not hold (a higher threshold, a blank name in several months): the caller groups by month.
    """
    if least > 2:
        return None
    year, month = reading.month()
    opened = year * 100 + month
    names = reading.rows(_count(
        reading.select(holder, func.min(opened), func.max(opened)).where(holder.is_not(None)),
        holder,
    ))  # fmt: skip
    keys = [name_key(given) for given, _, _, _ in names]
    totals = Counter[str]()
    for key, (_, _, _, count) in zip(keys, names, strict=True):
        totals[key] += count
    months = Counter[tuple[int, int]]()
    for y, m, count in reading.rows(
        _count(reading.select(year, month).where(holder.is_not(None)), year, month)
    ):
        months[(y, m)] += count
    for key, (_, first, last, count) in zip(keys, names, strict=True):
        if key and totals[key] >= least:
            continue  # fires
        if first != last:
            return None
        months[divmod(first, 100)] -= count
    return +months  # the months left with traces


def _batched(
    members: list[tuple[int, str | None, int, int]], limit: Thresholds
) -> Iterator[tuple[int, int]]:
    """The month of opening of each member of one batch group (its serial number, recovery
    country, year and month) in a run that fires ``same_batch``: the rule of
    :func:`clew.firearms.indicators.batches` over numbers already split."""
    members.sort(key=_number)
    run = [members[0]]
    for member in members[1:]:
        if member[0] - run[-1][0] > limit.batch_window:
            yield from _months(run, limit)
            run = []
        run.append(member)
    yield from _months(run, limit)


def _number(member: tuple[int, str | None, int, int]) -> int:
    return member[0]


def _months(
    run: list[tuple[int, str | None, int, int]], limit: Thresholds
) -> Iterator[tuple[int, int]]:
    if len(run) >= 2 and len({member[1] for member in run}) >= limit.min_countries:
        yield from ((y, m) for _, _, y, m in run)


def _fire(
    flagged: Counter[tuple[int, int, str]],
    kind: IndicatorKind,
    groups: Iterable[list[tuple[int, int, int]]],
    least: int,
) -> None:
    """Count, per month, the traces of every group of at least ``least`` that fires ``kind``."""
    for group in groups:
        if sum(count for _, _, count in group) >= least:
            for y, m, count in group:
                flagged[(y, m, kind.value)] += count


def statistics(
    session: Session, actor: Actor, flt: StatsFilter, *, top: int = TOP,
    audit_as: str = "trace.statistics",
) -> Statistics:  # fmt: skip
    """The statistics of the traces the actor may see (:func:`clew.firearms.stats.figures`),
    with the trafficking indicators each traced firearm raises among them; audited as
    ``audit_as`` (the statistical report names itself)."""
    reading = _Reading(session, actor, flt)
    tally = _tally(reading)
    keys: list[str] = []
    if tally.traces:
        tally.flagged = _flagged(reading, keys)
    audit.record(session, actor, audit_as, query=flt.query(), result_ids=keys)
    return figures(tally, top)


def routes(session: Session, actor: Actor, flt: StatsFilter) -> Routes:
    """Country-to-country flows of the traced firearms the actor may see; audited."""
    reading = _Reading(session, actor, flt)
    origin, destination = reading.history("diversion_country"), reading.history("recovery_country")
    keys: list[str] = []
    histories: list[tuple[str, Digest]] = []
    for key, o, d in reading.rows(
        reading.select(Trace.public_id, origin, destination).order_by(Trace.id)
    ):
        keys.append(key)
        if o and d:
            histories.append((key, Digest(diversion_country=o, recovery_country=d)))
    found = flows(histories)
    audit.record(session, actor, "trace.routes", query=flt.query(), result_ids=keys)
    return Routes(len(keys), tuple(found), tuple(country_totals(found)))
