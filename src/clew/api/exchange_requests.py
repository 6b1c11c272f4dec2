"""Routes of ``/api/v1/requests`` (requests for information between agencies, with deadlines)
and ``/api/v1/spocs`` (each country's Single Point of Contact)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi import status as http

from clew.access.schemas import Page
from clew.api.deps import ActorDep, Limit, Offset, SessionDep
from clew.exchange import requests, spocs
from clew.exchange.kinds import RequestStatus, Urgency
from clew.exchange.request_schemas import (
    AnswerIn,
    RefusalIn,
    ReminderIn,
    RequestCreate,
    RequestPublic,
    RequestRef,
    RequestSummary,
    RoutingIn,
    SpocPublic,
    SpocSet,
)
from clew.screening.sync import IndexKeeper

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["requests"])

Direction = Annotated[
    Literal["incoming", "outgoing"],
    Query(description="incoming: asked of (or routed to) your agency; outgoing: sent by it"),
]
Country = Annotated[
    str | None,
    Query(pattern=r"^[A-Za-z]{2}$", description="The other side's country (alpha-2)"),
]
CountryPath = Annotated[str, Path(pattern=r"^[A-Za-z]{2}$", description="Alpha-2 country code")]


@router.post("/requests", status_code=http.HTTP_201_CREATED)
def send_request(
    data: RequestCreate, request: Request, session: SessionDep, actor: ActorDep
) -> RequestPublic:
    """Send a request for information to one or several agencies (each with its own deadline:
    8 hours urgent on directly accessible data, 3 days urgent, 7 days otherwise), copied to
    your country's SPOC when your agency is not it."""
    keeper: IndexKeeper = request.app.state.index
    return requests.send_request(session, actor, data, keeper=keeper)


@router.get("/requests")
def list_requests(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    direction: Direction = "incoming", status: RequestStatus | None = None,
    overdue: bool = False, urgency: Urgency | None = None, country: Country = None,
) -> Page[RequestSummary]:  # fmt: skip
    flt = requests.RequestFilter(
        direction=direction, status=status, overdue=overdue, urgency=urgency, country=country
    )
    items, total = requests.list_requests(session, actor, flt, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/requests/{request_id}")
def get_request(request_id: RequestRef, session: SessionDep, actor: ActorDep) -> RequestPublic:
    return requests.get_request(session, actor, request_id)


@router.post("/requests/{request_id}/route")
def route(
    request_id: RequestRef, data: RoutingIn, session: SessionDep, actor: ActorDep
) -> RequestPublic:
    """Give a request your agency received to a desk, optionally of another agency of your
    country (which then holds it and may answer it)."""
    return requests.route(session, actor, request_id, data)


@router.post("/requests/{request_id}/answer")
def answer(
    request_id: RequestRef, data: AnswerIn, request: Request, session: SessionDep,
    actor: ActorDep,
) -> RequestPublic:  # fmt: skip
    """Answer (or partly answer: the request stays owed) a request, to the requester."""
    keeper: IndexKeeper = request.app.state.index
    return requests.answer(session, actor, request_id, data, keeper=keeper)


@router.post("/requests/{request_id}/refuse")
def refuse(
    request_id: RequestRef, data: RefusalIn, session: SessionDep, actor: ActorDep
) -> RequestPublic:
    return requests.refuse(session, actor, request_id, data)


@router.post("/requests/{request_id}/remind")
def remind(
    request_id: RequestRef, data: ReminderIn, session: SessionDep, actor: ActorDep
) -> RequestPublic:
    """Remind the agencies named (default: every one that still owes an answer)."""
    return requests.remind(session, actor, request_id, data)


@router.get("/spocs")
def list_spocs(session: SessionDep, actor: ActorDep) -> list[SpocPublic]:
    """Each country's Single Point of Contact."""
    return spocs.list_spocs(session, actor)


@router.put("/spocs/{country}")
def set_spoc(
    country: CountryPath, data: SpocSet, session: SessionDep, actor: ActorDep
) -> SpocPublic:
    return spocs.set_spoc(session, actor, country, data.agency)


@router.delete("/spocs/{country}", status_code=http.HTTP_204_NO_CONTENT)
def remove_spoc(country: CountryPath, session: SessionDep, actor: ActorDep) -> None:
    spocs.remove_spoc(session, actor, country)
