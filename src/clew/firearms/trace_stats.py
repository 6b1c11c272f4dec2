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
for that agency), and read in bulk with the trace's columns, no event row, no ORM object.
Makes and calibres are counted under their reference-table names (an unknown one as given).

Filters (:class:`StatsFilter`): the period of the traces' opening (``since`` and ``until``
inclusive, UTC days), the make (reference-table name or any alias of it, case-blind) and the
UNODC type. Every reading is audited (``trace.statistics``, ``trace.routes``) with its filter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.orm import Session, aliased

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.firearms import reference
from clew.firearms.digests import COLUMNS, Digest
from clew.firearms.indicators import Markings, assess
from clew.firearms.makes import make_key
from clew.firearms.routes import CountryTotals, Flow, country_totals, flows
from clew.firearms.stats import TOP, RecipientRow, Statistics, TraceRow, compute
from clew.firearms.trace_models import Trace, TraceRecipient
from clew.firearms.traces import visible_to

__all__ = ["Routes", "StatsFilter", "routes", "statistics"]


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


#: A TraceRow's fields up to its indicators (known once the firearms are assessed together).
_Fields = tuple[str, datetime, tuple[RecipientRow, ...], str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class _Traced:
    key: str
    row: _Fields
    history: Digest
    markings: Markings

    def counted(self, indicators: tuple[str, ...] = ()) -> TraceRow:
        return TraceRow(*self.row, indicators=indicators)


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


def _read(
    session: Session, actor: Actor, flt: StatsFilter, *, recipients: bool = True
) -> list[_Traced]:
    """Every visible trace matching ``flt``, read into the pure modules' values: plain columns
    in bulk, each history as its stored digest (no event read, no history analysed)."""
    actor.require(Permission.READ_RECORDS)
    where = [visible_to(actor)]
    if flt.since:
        where.append(Trace.created_at >= _day(flt.since))
    if flt.until:
        where.append(Trace.created_at < _day(flt.until + timedelta(days=1)))
    if flt.firearm_type:
        where.append(Trace.firearm_type == flt.firearm_type)
    # The requester (and the console) reads the trace's digest, an addressed agency its own
    # row's: the history of the answers each may see.
    stmt = select(
        Trace.id, Trace.public_id, Trace.requesting_agency_id, Trace.created_at, Trace.make,
        Trace.model, Trace.firearm_type, Trace.calibre, Trace.serial_number,
        Trace.serial_restored, *(getattr(Trace, name) for name in COLUMNS),
    ).where(*where).order_by(Trace.id)  # fmt: skip
    if actor.agency_id is not None:
        own = aliased(TraceRecipient)  # not the visibility rule's own subquery
        stmt = stmt.add_columns(*(getattr(own, name) for name in COLUMNS)).outerjoin(
            own, and_(own.trace_id == Trace.id, own.agency_id == actor.agency_id)
        )
    found = session.execute(stmt).all()
    table = reference.current(session)
    makes = _Names(table.make)
    if flt.make:
        wanted = make_key(table.make(flt.make) or flt.make)
        found = [t for t in found if make_key(makes(t.make)) == wanted]
    if not found:
        return []
    agencies = {i: (code, country) for i, code, country in
                session.execute(select(Agency.id, Agency.code, Agency.country))}  # fmt: skip
    addressed: defaultdict[int, list[RecipientRow]] = defaultdict(list)
    if recipients:
        ids = select(Trace.id).where(*where)
        for r in session.execute(
            select(TraceRecipient.trace_id, TraceRecipient.agency_id, TraceRecipient.status,
                   TraceRecipient.sent_at, TraceRecipient.answered_at)
            .join(Trace, Trace.id == TraceRecipient.trace_id)
            .where(TraceRecipient.trace_id.in_(ids), _own(actor, TraceRecipient.agency_id))
            .order_by(TraceRecipient.id)
        ):  # fmt: skip
            country = agencies.get(r.agency_id, ("?", ""))[1]
            addressed[r.trace_id].append(RecipientRow(country, r.status, r.sent_at, r.answered_at))
    calibres = _Names(table.calibre)
    traced: list[_Traced] = []
    for t in found:
        mine = actor.agency_id is None or t.requesting_agency_id == actor.agency_id
        history = Digest.restore(t, 10 if mine else 10 + len(COLUMNS))
        row: _Fields = (
            agencies.get(t.requesting_agency_id, ("?", ""))[1], t.created_at,
            tuple(addressed[t.id]), makes(t.make), t.firearm_type, calibres(t.calibre),
            history.diversion_country or "", history.recovery_country or "",
        )  # fmt: skip
        marks = Markings(t.make or "", t.model or "", t.serial_number or t.serial_restored or "")
        traced.append(_Traced(t.public_id, row, history, marks))
    return traced


def statistics(
    session: Session, actor: Actor, flt: StatsFilter, *, top: int = TOP,
    audit_as: str = "trace.statistics",
) -> Statistics:  # fmt: skip
    """The statistics of the traces the actor may see (:func:`clew.firearms.stats.compute`),
    with the trafficking indicators each traced firearm raises among them; audited as
    ``audit_as`` (the statistical report names itself)."""
    traced = _read(session, actor, flt)
    fired = assess([(t.key, t.history) for t in traced], {t.key: t.markings for t in traced})
    rows = [t.counted(tuple(str(i.kind) for i in fired.get(t.key, ()))) for t in traced]
    audit.record(session, actor, audit_as, query=flt.query(),
                 result_ids=[t.key for t in traced])  # fmt: skip
    return compute(rows, top)


def routes(session: Session, actor: Actor, flt: StatsFilter) -> Routes:
    """Country-to-country flows of the traced firearms the actor may see; audited."""
    traced = _read(session, actor, flt, recipients=False)
    found = flows((t.key, t.history) for t in traced)
    audit.record(session, actor, "trace.routes", query=flt.query(),
                 result_ids=[t.key for t in traced])  # fmt: skip
    return Routes(len(traced), tuple(found), tuple(country_totals(found)))
