"""The live dashboard of a joint operation and the phone-sized field form.

The dashboard's tiles, lists, map and timeline are rendered on the server first (the page
works without JavaScript); ``static/operation-live.js`` then listens to
``/operations/{id}/live/stream`` (server-sent events) and puts each new :func:`board` in place
without a reload. A board is the live snapshot (:mod:`clew.operations.live`) worded in the
reader's language: the same function words the page and every event, so both always agree.

A thin shell: who may watch and report is the services' business (a non-participant gets the
*not found* page of a made-up id, from the page and the stream alike).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from clew import i18n
from clew.access.roles import Permission
from clew.api.operations_live import gate, slots
from clew.errors import ClewError
from clew.i18n import gettext as _
from clew.operations import live, operations, results
from clew.operations.kinds import CheckKind, FieldKind, OperationState
from clew.operations.live import LiveSnapshot, TimelineEvent
from clew.operations.results import FIELDS
from clew.operations.schemas import FieldResultIn, OperationPublic, OperationRef
from clew.storage import Database, utcnow
from clew.web.deps import FormDep, Page, PageDep
from clew.web.labels import error_text
from clew.web.operation_pages import (
    aware,
    form_errors,
    local_time,
    number,
    operation_term,
    render_operation,
    validate,
)
from clew.web.render import redirect, use_language

__all__ = ["board", "router"]

router = APIRouter(include_in_schema=False)

#: The tiles of checks, in the order the dashboard shows them.
CHECK_TILES = tuple(CheckKind)
#: The tiles of field results: key -> the word under the figure.
RESULT_TILES = ("arrests", "seizures", "victims", "migrants", "investigations")


def _result_words() -> dict[str, str]:
    return {
        "arrests": _("Arrests"), "seizures": _("Seizures"), "victims": _("Victims identified"),
        "migrants": _("Irregular migrants"), "investigations": _("Investigations opened"),
    }  # fmt: skip


def _event_text(event: TimelineEvent) -> str:
    """One line of the timeline: what happened, in the reader's language."""
    term = operation_term
    parts: list[str | None]
    if event.kind is FieldKind.ARREST:
        persons = int(event.amount)
        what = i18n.ngettext("%(num)d arrest", "%(num)d arrests", persons) % {"num": persons}
        parts = [what, term(event.basis or ""), term(event.crime_area or "")]
    elif event.kind is FieldKind.SEIZURE:
        unit = (event.item or "") if event.unit == "currency" else term(event.unit or "")
        parts = [term(event.category or ""), event.item if event.unit != "currency" else None,
                 f"{number(event.amount)} {unit}".strip()]  # fmt: skip
    elif event.kind is FieldKind.EVENT:
        parts = [event.title]
    else:
        parts = [term(event.kind), number(event.amount, 0)]
        if event.minors:
            parts.append(_("%(num)s minors") % {"num": number(event.minors, 0)})
    where = " · ".join(p for p in (event.agency, event.post_name) if p)
    return " · ".join(p for p in parts if p) + (f" ({where})" if where else "")


def board(snap: LiveSnapshot) -> dict[str, Any]:
    """The dashboard's words and figures in the current language (the page's first render and
    every event of its stream)."""
    figures = snap.results
    tiles = {str(kind): number(snap.checks.get(kind, 0), 0) for kind in CHECK_TILES}
    tiles |= {
        "arrests": number(figures.arrests.total, 0),
        "seizures": number(sum(s.reports for s in figures.seizures), 0),
        "victims": number(figures.victims.total, 0),
        "migrants": number(figures.migrants.total, 0),
        "investigations": number(figures.investigations, 0),
    }  # fmt: skip
    minors = {
        "victims": _("%(num)s minors") % {"num": number(figures.victims.minors, 0)},
        "migrants": _("%(num)s minors") % {"num": number(figures.migrants.minors, 0)},
    }
    seizures = [
        {"label": " · ".join(p for p in (operation_term(s.category),
                                          s.item if s.unit != "currency" else None) if p),
         "amount": f"{number(s.amount)} "
                   f"{s.item if s.unit == 'currency' else operation_term(s.unit)}"}
        for s in figures.seizures
    ]  # fmt: skip
    arrests = [{"label": operation_term(k), "amount": number(n, 0)}
               for k, n in figures.arrests.by_basis.items()]  # fmt: skip
    return {
        "version": snap.version, "state": operation_term(snap.state), "tiles": tiles,
        "minors": minors,
        "sparkline": [m.checked for m in snap.series], "hits_line": [m.hits for m in snap.series],
        "seizures": seizures, "arrests": arrests,
        "agencies": [{"agency": a.agency, "checked": number(a.checked, 0),
                      "hits": number(a.checks.get(CheckKind.HIT, 0), 0),
                      "arrests": number(a.arrests, 0), "results": number(a.results, 0)}
                     for a in snap.agencies],
        "posts": [{"id": p.id or "", "name": p.name or _("No post"), "agency": p.agency,
                   "kind": operation_term(p.kind) if p.kind else "",
                   "lat": p.latitude, "lon": p.longitude, "checked": p.checked,
                   "checkedText": number(p.checked, 0),
                   "hits": number(p.checks.get(CheckKind.HIT, 0), 0),
                   "results": number(p.results, 0)} for p in snap.posts],
        "timeline": [{"id": e.id, "kind": str(e.kind),
                      "at": local_time(e.occurred_at, snap.timezone, "%d.%m %H:%M"),
                      "text": _event_text(e)} for e in snap.timeline],
        "updated": local_time(snap.at, snap.timezone, "%H:%M:%S"),
    }  # fmt: skip


