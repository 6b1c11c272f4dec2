"""The results of a joint operation as press releases give them: a report (HTML and PDF, with
charts), a press-release draft, CSV and JSON exports of every count, and a comparison with
earlier operations, all in the reader's language.

- Built from what the operation recorded and nothing else: the live counters
  (:func:`clew.operations.tally.totals`) and the field reports not withdrawn
  (:func:`clew.operations.results.summary`), so its figures are the sums of what was counted
  and reported. *Searches* are the queries of the watchlists: persons, documents, vehicles and
  firearms checked, and passengers screened (a flight is the manifest, not a search).
- Read by the operation's participants only: anyone else gets *not found*, as for a made-up
  id, and the comparison never holds an operation the reader may not see (:mod:`.access`).
  Every report, export, press release and comparison is audited with ids only
  (``operation.report.<format>``, ``operation.press_release``, ``operation.compare``).
- Days are the operation's days in its own time zone (an action day in Sofia starts at
  midnight in Sofia); every day of the period is listed, those with nothing counted as zeros.
- Every word goes through :func:`clew.i18n.gettext` (plural forms through
  :func:`~clew.i18n.ngettext`), every number through Babel, as the other reports do
  (:mod:`clew.firearms.stats_report`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew import i18n
from clew.access import audit
from clew.access.actor import Actor
from clew.access.countries import country_name
from clew.access.models import Agency
from clew.access.roles import OrganisationType
from clew.firearms import svg_charts
from clew.i18n import gettext as _
from clew.i18n import ngettext
from clew.intel.report import STYLE, STYLE_HASH, number
from clew.operations import charts, tally
from clew.operations import results as field_results
from clew.operations.access import load_operation, reader, visible
from clew.operations.kinds import CheckKind, OperationState
from clew.operations.models import Operation, OperationParticipant, OperationPost
from clew.operations.operations import state_of
from clew.operations.schemas import PostCounts, Results

__all__ = [
    "COMPARE_MAX",
    "SEARCHES",
    "STYLE_HASH",
    "DayCounts",
    "OperationFigures",
    "OperationReport",
    "build",
    "compare",
    "export_csv",
    "export_json",
    "figures",
    "press_release",
    "render_compare",
    "render_html",
    "render_pdf",
    "render_press_release",
    "term",
]

TEMPLATES = Path(__file__).with_name("templates")
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
SEARCHES = (CheckKind.PERSON, CheckKind.DOCUMENT, CheckKind.VEHICLE, CheckKind.FIREARM,
            CheckKind.PASSENGER)  # fmt: skip
"""The kinds that are queries of the watchlists (summed as *searches*)."""
COMPARE_MAX = 8
"""The most operations compared side by side (the latest earlier ones when none is named)."""


# --- figures ----------------------------------------------------------------------------------


class DayCounts(BaseModel):
    day: date
    counts: dict[CheckKind, int]


class OperationFigures(BaseModel):
    """Every figure of an operation's report, as the JSON export gives them (``countries``:
    of the agencies that accepted, an international body's coordination not a country)."""

    id: str
    name: str
    state: OperationState
    period_start: datetime
    period_end: datetime
    timezone: str
    action_days: int
    crime_areas: list[str]
    coordinator: str
    countries: list[str]
    agencies: list[str]
    posts: int
    checks: dict[CheckKind, int]
    searches: int
    results: Results
    by_agency: dict[str, dict[CheckKind, int]]
    by_post: list[PostCounts]
    by_day: list[DayCounts]


