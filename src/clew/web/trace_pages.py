"""Trace pages: incoming and outgoing traces, opening one (from scratch, a firearm record or a
firearm hit), and a trace's page where the addressed agency acknowledges, answers, asks for more
or refuses, and the requester reads the weapon's history and closes the trace.

A thin shell over :mod:`clew.firearms.traces`: who sees what and which step is allowed when
are the service's business; the history's reading is :mod:`clew.firearms.history`'s.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from clew.access.roles import Permission
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.errors import ValidationError
from clew.firearms import traces
from clew.firearms.analysis import TraceIntoFile, pull_trace
from clew.firearms.reasons import describe
from clew.firearms.trace_kinds import (
    CrimeType,
    EventKind,
    IllicitReason,
    Priority,
    RecipientStatus,
    RefusalReason,
    TraceState,
)
from clew.firearms.trace_schemas import (
    AnswerIn,
    CommentIn,
    MoreInfoIn,
    RefusalIn,
    TraceClose,
    TraceCreate,
    TraceRef,
)
from clew.i18n import gettext as _
from clew.intel import files
from clew.records.kinds import FirearmType, HandlingCode, handling_meaning
from clew.screening.schemas import HitRef
from clew.web.deps import FormDep, PageDep
from clew.web.render import redirect, render

__all__ = ["router", "trace_term"]

router = APIRouter(include_in_schema=False)
M = TypeVar("M", bound=BaseModel)

PAGE_SIZE = 50
EVENT_ROWS = 6
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Box = Literal["incoming", "outgoing"]
Choice = Annotated[str | None, Query(max_length=40)]


def trace_term(value: str) -> str:
    """The interface's word for a value of the trace vocabulary."""
    terms = {
        "routine": _("Routine"), "urgent": _("Urgent"),
        "open": _("Open"), "closed": _("Closed"), "cancelled": _("Cancelled"),
        "sent": _("Sent"), "acknowledged": _("Acknowledged"), "answered": _("Answered"),
        "more_info_requested": _("More information requested"), "refused": _("Refused"),
        "stolen": _("Stolen"), "lost": _("Lost"), "trafficked": _("Trafficked"),
        "smuggled": _("Smuggled"), "illegally_possessed": _("Illegally possessed"),
        "used_in_crime": _("Used in a crime"), "obliterated_serial": _("Serial obliterated"),
        "homicide": _("Homicide"), "armed_robbery": _("Armed robbery"), "assault": _("Assault"),
        "drug_trafficking": _("Drug trafficking"),
        "firearms_trafficking": _("Firearms trafficking"), "terrorism": _("Terrorism"),
        "organised_crime": _("Organised crime"), "illegal_possession": _("Illegal possession"),
        "not_our_firearm": _("No record of this firearm"),
        "insufficient_details": _("Not enough details to trace"),
        "legal_restriction": _("The law does not allow an answer"),
        "ongoing_investigation": _("An investigation does not allow an answer"),
        "not_competent": _("Another agency holds the registers"),
        "manufactured": _("Manufactured"), "exported": _("Exported"), "imported": _("Imported"),
        "sold": _("Sold"), "transferred": _("Transferred"), "reported_lost": _("Reported lost"),
        "reported_stolen": _("Reported stolen"), "seized": _("Seized"),
        "recovered": _("Recovered"), "other": _("Other"),
        "pistol": _("Pistol"), "revolver": _("Revolver"), "rifle": _("Rifle"),
        "shotgun": _("Shotgun"), "submachine_gun": _("Sub-machine gun"),
        "machine_gun": _("Machine gun"), "assault_rifle": _("Assault rifle"),
    }  # fmt: skip
    return terms.get(value, value)


CHOICES = {
    "statuses": list(RecipientStatus), "states": list(TraceState), "priorities": list(Priority),
    "reasons": list(IllicitReason), "crimes": list(CrimeType), "refusals": list(RefusalReason),
    "events": list(EventKind), "types": list(FirearmType), "handling": list(HandlingCode),
    "source_grades": ["A", "B", "C", "X"], "info_grades": ["1", "2", "3", "4"],
}  # fmt: skip


def _render(request: Request, template: str, context: dict[str, Any], *,
            status: int = 200) -> HTMLResponse:  # fmt: skip
    values = {"trace_term": trace_term, "choices": CHOICES, "handling_meaning": handling_meaning}
    return render(request, template, values | context, status=status)


