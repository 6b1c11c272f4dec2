"""What goes into and out of an analysis file from the browser: importing a network file (with a
mapping step for CSV files and a job with live progress), exports, and the analytical report.

Importing reuses the job machinery of the record imports (:mod:`clew.jobs`,
:mod:`clew.web.job_pages`). Between the upload and the mapping step the upload waits in a
temporary file known by an unguessable token, for the person who sent it and that file only;
it is dropped after an hour. Exports and the report are audited by the services that make them.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from clew.access.actor import Actor
from clew.api.deps import Id
from clew.errors import ClewError, NotFoundError
from clew.i18n import gettext as _
from clew.intel import exports, files, imports, report
from clew.interop.network.mapping import CDR_FIELDS, EDGE_FIELDS, NODE_FIELDS, TRANSACTION_FIELDS
from clew.jobs import JobKind, submit
from clew.web.deps import FormDep, Page, PageDep
from clew.web.intel_pages import file_context, render_intel
from clew.web.job_pages import cancel, checked_form, spool_upload, status_page
from clew.web.render import redirect, use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
KIND = JobKind.INTEL_IMPORT
#: The formats a file can be imported from, in the order the form offers them.
FORMATS = ("edges-csv", "nodes-csv", "matrix-csv", "cdr-csv", "transactions-csv", "ftm")
#: The fields a CSV format maps, for the mapping step (the others need no mapping).
FIELDS = {"nodes-csv": NODE_FIELDS, "edges-csv": EDGE_FIELDS, "cdr-csv": CDR_FIELDS,
          "transactions-csv": TRANSACTION_FIELDS}  # fmt: skip
EXPORTS = ("graphml", "gexf", "csv", "ftm")
KEEP_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class _Upload:
    path: Path
    fmt: str
    filename: str
    user_id: int | None
    file_id: int
    at: float


_waiting: dict[str, _Upload] = {}
_lock = threading.Lock()


def _keep(upload: _Upload) -> str:
    token = secrets.token_urlsafe(24)
    with _lock:
        now = time.monotonic()
        for old in [t for t, u in _waiting.items() if now - u.at > KEEP_SECONDS]:
            _waiting.pop(old).path.unlink(missing_ok=True)
        _waiting[token] = upload
    return token


def _take(token: str, actor: Actor, file_id: int) -> _Upload:
    with _lock:
        upload = _waiting.get(token)
        if upload is None or upload.user_id != actor.user_id or upload.file_id != file_id:
            raise NotFoundError("The upload has expired. Upload the file again.")
        return _waiting.pop(token)


def _formats() -> list[tuple[str, str]]:
    names = {
        "edges-csv": _("Links (CSV edge list)"),
        "nodes-csv": _("Entities (CSV node list)"),
        "matrix-csv": _("Adjacency matrix (CSV)"),
        "cdr-csv": _("Call-detail records (CSV)"),
        "transactions-csv": _("Bank transactions (CSV)"),
        "ftm": _("FollowTheMoney entities (JSON lines)"),
    }
    return [(fmt, names[fmt]) for fmt in FORMATS]


def _start(page: Page, file_id: int, upload: _Upload, mapping: dict[str, str] | None
           ) -> RedirectResponse:  # fmt: skip
    parameters = {"file_id": file_id, "format": upload.fmt, "filename": upload.filename,
                  "mapping": mapping}  # fmt: skip
    job = submit(page.session, page.actor, KIND, parameters=parameters, input_path=upload.path)
    return redirect(f"/files/{file_id}/import/{job.token}")


def _import_form(request: Request, context: dict[str, Any], *, status: int = 200,
                 **extra: Any) -> HTMLResponse:  # fmt: skip
    context |= {"formats": _formats(), "errors": {}, "chosen": ""} | extra
    return render_intel(request, "intel_import.html", context, status=status)


@router.get("/files/{file_id}/import", response_class=HTMLResponse)
def import_form(request: Request, file_id: Id, page: PageDep) -> HTMLResponse:
    files.open_file(page.session, page.actor, file_id, write=True)
    return _import_form(request, file_context(page, file_id))


@router.post("/files/{file_id}/import", response_model=None)
async def import_upload(
    request: Request, file_id: Id, page: PageDep
) -> HTMLResponse | RedirectResponse:
    files.open_file(page.session, page.actor, file_id, write=True)
    page.session.commit()  # end the unit's transaction: no lock is held while the file arrives
    form = await checked_form(request, max_files=1)
    upload = form.get("file")
    fmt = str(form.get("format") or "")
    errors = {}
    if fmt not in FORMATS:
        errors["format"] = "choose"
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors["file"] = "required"
    if errors or not isinstance(upload, UploadFile):
        return _import_form(request, file_context(page, file_id), status=422, errors=errors,
                            chosen=fmt)  # fmt: skip
    path = spool_upload(request, upload)
    waiting = _Upload(path, fmt, (upload.filename or "")[:200], page.actor.user_id, file_id,
                      time.monotonic())  # fmt: skip
    if fmt not in FIELDS:
        return _start(page, file_id, waiting, None)
    try:
        columns, guessed = imports.preview(waiting.path.read_bytes(), fmt)
    except ClewError as exc:
        waiting.path.unlink(missing_ok=True)
        return _import_form(request, file_context(page, file_id), status=422, chosen=fmt,
                            errors={"file": exc.detail})  # fmt: skip
    context = file_context(page, file_id) | {
        "token": _keep(waiting), "fmt": fmt, "filename": waiting.filename, "columns": columns,
        "guessed": guessed, "fields": FIELDS[fmt], "formats": dict(_formats()),
    }  # fmt: skip
    return render_intel(request, "intel_import_map.html", context)


@router.post("/files/{file_id}/import/map")
def import_mapped(request: Request, file_id: Id, page: PageDep, form: FormDep) -> RedirectResponse:
    files.open_file(page.session, page.actor, file_id, write=True)
    upload = _take(form.get("token", ""), page.actor, file_id)
    names = {f.name for f in FIELDS.get(upload.fmt, ())}
    mapping = {
        name: column
        for key, column in form.items()
        if key.startswith("map.") and (name := key[4:]) in names and column
    }
    return _start(page, file_id, upload, mapping)


@router.get("/files/{file_id}/import/{token}", response_class=HTMLResponse)
def import_status(request: Request, file_id: Id, token: str, page: PageDep) -> Response:
    return status_page(request, page, token, KIND, "intel_import_job.html",
                       "_intel_import_job.html")  # fmt: skip


@router.post("/files/{file_id}/import/{token}/cancel")
async def import_cancel(request: Request, file_id: Id, token: str, page: PageDep
                        ) -> RedirectResponse:  # fmt: skip
    return await cancel(request, page, token, KIND, f"/files/{file_id}/import/{token}")


# --- exports and the report -------------------------------------------------------------------


@router.get("/files/{file_id}/export/{fmt}")
def export_file(file_id: Id, fmt: str, page: PageDep) -> Response:
    if fmt not in EXPORTS:
        raise NotFoundError("No such export format.")
    content, media_type, filename = exports.export(page.session, page.actor, file_id, fmt)
    disposition = f'attachment; filename="{filename}"'
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


@router.get("/files/{file_id}/report", response_class=HTMLResponse)
def report_html(request: Request, file_id: Id, page: PageDep) -> HTMLResponse:
    language = use_language(request)
    built = report.build(page.session, page.actor, file_id, language=language, fmt="html")
    # The report stands alone (its style inline): allow exactly that style, nothing else.
    policy = (f"default-src 'none'; img-src data:; style-src '{report.STYLE_HASH}'; "
              "frame-ancestors 'none'; form-action 'none'; base-uri 'none'")  # fmt: skip
    return HTMLResponse(report.render_html(built), headers={"Content-Security-Policy": policy})


@router.get("/files/{file_id}/report.pdf")
def report_pdf(request: Request, file_id: Id, page: PageDep) -> Response:
    language = use_language(request)
    built = report.build(page.session, page.actor, file_id, language=language, fmt="pdf")
    return Response(
        report.render_pdf(built), media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="report-file-{file_id}.pdf"'},
    )  # fmt: skip
