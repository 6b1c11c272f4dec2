"""Routes of ``/api/v1/traces``: firearm trace requests between agencies."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi import status as http

from clew.access.schemas import Page
from clew.api.deps import ActorDep, Limit, Offset, SessionDep
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.firearms import trace_stats, traces
from clew.firearms.analysis import TraceIntoFile, TracePulled, pull_trace
from clew.firearms.trace_kinds import Priority, RecipientStatus, TraceState
from clew.firearms.trace_schemas import (
    AnswerIn,
    CommentIn,
    MoreInfoIn,
    RefusalIn,
    TraceClose,
    TraceCreate,
    TracePublic,
    TraceRef,
    TraceSummary,
)
from clew.firearms.trace_stats_schemas import TraceRoutes, TraceStatistics
from clew.records.kinds import FirearmType
from clew.screening.sync import IndexKeeper

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/traces", tags=["traces"])

Direction = Annotated[
    Literal["incoming", "outgoing"],
    Query(description="incoming: sent to your agency; outgoing: sent by it"),
]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="Recovery country")]


def trace_filter(
    direction: Literal["incoming", "outgoing"], status: RecipientStatus | None,
    state: TraceState | None, priority: Priority | None, country: str | None, overdue: bool,
) -> traces.TraceFilter:  # fmt: skip
    return traces.TraceFilter(
        direction=direction, status=status, state=state, priority=priority, country=country,
        overdue=overdue,
    )  # fmt: skip


@router.post("", status_code=http.HTTP_201_CREATED)
def open_trace(
    data: TraceCreate, request: Request, session: SessionDep, actor: ActorDep
) -> TracePublic:
    """Open a trace and send it to every addressed agency (``possessor.screen`` also checks
    the possessor against the watchlists, as a check would)."""
    keeper: IndexKeeper = request.app.state.index
    return traces.open_trace(session, actor, data, keeper=keeper)


@router.get("")
def list_traces(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    direction: Direction = "outgoing", status: RecipientStatus | None = None,
    state: TraceState | None = None, priority: Priority | None = None, country: Country = None,
    overdue: bool = False,
) -> Page[TraceSummary]:  # fmt: skip
    flt = trace_filter(direction, status, state, priority, country, overdue)
    items, total = traces.list_traces(session, actor, flt, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/export", response_class=Response,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})  # fmt: skip
def export_traces(
    session: SessionDep, actor: ActorDep, direction: Direction = "outgoing",
    status: RecipientStatus | None = None, state: TraceState | None = None,
    priority: Priority | None = None, country: Country = None, overdue: bool = False,
) -> Response:  # fmt: skip
    flt = trace_filter(direction, status, state, priority, country, overdue)
    body = traces.export_csv(session, actor, flt)
    return attachment(body, MEDIA_TYPES["csv"], f"traces-{direction}.csv")


Since = Annotated[date | None, Query(description="Traces opened on or after this day (UTC)")]
Until = Annotated[date | None, Query(description="Traces opened on or before this day (UTC)")]
Make = Annotated[str | None, Query(max_length=100, description="Make, or any alias of it")]


def stats_filter(
    since: date | None, until: date | None, make: str | None, firearm_type: FirearmType | None
) -> trace_stats.StatsFilter:
    return trace_stats.StatsFilter(since=since, until=until, make=(make or "").strip() or None,
                                   firearm_type=firearm_type)  # fmt: skip


@router.get("/statistics")
def trace_statistics(
    session: SessionDep, actor: ActorDep, since: Since = None, until: Until = None,
    make: Make = None, firearm_type: FirearmType | None = None,
) -> TraceStatistics:  # fmt: skip
    """Traces sent and received by country, response rate and time to answer, top makes,
    types and calibres, the source x recovery country matrix and the trafficking indicators by
    month, of the traces your agency may see."""
    flt = stats_filter(since, until, make, firearm_type)
    return TraceStatistics.of(trace_stats.statistics(session, actor, flt))


@router.get("/routes")
def trace_routes(
    session: SessionDep, actor: ActorDep, since: Since = None, until: Until = None,
    make: Make = None, firearm_type: FirearmType | None = None,
) -> TraceRoutes:  # fmt: skip
    """Country-to-country flows of traced firearms, from the point of diversion to the
    recovery, of the traces your agency may see."""
    flt = stats_filter(since, until, make, firearm_type)
    return TraceRoutes.of(trace_stats.routes(session, actor, flt))


@router.get("/{trace_id}")
def get_trace(trace_id: TraceRef, session: SessionDep, actor: ActorDep) -> TracePublic:
    return traces.get_trace(session, actor, trace_id)


@router.post("/{trace_id}/acknowledge")
def acknowledge(trace_id: TraceRef, session: SessionDep, actor: ActorDep) -> TracePublic:
    return traces.acknowledge(session, actor, trace_id)


@router.post("/{trace_id}/answer")
def answer(trace_id: TraceRef, data: AnswerIn, session: SessionDep, actor: ActorDep) -> TracePublic:
    return traces.answer(session, actor, trace_id, data)


@router.post("/{trace_id}/refuse")
def refuse(
    trace_id: TraceRef, data: RefusalIn, session: SessionDep, actor: ActorDep
) -> TracePublic:
    return traces.refuse(session, actor, trace_id, data)


@router.post("/{trace_id}/more-info")
def request_more(
    trace_id: TraceRef, data: MoreInfoIn, session: SessionDep, actor: ActorDep
) -> TracePublic:
    return traces.request_more(session, actor, trace_id, data)


@router.post("/{trace_id}/comments")
def comment(
    trace_id: TraceRef, data: CommentIn, session: SessionDep, actor: ActorDep
) -> TracePublic:
    return traces.comment(session, actor, trace_id, data)


@router.post("/{trace_id}/close")
def close(
    trace_id: TraceRef, data: TraceClose, session: SessionDep, actor: ActorDep
) -> TracePublic:
    return traces.end(session, actor, trace_id, TraceState.CLOSED, data)


@router.post("/{trace_id}/cancel")
def cancel(
    trace_id: TraceRef, data: TraceClose, session: SessionDep, actor: ActorDep
) -> TracePublic:
    return traces.end(session, actor, trace_id, TraceState.CANCELLED, data)


@router.post("/{trace_id}/analysis-file", status_code=http.HTTP_201_CREATED)
def into_analysis_file(
    trace_id: TraceRef, data: TraceIntoFile, session: SessionDep, actor: ActorDep
) -> TracePulled:
    """Pull the trace and the history you see into an analysis file you write: the firearm,
    persons, dealers, places and the custody events as dated links, with provenance
    ``trace:<id>`` and the answers' grading (pulling again adds only what is new)."""
    return pull_trace(session, actor, trace_id, data)
