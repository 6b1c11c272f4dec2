"""Who sees what of an operation: the one place every read and write asks.

- An operation is seen by its coordinating agency and the agencies invited to it (whether they
  have accepted yet or not); everyone else gets exactly what a made-up id gets (*not found*),
  and the operation is absent from their lists, counts, exports and the comparison of earlier
  operations. The console operator acting for no agency sees all.
- Planning (the period, participants, posts, targets, publishing) is the coordinating agency's
  coordinators'; reporting field results is for any participant that has accepted, for its own
  agency; the counters move by themselves when participants check (:mod:`clew.operations.tally`).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select, true
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.access.roles import Permission
from clew.errors import ForbiddenError, NotFoundError
from clew.operations.models import Operation, OperationParticipant

__all__ = [
    "NOT_FOUND",
    "coordinating",
    "load_operation",
    "participant_row",
    "reader",
    "visible",
]

NOT_FOUND = "Operation not found."


def reader(actor: Actor) -> None:
    actor.require(Permission.READ_RECORDS)  # every operational role; auditors read the audit


def visible(actor: Actor) -> ColumnElement[bool]:
    if actor.agency_id is None:
        return true()
    return or_(
        Operation.coordinator_agency_id == actor.agency_id,
        exists(
            select(OperationParticipant.id).where(
                OperationParticipant.operation_id == Operation.id,
                OperationParticipant.agency_id == actor.agency_id,
            )
        ),
    )


def load_operation(session: Session, actor: Actor, operation_id: str) -> Operation:
    reader(actor)
    operation = session.execute(
        select(Operation).where(Operation.public_id == operation_id, visible(actor))
    ).scalar_one_or_none()
    if operation is None:
        raise NotFoundError(NOT_FOUND)
    return operation


def coordinating(actor: Actor, operation: Operation) -> None:
    """Only the coordinating agency's coordinators (or the console) plan and publish."""
    if actor.agency_id is None:
        return
    actor.require(Permission.COORDINATE_OPERATIONS)
    if actor.agency_id != operation.coordinator_agency_id:
        raise ForbiddenError("Only the coordinating agency's coordinators change the operation.")


def participant_row(
    session: Session, operation: Operation, agency_id: int | None
) -> OperationParticipant | None:
    if agency_id is None:
        return None
    return session.execute(
        select(OperationParticipant).where(
            OperationParticipant.operation_id == operation.id,
            OperationParticipant.agency_id == agency_id,
        )
    ).scalar_one_or_none()
