"""Request dependencies: the unit-of-work session and the acting user behind a bearer token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from clew.access import tokens
from clew.access.actor import Actor
from clew.errors import AuthenticationError
from clew.logs import bind
from clew.storage import Database

__all__ = ["ActorDep", "Id", "Limit", "Offset", "SessionDep", "get_session"]

MAX_PAGE = 200

_bearer = HTTPBearer(auto_error=False, description="An API token created in Clew (clew_...)")


def get_session(request: Request) -> Iterator[Session]:
    database: Database = request.app.state.database
    with database.transaction() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_actor(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None:
        raise AuthenticationError("An API token is required (Authorization: Bearer clew_...).")
    actor = tokens.authenticate(session, credentials.credentials)
    bind(user_id=actor.user_id, agency=actor.agency_code)
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
#: A database id in a path: positive and within a 32-bit integer, so no backend overflows.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
