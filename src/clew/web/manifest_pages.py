"""Screening a passenger manifest from the browser: upload, live progress, cancel, results.

Like the record import, the work runs as a background job polled by an unguessable token
(no database needed while it runs); the results file and the review queue follow.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from clew.access.roles import Permission
from clew.errors import ForbiddenError
from clew.jobs import Job, JobRegistry, JobStatus
from clew.screening.bulk import ScreeningReport, write_results
from clew.screening.files import screen_file
from clew.screening.manifests import FORMATS
from clew.screening.sync import IndexKeeper
from clew.storage import Database
from clew.web.deps import PageDep
from clew.web.errors import error_page
from clew.web.render import check_csrf, redirect, render, use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
MAX_BYTES = 50_000_000


def _jobs(request: Request) -> JobRegistry:
    jobs: JobRegistry = request.app.state.jobs
    return jobs


@router.get("/screen", response_class=HTMLResponse)
def manifest_form(request: Request, page: PageDep) -> HTMLResponse:
    page.actor.require(Permission.CHECK)
    return render(request, "screen.html", {"formats": FORMATS, "errors": {}})


@router.post("/screen", response_model=None)
async def manifest_upload(request: Request, page: PageDep) -> Response:
    page.actor.require(Permission.CHECK)
    form = await request.form(max_files=1, max_fields=10)
    if not check_csrf(request, str(form.get("csrf_token") or "")):
        raise ForbiddenError("The form has expired. Reload the page and try again.")
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render(request, "screen.html", {"formats": FORMATS, "errors": {"file": True}},
                      status=422)  # fmt: skip
    data = await upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return error_page(request, 413, "payload_too_large", "")
    fmt = str(form.get("format") or "") or None
    place = str(form.get("place") or "")[:200] or None
    filename = upload.filename[:200]
    database: Database = request.app.state.database
    keeper: IndexKeeper = request.app.state.index
    actor = page.actor
    language = use_language(request)

    def work(job: Job) -> ScreeningReport:
        with database.transaction() as session:
            return screen_file(
                session, actor, keeper, io.BytesIO(data), filename=filename, format_name=fmt,
                place=place, language=language, progress=job.progress,
            )  # fmt: skip

    job = _jobs(request).start("screening", actor.user_id, max(1, data.count(b"\n")), work)
    return redirect(f"/screen/{job.token}")


@router.get("/screen/{token}", response_class=HTMLResponse)
def manifest_status(request: Request, token: str) -> Response:
    job = _jobs(request).get(token)
    if job is None or job.kind != "screening":
        return error_page(request, 404, "not_found", "")
    status = job.status  # before the result: a job sets its result first
    report = job.result if status == JobStatus.DONE else None
    context: dict[str, Any] = {"job": job, "status": status, "report": report}
    template = "_screen_job.html" if request.headers.get("hx-request") else "screen_job.html"
    return render(request, template, context)


@router.post("/screen/{token}/cancel")
async def manifest_cancel(request: Request, token: str) -> RedirectResponse:
    form = await request.form(max_files=0, max_fields=5)
    if not check_csrf(request, str(form.get("csrf_token") or "")):
        raise ForbiddenError("The form has expired. Reload the page and try again.")
    job = _jobs(request).get(token)
    if job is not None:
        job.cancel_requested = True
    return redirect(f"/screen/{token}")


@router.get("/screen/{token}/results.{fmt}")
def manifest_results(request: Request, token: str, fmt: str) -> Response:
    job = _jobs(request).get(token)
    if (
        job is None
        or job.kind != "screening"
        or job.status != JobStatus.DONE
        or fmt not in ("csv", "json")
    ):
        return error_page(request, 404, "not_found", "")
    buffer = io.StringIO()
    write_results(job.result, fmt, buffer)
    media = "text/csv" if fmt == "csv" else "application/json"
    disposition = f'attachment; filename="screening.{fmt}"'
    return Response(
        buffer.getvalue(), media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )  # fmt: skip
