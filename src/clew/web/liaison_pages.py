"""Border liaison pages: offices and pairs, a pair's reports, the incident report form (made
for a phone at a border post: one column, rows of quantities and persons), a report's page
with its cross-check matches, and the pair's joint report with its map, trend and PDF.

A thin shell over :mod:`clew.liaison`: who sees what is the services' business.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from clew.access.roles import Permission
from clew.errors import ClewError, ValidationError
from clew.liaison import incidents, offices, report
from clew.liaison.kinds import IncidentKind, PersonRole, Unit
from clew.liaison.schemas import IncidentCreate, OfficeCreate, PairCreate, Ref
from clew.records.kinds import HandlingCode, handling_meaning
from clew.web.deps import FormDep, PageDep
from clew.web.render import redirect, render, use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
M = TypeVar("M", bound=BaseModel)

PAGE_SIZE = 50
QUANTITY_ROWS = 4
PERSON_ROWS = 4
OBJECT_ROWS = 2
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Text = Annotated[str | None, Query(max_length=20)]
CHOICES = {
    "kinds": list(IncidentKind), "units": list(Unit), "roles": list(PersonRole),
    "handling": list(HandlingCode),
}  # fmt: skip


def _render(request: Request, template: str, context: dict[str, Any], *,
            status: int = 200) -> HTMLResponse:  # fmt: skip
    values = {"term": report.term, "choices": CHOICES, "handling_meaning": handling_meaning}
    return render(request, template, values | context, status=status)


def _valid(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "form"
        raise ValidationError.field(where, first["msg"].removeprefix("Value error, ")) from None


def _text(form: dict[str, str], name: str) -> str | None:
    return form.get(name, "").strip() or None


def _listing(request: Request, page: PageDep, error: str | None = None,
             form: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    context = {
        "offices": offices.list_offices(page.session, page.actor),
        "pairs": offices.list_pairs(page.session, page.actor),
        "may_manage": page.actor.can(Permission.MANAGE_AGENCIES) and page.actor.platform_wide,
        "error": error, "form": form or {},
    }  # fmt: skip
    return _render(request, "liaison/index.html", context, status=status)


@router.get("/liaison", response_class=HTMLResponse)
def liaison_index(request: Request, page: PageDep) -> HTMLResponse:
    return _listing(request, page)


def _number(form: dict[str, str], name: str) -> str | None:
    return (_text(form, name) or "").replace(",", ".") or None


@router.post("/liaison/offices", response_model=None)
def office_create(request: Request, page: PageDep, form: FormDep) -> Response:
    data = {"name": form.get("name", ""), "agency": form.get("agency", ""),
            "place": form.get("place", ""), "latitude": _number(form, "latitude"),
            "longitude": _number(form, "longitude"), "zone": _text(form, "zone")}  # fmt: skip
    try:
        offices.create_office(page.session, page.actor, _valid(OfficeCreate, data))
    except ValidationError as exc:
        return _listing(request, page, exc.detail, form, 422)
    return redirect("/liaison?done=office_created")


@router.post("/liaison/pairs", response_model=None)
def pair_create(request: Request, page: PageDep, form: FormDep) -> Response:
    data = {"office_a": form.get("office_a", ""), "office_b": form.get("office_b", ""),
            "border": form.get("border", "")}  # fmt: skip
    try:
        pair = offices.create_pair(page.session, page.actor, _valid(PairCreate, data))
    except ValidationError as exc:
        return _listing(request, page, exc.detail, form, 422)
    return redirect(f"/liaison/pairs/{pair.id}?done=pair_created")


@router.get("/liaison/pairs/{pair_id}", response_class=HTMLResponse)
def pair_page(request: Request, pair_id: Ref, page: PageDep, offset: Offset = 0) -> HTMLResponse:
    found, total = incidents.list_incidents(page.session, page.actor, pair_id, limit=PAGE_SIZE,
                                            offset=offset)  # fmt: skip
    pair = offices.pair_public(page.session, offices.load_member_pair(page.session, page.actor,
                                                                      pair_id))  # fmt: skip
    context = {
        "pair": pair, "incidents": found, "total": total, "offset": offset,
        "page_size": PAGE_SIZE, "query": "",
        "may_file": page.actor.can(Permission.WRITE_EXCHANGE),
    }  # fmt: skip
    return _render(request, "liaison/pair.html", context)


def _form_page(request: Request, page: PageDep, pair_id: str, form: dict[str, str],
               error: str | None, status: int = 200) -> HTMLResponse:  # fmt: skip
    pair = offices.pair_public(page.session, offices.load_member_pair(page.session, page.actor,
                                                                      pair_id))  # fmt: skip
    ours = [o for o in (pair.office_a, pair.office_b) if o.agency == page.viewer.agency_code]
    context = {
        "pair": pair, "ours": ours, "form": form, "error": error,
        "quantity_rows": range(QUANTITY_ROWS), "person_rows": range(PERSON_ROWS),
        "object_rows": range(OBJECT_ROWS),
    }  # fmt: skip
    return _render(request, "liaison/incident_form.html", context, status=status)


@router.get("/liaison/pairs/{pair_id}/incidents/new", response_class=HTMLResponse)
def incident_new(request: Request, pair_id: Ref, page: PageDep) -> HTMLResponse:
    return _form_page(request, page, pair_id, {"language": page.viewer.locale}, None)


def _rows(form: dict[str, str], prefix: str, count: int,
          fields: tuple[str, ...]) -> list[dict[str, str]]:  # fmt: skip
    rows = []
    for i in range(count):
        row = {f: form.get(f"{prefix}{i}_{f}", "").strip() for f in fields}
        if any(row.values()):
            rows.append({k: v for k, v in row.items() if v})
    return rows


def _incident(form: dict[str, str]) -> dict[str, Any]:
    """The form's fields, shaped as the API's body (the model validates them)."""
    quantities = _rows(form, "q", QUANTITY_ROWS, ("item", "unit", "amount"))
    for q in quantities:
        q["amount"] = q.get("amount", "").replace(",", ".")
    persons: list[dict[str, Any]] = []
    for p in _rows(form, "p", PERSON_ROWS, ("name", "date_of_birth", "nationality", "role")):
        name = p.pop("name", None)
        persons.append(p | {"names": [name] if name else []})
    data: dict[str, Any] = {
        "office": _text(form, "office"), "kind": form.get("kind", ""),
        "occurred_at": form.get("occurred_at", ""), "place": form.get("place", ""),
        "latitude": _number(form, "latitude"), "longitude": _number(form, "longitude"),
        "quantities": quantities, "persons": persons,
        "vehicles": _rows(form, "v", OBJECT_ROWS, ("plate", "vin")),
        "documents": _rows(form, "d", OBJECT_ROWS, ("number", "country")),
        "firearms": _rows(form, "f", OBJECT_ROWS, ("serial_number", "make", "calibre")),
        "narrative": form.get("narrative", ""), "language": form.get("language", "en"),
        "handling_code": form.get("handling_code", "H0"),
        "handling_note": _text(form, "handling_note"),
    }  # fmt: skip
    return data


@router.post("/liaison/pairs/{pair_id}/incidents/new", response_model=None)
def incident_create(request: Request, pair_id: Ref, page: PageDep, form: FormDep) -> Response:
    try:
        data = _valid(IncidentCreate, _incident(form))
        filed = incidents.file_incident(page.session, page.actor, pair_id, data,
                                        keeper=request.app.state.index)  # fmt: skip
    except ValidationError as exc:
        return _form_page(request, page, pair_id, form, exc.detail, 422)
    return redirect(f"/liaison/incidents/{filed.id}?done=incident_filed")


@router.get("/liaison/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: Ref, page: PageDep) -> HTMLResponse:
    found = incidents.get_incident(page.session, page.actor, incident_id)
    return _render(request, "liaison/incident.html", {"incident": found})


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _period(kind: str | None, month: str | None, quarter: str | None, start: str | None,
            end: str | None) -> report.Period:  # fmt: skip
    if kind == "month" and month:
        return report.period(month=month)
    if kind == "quarter" and quarter:
        return report.period(quarter=quarter)
    return report.period(start=_day(start), end=_day(end))


def _query(span: report.Period) -> str:
    return f"from={span.start.isoformat()}&to={span.end.isoformat()}"


@router.get("/liaison/pairs/{pair_id}/report", response_class=HTMLResponse)
def report_page(
    request: Request, pair_id: Ref, page: PageDep, period: Text = None, month: Text = None,
    quarter: Text = None, start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
) -> HTMLResponse:  # fmt: skip
    language = use_language(request)
    error = None
    try:
        span = _period(period, month, quarter, start, end)
    except ClewError as exc:
        error, span = exc.detail, report.period()
    built = report.build(page.session, page.actor, pair_id, span, language=language)
    context = {
        "r": built, "body": report.render_body(built), "query": _query(span), "error": error,
        "filters": {"period": period or "custom", "month": month or "", "quarter": quarter or "",
                    "from": span.start.isoformat(), "to": span.end.isoformat()},
    }  # fmt: skip
    return _render(request, "liaison/report.html", context)


@router.get("/liaison/pairs/{pair_id}/report.pdf")
def report_pdf(
    request: Request, pair_id: Ref, page: PageDep,
    start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
) -> Response:  # fmt: skip
    language = use_language(request)
    span = report.period(start=_day(start), end=_day(end))
    built = report.build(page.session, page.actor, pair_id, span, language=language, fmt="pdf")
    return Response(
        report.render_pdf(built), media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="joint-report.pdf"'},
    )  # fmt: skip
