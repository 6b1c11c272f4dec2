"""A pair's joint periodic report: what both offices recorded over a month, a quarter or any
span of days, in the reader's language, as HTML and PDF (WeasyPrint, as
:mod:`clew.firearms.stats_report`, with the analytical report's style sheet).

Figures (:func:`figures`, pure) are sums of what was recorded, nothing estimated: reports by
kind and by office, persons by role, and quantities summed **per item and unit**: 3 kg and 200 g
of heroin are two lines, and kilograms are never added to tablets or units. Months are those of
the period, empty ones included, so a trend does not skip a quiet month. Days are counted in
each office's own zone (:mod:`clew.liaison.incidents`).

The map (:mod:`clew.liaison.svg_map`) has one marker per located report; the trend chart and
the bars come from :mod:`clew.firearms.svg_charts`. Every word goes through
:func:`clew.i18n.gettext`; the narratives are shown as written, in their own language. The
highest handling code among the reports heads the report. Building it is audited
(``liaison.report.<format>``) with the reports' public ids.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew import i18n
from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import Agency
from clew.errors import ValidationError
from clew.firearms import svg_charts
from clew.i18n import gettext as _
from clew.intel.report import STYLE, STYLE_HASH, number
from clew.liaison import incidents
from clew.liaison.kinds import IncidentKind, PersonRole, Unit
from clew.liaison.models import IncidentReport, Office
from clew.liaison.offices import pair_public
from clew.liaison.schemas import IncidentSummary, OfficeRef, PairPublic
from clew.liaison.svg_map import Marker, incident_map
from clew.records.kinds import handling_meaning

__all__ = [
    "MAX_DAYS",
    "STYLE_HASH",
    "Figures",
    "JointReport",
    "Period",
    "build",
    "figures",
    "period",
    "render_body",
    "render_html",
    "render_pdf",
    "term",
]

TEMPLATES = Path(__file__).with_name("templates")
_env = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
    trim_blocks=True, lstrip_blocks=True,
)  # fmt: skip
MAX_DAYS = 3 * 366  # a joint report spans at most three years


def term(value: str) -> str:
    """The interface word for an incident kind, a unit or a person's role."""
    words: dict[str, str] = {
        IncidentKind.DRUG_SEIZURE: _("Drug seizure"),
        IncidentKind.MIGRANT_SMUGGLING: _("Smuggling of migrants"),
        IncidentKind.TRAFFICKING_IN_HUMAN_BEINGS: _("Trafficking in human beings"),
        IncidentKind.FIREARMS: _("Firearms"),
        IncidentKind.EXCISE_SMUGGLING: _("Excise smuggling"),
        IncidentKind.OTHER: _("Other"),
        Unit.KG: "kg", Unit.G: "g", Unit.L: "l", Unit.UNITS: _("units"),
        Unit.TABLETS: _("tablets"), Unit.PERSONS: _("persons"),
        PersonRole.SUSPECT: _("Suspect"), PersonRole.VICTIM: _("Victim"),
        PersonRole.MIGRANT: _("Migrant"),
    }  # fmt: skip
    return words.get(value, value)


# --- the period ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    @property
    def months(self) -> list[str]:
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def period(*, start: date | None = None, end: date | None = None, month: str | None = None,
           quarter: str | None = None, today: date | None = None) -> Period:  # fmt: skip
    """The days a report covers: a month (``2026-10``), a quarter (``2026-Q4``) or ``start``..
    ``end`` (either left out: 6 months before the other, or today)."""
    today = today or datetime.now(UTC).date()
    try:
        if month:
            year, number_ = (int(p) for p in month.split("-"))
            return Period(date(year, number_, 1), _month_end(year, number_))
        if quarter:
            year_text, q = quarter.upper().split("-Q")
            year, first = int(year_text), (int(q) - 1) * 3 + 1
            if not 1 <= int(q) <= 4:
                raise ValueError
            return Period(date(year, first, 1), _month_end(year, first + 2))
    except ValueError:
        raise ValidationError.field(
            "month" if month else "quarter", "use 2026-10 for a month, 2026-Q4 for a quarter"
        ) from None
    end = end or (today if start is None else min(start + timedelta(days=182), today))
    start = start or end - timedelta(days=182)
    if start > end:
        raise ValidationError.field("from", "the period starts after it ends")
    if (end - start).days > MAX_DAYS:
        raise ValidationError.field("to", "a joint report spans at most three years")
    return Period(start, end)


