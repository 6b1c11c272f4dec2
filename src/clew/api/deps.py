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


#: Methods that only read: served in a read-only unit of work, which never holds a write lock
#: (on SQLite a long export or a slow client must not stall everybody's checks).
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: read-only for reads, a write transaction otherwise.

    It ends (commits, or writes a read's audit entries) before the response is sent, so a
    failure to commit is the client's error response, never a success that did not happen.
    """
    database: Database = request.app.state.database
    unit = database.reading if request.method in READ_METHODS else database.transaction
    with unit() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The token's actor, found in a short read unit of its own: a request's write unit only
    begins at its first statement, after its body has arrived (a slow upload holds no lock)."""
    if credentials is None:
        raise AuthenticationError("An API token is required (Authorization: Bearer clew_...).")
    database: Database = request.app.state.database
    with database.reading() as session:
        actor = tokens.authenticate(session, credentials.credentials)
    bind(user_id=actor.user_id, agency=actor.agency_code)
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
#: A database id in a path: positive and within a 32-bit integer, so no backend overflows.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
