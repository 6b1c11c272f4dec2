"""Screening a passenger manifest from the browser: upload, live progress, cancel, results.

Like the record import, the work runs as a background job polled by an unguessable token
(no database needed while it runs); the results file and the review queue follow.
"""

from __future__ import annotations

import io

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from clew.access.roles import Permission
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.jobs import Job, JobRegistry, JobStatus
from clew.screening.bulk import ScreeningReport, write_results
from clew.screening.files import screen_file
from clew.screening.manifests import FORMATS
from clew.screening.sync import IndexKeeper
from clew.storage import Database
from clew.web.deps import PageDep
from clew.web.errors import error_page
from clew.web.job_pages import cancel, checked_form, status_page
from clew.web.render import redirect, render, use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
KIND = "screening"
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
    form = await checked_form(request, max_files=1)
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

    job = _jobs(request).start(KIND, actor.user_id, max(1, data.count(b"\n")), work)
    return redirect(f"/screen/{job.token}")


@router.get("/screen/{token}", response_class=HTMLResponse)
def manifest_status(request: Request, token: str) -> Response:
    return status_page(request, token, KIND, "screen_job.html", "_screen_job.html")


@router.post("/screen/{token}/cancel")
async def manifest_cancel(request: Request, token: str) -> RedirectResponse:
    return await cancel(request, token, KIND, f"/screen/{token}")


@router.get("/screen/{token}/results.{fmt}")
def manifest_results(request: Request, token: str, fmt: str) -> Response:
    job = _jobs(request).get(token)
    if (
        job is None
        or job.kind != KIND
        or job.status != JobStatus.DONE
        or fmt not in ("csv", "json")
    ):
        return error_page(request, 404, "not_found", "")
    buffer = io.StringIO()
    write_results(job.result, fmt, buffer)
    return attachment(buffer.getvalue(), MEDIA_TYPES[fmt], f"screening.{fmt}")