# --- the figures --------------------------------------------------------------------------------


@dataclass(slots=True)
class Figures:
    incidents: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_office: list[tuple[str, int]] = field(default_factory=list)
    quantities: list[tuple[str, str, Decimal, int]] = field(default_factory=list)
    persons: list[tuple[str, int]] = field(default_factory=list)
    months: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    points: list[tuple[float, float, str, str]] = field(default_factory=list)  # lat, lon, kind, day


def figures(rows: Sequence[IncidentReport], office_names: dict[int, str],
            months: Sequence[str]) -> Figures:  # fmt: skip
    """The report's numbers: plain sums of what was recorded (quantities per item *and* unit)."""
    kinds: Counter[str] = Counter()
    offices: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    amounts: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    seen_in: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_month: dict[str, Counter[str]] = {m: Counter() for m in months}
    points = []
    for row in rows:
        kinds[row.kind] += 1
        offices[office_names.get(row.office_id, "?")] += 1
        by_month.setdefault(row.occurred_on.isoformat()[:7], Counter())[row.kind] += 1
        for quantity in json.loads(row.quantities):
            key = (quantity["item"], quantity["unit"])
            amounts[key] += Decimal(str(quantity["amount"]))
            seen_in[key].add(row.id)
        roles.update(p.get("role", "") for p in json.loads(row.persons))
        if row.latitude is not None and row.longitude is not None:
            points.append((row.latitude, row.longitude, row.kind, row.occurred_on.isoformat()))
    return Figures(
        incidents=len(rows),
        by_kind=[(k.value, kinds[k]) for k in IncidentKind if kinds[k]],
        by_office=sorted(offices.items()),
        quantities=[(i, u, amounts[(i, u)], len(seen_in[(i, u)])) for i, u in sorted(amounts)],
        persons=[(r.value, roles[r]) for r in PersonRole if roles[r]],
        months=[(m, {k: n for k, n in by_month[m].items() if n}) for m in sorted(by_month)],
        points=points,
    )  # fmt: skip


# --- the report ---------------------------------------------------------------------------------


@dataclass(slots=True)
class JointReport:
    pair: PairPublic
    period: Period
    language: str
    author: str
    agency: str | None
    created_at: datetime
    figures: Figures
    items: list[IncidentSummary]
    narratives: list[tuple[IncidentSummary, str, str]]  # the summary, its language, its text
    handling_code: str
    charts: dict[str, Markup]


def _charts(pair: PairPublic, f: Figures, months: Sequence[str]) -> dict[str, Markup]:
    kinds = list(IncidentKind)
    located = [Marker(lat, lon, f"{term(kind)} · {day}", kinds.index(IncidentKind(kind)))
               for lat, lon, kind, day in f.points]  # fmt: skip
    offices = [Marker(o.latitude, o.longitude, o.name) for o in (pair.office_a, pair.office_b)
               if o.latitude is not None and o.longitude is not None]  # fmt: skip
    trend = [(term(k), [dict(f.months).get(m, {}).get(k, 0) for m in months])
             for k, _n in f.by_kind]  # fmt: skip
    return {
        "map": incident_map(located, offices, _("Map of the incidents"),
                            [(kinds.index(IncidentKind(k)), term(k)) for k, _n in f.by_kind]),
        "kinds": svg_charts.bars([(term(k), n) for k, n in f.by_kind], _("Reports by kind")),
        "trend": svg_charts.lines(list(months), trend, _("Reports by month")),
    }  # fmt: skip


