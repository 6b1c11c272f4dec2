"""Request dependencies: the unit-of-work session and the acting user behind a bearer token."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Annotated, TypeVar

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from clew.access import tokens
from clew.access.actor import Actor
from clew.errors import AuthenticationError
from clew.logs import bind
from clew.storage import Database

__all__ = ["ActorDep", "Credentials", "Id", "Limit", "Offset", "SessionDep", "get_session",
           "in_one_thread"]  # fmt: skip

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
    with _unit(request) as session:
        yield session


def _unit(request: Request) -> AbstractContextManager[Session]:
    database: Database = request.app.state.database
    return database.reading() if request.method in READ_METHODS else database.transaction()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
"""The bearer token as sent (read in the event loop: no thread needed), for
:func:`in_one_thread`."""


def get_actor(request: Request, credentials: Credentials) -> Actor:
    """The token's actor, found in a short read unit of its own: a request's write unit only
    begins at its first statement, after its body has arrived (a slow upload holds no lock)."""
    database: Database = request.app.state.database
    with database.reading() as session:
        return _actor(session, credentials)


def _actor(session: Session, credentials: Credentials) -> Actor:
    if credentials is None:
        raise AuthenticationError("An API token is required (Authorization: Bearer clew_...).")
    actor = tokens.authenticate(session, credentials.credentials)
    bind(user_id=actor.user_id, agency=actor.agency_code)
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]

T = TypeVar("T")


async def in_one_thread(
    request: Request, credentials: Credentials, work: Callable[[Session, Actor], T]
) -> T:
    """``work`` with the token's actor in the request's unit of work, all in one trip to a
    worker thread, for the busiest routes (a check).

    An endpoint with :data:`SessionDep` and :data:`ActorDep` crosses from the event loop to a
    worker thread and back five times: the unit's start, the actor, the endpoint, the check of
    its answer and the unit's end. Each crossing is a hand-off between threads that take turns
    at one interpreter lock. The request's unit ends (commits) before the answer is sent, as
    with the dependencies. On SQLite the actor is read first in a short read unit of its own,
    as :func:`get_actor` does (a write unit begins with the write lock); on PostgreSQL, where a
    unit locks nothing until it writes, in the request's unit (one connection, one transaction
    and one round trip fewer: 11.1-12.1 -> 10.8-11.0 ms server CPU a check, and 2.5 -> 2.3 ms
    in PostgreSQL, 100k persons, 2 processes, 32 clients).
    """
    return await run_in_threadpool(_in_unit, request, credentials, work)


def _in_unit(request: Request, credentials: Credentials, work: Callable[[Session, Actor], T]) -> T:
    database: Database = request.app.state.database
    if database.dialect == "sqlite":
        actor = get_actor(request, credentials)
        with _unit(request) as session:
            return work(session, actor)
    with _unit(request) as session:  # the token's last use is written with the rest
        return work(session, _actor(session, credentials))


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
#: A database id in a path: positive and within a 32-bit integer, so no backend overflows.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
