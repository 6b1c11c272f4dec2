"""Importing a file of records from the browser: upload, live progress, per-row report.

The upload starts a background job (see :mod:`clew.jobs`); the progress panel polls the job by
its token, which needs no database, so it keeps moving while SQLite is busy with the import.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from clew.access.roles import Permission
from clew.interop import FORMATS
from clew.jobs import Job, JobRegistry
from clew.records.files import import_file
from clew.records.imports import ImportMode, ImportReport
from clew.storage import Database
from clew.web.deps import PageDep
from clew.web.job_pages import cancel, checked_form, status_page
from clew.web.render import redirect, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
KIND = "records.import"


def _jobs(request: Request) -> JobRegistry:
    jobs: JobRegistry = request.app.state.jobs
    return jobs


@router.get("/records/import", response_class=HTMLResponse)
def import_form(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.WRITE_RECORDS)
    return render(request, "record_import.html", {"formats": FORMATS, "modes": list(ImportMode)})


@router.post("/records/import", response_model=None)
async def import_upload(request: Request, page: PageDep) -> HTMLResponse | RedirectResponse:
    page.actor.require(Permission.WRITE_RECORDS)
    form = await checked_form(request, max_files=1)
    upload = form.get("file")
    fmt = str(form.get("format") or "") or None
    mode = ImportMode.ROWS if form.get("mode") == ImportMode.ROWS else ImportMode.ALL
    if not isinstance(upload, UploadFile) or not upload.filename:
        context = {"formats": FORMATS, "modes": list(ImportMode), "errors": {"file": "is required"}}
        return render(request, "record_import.html", context, status=422)
    # The upload's own temporary file closes with the request; the job needs its own copy.
    spool = tempfile.NamedTemporaryFile(prefix="clew-import-", suffix=".upload", delete=False)  # noqa: SIM115
    with spool:
        shutil.copyfileobj(upload.file, spool)
    path = Path(spool.name)
    size = path.stat().st_size
    database: Database = request.app.state.database
    actor = page.actor
    filename = upload.filename[:200]

    def work(job: Job) -> ImportReport:
        try:
            with database.transaction() as session, path.open("rb") as source:
                report = import_file(
                    session, actor, source, filename=filename, format_name=fmt, mode=mode,
                    progress=lambda _rows: job.progress(source.tell()),
                )  # fmt: skip
                if mode is ImportMode.ALL and not report.ok:
                    session.rollback()
                    report.created, report.record_ids = 0, []
                return report
        finally:
            path.unlink(missing_ok=True)

    job = _jobs(request).start(KIND, actor.user_id, size, work)
    return redirect(f"/records/import/{job.token}")


@router.get("/records/import/{token}", response_class=HTMLResponse)
def import_status(request: Request, token: str) -> Response:
    return status_page(request, token, KIND, "record_import_job.html", "_import_job.html")


@router.post("/records/import/{token}/cancel")
async def import_cancel(request: Request, token: str) -> RedirectResponse:
    return await cancel(request, token, KIND, f"/records/import/{token}")