def build(session: Session, actor: Actor, pair_id: str, span: Period, *, language: str = "en",
          fmt: str = "html") -> JointReport:  # fmt: skip
    """The joint report of the pair for ``span``; audited as ``liaison.report.<fmt>``."""
    pair, rows = incidents.in_period(session, actor, pair_id, span.start, span.end)
    offices = {
        o.id: o
        for o in session.execute(
            select(Office).where(Office.id.in_([pair.office_a_id, pair.office_b_id]))
        ).scalars()
    }
    codes = dict(session.execute(select(Agency.id, Agency.code).where(
        Agency.id.in_([o.agency_id for o in offices.values()]))).all())  # fmt: skip
    refs = {i: OfficeRef(id=o.public_id, name=o.name, agency=codes[o.agency_id],
                                   country=o.country) for i, o in offices.items()}  # fmt: skip
    found = figures(rows, {i: o.name for i, o in offices.items()}, span.months)
    items = [incidents.summary(r, refs[r.office_id]) for r in rows]
    public = pair_public(session, pair)
    audit.record(session, actor, f"liaison.report.{fmt}", target=f"pair:{pair.public_id}",
                 query={"from": span.start.isoformat(), "to": span.end.isoformat()},
                 result_ids=[r.public_id for r in rows])  # fmt: skip
    with i18n.speaking(language):
        charts = _charts(public, found, span.months)
    return JointReport(
        pair=public, period=span, language=language, author=actor.username,
        agency=actor.agency_code, created_at=datetime.now(UTC), figures=found, items=items,
        narratives=[(s, r.language, r.narrative) for s, r in zip(items, rows, strict=True)
                    if r.narrative.strip()],
        handling_code=max((r.handling_code for r in rows), default="H0"), charts=charts,
    )  # fmt: skip


def words() -> dict[str, str]:
    """The report's words in the current language (the web page shares them)."""
    return {
        "title": _("Joint report of a border liaison pair"),
        "scope": _("Counted from the incident reports both offices of the pair filed."),
        "prepared": _("Prepared by"), "agency": _("Agency"), "created": _("Created (UTC)"),
        "period": _("Period"), "border": _("Border crossing"), "offices": _("Offices"),
        "summary": _("Summary"), "reports": _("Incident reports"), "located": _("Located"),
        "kinds": _("Reports by kind"), "kind": _("Kind"), "count": _("Reports"),
        "office": _("Office"), "by_office": _("Reports by office"),
        "quantities": _("Quantities seized or found"), "item": _("Item"), "unit": _("Unit"),
        "amount": _("Amount"),
        "quantities_note": _("Summed per item and unit; different units are never added."),
        "persons": _("Persons by role"), "role": _("Role"), "persons_count": _("Persons"),
        "map": _("Map of the incidents"),
        "map_note": _("One marker per report with coordinates; squares are the offices."),
        "trend": _("Reports by month"), "month": _("Month"), "list": _("The reports"),
        "day": _("Day"), "place": _("Place"), "narratives": _("Narratives"),
        "narratives_note": _("As written by the filing office, in its language."),
        "handling": _("Handling code"), "none": _("None."),
    }  # fmt: skip


def context(report: JointReport) -> dict[str, object]:
    """What the report's template (and the web page) draw from, in the current language."""
    return {
        "r": report, "f": report.figures, "w": words(), "term": term, "number": number,
        "months": dict(report.figures.months), "handling_meaning": handling_meaning,
    }  # fmt: skip


def render_html(report: JointReport) -> str:
    with i18n.speaking(report.language):
        values = context(report) | {"style": Markup(STYLE)}  # noqa: S704 - our own style sheet
        return _env.get_template("joint_report.html").render(values)


def render_body(report: JointReport) -> Markup:
    """The report without its page (for the web page around it), in the report's language."""
    with i18n.speaking(report.language):
        html = _env.get_template("_joint_report_body.html").render(context(report))
    return Markup(html)  # noqa: S704 - rendered by an autoescaping template


def render_pdf(report: JointReport) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    pdf: bytes = weasyprint.HTML(string=render_html(report)).write_pdf()
    return pdf