def _days(operation: Operation) -> list[date]:
    zone = ZoneInfo(operation.timezone)
    first = operation.period_start.astimezone(zone).date()
    last = (operation.period_end - timedelta(microseconds=1)).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _figures(session: Session, operation: Operation) -> OperationFigures:
    counted = tally.totals(session, operation)
    zone = ZoneInfo(operation.timezone)
    days = {d: dict.fromkeys(CheckKind, 0) for d in _days(operation)}
    for minute in counted.series:
        day = minute.minute.replace(tzinfo=minute.minute.tzinfo or UTC).astimezone(zone).date()
        bucket = days.setdefault(day, dict.fromkeys(CheckKind, 0))
        for kind, n in minute.counts.items():
            bucket[kind] += n
    accepted = session.execute(
        select(Agency.code, Agency.country, Agency.kind)
        .join(OperationParticipant, OperationParticipant.agency_id == Agency.id)
        .where(OperationParticipant.operation_id == operation.id,
               OperationParticipant.accepted_at.is_not(None))
        .order_by(Agency.code)
    ).all()  # fmt: skip
    coordinator = session.execute(
        select(Agency.code).where(Agency.id == operation.coordinator_agency_id)
    ).scalar_one()
    posts = session.execute(
        select(OperationPost.id).where(OperationPost.operation_id == operation.id)
    ).all()
    checks = dict.fromkeys(CheckKind, 0) | counted.kinds
    return OperationFigures(
        id=operation.public_id, name=operation.name, state=state_of(operation),
        period_start=operation.period_start, period_end=operation.period_end,
        timezone=operation.timezone, action_days=len(_days(operation)),
        crime_areas=json.loads(operation.crime_areas or "[]"), coordinator=coordinator,
        countries=sorted({country for _, country, kind in accepted
                          if kind != OrganisationType.INTERNATIONAL_BODY}),
        agencies=[code for code, _, _ in accepted], posts=len(posts), checks=checks,
        searches=sum(checks[k] for k in SEARCHES),
        results=field_results.summary(session, operation),
        by_agency=counted.agencies, by_post=counted.posts,
        by_day=[DayCounts(day=d, counts=c) for d, c in sorted(days.items())],
    )  # fmt: skip


def _audit(session: Session, actor: Actor, action: str, operations: Sequence[Operation]) -> None:
    target = f"operation:{operations[0].public_id}" if len(operations) == 1 else None
    audit.record(session, actor, action, target=target,
                 result_ids=[o.public_id for o in operations])  # fmt: skip


def figures(
    session: Session, actor: Actor, operation_id: str, *, audit_as: str = "operation.report.json"
) -> OperationFigures:
    """The figures of an operation the actor's agency takes part in (else *not found*)."""
    operation = load_operation(session, actor, operation_id)
    _audit(session, actor, audit_as, [operation])
    return _figures(session, operation)


def compare(session: Session, actor: Actor, ids: Sequence[str] = ()) -> list[OperationFigures]:
    """The figures of the operations named (each one the actor may see, else *not found* as for
    a made-up id), or of the latest :data:`COMPARE_MAX` whose period is over, earliest first."""
    reader(actor)
    if ids:
        wanted = list(dict.fromkeys(ids))[:COMPARE_MAX]
        operations = [load_operation(session, actor, i) for i in wanted]
    else:
        operations = list(session.execute(
            select(Operation).where(visible(actor), Operation.cancelled.is_(False),
                                    Operation.period_end <= datetime.now(UTC))
            .order_by(Operation.period_start.desc(), Operation.id.desc()).limit(COMPARE_MAX)
        ).scalars())  # fmt: skip
    operations.sort(key=lambda o: (o.period_start, o.id))
    audit.record(session, actor, "operation.compare",
                 result_ids=[o.public_id for o in operations])  # fmt: skip
    return [_figures(session, o) for o in operations]


# --- exports ----------------------------------------------------------------------------------

CSV_COLUMNS = ("scope", "agency", "post", "day", "kind", "category", "item", "unit", "value")