def _valid(model: type[M], data: dict[str, Any]) -> M:
    """``data`` as ``model``, a form's mistake as the one validation error of Clew."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "form"
        raise ValidationError.field(where, first["msg"].removeprefix("Value error, ")) from None


def _filter(box: Box, status: str | None, priority: str | None, country: str | None,
            overdue: str | None) -> traces.TraceFilter:  # fmt: skip
    return traces.TraceFilter(
        direction=box,
        status=RecipientStatus(status) if status in set(RecipientStatus) else None,
        priority=Priority(priority) if priority in set(Priority) else None,
        country=(country or "").strip()[:2] or None, overdue=overdue == "1",
    )  # fmt: skip


@router.get("/traces", response_class=HTMLResponse)
def trace_list(
    request: Request, page: PageDep, box: Box = "incoming", status: Choice = None,
    priority: Choice = None, country: Choice = None, overdue: Choice = None, offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    flt = _filter(box, status, priority, country, overdue)
    found, total = traces.list_traces(page.session, page.actor, flt, limit=PAGE_SIZE, offset=offset)
    query = "&".join(f"{k}={v}" for k, v in (("box", box), ("status", status or ""),
                     ("priority", priority or ""), ("country", country or ""),
                     ("overdue", overdue or "")) if v)  # fmt: skip
    context = {
        "box": box, "traces": found, "total": total, "offset": offset, "page_size": PAGE_SIZE,
        "query": query, "filters": {"status": status or "", "priority": priority or "",
                                    "country": country or "", "overdue": overdue == "1"},
        "may_open": page.actor.can(Permission.WRITE_TRACES),
    }  # fmt: skip
    return _render(request, "traces.html", context)


@router.get("/traces/export")
def trace_export(
    page: PageDep, box: Box = "incoming", status: Choice = None, priority: Choice = None,
    country: Choice = None, overdue: Choice = None,
) -> Response:  # fmt: skip
    flt = _filter(box, status, priority, country, overdue)
    body = traces.export_csv(page.session, page.actor, flt)
    return attachment(body, MEDIA_TYPES["csv"], f"traces-{box}.csv")


@router.get("/traces/new", response_class=HTMLResponse)
def trace_new(
    request: Request, page: PageDep, record: Annotated[int | None, Query(ge=1)] = None,
    hit: HitRef | None = None,
) -> HTMLResponse:  # fmt: skip
    form = {"record_id": str(record or ""), "hit_id": hit or ""}
    return _render(request, "trace_form.html", {"form": form, "error": None})


def _text(form: dict[str, str], name: str) -> str | None:
    return form.get(name, "").strip() or None


def _creation(form: dict[str, str]) -> dict[str, Any]:
    """The form's fields, shaped as the API's body (the model validates them)."""
    marks = [{"country": c} for c in (form.get("import_marks", "").replace(",", " ").split())]
    addressed = form.get("addressed", "").replace(",", " ").split()
    possessor = {"name": _text(form, "possessor_name"),
                 "date_of_birth": _text(form, "possessor_birth"),
                 "nationality": _text(form, "possessor_nationality"),
                 "screen": form.get("screen") == "1"}  # fmt: skip
    return {
        "record_id": _text(form, "record_id"), "hit_id": _text(form, "hit_id"),
        "illicit_reason": form.get("illicit_reason", ""),
        "illicit_note": _text(form, "illicit_note"),
        "markings": {k: v for k, v in {
            "make": _text(form, "make"), "model": _text(form, "model"),
            "firearm_type": _text(form, "firearm_type"), "calibre": _text(form, "calibre"),
            "serial_number": _text(form, "serial_number"),
            "country_of_manufacture": _text(form, "country_of_manufacture"),
            "year": _text(form, "year"), "import_marks": marks,
            "other_markings": _text(form, "other_markings"),
            "serial_obliterated": form.get("serial_obliterated") == "1",
            "serial_restored": _text(form, "serial_restored"),
        }.items() if v not in (None, [])},
        "recovery": {"country": form.get("recovery_country", ""),
                     "place": _text(form, "recovery_place"),
                     "recovered_on": form.get("recovered_on", "")},
        "possessor": {k: v for k, v in possessor.items() if v is not None},
        "crime_type": form.get("crime_type", ""), "priority": form.get("priority", "routine"),
        "urgency_justification": _text(form, "urgency_justification"),
        "handling_code": form.get("handling_code", "H0"),
        "handling_note": _text(form, "handling_note"), "addressed": addressed,
    }  # fmt: skip


@router.post("/traces/new", response_model=None)
def trace_create(request: Request, page: PageDep, form: FormDep) -> HTMLResponse | RedirectResponse:
    try:
        data = _valid(TraceCreate, _creation(form))
    except ValidationError as exc:
        context = {"form": form, "error": exc.detail}
        return _render(request, "trace_form.html", context, status=422)
    trace = traces.open_trace(
        page.session, page.actor, data, keeper=request.app.state.index,
        language=page.viewer.locale,
    )  # fmt: skip
    return redirect(f"/traces/{trace.id}?done=trace_opened")


@router.get("/traces/{trace_id}", response_class=HTMLResponse)
def trace_detail(request: Request, trace_id: TraceRef, page: PageDep) -> HTMLResponse:
    trace = traces.get_trace(page.session, page.actor, trace_id)
    history = traces.history(trace)
    mine = next((r for r in trace.recipients if r.agency == page.viewer.agency_code
                 and trace.requesting_agency != page.viewer.agency_code), None)  # fmt: skip
    may_write = page.actor.can(Permission.WRITE_TRACES) and trace.state == TraceState.OPEN
    context = {
        "trace": trace, "history": history, "mine": mine, "describe": describe,
        "requester": trace.requesting_agency == page.viewer.agency_code,
        "may_write": may_write, "event_rows": range(EVENT_ROWS),
        "analysis_files": files.writable_files(page.session, page.actor),
    }  # fmt: skip
    return _render(request, "trace_detail.html", context)


@router.post("/traces/{trace_id}/analysis-file")
def trace_into_file(trace_id: TraceRef, page: PageDep, form: FormDep) -> RedirectResponse:
    """From a trace's page: pull it into one of the user's writable analysis files."""
    data = _valid(TraceIntoFile, {"file_id": form.get("file_id", "")})
    pulled = pull_trace(page.session, page.actor, trace_id, data)
    return redirect(f"/files/{pulled.file_id}/entities/{pulled.firearm}?done=trace_pulled")


def _events(form: dict[str, str]) -> list[dict[str, str]]:
    fields = ("occurred_on", "kind", "country", "place", "actor", "counterpart", "note",
              "source_grade", "info_grade")  # fmt: skip
    rows = []
    for i in range(EVENT_ROWS):
        row = {f: form.get(f"e{i}_{f}", "").strip() for f in fields}
        if row["kind"]:
            rows.append({k: v for k, v in row.items() if v})
    return rows


Step = Literal["acknowledge", "answer", "refuse", "more-info", "comments", "close", "cancel"]


@router.post("/traces/{trace_id}/{step}")
def trace_step(trace_id: TraceRef, step: Step, page: PageDep, form: FormDep) -> RedirectResponse:
    """One step of the workflow, from the trace's page; back to it with a notice."""
    session, actor = page.session, page.actor
    if step == "acknowledge":
        traces.acknowledge(session, actor, trace_id)
    elif step == "answer":
        data = {"events": _events(form), "comment": _text(form, "comment")}
        traces.answer(session, actor, trace_id, _valid(AnswerIn, data))
    elif step == "refuse":
        refusal = {"reason": form.get("reason", ""), "note": _text(form, "note")}
        traces.refuse(session, actor, trace_id, _valid(RefusalIn, refusal))
    elif step == "more-info":
        question = {"question": form.get("question", "")}
        traces.request_more(session, actor, trace_id, _valid(MoreInfoIn, question))
    elif step == "comments":
        message = {"body": form.get("body", ""), "to": _text(form, "to")}
        traces.comment(session, actor, trace_id, _valid(CommentIn, message))
    else:
        state = TraceState.CLOSED if step == "close" else TraceState.CANCELLED
        traces.end(
            session, actor, trace_id, state, _valid(TraceClose, {"note": _text(form, "note")})
        )
    return redirect(f"/traces/{trace_id}?done=trace_{step.replace('-', '_')}")
