"""Screening a passenger manifest from the browser: upload, live progress, cancel, results.

Like the record import, the manifest is spooled and queued as a job (:mod:`clew.jobs`), polled
by its unguessable token; the results file and the review queue follow.
"""

from __future__ import annotations

import io

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from clew import jobs
from clew.access.roles import Permission
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.errors import NotFoundError
from clew.jobs import JobKind, JobStatus
from clew.screening.bulk import write_results
from clew.screening.manifests import FORMATS
from clew.web.deps import PageDep
from clew.web.errors import error_page
from clew.web.job_pages import cancel, checked_form, spool_upload, status_page
from clew.web.render import redirect, render, use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
KIND = JobKind.SCREENING


@router.get("/screen", response_class=HTMLResponse)
def manifest_form(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.CHECK)
    return render(request, "screen.html", {"formats": FORMATS, "errors": {}})


@router.post("/screen", response_model=None)
async def manifest_upload(request: Request, page: PageDep) -> Response:
    page.actor.require(Permission.CHECK)
    page.session.commit()  # end the unit's transaction: no lock is held while the file arrives
    form = await checked_form(request, max_files=1)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render(request, "screen.html", {"formats": FORMATS, "errors": {"file": True}},
                      status=422)  # fmt: skip
    parameters = {
        "filename": upload.filename[:200], "format": str(form.get("format") or "") or None,
        "place": str(form.get("place") or "")[:200] or None, "language": use_language(request),
    }  # fmt: skip
    path = spool_upload(request, upload)
    job = jobs.submit(page.session, page.actor, KIND, parameters=parameters, input_path=path)
    return redirect(f"/screen/{job.token}")


@router.get("/screen/{token}", response_class=HTMLResponse)
def manifest_status(request: Request, token: str, page: PageDep) -> Response:
    return status_page(request, page, token, KIND, "screen_job.html", "_screen_job.html")


@router.post("/screen/{token}/cancel")
async def manifest_cancel(request: Request, token: str, page: PageDep) -> RedirectResponse:
    return await cancel(request, page, token, KIND, f"/screen/{token}")


@router.get("/screen/{token}/results.{fmt}")
def manifest_results(request: Request, token: str, fmt: str, page: PageDep) -> Response:
    try:
        job = jobs.find(page.session, page.actor, token, KIND)
    except NotFoundError:
        return error_page(request, 404, "not_found", "")
    if job.status is not JobStatus.DONE or fmt not in ("csv", "json"):
        return error_page(request, 404, "not_found", "")
    buffer = io.StringIO()
    write_results(job.result, fmt, buffer)
    return attachment(buffer.getvalue(), MEDIA_TYPES[fmt], f"screening.{fmt}")