def _rows(f: OperationFigures) -> Iterator[tuple[object, ...]]:
    for kind, n in f.checks.items():
        yield ("operation", "", "", "", kind, "", "", "", n)
    yield ("operation", "", "", "", "searches", "", "", "", f.searches)
    for agency, counts in f.by_agency.items():
        for kind, n in counts.items():
            yield ("agency", agency, "", "", kind, "", "", "", n)
    for post in f.by_post:
        for kind, n in post.counts.items():
            yield ("post", post.agency, post.name or "", "", kind, "", "", "", n)
    for day in f.by_day:
        for kind, n in day.counts.items():
            if n:
                yield ("day", "", "", day.day.isoformat(), kind, "", "", "", n)
    r = f.results
    yield ("results", "", "", "", "arrest", "", "", "", r.arrests.total)
    for area, n in r.arrests.by_crime_area.items():
        yield ("results", "", "", "", "arrest", area, "", "", n)
    for basis, n in r.arrests.by_basis.items():
        yield ("results", "", "", "", "arrest_basis", basis, "", "", n)
    for s in r.seizures:
        yield ("results", "", "", "", "seizure", s.category, s.item or "", s.unit, s.amount)
    yield ("results", "", "", "", "victim", "", "", "", r.victims.total)
    yield ("results", "", "", "", "victim", "minors", "", "", r.victims.minors)
    yield ("results", "", "", "", "migrant", "", "", "", r.migrants.total)
    yield ("results", "", "", "", "migrant", "minors", "", "", r.migrants.minors)
    yield ("results", "", "", "", "investigation", "", "", "", r.investigations)


def export_csv(f: OperationFigures) -> str:
    """Every count, one per row: the operation's by kind, then by agency, by post, by day, and
    the field results (zero rows of a day left out; the day's sums are the operation's)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in _rows(f):
        writer.writerow(["" if v is None else str(v) for v in row])
    return buffer.getvalue()


def export_json(f: OperationFigures) -> str:
    return f.model_dump_json(indent=1)


# --- words ------------------------------------------------------------------------------------


def term(value: str) -> str:
    """The interface word for a kind of check, a field result's category, a seizure kind, a
    unit or a legal basis of an arrest; others as given."""
    words = {
        # checks
        "person": _("Persons checked"), "document": _("Documents checked"),
        "vehicle": _("Vehicles checked"), "firearm": _("Firearms checked"),
        "passenger": _("Passengers screened"), "flight": _("Flights screened"),
        "hit": _("Hits"), "confirmed_hit": _("Confirmed hits"),
        # crime areas (the exchange's words)
        "drug_trafficking": _("Drug trafficking"), "migrant_smuggling": _("Migrant smuggling"),
        "trafficking_in_human_beings": _("Trafficking in human beings"),
        "firearms_trafficking": _("Firearms trafficking"), "terrorism": _("Terrorism"),
        "money_laundering": _("Money laundering"), "fraud": _("Fraud"),
        "cybercrime": _("Cybercrime"), "organised_property_crime": _("Organised property crime"),
        "excise_fraud": _("Excise fraud"), "document_fraud": _("Document fraud"),
        "other": _("Other"),
        # legal bases
        "red_notice": _("Red Notice"), "european_arrest_warrant": _("European Arrest Warrant"),
        "national_warrant": _("National warrant"), "flagrante": _("Caught in the act"),
        # seizures
        "drugs": _("Drugs"), "firearms": _("Firearms"), "ammunition": _("Ammunition"),
        "explosives": _("Explosives"), "cash": _("Cash"), "vehicles": _("Vehicles"),
        "counterfeit_documents": _("Counterfeit documents"), "cigarettes": _("Cigarettes"),
        "cultural_goods": _("Cultural goods"), "wildlife": _("Wildlife"),
        # units
        "kg": _("kg"), "g": _("g"), "l": _("l"), "tablets": _("tablets"), "units": _("units"),
    }  # fmt: skip
    return words.get(value, value)


def amount(value: float, unit: str, item: str | None) -> str:
    """A seized amount in the reader's notation: money in its currency, others with the unit."""
    if unit == "currency" and item:
        from babel.numbers import format_currency

        return str(format_currency(value, item, locale=i18n.current()))
    return f"{number(value, 3)} {term(unit)}"


