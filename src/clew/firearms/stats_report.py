"""The statistical report of firearm traces, in the user's language, as HTML and as PDF
(WeasyPrint), made like the analytical report of :mod:`clew.intel.report` (same style sheet,
same way of speaking a language).

Built from :func:`clew.firearms.trace_stats.statistics`, so it counts what the statistics page
counts (the traces the actor's agency may see) and is audited (``trace.report.html`` or
``.pdf``). Its charts are SVG drawn here (:mod:`clew.firearms.svg_charts`) from the same
numbers as the tables beside them. Every word goes through :func:`clew.i18n.gettext`;
:func:`term` names the trafficking indicators and firearm types for the web pages too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from clew import i18n
from clew.access.actor import Actor
from clew.access.countries import country_name
from clew.firearms import svg_charts, trace_stats
from clew.firearms.indicators import IndicatorKind
from clew.firearms.stats import Statistics
from clew.i18n import gettext as _
from clew.intel.report import STYLE, STYLE_HASH, number

__all__ = [
    "STYLE_HASH",
    "StatsReport",
    "build",
    "matrix_axes",
    "percent",
    "render_html",
    "render_pdf",
    "term",
]

TEMPLATES = Path(__file__).with_name("templates")
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def term(value: str) -> str:
    """The interface word for a trafficking indicator or a firearm type; others as given."""
    words = {
        IndicatorKind.SHORT_TIME_TO_CRIME: _("Short time to crime"),
        IndicatorKind.SAME_PURCHASER: _("Several firearms from one purchaser"),
        IndicatorKind.SAME_DEALER: _("Several firearms from one dealer"),
        IndicatorKind.SAME_BATCH: _("One batch recovered in several countries"),
        IndicatorKind.REPEATED_ROUTE: _("The same route seen again"),
        "pistol": _("Pistol"), "revolver": _("Revolver"), "rifle": _("Rifle"),
        "shotgun": _("Shotgun"), "submachine_gun": _("Sub-machine gun"),
        "machine_gun": _("Machine gun"), "assault_rifle": _("Assault rifle"),
        "other": _("Other"),
    }  # fmt: skip
    return words.get(value, value)


def percent(value: float | None) -> str:
    """A share in the current language (``0.5`` is ``50 %`` in Bulgarian), ``—`` for none."""
    if value is None:
        return "—"
    from babel.numbers import format_percent

    return str(format_percent(value, locale=i18n.current()))


def matrix_axes(stats: Statistics) -> tuple[list[str], list[str]]:
    """The source countries (rows) and recovery countries (columns) of the matrix, sorted."""
    rows = sorted(stats.matrix)
    columns = sorted({c for row in stats.matrix.values() for c in row})
    return rows, columns


def indicator_series(stats: Statistics) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Months (sorted) and, per indicator that fired, its count in each month."""
    months = sorted(stats.indicators_by_month)
    kinds = [k for k in IndicatorKind if any(k in m for m in stats.indicators_by_month.values())]
    series = [(str(k), [stats.indicators_by_month[m].get(k, 0) for m in months]) for k in kinds]
    return months, series


@dataclass(slots=True)
class StatsReport:
    language: str
    author: str
    agency: str | None
    created_at: datetime
    filter: trace_stats.StatsFilter
    stats: Statistics
    charts: dict[str, Markup]


def _charts(stats: Statistics) -> dict[str, Markup]:
    countries = stats.countries
    rows, columns = matrix_axes(stats)
    months, series = indicator_series(stats)
    return {
        "sent": svg_charts.bars([(c.country, c.sent) for c in countries], _("Traces sent")),
        "received": svg_charts.bars([(c.country, c.received) for c in countries],
                                    _("Traces received"), colour=svg_charts.PALETTE[3]),
        "rate": svg_charts.bars(
            [(c.country, c.response_rate) for c in countries if c.response_rate is not None],
            _("Response rate"), fmt=percent, colour=svg_charts.PALETTE[2]),
        "makes": svg_charts.bars(list(stats.top_makes), _("Top makes")),
        "types": svg_charts.bars([(term(t), n) for t, n in stats.top_types], _("Top types")),
        "calibres": svg_charts.bars(list(stats.top_calibres), _("Top calibres")),
        "matrix": svg_charts.heatmap(rows, columns, stats.matrix,
                                     _("Source country × recovery country"),
                                     row_title=_("Source"), column_title=_("Recovered in")),
        "indicators": svg_charts.lines(months, [(term(k), n) for k, n in series],
                                       _("Trafficking indicators by month")),
    }  # fmt: skip


def build(
    session: Session, actor: Actor, flt: trace_stats.StatsFilter, *, language: str = "en",
    fmt: str = "html",
) -> StatsReport:  # fmt: skip
    """The report of the traces the actor may see; audited as ``trace.report.<fmt>``."""
    audit_as = f"trace.report.{'pdf' if fmt == 'pdf' else 'html'}"
    stats = trace_stats.statistics(session, actor, flt, audit_as=audit_as)
    with i18n.speaking(language):
        charts = _charts(stats)
    return StatsReport(
        language=language, author=actor.username, agency=actor.agency_code,
        created_at=datetime.now(UTC), filter=flt, stats=stats, charts=charts,
    )  # fmt: skip


def _words() -> dict[str, str]:
    return {
        "title": _("Statistical report on firearm traces"),
        "scope": _("Counted from the traces your agency requested or was asked to answer."),
        "prepared": _("Prepared by"), "agency": _("Agency"), "created": _("Created (UTC)"),
        "filter": _("Filter"), "all": _("All traces"), "since": _("Opened since"),
        "until": _("Opened until"), "make": _("Make"), "type": _("Type"),
        "summary": _("Summary"), "traces": _("Traces"), "rate": _("Response rate"),
        "median": _("Median days to answer"), "countries": _("Traces by country"),
        "country": _("Country"), "sent": _("Sent"), "received": _("Received"),
        "answered": _("Answered"), "firearms": _("Firearms traced"),
        "makes": _("Top makes"), "types": _("Top types"), "calibres": _("Top calibres"),
        "calibre": _("Calibre"), "matrix": _("Source country × recovery country"),
        "matrix_note": _("Rows: the country where the firearm left the legal market (its point"
                         " of diversion); columns: the country of recovery."),
        "source": _("Source"), "indicators": _("Trafficking indicators by month"),
        "month": _("Month"), "indicator": _("Indicator"), "none": _("None."),
    }  # fmt: skip


def render_html(report: StatsReport) -> str:
    with i18n.speaking(report.language):
        rows, columns = matrix_axes(report.stats)
        months, series = indicator_series(report.stats)
        context = {
            "r": report, "s": report.stats, "w": _words(),
            "style": Markup(STYLE),  # noqa: S704 - our own style sheet
            "term": term, "number": number, "percent": percent,
            "country": lambda code: country_name(code, report.language) if code else "—",
            "rows": rows, "columns": columns, "months": months, "series": series,
        }  # fmt: skip
        return _env.get_template("stats_report.html").render(context)


def render_pdf(report: StatsReport) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    pdf: bytes = weasyprint.HTML(string=render_html(report)).write_pdf()
    return pdf
