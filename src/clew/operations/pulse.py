"""The demo's running operation moves by itself: a slow simulation inside the demo server.

A newcomer who opens the live dashboard of the demo's running operation sees tiles change
without doing anything: every few seconds a participant screens a small flight, checks a
vehicle or a person at a post, or reports a field result, through the real paths
(:func:`clew.operations.simulate.run`). Only in demo mode, and only while the operation runs.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

from sqlalchemy import select

from clew.access.actor import Actor
from clew.access.models import Agency
from clew.operations import simulate
from clew.operations.demo import RUNNING
from clew.operations.kinds import OperationState
from clew.operations.models import Operation, OperationParticipant
from clew.operations.operations import state_of
from clew.screening.sync import IndexKeeper
from clew.storage import Database

__all__ = ["start_pulse"]

log = logging.getLogger(__name__)

PACE_SECONDS = 6.0  # between two steps
ROUND = simulate.Plan(flights=2, passengers_per_flight=25, vehicles=6, persons=6, reports=3,
                      planted=1, pace=PACE_SECONDS)  # fmt: skip


def _participants(database: Database) -> tuple[str, list[Actor]] | None:
    with database.reading() as session:
        operation = session.execute(
            select(Operation).where(Operation.name == RUNNING)
        ).scalar_one_or_none()
        if operation is None or state_of(operation) is not OperationState.RUNNING:
            return None
        agencies = session.execute(
            select(Agency)
            .join(OperationParticipant, OperationParticipant.agency_id == Agency.id)
            .where(OperationParticipant.operation_id == operation.id,
                   OperationParticipant.accepted_at.is_not(None))
        ).scalars().all()  # fmt: skip
        officers = [
            Actor.operator_for(agency_id=a.id, agency_code=a.code, country=a.country,
                               international=a.is_international)
            for a in agencies
        ]  # fmt: skip
        return operation.public_id, officers


def _pulse(database: Database, keeper: IndexKeeper, stop: threading.Event) -> None:
    round_no = 0
    while not stop.is_set():
        if not keeper.status().built:
            stop.wait(5)
            continue
        found = _participants(database)
        if found is None:
            return  # no running demo operation: nothing to move
        operation_id, officers = found
        try:
            simulate.run(database, keeper, operation_id, officers,
                         replace(ROUND, seed=2026 + round_no))  # fmt: skip
        except Exception:
            log.exception("demo operation pulse failed")
            stop.wait(60)
        round_no += 1


def start_pulse(database: Database, keeper: IndexKeeper) -> threading.Event:
    """Start moving the demo's running operation; set the returned event to stop."""
    stop = threading.Event()
    threading.Thread(target=_pulse, args=(database, keeper, stop), name="clew-demo-pulse",
                     daemon=True).start()  # fmt: skip
    return stop