@contextmanager
def _speaking(language: str) -> Iterator[None]:
    before = i18n.current()
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(before)


# --- the report -------------------------------------------------------------------------------


@dataclass(slots=True)
class OperationReport:
    language: str
    author: str
    agency: str | None
    created_at: datetime
    figures: OperationFigures
    charts: dict[str, Markup]


_DAILY = (CheckKind.PERSON, CheckKind.VEHICLE, CheckKind.PASSENGER, CheckKind.HIT)


def _charts(f: OperationFigures) -> dict[str, Markup]:
    days = [d.day.strftime("%d.%m") for d in f.by_day]
    series = [(term(k), [d.counts.get(k, 0) for d in f.by_day]) for k in _DAILY
              if any(d.counts.get(k, 0) for d in f.by_day)]  # fmt: skip
    by_category: dict[str, int] = {}
    for s in f.results.seizures:
        by_category[s.category] = by_category.get(s.category, 0) + s.reports
    mapped: list[tuple[str, float, float, int]] = [
        (f"{p.name} ({p.agency})", p.latitude, p.longitude,
         sum(p.counts.get(k, 0) for k in SEARCHES))
        for p in f.by_post if p.latitude is not None and p.longitude is not None and p.name
    ]  # fmt: skip
    return {
        "days": svg_charts.lines(days, series, _("Checks per day")),
        "seizures": svg_charts.bars(
            sorted(((term(c), n) for c, n in by_category.items()), key=lambda x: -x[1]),
            _("Seizures by category"), fmt=lambda v: number(v, 0),
            colour=svg_charts.PALETTE[1]),
        "map": charts.post_map(mapped, _("Map of the posts")),
    }  # fmt: skip


def build(
    session: Session, actor: Actor, operation_id: str, *, language: str = "en",
    fmt: str = "html",
) -> OperationReport:  # fmt: skip
    """The report of an operation the actor's agency takes part in (else *not found*),
    audited as ``operation.report.<fmt>`` (html, pdf, or press_release)."""
    f = figures(session, actor, operation_id, audit_as=f"operation.report.{fmt}"
                if fmt != "press_release" else "operation.press_release")  # fmt: skip
    with _speaking(language):
        drawn = _charts(f)
    return OperationReport(
        language=language, author=actor.username, agency=actor.agency_code,
        created_at=datetime.now(UTC), figures=f, charts=drawn,
    )  # fmt: skip


def _local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _words() -> dict[str, str]:
    return {
        "title": _("Results of the joint operation"), "prepared": _("Prepared by"),
        "agency": _("Agency"), "created": _("Created (UTC)"), "period": _("Period"),
        "days": _("Action days"), "areas": _("Crime areas"), "coordinator": _("Coordinated by"),
        "countries": _("Participating countries"), "posts": _("Posts"),
        "checks": _("Checks"), "searches": _("Searches of the databases"),
        "results": _("Field results"), "arrests": _("Arrests"),
        "by_area": _("Arrests by crime area"), "by_basis": _("Arrests by legal basis"),
        "seizures": _("Seizures"), "category": _("Category"), "item": _("Item"),
        "amount": _("Amount"), "reports": _("Reports"), "victims": _("Victims identified"),
        "minors": _("of them minors"), "migrants": _("Irregular migrants"),
        "investigations": _("Investigations opened"), "per_day": _("Checks per day"),
        "per_agency": _("Checks by agency"), "per_post": _("Checks by post"),
        "day": _("Day"), "post": _("Post"), "no_post": _("No post"), "kind": _("Kind"),
        "none": _("None."), "map": _("Map of the posts"), "timezone": _("Time zone"),
        "state": _("State"), "operation": _("Operation"),
        "compare": _("Comparison with earlier operations"),
        "press": _("Press release (draft)"),
    }  # fmt: skip


