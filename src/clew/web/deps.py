"""Web request dependencies: the signed-in page context and CSRF-checked form data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from clew.access import login
from clew.access.actor import Actor
from clew.access.models import User, WebSession
from clew.access.roles import Permission
from clew.api.deps import SessionDep
from clew.errors import ForbiddenError
from clew.exchange import inbox
from clew.logs import bind
from clew.web.render import check_csrf, session_token

__all__ = ["FormDep", "LoginRequired", "Page", "PageDep", "SessionDep"]

MAX_FIELD = 10_000


class LoginRequired(Exception):
    """Raised when a page needs a signed-in user; answered with a redirect to the login page."""

    def __init__(self, location: str) -> None:
        self.location = location


@dataclass(frozen=True, slots=True)
class Viewer:
    """What pages show of the signed-in user, copied out so an error page can still use it
    after the request's transaction has been rolled back."""

    full_name: str
    role: str
    locale: str
    agency_code: str
    agency_name: str
    country: str
    exchange_badge: int = 0  # the exchange's unread messages and overdue incoming requests


@dataclass(slots=True)
class Page:
    session: Session
    user: User
    web_session: WebSession
    actor: Actor
    viewer: Viewer


def _login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(target, safe='')}"


def _exchange_badge(session: Session, actor: Actor) -> int:
    """The navigation's count of the exchange: unread messages and overdue incoming requests."""
    if not actor.can(Permission.READ_EXCHANGE):
        return 0
    found = inbox.counts(session, actor)
    return found.unread + found.overdue_incoming


def get_page(request: Request, session: SessionDep) -> Page:
    resolved = login.resolve_session(session, session_token(request))
    if resolved is None:
        raise LoginRequired(_login_url(request))
    user, web_session = resolved
    if not web_session.second_factor_done:
        raise LoginRequired("/login/second-factor")
    actor = login.actor_for(user)
    viewer = Viewer(
        full_name=user.full_name, role=user.role, locale=user.locale,
        agency_code=user.agency.code, agency_name=user.agency.name, country=user.agency.country,
        exchange_badge=_exchange_badge(session, actor),
    )  # fmt: skip
    page = Page(session, user, web_session, actor, viewer)
    request.state.page = page
    bind(user_id=user.id, agency=user.agency.code)
    return page


PageDep = Annotated[Page, Depends(get_page)]


async def get_form(request: Request) -> dict[str, str]:
    """Form fields as strings (files and oversized values refused), after the CSRF check."""
    form = await request.form(max_files=0, max_fields=200)
    values: dict[str, str] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str) or len(value) > MAX_FIELD:
            raise ForbiddenError("The form could not be accepted.")
        values.setdefault(key, value)
    if not check_csrf(request, values.get("csrf_token")):
        raise ForbiddenError("The form has expired. Reload the page and try again.")
    return values


FormDep = Annotated[dict[str, str], Depends(get_form)]
