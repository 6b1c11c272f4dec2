"""The results of a joint operation on the web: the report (HTML and PDF), the press-release
draft, the CSV and JSON exports of every count and the comparison with earlier operations.

A thin shell over :mod:`clew.operations.report` (participants only; anyone else gets the
*not found* page of a made-up id; every view audited there). The report and the press release
stand alone (their style inline) so that they print and save as they are shown.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from clew.operations import report
from clew.web.deps import PageDep
from clew.web.render import use_language

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
OperationId = Annotated[str, Path(min_length=1, max_length=40)]
# The report stands alone (its style inline): allow exactly that style, nothing else.
POLICY = (f"default-src 'none'; img-src data:; style-src '{report.STYLE_HASH}'; "
          "frame-ancestors 'none'; form-action 'none'; base-uri 'none'")  # fmt: skip


def _standalone(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers={"Content-Security-Policy": POLICY})


def _download(body: str | bytes, media_type: str, name: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get("/operations/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, page: PageDep,
    ids: Annotated[str | None, Query(max_length=400)] = None,
) -> HTMLResponse:  # fmt: skip
    """``ids``: operation ids separated by commas (none: the latest earlier operations)."""
    language = use_language(request)
    wanted = [i.strip() for i in (ids or "").split(",") if i.strip()]
    found = report.compare(page.session, page.actor, wanted)
    return _standalone(report.render_compare(found, language))


@router.get("/operations/{operation_id}/report", response_class=HTMLResponse)
def report_html(request: Request, page: PageDep, operation_id: OperationId) -> HTMLResponse:
    language = use_language(request)
    built = report.build(page.session, page.actor, operation_id, language=language)
    return _standalone(report.render_html(built))


@router.get("/operations/{operation_id}/report.pdf")
def report_pdf(request: Request, page: PageDep, operation_id: OperationId) -> Response:
    language = use_language(request)
    built = report.build(page.session, page.actor, operation_id, language=language, fmt="pdf")
    return _download(report.render_pdf(built), "application/pdf", "operation-report.pdf")


@router.get("/operations/{operation_id}/press-release", response_class=HTMLResponse)
def press_release(request: Request, page: PageDep, operation_id: OperationId) -> HTMLResponse:
    language = use_language(request)
    built = report.build(page.session, page.actor, operation_id, language=language,
                         fmt="press_release")  # fmt: skip
    return _standalone(report.render_press_release(built))


@router.get("/operations/{operation_id}/export.csv")
def export_csv(page: PageDep, operation_id: OperationId) -> Response:
    found = report.figures(page.session, page.actor, operation_id, audit_as="operation.report.csv")
    return _download(report.export_csv(found), "text/csv; charset=utf-8", "operation.csv")


@router.get("/operations/{operation_id}/export.json")
def export_json(page: PageDep, operation_id: OperationId) -> Response:
    found = report.figures(page.session, page.actor, operation_id)
    return _download(report.export_json(found), "application/json", "operation.json")
