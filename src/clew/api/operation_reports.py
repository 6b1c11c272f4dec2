"""The results report of a joint operation over the API
(``/api/v1/operations/{id}/report?format=json|html|pdf|csv``): participants only, anyone
else gets 404 as for a made-up id. A thin shell over :mod:`clew.operations.report`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from clew.api.deps import ActorDep, SessionDep
from clew.i18n import LANGUAGES
from clew.operations import report

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/operations", tags=["operations"])


class ReportFormat(StrEnum):
    JSON = "json"
    HTML = "html"
    PDF = "pdf"
    CSV = "csv"


_FORMATS = {"json": "application/json", "html": "text/html; charset=utf-8",
            "pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}  # fmt: skip


@router.get(
    "/{operation_id}/report",
    responses={200: {"content": {t: {} for t in _FORMATS.values()},
                     "description": "The report in the format asked"}},
)  # fmt: skip
def operation_report(
    session: SessionDep, actor: ActorDep,
    operation_id: Annotated[str, Path(min_length=1, max_length=40)],
    format: Annotated[ReportFormat, Query()] = ReportFormat.JSON,
    language: Annotated[str, Query(pattern="^(" + "|".join(LANGUAGES) + ")$")] = "en",
) -> Response:  # fmt: skip
    """The operation's results in the categories press releases use: every count by kind,
    agency, post and day, and the field results (JSON or CSV), or the report with its charts
    in ``language`` (HTML or PDF)."""
    if format in (ReportFormat.JSON, ReportFormat.CSV):
        found = report.figures(session, actor, operation_id, audit_as=f"operation.report.{format}")
        export = report.export_json if format is ReportFormat.JSON else report.export_csv
        return Response(export(found), media_type=_FORMATS[format])
    built = report.build(session, actor, operation_id, language=language, fmt=str(format))
    if format is ReportFormat.PDF:
        return Response(report.render_pdf(built), media_type=_FORMATS["pdf"])
    policy = f"default-src 'none'; img-src data:; style-src '{report.STYLE_HASH}'"
    return Response(
        report.render_html(built),
        media_type=_FORMATS["html"],
        headers={"Content-Security-Policy": policy},
    )
