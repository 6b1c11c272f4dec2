"""Routes of the liaison exchange's cases and messages: ``/api/v1/cases``, ``/api/v1/messages``,
``/api/v1/permissions`` and ``/api/v1/inbox``.

A case or message your agency may not see answers exactly as one that does not exist (404).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import status as http

from clew.access.schemas import Page
from clew.api.deps import ActorDep, Limit, Offset, SessionDep
from clew.exchange import cases, messages
from clew.exchange.kinds import CaseState, CrimeArea, HandlingCode, MessageKind
from clew.exchange.schemas import (
    Box,
    CaseCreate,
    CasePublic,
    CaseSummary,
    ForwardIn,
    InboxCounts,
    MessageCreate,
    MessagePublic,
    MessageSummary,
    ParticipantsIn,
    PermissionAsk,
    PermissionDecision,
    PermissionPublic,
    Ref,
    ThreadMessage,
)
from clew.screening.sync import IndexKeeper

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["exchange"])


def _keeper(request: Request) -> IndexKeeper | None:
    keeper: IndexKeeper | None = getattr(request.app.state, "index", None)
    return keeper


# --- cases ------------------------------------------------------------------------------------


@router.post("/cases", status_code=http.HTTP_201_CREATED)
def open_case(data: CaseCreate, session: SessionDep, actor: ActorDep) -> CasePublic:
    """Open a case owned by your agency, with the agencies taking part in it."""
    return cases.open_case(session, actor, data)


@router.get("/cases")
def list_cases(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    state: CaseState | None = None, crime_area: CrimeArea | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$",
                                         description="A participant's country")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Part of the subject")] = None,
) -> Page[CaseSummary]:  # fmt: skip
    """The cases your agency owns or takes part in, last active first, with the messages you
    may see and how many of them are unread."""
    flt = cases.CaseFilter(state=state, crime_area=crime_area, country=country, q=q)
    items, total = cases.list_cases(session, actor, flt, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/cases/{case_id}")
def get_case(case_id: Ref, session: SessionDep, actor: ActorDep) -> CasePublic:
    return cases.get_case(session, actor, case_id)


@router.post("/cases/{case_id}/participants")
def add_participants(
    case_id: Ref, data: ParticipantsIn, session: SessionDep, actor: ActorDep
) -> CasePublic:
    return cases.add_participants(session, actor, case_id, data)


@router.post("/cases/{case_id}/close")
def close_case(case_id: Ref, session: SessionDep, actor: ActorDep) -> CasePublic:
    """Close a case your agency opened: nothing more is written in it until it is reopened."""
    return cases.close_case(session, actor, case_id)


@router.post("/cases/{case_id}/reopen")
def reopen_case(case_id: Ref, session: SessionDep, actor: ActorDep) -> CasePublic:
    return cases.reopen_case(session, actor, case_id)


@router.get("/cases/{case_id}/messages")
def case_thread(
    case_id: Ref, session: SessionDep, actor: ActorDep, limit: Limit = 200, offset: Offset = 0
) -> Page[ThreadMessage]:
    """The case's messages your agency may see, oldest first, threaded (parent and depth)."""
    items, total = messages.thread(session, actor, case_id, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/cases/{case_id}/messages", status_code=http.HTTP_201_CREATED)
def send_message(
    case_id: Ref, data: MessageCreate, request: Request, session: SessionDep, actor: ActorDep
) -> MessagePublic:
    """Send a message in the case (to every other participant unless ``to`` names agencies;
    a reply goes to the agency that wrote the message replied to). The entities it names are
    cross-checked by the clearing house."""
    return messages.send(session, actor, case_id, data, keeper=_keeper(request))


# --- messages ---------------------------------------------------------------------------------


@router.get("/messages/{message_id}")
def read_message(
    message_id: Ref, request: Request, session: SessionDep, actor: ActorDep
) -> MessagePublic:
    """Read a message (your agency's read receipt is set the first time)."""
    return messages.read_message(session, actor, message_id, keeper=_keeper(request))


@router.post("/messages/{message_id}/acknowledge")
def acknowledge(message_id: Ref, session: SessionDep, actor: ActorDep) -> MessagePublic:
    return messages.acknowledge(session, actor, message_id)


@router.post("/messages/{message_id}/forward", status_code=http.HTTP_201_CREATED)
def forward(
    message_id: Ref, data: ForwardIn, session: SessionDep, actor: ActorDep
) -> MessagePublic:
    """Pass a message on to other agencies. An H2 message your agency did not write needs its
    owner's permission for each of them (403 otherwise)."""
    return messages.forward(session, actor, message_id, data)


@router.post("/messages/{message_id}/permissions", status_code=http.HTTP_201_CREATED)
def ask_permission(
    message_id: Ref, data: PermissionAsk, session: SessionDep, actor: ActorDep
) -> PermissionPublic:
    """Ask the owner of an H2 message to let it be passed on to one agency (sent to the owner
    as a message)."""
    return messages.ask_permission(session, actor, message_id, data)


@router.post("/permissions/{permission_id}")
def decide_permission(
    permission_id: Ref, data: PermissionDecision, session: SessionDep, actor: ActorDep
) -> PermissionPublic:
    """The owner's agency grants or refuses (its answer is sent back as a message)."""
    return messages.decide_permission(session, actor, permission_id, data)


# --- inbox ------------------------------------------------------------------------------------


@router.get("/inbox")
def inbox(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    case: Annotated[Ref | None, Query(description="A case's id")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$",
                                         description="The author agency's country")] = None,
    handling_code: HandlingCode | None = None, kind: MessageKind | None = None,
    unread: bool = False, box: Box = "in",
) -> Page[MessageSummary]:  # fmt: skip
    """Messages your agency holds (``in``) or wrote (``sent``), newest first."""
    flt = messages.InboxFilter(case=case, country=country, handling_code=handling_code,
                               kind=kind, unread=unread, box=box)  # fmt: skip
    items, total = messages.inbox(session, actor, flt, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/inbox/counts")
def inbox_counts(session: SessionDep, actor: ActorDep) -> InboxCounts:
    """Unread messages, and requests overdue to your agency and from it."""
    return messages.counts(session, actor)
