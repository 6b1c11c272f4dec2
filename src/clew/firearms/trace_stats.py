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

Each traced firearm's history is read as on the trace's page (the answered events plus the
recovery the trace describes), so the route is from its point of diversion to its recovery.
Makes and calibres are counted under their reference-table names (an unknown one as given).

Filters (:class:`StatsFilter`): the period of the traces' opening (``since`` and ``until``
inclusive, UTC days), the make (reference-table name or any alias of it, case-blind) and the
UNODC type. Every reading is audited (``trace.statistics``, ``trace.routes``) with its filter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.access.roles import Permission
from clew.firearms import reference
from clew.firearms.history import CustodyEvent, EventKind, History, analyse
from clew.firearms.indicators import Markings, assess
from clew.firearms.makes import make_key
from clew.firearms.routes import CountryTotals, Flow, country_totals, flows
from clew.firearms.stats import TOP, RecipientRow, Statistics, TraceRow, compute
from clew.firearms.trace_models import Trace, TraceEvent, TraceRecipient
from clew.firearms.traces import visible_to
from clew.intel.vocabulary import Information, Reliability

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


@dataclass(frozen=True, slots=True)
class _Traced:
    key: str
    row: TraceRow
    history: History
    markings: Markings


def _day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _own(actor: Actor, agency: Any) -> ColumnElement[bool]:
    """Rows of a trace the actor sees: all for the requester (and the console), else its own."""
    if actor.agency_id is None:
        return true()
    return or_(Trace.requesting_agency_id == actor.agency_id, agency == actor.agency_id)


def _read(session: Session, actor: Actor, flt: StatsFilter) -> list[_Traced]:
    """Every visible trace matching ``flt``, read into the pure modules' values."""
    actor.require(Permission.READ_RECORDS)
    where = [visible_to(actor)]
    if flt.since:
        where.append(Trace.created_at >= _day(flt.since))
    if flt.until:
        where.append(Trace.created_at < _day(flt.until + timedelta(days=1)))
    if flt.firearm_type:
        where.append(Trace.firearm_type == flt.firearm_type)
    found = session.execute(
        select(Trace.id, Trace.public_id, Trace.requesting_agency_id, Trace.created_at,
               Trace.make, Trace.model, Trace.firearm_type, Trace.calibre, Trace.serial_number,
               Trace.serial_restored, Trace.recovery_country, Trace.recovery_place,
               Trace.recovered_on, Trace.possessor_name)
        .where(*where).order_by(Trace.id)
    ).all()  # fmt: skip
    table = reference.current(session)
    if flt.make:
        wanted = make_key(table.make(flt.make) or flt.make)
        found = [t for t in found if make_key(table.make(t.make) or t.make or "") == wanted]
    if not found:
        return []
    ids = select(Trace.id).where(*where)
    agencies = {i: (code, country) for i, code, country in
                session.execute(select(Agency.id, Agency.code, Agency.country))}  # fmt: skip
    recipients: defaultdict[int, list[RecipientRow]] = defaultdict(list)
    for r in session.execute(
        select(TraceRecipient.trace_id, TraceRecipient.agency_id, TraceRecipient.status,
               TraceRecipient.sent_at, TraceRecipient.answered_at)
        .join(Trace, Trace.id == TraceRecipient.trace_id)
        .where(TraceRecipient.trace_id.in_(ids), _own(actor, TraceRecipient.agency_id))
        .order_by(TraceRecipient.id)
    ):  # fmt: skip
        country = agencies.get(r.agency_id, ("?", ""))[1]
        recipients[r.trace_id].append(RecipientRow(country, r.status, r.sent_at, r.answered_at))
    events: defaultdict[int, list[CustodyEvent]] = defaultdict(list)
    for e in session.execute(
        select(TraceEvent).join(Trace, Trace.id == TraceEvent.trace_id)
        .where(TraceEvent.trace_id.in_(ids), _own(actor, TraceEvent.recipient_agency_id))
        .order_by(TraceEvent.id)
    ).scalars():  # fmt: skip
        events[e.trace_id].append(CustodyEvent(
            occurred_on=e.occurred_on or "", kind=EventKind(e.kind), country=e.country or "",
            place=e.place or "", actor=e.actor or "", counterpart=e.counterpart or "",
            source=agencies.get(e.recipient_agency_id, ("?", ""))[0],
            source_grade=Reliability(e.source_grade), info_grade=Information(e.info_grade),
        ))  # fmt: skip
    traced: list[_Traced] = []
    for t in found:
        requester = agencies.get(t.requesting_agency_id, ("?", ""))
        history = analyse([*events[t.id], CustodyEvent(
            occurred_on=t.recovered_on.isoformat(), kind=EventKind.RECOVERED,
            country=t.recovery_country, place=t.recovery_place or "", actor=requester[0],
            counterpart=t.possessor_name or "", source=requester[0],
        )])  # fmt: skip
        row = TraceRow(
            requesting_country=requester[1], opened_at=t.created_at,
            recipients=tuple(recipients[t.id]), make=table.make(t.make) or t.make or "",
            firearm_type=t.firearm_type, calibre=table.calibre(t.calibre) or t.calibre or "",
            source_country=history.diversion_country or "",
            recovery_country=history.recovery_country or "",
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
    rows = [
        replace(t.row, indicators=tuple(str(i.kind) for i in fired.get(t.key, ()))) for t in traced
    ]
    audit.record(session, actor, audit_as, query=flt.query(),
                 result_ids=[t.key for t in traced])  # fmt: skip
    return compute(rows, top)


def routes(session: Session, actor: Actor, flt: StatsFilter) -> Routes:
    """Country-to-country flows of the traced firearms the actor may see; audited."""
    traced = _read(session, actor, flt)
    found = flows((t.key, t.history) for t in traced)
    audit.record(session, actor, "trace.routes", query=flt.query(),
                 result_ids=[t.key for t in traced])  # fmt: skip
    return Routes(len(traced), tuple(found), tuple(country_totals(found)))
