"""Request pages: incoming and outgoing requests for information with their deadlines, sending
one to several agencies at once, and a request's page where the receiving SPOC routes it to a
desk, the agency holding it answers, partly answers or refuses with a reason, and the
requester reminds those still owing.

A thin shell over :mod:`clew.exchange.requests`: deadlines, who owes what and who may act are
the service's; the page words the time left in the reader's language.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import StringConstraints

from clew.access import agencies as directory
from clew.access.roles import Permission
from clew.errors import ClewError
from clew.exchange import cases, requests
from clew.exchange.kinds import OPEN_STATUSES, CaseState, RequestStatus, Urgency
from clew.exchange.request_schemas import (
    AnswerIn,
    RefusalIn,
    ReminderIn,
    RequestCreate,
    RequestPublic,
    RoutingIn,
)
from clew.storage import utcnow
from clew.web.deps import Page, PageDep
from clew.web.exchange_forms import (
    ENTITY_ROWS,
    ITEM_ROWS,
    UploadDep,
    checked,
    due_words,
    entity_rows,
    item_rows,
    render_exchange,
    text,
    valid,
)
from clew.web.labels import error_text, field_errors
from clew.web.render import redirect

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Choice = Annotated[str | None, Query(max_length=40)]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=40,
                                       pattern=r"^[A-Za-z0-9_-]{1,40}$")]  # fmt: skip
Direction = Literal["incoming", "outgoing"]


def _render(request: Request, template: str, context: dict[str, Any], *,
            status: int = 200) -> HTMLResponse:  # fmt: skip
    now = utcnow()
    due = {"due": lambda r: due_words(r.due_at, r.overdue, now)}
    return render_exchange(request, template, due | context, status=status)


@router.get("/exchange/requests", response_class=HTMLResponse)
def request_list(
    request: Request, page: PageDep, box: Direction = "incoming", status: Choice = None,
    urgency: Choice = None, country: Choice = None, overdue: Choice = None, offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    flt = requests.RequestFilter(
        direction=box,
        status=RequestStatus(status) if status in set(RequestStatus) else None,
        urgency=Urgency(urgency) if urgency in set(Urgency) else None,
        country=(country or "").strip().upper()[:2] or None, overdue=overdue == "1",
    )  # fmt: skip
    found, total = requests.list_requests(
        page.session, page.actor, flt, limit=PAGE_SIZE, offset=offset
    )
    filters = {"status": status or "", "urgency": urgency or "", "country": country or "",
               "overdue": "1" if overdue == "1" else ""}  # fmt: skip
    query = "&".join(f"{k}={v}" for k, v in ({"box": box} | filters).items() if v)
    context = {
        "box": box, "requests": found, "total": total, "offset": offset,
        "page_size": PAGE_SIZE, "query": query, "filters": filters,
        "may_write": page.actor.can(Permission.WRITE_EXCHANGE),
    }  # fmt: skip
    return _render(request, "exchange/requests.html", context)


def _form_page(request: Request, page: Page, form: dict[str, str],
               error: ClewError | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    open_cases, _ = cases.list_cases(
        page.session, page.actor, cases.CaseFilter(state=CaseState.OPEN), limit=50, offset=0
    )
    rows, _ = directory.list_agencies(page.session, page.actor, limit=500, offset=0)
    context = {
        "form": {"language": page.viewer.locale, "urgency": "non_urgent",
                 "handling_code": "H0"} | form,
        "cases": open_cases,
        "agencies": [a for a in rows if a.active and a.code != page.viewer.agency_code],
        "item_rows": range(ITEM_ROWS), "entity_rows": range(ENTITY_ROWS),
        "error": error_text(error) if error else None,
        "errors": field_errors(error.fields) if error else {},
    }  # fmt: skip
    return _render(request, "exchange/request_form.html", context, status=status)


@router.get("/exchange/requests/new", response_class=HTMLResponse)
def request_new(
    request: Request, page: PageDep, case: Choice = None, to: Choice = None,
    subject: Annotated[str, Query(max_length=300)] = "",
    about: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:  # fmt: skip
    """The form, prefilled from the link that led here (a hit's "report the encounter": the
    record's owner ticked, the subject and what it is about)."""
    form = {"case": case or "", "subject": subject, "about": about}
    if to:
        form[f"to_{to}"] = "1"
    return _form_page(request, page, form)


def _creation(form: dict[str, str]) -> dict[str, Any]:
    """The form's fields shaped as the API's body (the model validates them)."""
    case = text(form, "case")
    return {
        "case": case,
        "new_case": None if case else {"subject": form.get("subject", ""),
                                       "crime_area": form.get("crime_area", "")},
        "to": checked(form, "to_"), "question": form.get("question", ""),
        "about": form.get("about", ""), "legal_basis": form.get("legal_basis", ""),
        "purpose": text(form, "purpose"), "urgency": form.get("urgency", "non_urgent"),
        "directly_accessible": form.get("directly_accessible") == "1",
        "urgency_reason": text(form, "urgency_reason"), "subject": form.get("subject", ""),
        "body": text(form, "body"), "language": form.get("language", ""),
        "handling_code": form.get("handling_code", "H0"),
        "handling_note": text(form, "handling_note"),
        "items": item_rows(form), "entities": entity_rows(form),
    }  # fmt: skip


@router.post("/exchange/requests/new", response_model=None)
def request_send(
    request: Request, page: PageDep, upload: UploadDep
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    form = upload.fields
    try:
        sent = requests.send_request(
            page.session, page.actor, valid(RequestCreate, _creation(form)),
            request.app.state.index,
        )  # fmt: skip
    except ClewError as exc:
        if exc.status not in (409, 422):
            raise
        page.session.rollback()
        return _form_page(request, page, form, exc, status=422)
    return redirect(f"/exchange/requests/{sent.id}?done=x_request_sent")


def _request_page(request: Request, page: Page, request_id: str, *,
                  form: dict[str, str] | None = None, error: ClewError | None = None,
                  status: int = 200) -> HTMLResponse:  # fmt: skip
    found = requests.get_request(page.session, page.actor, request_id)
    own = page.viewer.agency_code
    context = {
        "req": found, "requester": found.requesting_agency == own,
        "mine": _holding(found, own), "routable": _routable(page, found),
        "may_write": page.actor.can(Permission.WRITE_EXCHANGE),
        "owing": [r for r in found.recipients if r.status in OPEN_STATUSES],
        "form": {"language": page.viewer.locale, "handling_code": found.handling_code}
        | (form or {}),
        "item_rows": range(ITEM_ROWS), "entity_rows": range(ENTITY_ROWS),
        "error": error_text(error) if error else None,
        "errors": field_errors(error.fields) if error else {},
    }  # fmt: skip
    return _render(request, "exchange/request.html", context, status=status)


def _holding(found: RequestPublic, own: str) -> Any:
    """The row the viewer's agency answers for: addressed to it, or routed to it."""
    rows = (r for r in found.recipients if own in (r.agency, r.routed_to))
    return next((r for r in rows if r.status in OPEN_STATUSES), None)


def _routable(page: Page, found: RequestPublic) -> list[Any]:
    """The agencies of the viewer's country a request addressed to it can be routed to."""
    if not any(r.agency == page.viewer.agency_code for r in found.recipients):
        return []
    rows, _ = directory.list_agencies(
        page.session, page.actor, limit=200, offset=0, country=page.viewer.country
    )
    return [a for a in rows if a.active]


@router.get("/exchange/requests/{request_id}", response_class=HTMLResponse)
def request_detail(request: Request, request_id: Ref, page: PageDep) -> HTMLResponse:
    return _request_page(request, page, request_id)


Step = Literal["route", "answer", "refuse", "remind"]


def _step(request: Request, page: Page, request_id: str, step: Step,
          form: dict[str, str]) -> None:  # fmt: skip
    session, actor = page.session, page.actor
    language = form.get("language") or page.viewer.locale
    if step == "route":
        data = {"desk": form.get("desk", ""), "agency": text(form, "agency")}
        requests.route(session, actor, request_id, valid(RoutingIn, data))
    elif step == "answer":
        answer = {
            "kind": form.get("kind", "answer"), "body": form.get("body", ""),
            "language": language, "handling_code": form.get("handling_code", "H0"),
            "handling_note": text(form, "handling_note"), "items": item_rows(form),
            "entities": entity_rows(form),
        }  # fmt: skip
        requests.answer(session, actor, request_id, valid(AnswerIn, answer),
                        request.app.state.index)  # fmt: skip
    elif step == "refuse":
        refusal = {"reason": form.get("reason", ""), "note": text(form, "note"),
                   "language": language}  # fmt: skip
        requests.refuse(session, actor, request_id, valid(RefusalIn, refusal))
    else:
        reminder = {"agencies": checked(form, "remind_"), "note": text(form, "note"),
                    "language": language}  # fmt: skip
        requests.remind(session, actor, request_id, valid(ReminderIn, reminder))


@router.post("/exchange/requests/{request_id}/{step}", response_model=None)
def request_step(
    request: Request, request_id: Ref, step: Step, page: PageDep, upload: UploadDep
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    """One step of the workflow, from the request's page; back to it with a notice, or the page
    again with the refusal explained and the form kept (an answer's body may be long: the
    upload form's bounds apply)."""
    form = upload.fields
    try:
        _step(request, page, request_id, step, form)
    except ClewError as exc:
        if exc.status not in (403, 409, 422):
            raise
        page.session.rollback()
        return _request_page(request, page, request_id, form=form | {"step": step}, error=exc,
                             status=exc.status)  # fmt: skip
    done = {"route": "x_routed", "answer": "x_answered", "refuse": "x_refused",
            "remind": "x_reminded"}[step]  # fmt: skip
    return redirect(f"/exchange/requests/{request_id}?done={done}")
