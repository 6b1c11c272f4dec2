"""Importing a file of records from the browser: upload, live progress, per-row report.

The upload is spooled and queued as a job (see :mod:`clew.jobs`); the progress panel polls the
job by its token, from whichever server process answers.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from clew import jobs
from clew.access.roles import Permission
from clew.i18n import gettext as _
from clew.interop import FORMATS
from clew.jobs import JobKind
from clew.records.imports import ImportMode
from clew.web.deps import PageDep
from clew.web.job_pages import cancel, checked_form, spool_upload, status_page
from clew.web.render import redirect, render, use_language

__all__ = ["format_labels", "router"]

router = APIRouter(include_in_schema=False)
KIND = JobKind.RECORDS_IMPORT


def format_labels() -> dict[str, str]:
    """The record file formats by name, labelled in the interface language (a format without a
    translated label keeps its own)."""
    labels = {
        "csv": _("CSV (spreadsheet)"),
        "interpol": _("INTERPOL red notices (JSON)"),
        "ftm": _("FollowTheMoney entities (JSON lines)"),
    }
    return {name: labels.get(name, fmt.label) for name, fmt in FORMATS.items()}


@router.get("/records/import", response_class=HTMLResponse)
def import_form(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.WRITE_RECORDS)
    use_language(request)  # the formats are labelled before the page renders
    context = {"formats": format_labels(), "modes": list(ImportMode)}
    return render(request, "record_import.html", context)


@router.post("/records/import", response_model=None)
async def import_upload(request: Request, page: PageDep) -> HTMLResponse | RedirectResponse:
    page.actor.require(Permission.WRITE_RECORDS)
    page.session.commit()  # end the unit's transaction: no lock is held while the file arrives
    form = await checked_form(request, max_files=1)
    upload = form.get("file")
    fmt = str(form.get("format") or "") or None
    mode = ImportMode.ROWS if form.get("mode") == ImportMode.ROWS else ImportMode.ALL
    if not isinstance(upload, UploadFile) or not upload.filename:
        use_language(request)
        context = {"formats": format_labels(), "modes": list(ImportMode),
                   "errors": {"file": "is required"}}  # fmt: skip
        return render(request, "record_import.html", context, status=422)
    path = spool_upload(request, upload)
    parameters = {"filename": upload.filename[:200], "format": fmt, "mode": mode}
    job = jobs.submit(page.session, page.actor, KIND, parameters=parameters,
                      total=path.stat().st_size, input_path=path)  # fmt: skip
    return redirect(f"/records/import/{job.token}")


@router.get("/records/import/{token}", response_class=HTMLResponse)
def import_status(request: Request, token: str, page: PageDep) -> Response:
    return status_page(request, page, token, KIND, "record_import_job.html", "_import_job.html")


@router.post("/records/import/{token}/cancel")
async def import_cancel(request: Request, token: str, page: PageDep) -> RedirectResponse:
    return await cancel(request, page, token, KIND, f"/records/import/{token}")