@router.get("/operations/{operation_id}/live", response_class=HTMLResponse)
def live_page(request: Request, operation_id: OperationRef, page: PageDep) -> HTMLResponse:
    snap = live.snapshot(page.session, page.actor, operation_id)
    use_language(request)
    shown = board(snap)
    context = {
        "snap": snap, "board": shown,
        "check_tiles": [str(k) for k in CHECK_TILES], "result_tiles": RESULT_TILES,
        "result_words": _result_words(),
        "may_report": page.actor.can(Permission.REPORT_RESULTS)
        and snap.state not in (OperationState.PUBLISHED, OperationState.CANCELLED),
    }  # fmt: skip
    return render_operation(request, "operations/live.html", context)


@router.get("/operations/{operation_id}/live/stream", response_class=StreamingResponse)
def live_events(request: Request, operation_id: OperationRef, page: PageDep) -> StreamingResponse:
    """The dashboard's server-sent events: a board each time a figure changes."""
    internal = live.open_stream(page.session, page.actor, operation_id)
    language = use_language(request)
    bound = slots(request)
    bound.take()

    def encode(snap: LiveSnapshot) -> str:
        i18n.set_language(language)  # in the stream's worker thread
        return json.dumps(board(snap), ensure_ascii=False)

    database: Database = request.app.state.database
    events = live.stream(
        database, page.actor, internal, disconnected=request.is_disconnected, encode=encode,
        gate=gate(request), slots=bound,
    )  # fmt: skip
    return StreamingResponse(events, media_type="text/event-stream", headers=live.stream_headers())


# --- the field form -------------------------------------------------------------------------------

#: The form's own names of the fields several kinds share (a form keeps one value a name).
_OWN = {(FieldKind.VICTIM, "count"): "victim_count", (FieldKind.VICTIM, "minors"): "victim_minors",
        (FieldKind.MIGRANT, "count"): "migrant_count",
        (FieldKind.MIGRANT, "minors"): "migrant_minors",
        (FieldKind.INVESTIGATION, "count"): "investigation_count"}  # fmt: skip


def _own_posts(page: Page, operation: OperationPublic) -> list[Any]:
    return [p for p in operation.posts if p.agency == page.viewer.agency_code]


def _report_form(request: Request, page: Page, operation_id: str, form: dict[str, str],
                 error: ClewError | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    operation = operations.get_operation(page.session, page.actor, operation_id)
    kind = form.get("kind", "")
    rename = {field: _OWN.get((FieldKind(kind), field), field)
              for field in ("count", "minors")} if kind in set(FieldKind) else {}  # fmt: skip
    context = {
        "op": operation, "form": form, "posts": _own_posts(page, operation),
        "error": error_text(error) if error else None, "errors": form_errors(error, rename),
    }  # fmt: skip
    return render_operation(request, "operations/report.html", context, status=status)


@router.get("/operations/{operation_id}/report-result", response_class=HTMLResponse)
def report_form(
    request: Request, operation_id: OperationRef, page: PageDep, kind: str = "arrest"
) -> HTMLResponse:
    operation = operations.get_operation(page.session, page.actor, operation_id)
    now = local_time(utcnow(), operation.timezone, "%Y-%m-%dT%H:%M")
    own = _own_posts(page, operation)
    form = {"kind": kind if kind in set(FieldKind) else "arrest", "occurred_at": now,
            "post": own[0].id if len(own) == 1 else "", "persons": "1"}  # fmt: skip
    return _report_form(request, page, operation_id, form)


def _report(form: dict[str, str], zone: str) -> dict[str, Any]:
    """The form's fields for its kind only, shaped as the API's body."""
    kind = form.get("kind", "")
    data: dict[str, Any] = {
        "kind": kind, "occurred_at": aware(form.get("occurred_at", "").strip(), zone),
        "post": form.get("post", "").strip() or None, "note": form.get("note", "").strip() or None,
    }  # fmt: skip
    if kind in set(FieldKind):
        for field in FIELDS[FieldKind(kind)]:
            value = form.get(_OWN.get((FieldKind(kind), field), field), "").strip()
            if value:
                data[field] = value
    return data


@router.post("/operations/{operation_id}/report-result", response_model=None)
def report_submit(
    request: Request, operation_id: OperationRef, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    operation = operations.get_operation(page.session, page.actor, operation_id)
    try:
        data = validate(FieldResultIn, _report(form, operation.timezone))
        results.report_result(page.session, page.actor, operation_id, data)
    except ClewError as exc:
        if exc.status not in (409, 422):
            raise
        page.session.rollback()
        return _report_form(request, page, operation_id, form, exc, status=422)
    return redirect(f"/operations/{operation_id}/report-result?kind={data.kind}&done=op_reported")