def _context(language: str) -> dict[str, object]:
    return {
        "style": Markup(STYLE),  # noqa: S704 - our own style sheet
        "term": term, "number": number, "amount": amount, "local": _local,
        "country": lambda code: country_name(code, language), "kinds": list(CheckKind),
        "searches": SEARCHES,
    }  # fmt: skip


def render_html(report: OperationReport) -> str:
    with _speaking(report.language):
        context = _context(report.language) | {"r": report, "f": report.figures, "w": _words()}
        return _env.get_template("operation_report.html").render(context)


def render_pdf(report: OperationReport) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    pdf: bytes = weasyprint.HTML(string=render_html(report)).write_pdf()
    return pdf


# --- the press release ------------------------------------------------------------------------


def _n(singular: str, plural: str, n: int, **values: object) -> str:
    """One sentence with its number in the reader's plural form and notation."""
    return ngettext(singular, plural, n) % {"num": number(n, 0), **values}


def press_release(report: OperationReport) -> tuple[str, list[str], list[str]]:
    """The draft's headline, its sentences (one figure each, those that are not zero), and its
    seizures (one line per category, item and unit), in the report's language."""
    f = report.figures
    r = f.results
    c = f.checks
    with _speaking(report.language):
        headline = _("%(name)s: the results") % {"name": f.name}
        sentences = [
            _n("Operation %(name)s ran for %(num)s action day.",
               "Operation %(name)s ran for %(num)s action days.", f.action_days, name=f.name),
            _n("%(num)s country took part.", "%(num)s countries took part.", len(f.countries)),
        ]  # fmt: skip
        figures_ = [
            (c[CheckKind.PERSON], _n, "%(num)s person was checked.",
             "%(num)s persons were checked."),
            (c[CheckKind.VEHICLE], _n, "%(num)s vehicle was checked.",
             "%(num)s vehicles were checked."),
            (f.searches, _n, "%(num)s search of the databases was run.",
             "%(num)s searches of the databases were run."),
            (c[CheckKind.FLIGHT], _n, "%(num)s flight was monitored.",
             "%(num)s flights were monitored."),
            (c[CheckKind.PASSENGER], _n, "%(num)s passenger was screened.",
             "%(num)s passengers were screened."),
            (c[CheckKind.HIT], _n, "The checks gave %(num)s hit.",
             "The checks gave %(num)s hits."),
            (c[CheckKind.CONFIRMED_HIT], _n, "%(num)s hit was confirmed.",
             "%(num)s hits were confirmed."),
            (r.arrests.total, _n, "%(num)s person was arrested.",
             "%(num)s persons were arrested."),
            (r.victims.total, _n, "%(num)s victim was identified.",
             "%(num)s victims were identified."),
            (r.victims.minors, _n, "%(num)s of the victims is a minor.",
             "%(num)s of the victims are minors."),
            (r.migrants.total, _n, "%(num)s irregular migrant was detected.",
             "%(num)s irregular migrants were detected."),
            (r.investigations, _n, "%(num)s investigation was opened.",
             "%(num)s investigations were opened."),
        ]  # fmt: skip
        sentences += [say(one, many, n) for n, say, one, many in figures_ if n]
        seizures = [f"{term(s.category)}{f' ({s.item})' if s.item and s.unit != 'currency' else ''}"
                    f": {amount(s.amount, s.unit, s.item)}" for s in r.seizures]  # fmt: skip
    return headline, sentences, seizures


def render_press_release(report: OperationReport) -> str:
    headline, sentences, seizures = press_release(report)
    with _speaking(report.language):
        context = _context(report.language) | {
            "r": report, "f": report.figures, "w": _words(), "headline": headline,
            "sentences": sentences, "seizures": seizures,
        }  # fmt: skip
        return _env.get_template("operation_press_release.html").render(context)


def render_compare(found: Sequence[OperationFigures], language: str) -> str:
    with _speaking(language):
        context = _context(language) | {"ops": list(found), "w": _words(), "language": language}
        return _env.get_template("operation_compare.html").render(context)
