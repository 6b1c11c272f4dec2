"""Exchange pages: the inbox, cases (list, opening one, a case's thread and the compose form),
closing and reopening a case.

A thin shell over :mod:`clew.exchange.cases` and :mod:`clew.exchange.messages`: who sees and
may do what is the services' business (an agency that is not addressed gets the same *not
found* page as for an id never issued); these routes parse forms, call one service and render.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from pydantic import StringConstraints

from clew.access import agencies as directory
from clew.access.roles import Permission
from clew.errors import ClewError
from clew.exchange import attachments, cases, messages, search
from clew.exchange.kinds import CaseState, CrimeArea, HandlingCode, MessageKind
from clew.exchange.schemas import CaseCreate, MessageCreate
from clew.web.deps import FormDep, Page, PageDep
from clew.web.exchange_forms import (
    ENTITY_ROWS,
    ITEM_ROWS,
    Upload,
    UploadDep,
    checked,
    entity_rows,
    item_rows,
    render_exchange,
    text,
    valid,
)
from clew.web.labels import error_text, field_errors
from clew.web.render import redirect

__all__ = ["attach_files", "router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
THREAD_SIZE = 200
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Choice = Annotated[str | None, Query(max_length=40)]
CaseRef = Annotated[str, StringConstraints(min_length=1, max_length=40,
                                           pattern=r"^[A-Za-z0-9_-]{1,40}$")]  # fmt: skip


def _query(values: dict[str, str | None]) -> str:
    return urlencode({k: v for k, v in values.items() if v})


def _directory(page: Page) -> list[Any]:
    """The other active agencies, for the participant and addressee choices."""
    rows, _ = directory.list_agencies(page.session, page.actor, limit=500, offset=0)
    return [a for a in rows if a.active and a.code != page.viewer.agency_code]


# --- inbox ------------------------------------------------------------------------------------


Box = Literal["in", "sent"]


@router.get("/exchange", response_model=None)
def inbox_page(
    request: Request, page: PageDep, box: Box = "in", case: Choice = None,
    country: Choice = None, code: Choice = None, kind: Choice = None, unread: Choice = None,
    overdue: Choice = None, offset: Offset = 0,
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    if overdue == "1":  # overdue is a request's state: the requests' view, on the same side
        return redirect(f"/exchange/requests?box={'outgoing' if box == 'sent' else 'incoming'}"
                        "&overdue=1")  # fmt: skip
    flt = messages.InboxFilter(
        box=box, case=case or None,
        country=(country or "").strip().upper()[:2] or None,
        handling_code=HandlingCode(code) if code in set(HandlingCode) else None,
        kind=MessageKind(kind) if kind in set(MessageKind) else None, unread=unread == "1",
    )  # fmt: skip
    found, total = messages.inbox(page.session, page.actor, flt, limit=PAGE_SIZE, offset=offset)
    counts = messages.counts(page.session, page.actor)
    filters = {"case": case or "", "country": country or "", "code": code or "",
               "kind": kind or "", "unread": unread == "1"}  # fmt: skip
    query = _query({"box": box, "case": case, "country": country, "code": code, "kind": kind,
                    "unread": unread})  # fmt: skip
    context = {
        "box": box, "messages": found, "total": total, "offset": offset, "page_size": PAGE_SIZE,
        "query": query, "filters": filters, "counts": counts,
        "may_write": page.actor.can(Permission.WRITE_EXCHANGE),
    }  # fmt: skip
    return render_exchange(request, "exchange/inbox.html", context)


# --- cases ------------------------------------------------------------------------------------


@router.get("/exchange/cases", response_class=HTMLResponse)
def case_list(
    request: Request, page: PageDep, state: Choice = None, area: Choice = None,
    country: Choice = None, q: Annotated[str | None, Query(max_length=200)] = None,
    offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    flt = cases.CaseFilter(
        state=CaseState(state) if state in set(CaseState) else None,
        crime_area=CrimeArea(area) if area in set(CrimeArea) else None,
        country=(country or "").strip().upper()[:2] or None, q=(q or "").strip() or None,
    )  # fmt: skip
    found, total = cases.list_cases(page.session, page.actor, flt, limit=PAGE_SIZE, offset=offset)
    filters = {"state": state or "", "area": area or "", "country": country or "", "q": q or ""}
    context = {
        "cases": found, "total": total, "offset": offset, "page_size": PAGE_SIZE,
        "filters": filters, "query": _query(dict(filters)),
        "may_write": page.actor.can(Permission.WRITE_EXCHANGE),
    }  # fmt: skip
    return render_exchange(request, "exchange/cases.html", context)


def _case_form(request: Request, page: Page, form: dict[str, str], error: ClewError | None,
               status: int = 200) -> HTMLResponse:  # fmt: skip
    context = {
        "form": form, "agencies": _directory(page),
        "error": error_text(error) if error else None,
        "errors": field_errors(error.fields) if error else {},
    }  # fmt: skip
    return render_exchange(request, "exchange/case_form.html", context, status=status)


@router.get("/exchange/cases/new", response_class=HTMLResponse)
def case_new(request: Request, page: PageDep) -> HTMLResponse:
    return _case_form(request, page, {"handling_code": "H0"}, None)


@router.post("/exchange/cases/new", response_model=None)
def case_create(request: Request, page: PageDep, form: FormDep) -> HTMLResponse | RedirectResponse:
    data = {
        "subject": form.get("subject", ""), "crime_area": form.get("crime_area", ""),
        "handling_code": form.get("handling_code", "H0"),
        "handling_note": text(form, "handling_note"), "participants": checked(form, "agency_"),
    }  # fmt: skip
    try:
        created = cases.open_case(page.session, page.actor, valid(CaseCreate, data))
    except ClewError as exc:
        if exc.status not in (409, 422):
            raise
        page.session.rollback()
        return _case_form(request, page, form, exc, status=422)
    return redirect(f"/exchange/cases/{created.id}?done=x_case_opened")


def _case_page(request: Request, page: Page, case_id: str, form: dict[str, str],
               error: ClewError | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    case = cases.get_case(page.session, page.actor, case_id)
    thread, total = messages.thread(page.session, page.actor, case_id, limit=THREAD_SIZE)
    context = {
        "case": case, "thread": thread, "thread_total": total,
        "form": {"language": page.viewer.locale, "handling_code": case.handling_code} | form,
        "error": error_text(error) if error else None,
        "errors": field_errors(error.fields) if error else {},
        "may_write": page.actor.can(Permission.WRITE_EXCHANGE) and case.state == CaseState.OPEN,
        "owner": case.owner == page.viewer.agency_code,
        "item_rows": range(ITEM_ROWS), "entity_rows": range(ENTITY_ROWS),
    }  # fmt: skip
    return render_exchange(request, "exchange/case.html", context, status=status)


@router.get("/exchange/cases/{case_id}", response_class=HTMLResponse)
def case_detail(request: Request, case_id: CaseRef, page: PageDep) -> HTMLResponse:
    return _case_page(request, page, case_id, {})


def attach_files(request: Request, page: Page, message_id: str, upload: Upload) -> None:
    """Store the form's files with the message just sent (a refused one undoes the send)."""
    for file in upload.files:
        attachments.attach(
            page.session, page.actor, message_id, file.filename, file.file,
            settings=request.app.state.settings,
        )  # fmt: skip


