"""Trace routes and statistics pages: a world map of the routes from diversion to recovery with
the same flows as a table, the statistics page with its charts and tables, and the statistical
report (HTML and PDF) made from it.

A thin shell over :mod:`clew.firearms.trace_stats` (what the agency may see, audited) and
:mod:`clew.firearms.stats_report`. The charts are drawn in the browser by D3
(``static/traces-map.js``, ``static/trace-charts.js``) from numbers the server puts in data-*
attributes, with every word translated here; the page fetches only same-origin files (the
country shapes are the vendored ``world-atlas``), so it works on a network with no Internet.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Annotated, Any

import pycountry
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from clew.access.countries import country_name
from clew.firearms import stats_report, trace_stats
from clew.firearms.stats import Statistics
from clew.intel.report import number
from clew.records.kinds import FirearmType
from clew.web.deps import PageDep
from clew.web.render import render, use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=100)]


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _filter(since: str | None, until: str | None, make: str | None,
            type_: str | None) -> trace_stats.StatsFilter:  # fmt: skip
    """The page's filter; a date or a type the form cannot have sent is left out."""
    return trace_stats.StatsFilter(
        since=_date(since), until=_date(until), make=(make or "").strip() or None,
        firearm_type=type_ if type_ in set(FirearmType) else None,
    )  # fmt: skip


def _query(flt: trace_stats.StatsFilter) -> str:
    values = flt.query()
    if "firearm_type" in values:
        values["type"] = values.pop("firearm_type")
    return "&".join(f"{k}={v}" for k, v in values.items())


@cache
def _numeric(code: str) -> str:
    """The ISO 3166-1 numeric code of an alpha-2 code: the ids of world-atlas's shapes."""
    found = pycountry.countries.get(alpha_2=code)
    return str(found.numeric) if found else ""


def _context(flt: trace_stats.StatsFilter, language: str) -> dict[str, Any]:
    return {
        "filters": {"since": flt.since.isoformat() if flt.since else "",
                    "until": flt.until.isoformat() if flt.until else "",
                    "make": flt.make or "", "type": flt.firearm_type or ""},
        "types": list(FirearmType), "term": stats_report.term, "query": _query(flt),
        "percent": stats_report.percent, "number": number,
        "country": lambda code: country_name(code, language),
    }  # fmt: skip


def _chart_data(stats: Statistics, language: str) -> str:
    """Everything the statistics page's charts draw, labels in the reader's language."""
    rows, columns = stats_report.matrix_axes(stats)
    months, series = stats_report.indicator_series(stats)
    data = {
        "countries": [{"code": c.country, "name": country_name(c.country, language),
                       "sent": c.sent, "received": c.received,
                       "rate": c.response_rate} for c in stats.countries],
        "makes": [[v, n] for v, n in stats.top_makes],
        "types": [[stats_report.term(v), n] for v, n in stats.top_types],
        "calibres": [[v, n] for v, n in stats.top_calibres],
        "matrix": {"rows": rows, "columns": columns, "cells": stats.matrix},
        "months": months,
        "series": [{"name": stats_report.term(k), "counts": n} for k, n in series],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False)


@router.get("/traces/statistics", response_class=HTMLResponse)
def statistics_page(
    request: Request, page: PageDep, since: Text = None, until: Text = None, make: Text = None,
    type: Text = None,
) -> HTMLResponse:  # fmt: skip
    flt = _filter(since, until, make, type)
    language = use_language(request)
    stats = trace_stats.statistics(page.session, page.actor, flt)
    rows, columns = stats_report.matrix_axes(stats)
    months, series = stats_report.indicator_series(stats)
    context = _context(flt, language) | {
        "stats": stats, "chart_data": _chart_data(stats, language), "rows": rows,
        "columns": columns, "months": months, "series": series,
    }  # fmt: skip
    return render(request, "trace_statistics.html", context)


@router.get("/traces/routes", response_class=HTMLResponse)
def routes_page(
    request: Request, page: PageDep, since: Text = None, until: Text = None, make: Text = None,
    type: Text = None,
) -> HTMLResponse:  # fmt: skip
    flt = _filter(since, until, make, type)
    language = use_language(request)
    found = trace_stats.routes(page.session, page.actor, flt)
    flows = [{"from": f.origin, "to": f.destination, "fromId": _numeric(f.origin),
              "toId": _numeric(f.destination), "count": f.count,
              "fromName": country_name(f.origin, language),
              "toName": country_name(f.destination, language)} for f in found.flows]  # fmt: skip
    totals = [{"code": c.country, "id": _numeric(c.country),
               "name": country_name(c.country, language), "outgoing": c.outgoing,
               "incoming": c.incoming, "domestic": c.domestic}
              for c in found.countries]  # fmt: skip
    context = _context(flt, language) | {
        "routes": found, "flows_json": json.dumps(flows, ensure_ascii=False),
        "totals_json": json.dumps(totals, ensure_ascii=False),
    }  # fmt: skip
    return render(request, "trace_routes.html", context)


def _report(request: Request, page: PageDep, flt: trace_stats.StatsFilter,
            fmt: str) -> stats_report.StatsReport:  # fmt: skip
    language = use_language(request)
    return stats_report.build(page.session, page.actor, flt, language=language, fmt=fmt)


@router.get("/traces/statistics/report", response_class=HTMLResponse)
def report_html(
    request: Request, page: PageDep, since: Text = None, until: Text = None, make: Text = None,
    type: Text = None,
) -> HTMLResponse:  # fmt: skip
    built = _report(request, page, _filter(since, until, make, type), "html")
    # The report stands alone (its style inline): allow exactly that style, nothing else.
    policy = (f"default-src 'none'; img-src data:; style-src '{stats_report.STYLE_HASH}'; "
              "frame-ancestors 'none'; form-action 'none'; base-uri 'none'")  # fmt: skip
    return HTMLResponse(stats_report.render_html(built),
                        headers={"Content-Security-Policy": policy})  # fmt: skip


@router.get("/traces/statistics/report.pdf")
def report_pdf(
    request: Request, page: PageDep, since: Text = None, until: Text = None, make: Text = None,
    type: Text = None,
) -> Response:  # fmt: skip
    built = _report(request, page, _filter(since, until, make, type), "pdf")
    return Response(
        stats_report.render_pdf(built), media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="trace-statistics.pdf"'},
    )  # fmt: skip
