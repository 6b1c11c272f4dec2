"""Routes of ``/api/v1/liaison``: border liaison offices, their pairs, incident reports and the
pair's joint periodic report (JSON, HTML or PDF)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi import status as http

from clew.access.schemas import Page
from clew.api.deps import ActorDep, Limit, Offset, SessionDep
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.i18n import negotiate
from clew.liaison import incidents, offices, report
from clew.liaison.kinds import IncidentKind
from clew.liaison.schemas import (
    IncidentCreate,
    IncidentPublic,
    IncidentSummary,
    JointReportPublic,
    OfficeCreate,
    OfficePublic,
    PairCreate,
    PairPublic,
    Ref,
)
from clew.screening.sync import IndexKeeper

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/liaison", tags=["liaison"])

From = Annotated[date | None, Query(alias="from", description="First day (office's local day)")]
To = Annotated[date | None, Query(alias="to", description="Last day, included")]
Month = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="A month: 2026-10")]
Quarter = Annotated[str | None, Query(pattern=r"^\d{4}-[Qq][1-4]$", description="2026-Q4")]
Format = Annotated[Literal["json", "html", "pdf"], Query(description="json, html or pdf")]
Language = Annotated[
    str | None, Query(pattern=r"^[a-z]{2}$", description="Language of the report (en, vi, lv, bg)")
]


@router.get("/offices")
def list_offices(session: SessionDep, actor: ActorDep) -> list[OfficePublic]:
    """Every border liaison office (a directory, as the agencies)."""
    return offices.list_offices(session, actor)


@router.post("/offices", status_code=http.HTTP_201_CREATED)
def create_office(data: OfficeCreate, session: SessionDep, actor: ActorDep) -> OfficePublic:
    """Create an office (platform-wide administrators)."""
    return offices.create_office(session, actor, data)


@router.get("/pairs")
def list_pairs(session: SessionDep, actor: ActorDep) -> list[PairPublic]:
    """The pairs your agency takes part in (administrators: all)."""
    return offices.list_pairs(session, actor)


@router.post("/pairs", status_code=http.HTTP_201_CREATED)
def create_pair(data: PairCreate, session: SessionDep, actor: ActorDep) -> PairPublic:
    """Pair two offices facing each other across a border (platform-wide administrators)."""
    return offices.create_pair(session, actor, data)


@router.get("/pairs/{pair_id}/incidents")
def list_incidents(
    pair_id: Ref, session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    since: From = None, until: To = None, kind: IncidentKind | None = None,
) -> Page[IncidentSummary]:  # fmt: skip
    """The pair's incident reports, newest first (its two agencies only)."""
    items, total = incidents.list_incidents(
        session, actor, pair_id, limit=limit, offset=offset, since=since, until=until, kind=kind
    )
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/pairs/{pair_id}/incidents", status_code=http.HTTP_201_CREATED)
def file_incident(
    pair_id: Ref, data: IncidentCreate, request: Request, session: SessionDep, actor: ActorDep
) -> IncidentPublic:
    """File an incident report for your office in the pair; its persons, documents, vehicles
    and firearms are cross-checked against the watchlists."""
    keeper: IndexKeeper = request.app.state.index
    return incidents.file_incident(session, actor, pair_id, data, keeper=keeper)


@router.get("/pairs/{pair_id}/incidents/export", response_class=Response,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})  # fmt: skip
def export_incidents(
    pair_id: Ref, session: SessionDep, actor: ActorDep, since: From = None, until: To = None
) -> Response:
    """The pair's reports as CSV (no persons' details, no narratives)."""
    body = incidents.export_csv(session, actor, pair_id, since=since, until=until)
    return attachment(body, MEDIA_TYPES["csv"], "incidents.csv")


def _language(request: Request, language: str | None) -> str:
    return negotiate(language, accept_language=request.headers.get("accept-language"))


@router.get(
    "/pairs/{pair_id}/report", response_model=JointReportPublic,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}},
                                 "application/pdf": {"schema": {"type": "string",
                                                                "format": "binary"}}}}},
)  # fmt: skip
def joint_report(
    pair_id: Ref, request: Request, session: SessionDep, actor: ActorDep, start: From = None,
    end: To = None, month: Month = None, quarter: Quarter = None, format: Format = "json",
    language: Language = None,
) -> JointReportPublic | Response:  # fmt: skip
    """The pair's joint report for a month, a quarter or ``from``..``to`` (default: the last
    six months): counts by kind, quantities per item and unit, persons by role, a map and the
    trend by month, in ``language`` (else the Accept-Language)."""
    span = report.period(start=start, end=end, month=month, quarter=quarter)
    built = report.build(session, actor, pair_id, span,
                         language=_language(request, language), fmt=format)  # fmt: skip
    if format == "pdf":
        return Response(
            report.render_pdf(built),
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="joint-report.pdf"'},
        )
    if format == "html":
        policy = (f"default-src 'none'; img-src data:; style-src '{report.STYLE_HASH}'; "
                  "frame-ancestors 'none'; form-action 'none'; base-uri 'none'")  # fmt: skip
        return Response(report.render_html(built), media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": policy})  # fmt: skip
    return JointReportPublic.of(built)


@router.get("/incidents/{incident_id}")
def get_incident(incident_id: Ref, session: SessionDep, actor: ActorDep) -> IncidentPublic:
    """One incident report (the agencies of its pair only)."""
    return incidents.get_incident(session, actor, incident_id)
