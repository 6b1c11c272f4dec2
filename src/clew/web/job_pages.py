"""What the import and manifest pages share: the CSRF-checked upload form, the upload spooled
for its job, and the job's progress panel and cancel button (see :mod:`clew.jobs`). A job is
reached by its token, and only by the person who started it: anyone else's token, or a token
of another kind of job, is not found.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from clew import jobs
from clew.errors import ForbiddenError, NotFoundError
from clew.settings import Settings
from clew.web.deps import Page
from clew.web.errors import error_page
from clew.web.render import check_csrf, redirect, render

__all__ = ["cancel", "checked_form", "spool_upload", "status_page"]


async def checked_form(request: Request, *, max_files: int) -> FormData:
    """A multipart form (``FormDep`` refuses files) after the same CSRF check."""
    form = await request.form(max_files=max_files, max_fields=10)
    if not check_csrf(request, str(form.get("csrf_token") or "")):
        raise ForbiddenError("The form has expired. Reload the page and try again.")
    return form


def spool_upload(request: Request, upload: UploadFile) -> Path:
    """Copy an uploaded file into the spool directory, where its job's worker reads it (the
    form's own temporary file goes with the request)."""
    settings: Settings = request.app.state.settings
    settings.spool_dir.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix="clew-upload-", suffix=".spool",
                                        dir=settings.spool_dir)  # fmt: skip
    try:
        with os.fdopen(descriptor, "wb") as handle:
            shutil.copyfileobj(upload.file, handle)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def status_page(
    request: Request, page: Page, token: str, kind: str, template: str, panel: str
) -> Response:
    """The job's panel (htmx polls it) or its whole page; not found unless it is the
    caller's job of ``kind``."""
    try:
        job = jobs.find(page.session, page.actor, token, kind)
    except NotFoundError:
        return error_page(request, 404, "not_found", "")
    context = {"job": job, "status": job.status, "report": job.result}
    return render(request, panel if request.headers.get("hx-request") else template, context)


async def cancel(
    request: Request, page: Page, token: str, kind: str, back: str
) -> RedirectResponse:
    page.session.commit()  # end the unit's transaction: no lock is held while the form arrives
    await checked_form(request, max_files=0)
    with suppress(NotFoundError):  # the page it goes back to says not found
        jobs.cancel(page.session, page.actor, token, kind)
    return redirect(back)