@router.post("/exchange/cases/{case_id}/messages", response_model=None)
def message_send(
    request: Request, case_id: CaseRef, page: PageDep, upload: UploadDep
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    form = upload.fields
    data = {
        "subject": form.get("subject", ""), "body": form.get("body", ""),
        "language": form.get("language", ""), "handling_code": form.get("handling_code", "H0"),
        "handling_note": text(form, "handling_note"), "to": checked(form, "to_"),
        "in_reply_to": text(form, "in_reply_to"), "items": item_rows(form),
        "entities": entity_rows(form),
    }  # fmt: skip
    try:
        sent = messages.send(
            page.session, page.actor, case_id, valid(MessageCreate, data),
            keeper=request.app.state.index,
        )  # fmt: skip
        attach_files(request, page, sent.id, upload)
    except ClewError as exc:
        if exc.status not in (409, 413, 415, 422):
            raise
        page.session.rollback()
        return _case_page(request, page, case_id, form, exc, status=422)
    return redirect(f"/exchange/messages/{sent.id}?done=x_sent")


@router.post("/exchange/cases/{case_id}/{step}")
def case_step(
    case_id: CaseRef, step: Literal["close", "reopen"], page: PageDep, form: FormDep
) -> RedirectResponse:  # fmt: skip
    if step == "close":
        cases.close_case(page.session, page.actor, case_id)
    else:
        cases.reopen_case(page.session, page.actor, case_id)
    done = "x_case_closed" if step == "close" else "x_case_reopened"
    return redirect(f"/exchange/cases/{case_id}?done={done}")


# --- search -----------------------------------------------------------------------------------


@router.get("/exchange/search", response_class=HTMLResponse)
def search_page(
    request: Request, page: PageDep, q: Annotated[str | None, Query(max_length=200)] = None,
    case: Choice = None, country: Choice = None, code: Choice = None, kind: Choice = None,
    unread: Choice = None, overdue: Choice = None, offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    """Full-text search over the messages the user may see; snippets come marked by the
    service and are escaped before the marks become ``<mark>`` (nothing else is markup)."""
    filters = {"case": case or "", "country": country or "", "code": code or "",
               "kind": kind or "", "unread": unread or "", "overdue": overdue or ""}  # fmt: skip
    context: dict[str, Any] = {
        "q": q or "", "filters": filters, "hits": [], "total": 0, "offset": offset,
        "page_size": PAGE_SIZE, "query": _query({"q": q, **filters}), "searched": False,
        # marked_html escapes the whole snippet before its marks become <mark>
        "marked": lambda snippet: Markup(search.marked_html(snippet)),  # noqa: S704
    }  # fmt: skip
    if q and q.strip():
        flt = search.SearchFilter(
            case=case or None, country=(country or "").strip().upper()[:2] or None,
            handling_code=HandlingCode(code) if code in set(HandlingCode) else None,
            kind=MessageKind(kind) if kind in set(MessageKind) else None,
            unread=unread == "1", overdue=overdue == "1",
        )  # fmt: skip
        try:
            hits, total = search.search(
                page.session, page.actor, q, flt, limit=PAGE_SIZE, offset=offset
            )
        except ClewError as exc:
            if exc.status != 422:
                raise
            context |= {"error": error_text(exc), "errors": field_errors(exc.fields)}
            return render_exchange(request, "exchange/search.html", context, status=422)
        context |= {"hits": hits, "total": total, "cap": search.TOTAL_CAP, "searched": True}
    return render_exchange(request, "exchange/search.html", context)
