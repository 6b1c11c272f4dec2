"""Routes of ``/api/v1/checks``, ``/api/v1/hits`` and ``/api/v1/records/{id}/hits``."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from clew import jobs
from clew.access.actor import Actor
from clew.access.roles import Permission
from clew.access.schemas import Page
from clew.api.deps import ActorDep, Credentials, Id, Limit, Offset, SessionDep, in_one_thread
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.errors import ConflictError, NotFoundError, ValidationError
from clew.i18n import LANGUAGES
from clew.jobs import JobKind, JobStatus, JobView
from clew.screening import checks, hits, misses
from clew.screening.bulk import ScreeningReport, write_results
from clew.screening.misses import RecordVerdict
from clew.screening.schemas import CheckRequest, CheckResponse, HitDecision, HitPublic, HitRef
from clew.screening.sync import IndexKeeper
from clew.settings import Settings
from clew.spool import spool_request

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["screening"])

Language = Annotated[str, Query(pattern="^(" + "|".join(LANGUAGES) + ")$")]
Token = Annotated[str, Path(max_length=100)]
JSON = "application/json"


def _keeper(request: Request) -> IndexKeeper:
    keeper: IndexKeeper = request.app.state.index
    return keeper


@router.post("/checks", response_model=CheckResponse)
async def check(
    request: Request, credentials: Credentials, data: CheckRequest, language: Language = "en",
) -> Response:  # fmt: skip
    """Check a person, document, vehicle or firearm; hits ranked by score, with the action to
    take and an explanation in ``language``. Every check is audited; every hit is stored and
    its record's owner notified."""
    keeper = _keeper(request)

    def run(session: Session, actor: Actor) -> str:
        return checks.check(session, actor, keeper, data, language=language).model_dump_json()

    # The busiest route: one trip to a worker thread, the answer written there as JSON.
    return Response(await in_one_thread(request, credentials, run), media_type=JSON)


@router.post("/records/{record_id}/explain", responses={404: {"description": "No such record"}})
def explain_record(
    request: Request, session: SessionDep, actor: ActorDep, record_id: Id, data: CheckRequest,
    language: Language = "en",
) -> RecordVerdict:  # fmt: skip
    """Why the record did or did not match this check: the step that let it go (no live alert,
    not found by name or key, not among the candidates scored, below the threshold), its score
    and the explanation. Nothing is stored; the question is audited. A record the caller may
    not see is not found."""
    return misses.explain_record(session, actor, _keeper(request), data, record_id,
                                 language=language)  # fmt: skip


class ScreeningJob(BaseModel):
    token: str
    status: str
    done: int
    total: int
    travellers: int | None = None
    hits: int | None = None
    possible: int | None = None
    clear: int | None = None
    errors: int | None = None
    error: str | None = None


def _job_view(job: JobView) -> ScreeningJob:
    report: ScreeningReport | None = job.result if job.status is JobStatus.DONE else None
    view = ScreeningJob(token=job.token, status=job.status, done=job.done, total=job.total,
                        error=job.error)  # fmt: skip
    if report is not None:
        view.travellers = len(report.travellers)
        view.hits, view.possible = report.count("hit"), report.count("possible")
        view.clear, view.errors = report.count("clear"), report.count("error")
    return view


@router.post(
    "/screenings", status_code=202,
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/csv": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "string"}},
        "application/edifact": {"schema": {"type": "string"}},
    }}},
)  # fmt: skip
async def start_screening(
    request: Request, actor: ActorDep, session: SessionDep, language: Language = "en",
    format: Annotated[str | None, Query(max_length=10, description="csv, json or paxlst")] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    filename: Annotated[str, Query(max_length=200)] = "manifest",
) -> ScreeningJob:  # fmt: skip
    """Screen a passenger manifest (the request body) as a job; poll it with its token. The
    status is ``queued``, then ``running``, then ``done``, ``failed`` or ``cancelled``."""
    actor.require(Permission.CHECK)
    settings: Settings = request.app.state.settings
    spooled = await spool_request(request, settings.spool_dir)  # no lock held while it arrives
    if spooled.size == 0:
        spooled.remove()
        raise ValidationError.field("body", "send the manifest as the request body")
    parameters = {"filename": filename, "format": format, "place": place, "language": language}
    try:
        job = jobs.submit(session, actor, JobKind.SCREENING, parameters=parameters,
                          input_path=spooled.path)  # fmt: skip
    except BaseException:
        spooled.remove()
        raise
    return _job_view(job)


def _own_job(session: SessionDep, actor: ActorDep, token: str) -> JobView:
    try:
        return jobs.find(session, actor, token, JobKind.SCREENING)
    except NotFoundError:
        raise NotFoundError("Screening not found.") from None


@router.get("/screenings/{token}")
def screening_status(session: SessionDep, actor: ActorDep, token: Token) -> ScreeningJob:
    return _job_view(_own_job(session, actor, token))


@router.delete("/screenings/{token}", status_code=202)
def cancel_screening(session: SessionDep, actor: ActorDep, token: Token) -> ScreeningJob:
    try:
        return _job_view(jobs.cancel(session, actor, token, JobKind.SCREENING))
    except NotFoundError:
        raise NotFoundError("Screening not found.") from None


@router.get("/screenings/{token}/results", response_class=PlainTextResponse)
def screening_results(
    session: SessionDep, actor: ActorDep, token: Token, format: Literal["csv", "json"] = "csv"
) -> Response:
    """The results file: a row per traveller and match (CSV) or the whole report (JSON)."""
    job = _own_job(session, actor, token)
    if job.status != JobStatus.DONE:
        raise ConflictError(f"The screening is {job.status}.")
    buffer = io.StringIO()
    write_results(job.result, format, buffer)
    return attachment(buffer.getvalue(), MEDIA_TYPES[format], f"screening.{format}")


@router.get("/hits/inbox")
def hit_inbox(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    decision: Literal["pending", "confirmed", "rejected", "all"] = "pending",
) -> Page[HitPublic]:  # fmt: skip
    """Hits on your agency's records (silent ones included): the owner's notification feed."""
    items, total = hits.inbox(
        session, actor, decision=None if decision == "all" else decision, limit=limit,
        offset=offset,
    )  # fmt: skip
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/records/{record_id}/hits")
def record_hits(
    session: SessionDep, actor: ActorDep, record_id: Id, limit: Limit = 50, offset: Offset = 0,
    decision: Literal["pending", "confirmed", "rejected", "all"] = "all",
) -> hits.RecordChecks:  # fmt: skip
    """The checks your agency's record drew, newest first (silent ones included), with its
    totals. Only the owning agency sees them: for anyone else the record is not found."""
    return hits.record_checks(
        session, actor, record_id, decision=None if decision == "all" else decision, limit=limit,
        offset=offset,
    )  # fmt: skip


@router.post("/hits/{hit_id}/decision")
def decide_hit(
    session: SessionDep, actor: ActorDep, hit_id: HitRef, data: HitDecision
) -> HitPublic:
    """Confirm or reject a hit on your agency's record, by the hit's public id."""
    return hits.decide(session, actor, hit_id, data)


@router.get("/hits/ours")
def our_hits(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0
) -> list[HitPublic]:
    """Hits your agency's checks found, with each owner's decision."""
    return hits.our_checks(session, actor, limit=limit, offset=offset)
