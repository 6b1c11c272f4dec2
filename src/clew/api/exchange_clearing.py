"""Routes of the clearing house and of webhooks: a message's cross-check, a report's entities
cross-checked at once, entities pulled into an analysis file, and the agency's webhook."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi import status as http

from clew.api.deps import ActorDep, SessionDep
from clew.exchange import crosscheck, pull, webhooks
from clew.exchange.access import load_message
from clew.exchange.crosscheck import CrosscheckIn, EntityAnnotation
from clew.exchange.pull import PullIn, PullReport
from clew.exchange.webhooks import WebhookCreated, WebhookIn, WebhookPublic
from clew.i18n import LANGUAGES
from clew.screening.sync import IndexKeeper

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["exchange"])

MessageRef = Annotated[str, Path(min_length=1, max_length=40, pattern="^[A-Za-z0-9_-]+$")]
Language = Annotated[
    str, Query(pattern="^(" + "|".join(LANGUAGES) + ")$", description="Language of the texts")
]


def _keeper(request: Request) -> IndexKeeper:
    keeper: IndexKeeper = request.app.state.index
    return keeper


@router.get("/messages/{message_id}/crosscheck")
def message_crosscheck(
    session: SessionDep, actor: ActorDep, message_id: MessageRef, language: Language = "en"
) -> list[EntityAnnotation]:
    """Per entity the message names: the watchlists it is on (those records your country may
    see) and the other messages you may see that name it."""
    message = load_message(session, actor, message_id)
    return crosscheck.annotations(session, actor, message, language=language)


@router.post("/exchange/crosscheck")
def crosscheck_entities(
    request: Request, session: SessionDep, actor: ActorDep, data: CrosscheckIn,
    language: Language = "en",
) -> list[EntityAnnotation]:  # fmt: skip
    """Cross-check up to 500 entities at once (a report) without sending a message: each is
    checked against the watchlists (hits are stored and owners notified, as for any check) and
    against the messages you may see."""
    return crosscheck.crosscheck_report(session, actor, _keeper(request), data, language=language)


@router.post("/messages/{message_id}/pull")
def pull_entities(
    session: SessionDep, actor: ActorDep, message_id: MessageRef, data: PullIn
) -> PullReport:
    """Pull the message's entities (all, or those at the positions given) into an analysis
    file you write, with the message as their source and its grading."""
    return pull.pull(session, actor, message_id, data)


_NO_WEBHOOK: dict[int | str, dict[str, Any]] = {
    404: {
        "description": "Your agency has no webhook",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}


@router.get("/webhook", responses=_NO_WEBHOOK)
def show_webhook(session: SessionDep, actor: ActorDep) -> WebhookPublic:
    """Your agency's webhook (never its secret)."""
    return webhooks.get_webhook(session, actor)


@router.put("/webhook")
def set_webhook(session: SessionDep, actor: ActorDep, data: WebhookIn) -> WebhookCreated:
    """Set or replace your agency's webhook; the new signing secret is shown this once."""
    return webhooks.set_webhook(session, actor, data)


@router.delete("/webhook", status_code=http.HTTP_204_NO_CONTENT, responses=_NO_WEBHOOK)
def remove_webhook(session: SessionDep, actor: ActorDep) -> Response:
    webhooks.remove_webhook(session, actor)
    return Response(status_code=http.HTTP_204_NO_CONTENT)
