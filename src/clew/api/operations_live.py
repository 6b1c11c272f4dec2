"""Routes of ``/api/v1/operations/{id}/live``: a joint operation's live figures, as one JSON
snapshot or as a ``text/event-stream`` that sends a new snapshot when a figure changes.

A thin shell over :mod:`clew.operations.live`: participants only (anyone else gets the same
404 as for a made-up id, from the snapshot and the stream alike).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from clew.api.deps import ActorDep, SessionDep
from clew.operations import live
from clew.operations.schemas import OperationRef
from clew.storage import Database

__all__ = ["router", "slots"]

router = APIRouter(prefix="/api/v1/operations", tags=["operations"])


def slots(request: Request) -> live.StreamSlots:
    """This server process's bound on live streams (shared by the API and the web pages)."""
    found: live.StreamSlots | None = getattr(request.app.state, "live_streams", None)
    if found is None:
        found = request.app.state.live_streams = live.StreamSlots()
    return found


def gate(request: Request) -> asyncio.Semaphore | None:
    """The server's bound on requests at the database (see ``clew.server.DatabaseGate``)."""
    found: asyncio.Semaphore | None = getattr(request.state, "database_gate", None)
    return found


@router.get("/{operation_id}/live")
def live_snapshot(
    operation_id: OperationRef, session: SessionDep, actor: ActorDep
) -> live.LiveSnapshot:
    """What the live dashboard shows: checks by kind, hits, field results, posts, agencies,
    the last minutes and the timeline of notable events."""
    return live.snapshot(session, actor, operation_id)


@router.get(
    "/{operation_id}/live/stream", response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}},
                     "description": "`event: snapshot` with the JSON of a live snapshot, sent "
                                    "at once and whenever a figure changes; a comment line "
                                    "every 15 s of quiet"},
               503: {"description": "Too many live streams on this server: retry later"}},
)  # fmt: skip
def live_stream(
    operation_id: OperationRef, request: Request, session: SessionDep, actor: ActorDep
) -> StreamingResponse:
    """The live snapshot as server-sent events (the stream polls the database every second,
    so it works whichever server process answers)."""
    internal = live.open_stream(session, actor, operation_id)
    bound = slots(request)
    bound.take()
    database: Database = request.app.state.database
    events = live.stream(
        database, actor, internal, disconnected=request.is_disconnected, gate=gate(request),
        slots=bound,
    )  # fmt: skip
    return StreamingResponse(events, media_type="text/event-stream", headers=live.stream_headers())
