"""Alert pages: add an alert to a record, extend or let lapse one, and the owner's reviews due.

Extend and lapse are asked from two places, a record's page and the reviews page; the form says
which (``back``) so the answer, or the form again with its errors, comes back to the same place.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError as PydanticValidationError

from clew.access.roles import Permission
from clew.api.deps import Id
from clew.errors import ValidationError
from clew.records import alerts, store
from clew.records.schemas import AlertExtend, AlertIn
from clew.web.deps import FormDep, Page, PageDep
from clew.web.records_pages import alert_data, form_errors, reason, record_page, render_records
from clew.web.render import redirect

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

DUE_LIMIT = 200


def _due_page(request: Request, page: Page, *, status: int = 200, **extra: Any) -> HTMLResponse:
    due = [
        (record, store.alert_public(alert))
        for record, alert in alerts.due_for_review(page.session, page.actor, limit=DUE_LIMIT)
    ]
    context = {"due": due, "limit": DUE_LIMIT, "form": {}, "errors": {}, "summary": [],
               "open_form": ""} | extra  # fmt: skip
    return render_records(request, "alerts_due.html", context, status=status)


@router.get("/alerts/due", response_class=HTMLResponse)
def alerts_due(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.WRITE_RECORDS)
    return _due_page(request, page)


@router.post("/records/{record_id}/alerts", response_model=None)
def alert_add(
    request: Request, record_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    store.owned_record(page.session, page.actor, record_id)  # refuse others before the input
    try:
        data = AlertIn.model_validate(alert_data(form) or {})
        alerts.add_alert(page.session, page.actor, record_id, data)
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        context = form_errors(exc, prefix="alert") | {"open_form": "alert", "form": form}
        return record_page(request, page, record_id, status=422, **context)
    return redirect(f"/records/{record_id}?done=alert_added")


def _back(form: dict[str, str]) -> int | None:
    """The record whose page asked, or ``None`` for the reviews page."""
    record = form.get("record", "")
    return int(record) if form.get("back") == "record" and record.isdigit() else None


def _answer(
    request: Request, page: Page, form: dict[str, str], done: str,
    exc: ValidationError | PydanticValidationError | None = None, open_form: str = "",
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    record_id = _back(form)
    if exc is None:
        return redirect(
            f"/records/{record_id}?done={done}" if record_id else f"/alerts/due?done={done}"
        )
    page.session.rollback()
    context = form_errors(exc) | {"open_form": open_form, "form": form}
    context["errors"] = {k.removeprefix("alert."): v for k, v in context["errors"].items()}
    if record_id:
        return record_page(request, page, record_id, status=422, **context)
    return _due_page(request, page, status=422, **context)


@router.post("/alerts/{alert_id}/extend", response_model=None)
def alert_extend(
    request: Request, alert_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    try:
        raw = {"reason": reason(form), "expires_on": form.get("expires_on") or None}
        data = AlertExtend.model_validate(raw)
        alerts.extend_alert(page.session, page.actor, alert_id, data)
    except (ValidationError, PydanticValidationError) as exc:
        return _answer(request, page, form, "", exc, f"extend-{alert_id}")
    return _answer(request, page, form, "alert_extended")


@router.post("/alerts/{alert_id}/lapse", response_model=None)
def alert_lapse(
    request: Request, alert_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    try:
        alerts.lapse_alert(page.session, page.actor, alert_id, reason(form))
    except ValidationError as exc:
        return _answer(request, page, form, "", exc, f"lapse-{alert_id}")
    return _answer(request, page, form, "alert_lapsed")
