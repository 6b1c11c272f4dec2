"""Routes of ``/api/v1/checks`` and ``/api/v1/hits``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from clew.access.schemas import Page
from clew.api.deps import ActorDep, Id, Limit, Offset, SessionDep
from clew.i18n import LANGUAGES
from clew.screening import checks, hits
from clew.screening.schemas import CheckRequest, CheckResponse, HitDecision, HitPublic
from clew.screening.sync import IndexKeeper

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["screening"])

Language = Annotated[str, Query(pattern="^(" + "|".join(LANGUAGES) + ")$")]


def _keeper(request: Request) -> IndexKeeper:
    keeper: IndexKeeper = request.app.state.index
    return keeper


@router.post("/checks")
def check(
    request: Request, session: SessionDep, actor: ActorDep, data: CheckRequest,
    language: Language = "en",
) -> CheckResponse:  # fmt: skip
    """Check a person, document, vehicle or firearm; hits ranked by score, with the action to
    take and an explanation in ``language``. Every check is audited; every hit is stored and
    its record's owner notified."""
    return checks.check(session, actor, _keeper(request), data, language=language)


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


@router.post("/hits/{hit_id}/decision")
def decide_hit(session: SessionDep, actor: ActorDep, hit_id: Id, data: HitDecision) -> HitPublic:
    return hits.decide(session, actor, hit_id, data)


@router.get("/hits/ours")
def our_hits(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0
) -> list[HitPublic]:
    """Hits your agency's checks found, with each owner's decision."""
    return hits.our_checks(session, actor, limit=limit, offset=offset)
