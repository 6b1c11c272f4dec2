"""Routes of ``/api/v1/operations``: joint operations, their posts, targets, live counters and
the field results national systems report."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi import status as http

from clew.access.schemas import Page
from clew.api.deps import ActorDep, Id, Limit, Offset, SessionDep
from clew.operations import operations, results, tally
from clew.operations.kinds import FieldKind, OperationState
from clew.operations.schemas import (
    AcceptIn,
    FieldResultIn,
    FieldResultPublic,
    OperationCreate,
    OperationPublic,
    OperationRef,
    OperationSummary,
    OperationUpdate,
    ParticipantsIn,
    PostIn,
    PostPublic,
    Results,
    TallyTotals,
    TargetIn,
    TargetPublic,
)

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/operations", tags=["operations"])

OperationId = Annotated[OperationRef, Path(description="The operation's id")]
PostId = Annotated[OperationRef, Path(description="The post's id")]
ResultId = Annotated[OperationRef, Path(description="The field result's id")]
AgencyCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{2,32}$")]


@router.post("", status_code=http.HTTP_201_CREATED)
def create_operation(
    data: OperationCreate, session: SessionDep, actor: ActorDep
) -> OperationPublic:
    """Plan an operation coordinated by your agency and invite the participating agencies (an
    exchange case is opened with them for the operation's messages)."""
    return operations.create_operation(session, actor, data)


@router.get("")
def list_operations(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    state: OperationState | None = None,
) -> Page[OperationSummary]:  # fmt: skip
    """The operations your agency coordinates or is invited to, latest period first."""
    items, total = operations.list_operations(
        session, actor, state=state, limit=limit, offset=offset
    )
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{operation_id}")
def get_operation(
    operation_id: OperationId, session: SessionDep, actor: ActorDep
) -> OperationPublic:
    return operations.get_operation(session, actor, operation_id)


@router.patch("/{operation_id}")
def update_operation(
    operation_id: OperationId, data: OperationUpdate, session: SessionDep, actor: ActorDep
) -> OperationPublic:
    """Change the planning fields given (the coordinating agency; not once published)."""
    return operations.update_operation(session, actor, operation_id, data)


@router.post("/{operation_id}/participants")
def invite(
    operation_id: OperationId, data: ParticipantsIn, session: SessionDep, actor: ActorDep
) -> OperationPublic:
    return operations.invite_participants(session, actor, operation_id, data)


@router.delete("/{operation_id}/participants/{agency}")
def remove_participant(
    operation_id: OperationId, agency: AgencyCode, session: SessionDep, actor: ActorDep
) -> OperationPublic:
    return operations.remove_participant(session, actor, operation_id, agency)


@router.post("/{operation_id}/accept")
def accept(
    operation_id: OperationId, session: SessionDep, actor: ActorDep, data: AcceptIn | None = None
) -> OperationPublic:
    """Your agency accepts the operation (and names its team): from then on its checks inside
    the period are counted."""
    return operations.accept(session, actor, operation_id, data)


@router.post("/{operation_id}/posts", status_code=http.HTTP_201_CREATED)
def add_post(
    operation_id: OperationId, data: PostIn, session: SessionDep, actor: ActorDep
) -> PostPublic:
    """Add a post (border crossing, airport, port...): a check whose place is its name or code
    is counted at it."""
    return operations.add_post(session, actor, operation_id, data)


@router.delete("/{operation_id}/posts/{post_id}", status_code=http.HTTP_204_NO_CONTENT)
def remove_post(
    operation_id: OperationId, post_id: PostId, session: SessionDep, actor: ActorDep
) -> Response:
    operations.remove_post(session, actor, operation_id, post_id)
    return Response(status_code=http.HTTP_204_NO_CONTENT)


@router.post("/{operation_id}/targets", status_code=http.HTTP_201_CREATED)
def add_target(
    operation_id: OperationId, data: TargetIn, session: SessionDep, actor: ActorDep
) -> TargetPublic:
    """Add a person or vehicle to look out for, from an analysis file or a watchlist record."""
    return operations.add_target(session, actor, operation_id, data)


@router.delete("/{operation_id}/targets/{target_id}", status_code=http.HTTP_204_NO_CONTENT)
def remove_target(
    operation_id: OperationId, target_id: Id, session: SessionDep, actor: ActorDep
) -> Response:
    operations.remove_target(session, actor, operation_id, target_id)
    return Response(status_code=http.HTTP_204_NO_CONTENT)


@router.get("/{operation_id}/tallies")
def tallies(
    operation_id: OperationId, session: SessionDep, actor: ActorDep,
    since: Annotated[datetime | None, Query(description="Only minutes from then on")] = None,
) -> TallyTotals:  # fmt: skip
    """The live counters: checks by kind, hits and confirmed hits, by agency, post and minute."""
    return tally.get_tallies(session, actor, operation_id, since=since)


@router.post("/{operation_id}/results", status_code=http.HTTP_201_CREATED)
def report_result(
    operation_id: OperationId, data: FieldResultIn, session: SessionDep, actor: ActorDep
) -> FieldResultPublic:
    """Report an arrest, a seizure, victims, migrants, an investigation or an event for your
    agency (national systems post here as the phone-sized form does)."""
    return results.report_result(session, actor, operation_id, data)


@router.get("/{operation_id}/results")
def list_results(
    operation_id: OperationId, session: SessionDep, actor: ActorDep, limit: Limit = 50,
    offset: Offset = 0, kind: FieldKind | None = None,
    agency: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9-]{2,32}$")] = None,
    withdrawn: bool = False,
) -> Page[FieldResultPublic]:  # fmt: skip
    items, total = results.list_results(
        session, actor, operation_id, kind=kind, agency=agency, withdrawn=withdrawn,
        limit=limit, offset=offset,
    )  # fmt: skip
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{operation_id}/summary")
def summary(operation_id: OperationId, session: SessionDep, actor: ActorDep) -> Results:
    """The field results in the categories press releases use (withdrawn reports left out)."""
    return results.get_summary(session, actor, operation_id)


@router.post("/{operation_id}/results/{result_id}/withdraw")
def withdraw_result(
    operation_id: OperationId, result_id: ResultId, session: SessionDep, actor: ActorDep
) -> FieldResultPublic:
    return results.withdraw_result(session, actor, operation_id, result_id)


@router.post("/{operation_id}/publish")
def publish(operation_id: OperationId, session: SessionDep, actor: ActorDep) -> OperationPublic:
    """Publish the results (the coordinating agency, after the period)."""
    return operations.publish(session, actor, operation_id)


@router.post("/{operation_id}/cancel")
def cancel(operation_id: OperationId, session: SessionDep, actor: ActorDep) -> OperationPublic:
    return operations.cancel(session, actor, operation_id)
