"""Firearms pages: the reference table (search; administrators add and import) and the locate
and clear transactions of a firearm record.

A thin shell over :mod:`clew.firearms.reference` and :mod:`clew.records.transactions`.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError as PydanticValidationError
from starlette.datastructures import UploadFile

from clew import i18n
from clew.access.roles import Permission
from clew.api.deps import Id
from clew.errors import ValidationError
from clew.firearms import reference
from clew.firearms.models import ReferenceKind
from clew.firearms.reference import ReferenceIn
from clew.records import store, transactions
from clew.records.kinds import FirearmType
from clew.records.schemas import ClearIn, Located
from clew.web import labels
from clew.web.deps import FormDep, Page, PageDep
from clew.web.job_pages import checked_form
from clew.web.records_pages import form_errors, reason, record_page
from clew.web.render import redirect, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
MAX_IMPORT = 2_000_000
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Text = Annotated[str | None, Query(max_length=100)]
REFERENCE = "/firearms/reference"


def reference_kind(kind: str) -> str:
    """A kind of entry of the reference table, in words."""
    from clew.i18n import gettext as _

    words = {"make": _("Make"), "model": _("Model"), "calibre": _("Calibre")}
    return words.get(kind, kind)


def _kind(value: str | None) -> ReferenceKind | None:
    return ReferenceKind(value) if value in set(ReferenceKind) else None


def _reference_page(
    request: Request, page: Page, *, kind: str | None = None, q: str | None = None,
    offset: int = 0, status: int = 200, **extra: Any,
) -> HTMLResponse:  # fmt: skip
    items, total = reference.list_entries(
        page.session, page.actor, kind=_kind(kind), q=q, limit=PAGE_SIZE, offset=offset
    )
    filters = {"kind": kind or "", "q": q or ""}
    context: dict[str, Any] = {
        "items": items, "total": total, "offset": offset, "page_size": PAGE_SIZE,
        "filters": filters, "query": urlencode({k: v for k, v in filters.items() if v}),
        "kinds": list(ReferenceKind), "types": list(FirearmType),
        "may_manage": page.actor.can(Permission.MANAGE_REFERENCE),
        "form": {}, "errors": {}, "report": None, "open_form": "",
        "term": labels.record_term, "field_label": labels.field_label,
        "reference_kind": reference_kind,
    } | extra  # fmt: skip
    return render(request, "firearms_reference.html", context, status=status)


@router.get(REFERENCE, response_class=HTMLResponse)
def reference_list(
    request: Request, page: PageDep, kind: Text = None, q: Text = None, offset: Offset = 0
) -> HTMLResponse:
    return _reference_page(request, page, kind=kind, q=q, offset=offset)


@router.post(REFERENCE, response_model=None)
def reference_add(
    request: Request, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    page.actor.require(Permission.MANAGE_REFERENCE)  # before the input is looked at
    data = {k: v.strip() for k, v in form.items() if k != "csrf_token" and v.strip()}
    aliases = [a.strip() for a in data.pop("aliases", "").split("|") if a.strip()]
    try:
        entry = ReferenceIn.model_validate(data | {"aliases": aliases})
        reference.add_entry(page.session, page.actor, entry)
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        context = form_errors(exc) | {"form": form, "open_form": "add"}
        return _reference_page(request, page, status=422, **context)
    return redirect(f"{REFERENCE}?{urlencode({'q': entry.name})}&done=reference_added")


@router.post(f"{REFERENCE}/import", response_class=HTMLResponse)
async def reference_import(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.MANAGE_REFERENCE)  # before a byte of the file is read
    form = await checked_form(request, max_files=1)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors = {"file": i18n.gettext("Choose a CSV file.")}
        return _reference_page(request, page, status=422, errors=errors, open_form="import")
    body = await upload.read(MAX_IMPORT + 1)
    if len(body) > MAX_IMPORT:
        errors = {"file": i18n.gettext("The file is larger than 2 MB.")}
        return _reference_page(request, page, status=422, errors=errors, open_form="import")
    report = reference.import_csv(page.session, page.actor, body.decode("utf-8-sig", "replace"))
    return _reference_page(request, page, report=report, open_form="import")


# --- locate and clear -------------------------------------------------------------------------


@router.post("/records/{record_id}/locate", response_model=None)
def record_locate(
    request: Request, record_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    store.owned_record(page.session, page.actor, record_id)  # refuse others before the input
    fields = {k: form.get(k, "").strip() for k in ("on", "place", "agency", "status")}
    try:
        found = Located.model_validate({k: v for k, v in fields.items() if v})
        transactions.locate_record(page.session, page.actor, record_id, found)
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        context = form_errors(exc) | {"open_form": "locate", "form": form}
        return record_page(request, page, record_id, status=422, **context)
    return redirect(f"/records/{record_id}?done=record_located")


@router.post("/records/{record_id}/clear", response_model=None)
def record_clear(
    request: Request, record_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    store.owned_record(page.session, page.actor, record_id)  # refuse others before the input
    try:
        transactions.clear_record(page.session, page.actor, record_id, ClearIn(reason=reason(form)))
    except ValidationError as exc:
        page.session.rollback()
        context = form_errors(exc) | {"open_form": "clear", "form": form}
        return record_page(request, page, record_id, status=422, **context)
    return redirect(f"/records/{record_id}?done=record_cleared")
