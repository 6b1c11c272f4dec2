"""Analysis-file pages: the list of files, a file's overview and members, its entities and links,
and one entity with its links and neighbours.

A thin shell over :mod:`clew.intel.files` and :mod:`clew.intel.entities`: a route turns the form
into the intel schemas, calls one service function and renders. Who may see or change a file is
decided by the services alone: to anyone who is not a member, every file URL is "not found".
The chart, analysis, import/export and report pages live in the sibling ``intel_*_pages``
modules and share the helpers here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError as PydanticValidationError

from clew import i18n
from clew.access.roles import Permission
from clew.api.deps import Id
from clew.errors import ClewError, ValidationError
from clew.intel import entities, files
from clew.intel.report import handling_text, measure_label, number, percent, term
from clew.intel.schemas import EntityCreate, FileCreate, FileUpdate, LinkCreate, MemberIn
from clew.intel.vocabulary import EntityKind, Information, LinkKind, Reliability, SourceKind
from clew.records.kinds import HandlingCode
from clew.web import labels
from clew.web.deps import FormDep, Page, PageDep
from clew.web.render import redirect, render

__all__ = ["file_context", "form_error", "render_intel", "router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 100
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(max_length=200)]

CHOICES: dict[str, list[str]] = {
    "entity_kinds": list(EntityKind), "link_kinds": list(LinkKind),
    "source_kinds": list(SourceKind), "reliability": list(Reliability),
    "information": list(Information), "handling_codes": list(HandlingCode),
}  # fmt: skip
WORDS = {"term": term, "measure_label": measure_label, "number": number, "percent": percent,
         "handling_text": handling_text}  # fmt: skip


def render_intel(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """``render`` with the intelligence vocabulary's words and choices at hand.

    The pages say what was just done themselves (``done``), so the base page's notice is off.
    """
    done = request.query_params.get("done", "")[:40]
    extra = {"choices": CHOICES, "flash": "", "done": done}
    return render(request, template, WORDS | extra | context, status=status)


def file_context(page: Page, file_id: int, *, audit_as: str = "") -> dict[str, Any]:
    """The file as every file page shows it (its name, handling code and the actor's access)."""
    opened = files.open_file(page.session, page.actor, file_id, audit_as=audit_as)
    return {"file": files.public(page.session, opened), "writable": opened.writable}


def form_error(exc: ClewError | PydanticValidationError) -> tuple[str, dict[str, str]]:
    """A failed form's headline and its errors by input name (``data.role`` -> ``role``)."""
    if isinstance(exc, PydanticValidationError):
        errors: dict[str, str] = {}
        for e in exc.errors():
            name = ".".join(str(p) for p in e["loc"]) or "form"
            errors.setdefault(name, str(e["msg"]).removeprefix("Value error, "))
        return i18n.gettext("Please correct the marked fields."), errors
    if exc.fields:
        return labels.error_text(exc), {f.field: f.message for f in exc.fields}
    return labels.error_text(exc), {"form": exc.detail}


def _text(form: dict[str, str], name: str) -> str:
    return form.get(name, "").strip()


def _grading(form: dict[str, str]) -> dict[str, str]:
    """The grading inputs (the schema's defaults stand for those left empty)."""
    names = ("source_kind", "source_ref", "reliability", "information")
    return {name: value for name in names if (value := _text(form, name))}


# --- files ------------------------------------------------------------------------------------


def _files_page(
    request: Request, page: Page, form: dict[str, str], *, status: int = 200, **extra: Any
) -> HTMLResponse:
    opened = files.list_files(page.session, page.actor, limit=200, offset=0)
    context = {
        "files": [files.public(page.session, o) for o in opened],
        "may_create": page.actor.can(Permission.WRITE_INTEL),
        "form": form, "errors": {},
    } | extra  # fmt: skip
    return render_intel(request, "intel_files.html", context, status=status)


@router.get("/files", response_class=HTMLResponse)
def file_list(request: Request, page: PageDep) -> HTMLResponse:
    return _files_page(request, page, {})


@router.post("/files", response_model=None)
def file_create(request: Request, page: PageDep, form: FormDep) -> HTMLResponse | RedirectResponse:
    raw = {n: _text(form, n) for n in ("name", "purpose", "handling_code", "handling_note")}
    try:
        created = files.create_file(page.session, page.actor, FileCreate.model_validate(raw))
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        error, errors = form_error(exc)
        return _files_page(request, page, form, status=422, error=error, errors=errors)
    return redirect(f"/files/{created.id}?done=file_created")


# --- one file ---------------------------------------------------------------------------------


def _file_page(
    request: Request, page: Page, file_id: int, *, status: int = 200, **extra: Any
) -> HTMLResponse:
    context = file_context(page, file_id, audit_as="" if status != 200 else "intel.file.view")
    context |= {"members": files.members(page.session, page.actor, file_id), "form": {},
                "errors": {}, "open_form": ""} | extra  # fmt: skip
    return render_intel(request, "intel_file.html", context, status=status)


@router.get("/files/{file_id}", response_class=HTMLResponse)
def file_overview(request: Request, file_id: Id, page: PageDep) -> HTMLResponse:
    return _file_page(request, page, file_id)


@router.post("/files/{file_id}/edit", response_model=None)
def file_update(
    request: Request, file_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    files.open_file(page.session, page.actor, file_id, write=True)
    raw = {n: _text(form, n) for n in ("name", "purpose", "handling_code", "handling_note")}
    try:
        files.update_file(page.session, page.actor, file_id, FileUpdate.model_validate(raw))
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        error, errors = form_error(exc)
        return _file_page(request, page, file_id, status=422, error=error, errors=errors,
                          form=form, open_form="edit")  # fmt: skip
    return redirect(f"/files/{file_id}?done=file_updated")


@router.post("/files/{file_id}/members", response_model=None)
def member_add(
    request: Request, file_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    files.open_file(page.session, page.actor, file_id, write=True)  # refuse readers first
    raw = {"username": _text(form, "username"), "access": _text(form, "access") or "read"}
    try:
        files.add_member(page.session, page.actor, file_id, MemberIn.model_validate(raw))
    except (ValidationError, PydanticValidationError) as exc:
        page.session.rollback()
        error, errors = form_error(exc)
        return _file_page(request, page, file_id, status=422, error=error, errors=errors,
                          form=form, open_form="member")  # fmt: skip
    return redirect(f"/files/{file_id}?done=member_added")


@router.post("/files/{file_id}/members/remove", response_model=None)
def member_remove(
    request: Request, file_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    try:
        files.remove_member(page.session, page.actor, file_id, _text(form, "username"))
    except ClewError as exc:
        if exc.status not in (404, 409):
            raise
        page.session.rollback()
        error, _ = form_error(exc)
        return _file_page(request, page, file_id, status=exc.status, error=error)
    return redirect(f"/files/{file_id}?done=member_removed")


@router.post("/files/{file_id}/records", response_model=None)
def record_pull(
    request: Request, file_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    files.open_file(page.session, page.actor, file_id, write=True)
    text = _text(form, "record_id").lstrip("#")
    try:
        if not text.isdigit() or not 0 < int(text) < 2**31:
            raise ValidationError.field("record_id", i18n.gettext("Give the record's number."))
        entity = entities.pull_record(page.session, page.actor, file_id, int(text))
    except ClewError as exc:
        if exc.status not in (404, 422):
            raise
        page.session.rollback()
        message = (i18n.gettext("No watchlist record of that number that you may see.")
                   if exc.status == 404 else labels.error_text(exc))  # fmt: skip
        return _file_page(request, page, file_id, status=exc.status, error=message, form=form,
                          errors={"record_id": message}, open_form="pull")  # fmt: skip
    return redirect(f"/files/{file_id}/entities/{entity.id}?done=record_pulled")


@router.post("/records/{record_id}/pull", response_model=None)
def record_pull_into(record_id: Id, page: PageDep, form: FormDep) -> RedirectResponse:
    """From a record's page: bring the record into one of the user's writable files."""
    text = _text(form, "file_id")
    if not text.isdigit() or not 0 < int(text) < 2**31:
        raise ValidationError.field("file_id", i18n.gettext("Analysis file"))
    entity = entities.pull_record(page.session, page.actor, int(text), record_id)
    return redirect(f"/files/{text}/entities/{entity.id}?done=record_pulled")


# --- entities and links -----------------------------------------------------------------------


def _entities_page(
    request: Request, page: Page, file_id: int, *, offset: int = 0, q: str = "",
    kind: str = "", status: int = 200, **extra: Any,
) -> HTMLResponse:  # fmt: skip
    context = file_context(page, file_id)
    rows = entities.list_entities(
        page.session, page.actor, file_id, kind=kind or None, text=q or None,
        limit=PAGE_SIZE + 1, offset=offset,
    )  # fmt: skip
    context |= {
        "entities": [entities.entity_public(e) for e in rows[:PAGE_SIZE]],
        "more": len(rows) > PAGE_SIZE, "offset": offset, "page_size": PAGE_SIZE,
        "filters": {"q": q, "kind": kind}, "form": {}, "errors": {}, "open_form": "",
    } | extra  # fmt: skip
    if request.headers.get("hx-request") and status == 200:
        return render_intel(request, "_intel_entity_rows.html", context)
    return render_intel(request, "intel_entities.html", context, status=status)


@router.get("/files/{file_id}/entities", response_class=HTMLResponse)
def entity_list(
    request: Request, file_id: Id, page: PageDep, offset: Offset = 0, q: Text = None,
    kind: Text = None,
) -> HTMLResponse:  # fmt: skip
    kind = kind if kind in set(EntityKind) else ""
    return _entities_page(request, page, file_id, offset=offset, q=q or "", kind=kind or "")


@router.post("/files/{file_id}/entities", response_model=None)
def entity_add(
    request: Request, file_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    files.open_file(page.session, page.actor, file_id, write=True)
    data = {name: value for name in ("role", "date", "note") if (value := _text(form, name))}
    raw: dict[str, Any] = {"kind": _text(form, "kind"), "label": _text(form, "label"),
                           "key": _text(form, "key"), "data": data} | _grading(form)  # fmt: skip
    try:
        entity = entities.add_entity(
            page.session, page.actor, file_id, EntityCreate.model_validate(raw)
        )
    except (ClewError, PydanticValidationError) as exc:
        if isinstance(exc, ClewError) and exc.status not in (409, 422):
            raise
        page.session.rollback()
        error, errors = form_error(exc)
        return _entities_page(request, page, file_id, status=422, error=error, form=form,
                              errors=errors, open_form="entity")  # fmt: skip
    return redirect(f"/files/{file_id}/entities?done=entity_added#entity-{entity.id}")


def _link_data(form: dict[str, str]) -> dict[str, Any]:
    raw: dict[str, Any] = {n: v for n in ("source", "target", "kind", "weight", "start", "end",
                                          "amount") if (v := _text(form, n))}  # fmt: skip
    for end in ("source", "target"):  # "Ana Petrova (#12)" from the list, or just 12
        value = raw.get(end, "")
        if value.endswith(")") and "#" in value:
            raw[end] = value.rsplit("#", 1)[1].rstrip(")")
    if currency := _text(form, "currency").upper():
        raw["currency"] = currency
    raw["directed"] = form.get("directed") == "on"
    return raw | _grading(form)


@router.post("/files/{file_id}/links", response_model=None)
def link_add(
    request: Request, file_id: Id, page: PageDep, form: FormDep
) -> HTMLResponse | RedirectResponse:
    files.open_file(page.session, page.actor, file_id, write=True)
    back = _text(form, "back")
    try:
        data = LinkCreate.model_validate(_link_data(form))
        entities.add_link(page.session, page.actor, file_id, data)
    except (ClewError, PydanticValidationError) as exc:
        if isinstance(exc, ClewError) and exc.status not in (404, 422):
            raise
        page.session.rollback()
        error, errors = form_error(exc)
        if isinstance(exc, ClewError) and exc.status == 404:  # an end that is not in the file
            error = i18n.gettext("Both ends must be entities of this file.")
        return _entities_page(request, page, file_id, status=422, error=error, form=form,
                              errors=errors, open_form="link")  # fmt: skip
    if back.isdigit():
        return redirect(f"/files/{file_id}/entities/{back}?done=link_added")
    return redirect(f"/files/{file_id}/entities?done=link_added")


@router.get("/files/{file_id}/entities/{entity_id}", response_class=HTMLResponse)
def entity_detail(request: Request, file_id: Id, entity_id: Id, page: PageDep) -> HTMLResponse:
    context = file_context(page, file_id)
    entity, links, neighbours = entities.get_entity(page.session, page.actor, file_id, entity_id)
    context |= {
        "entity": entities.entity_public(entity),
        "links": [entities.link_public(link) for link in links],
        "neighbours": {i: entities.entity_public(e) for i, e in neighbours.items()},
        "form": {}, "errors": {},
    }  # fmt: skip
    return render_intel(request, "intel_entity.html", context)


@router.post("/files/{file_id}/entities/{entity_id}/delete")
def entity_delete(file_id: Id, entity_id: Id, page: PageDep, form: FormDep) -> RedirectResponse:
    entities.delete_entity(page.session, page.actor, file_id, entity_id)
    return redirect(f"/files/{file_id}/entities?done=entity_deleted")


@router.post("/files/{file_id}/links/{link_id}/delete")
def link_delete(file_id: Id, link_id: Id, page: PageDep, form: FormDep) -> RedirectResponse:
    entities.delete_link(page.session, page.actor, file_id, link_id)
    back = _text(form, "back")
    if back.isdigit():
        return redirect(f"/files/{file_id}/entities/{back}?done=link_deleted")
    return redirect(f"/files/{file_id}/entities?done=link_deleted")
