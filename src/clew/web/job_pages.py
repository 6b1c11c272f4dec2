"""What the import and manifest pages share: the CSRF-checked upload form, and the job's
progress panel and cancel button, both reached by the job's token alone (see :mod:`clew.jobs`).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from clew.errors import ForbiddenError
from clew.jobs import JobRegistry
from clew.web.errors import error_page
from clew.web.render import check_csrf, redirect, render

__all__ = ["cancel", "checked_form", "status_page"]


async def checked_form(request: Request, *, max_files: int) -> FormData:
    """A multipart form (``FormDep`` refuses files) after the same CSRF check."""
    form = await request.form(max_files=max_files, max_fields=10)
    if not check_csrf(request, str(form.get("csrf_token") or "")):
        raise ForbiddenError("The form has expired. Reload the page and try again.")
    return form


def status_page(request: Request, token: str, kind: str, page: str, panel: str) -> Response:
    """The job's panel (htmx polls it) or its whole page; a wrong token or kind is not found."""
    jobs: JobRegistry = request.app.state.jobs
    job = jobs.get(token)
    if job is None or job.kind != kind:
        return error_page(request, 404, "not_found", "")
    # Status first, then result: a job sets its result before it says it is done, so this order
    # never shows "done" without a report while the job finishes between the two reads.
    status = job.status
    context = {"job": job, "status": status, "report": job.result}
    return render(request, panel if request.headers.get("hx-request") else page, context)


async def cancel(request: Request, token: str, kind: str, back: str) -> RedirectResponse:
    await checked_form(request, max_files=0)
    jobs: JobRegistry = request.app.state.jobs
    job = jobs.get(token)
    if job is not None and job.kind == kind:
        job.cancel_requested = True
    return redirect(back)
