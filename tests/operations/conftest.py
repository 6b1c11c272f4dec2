"""The operations' cast: Bulgaria coordinates, Romania takes part, Serbia is invited and has not
accepted, Austria owns watchlist records and takes part in nothing, and Estonia takes part in
nothing and must find no trace of anything.

Factories build an operation (running by default: it began an hour ago), accept it, and check
through the real screening path (:func:`clew.screening.checks.check`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clew.access.actor import Actor
from clew.access.login import actor_for
from clew.access.models import Agency, User
from clew.access.roles import OrganisationType, Role, Scope
from clew.operations import operations, tally
from clew.operations.models import OperationPost, OperationTally
from clew.operations.schemas import OperationCreate, PostIn
from clew.records import store
from clew.records.bulk import ADAPTER as NEW
from clew.screening import checks
from clew.screening.schemas import CheckRequest, CheckResponse
from clew.screening.sync import IndexKeeper
from clew.storage import Database, utcnow
from tests.conftest import bearer, make_agency, make_token, make_user

_NCB = OrganisationType.NATIONAL_CENTRAL_BUREAU
AGENCIES = (
    ("BG-NCB", "BG", _NCB), ("RO-POLICE", "RO", OrganisationType.POLICE),
    ("RS-NCB", "RS", _NCB), ("AT-NCB", "AT", _NCB), ("EE-POLICE", "EE", OrganisationType.POLICE),
)  # fmt: skip
USERS = {
    "coord.bg": (Role.COORDINATOR, "BG-NCB"),
    "officer.bg": (Role.OFFICER, "BG-NCB"),
    "officer.ro": (Role.OFFICER, "RO-POLICE"),
    "liaison.ro": (Role.LIAISON_OFFICER, "RO-POLICE"),
    "officer.rs": (Role.OFFICER, "RS-NCB"),
    "dm.at": (Role.DATA_MANAGER, "AT-NCB"),  # owns the records; takes part in nothing
    "officer.ee": (Role.OFFICER, "EE-POLICE"),  # the outsider
    "coord.ee": (Role.COORDINATOR, "EE-POLICE"),
}

Cast = dict[str, Actor]


@pytest.fixture(autouse=True)
def _fresh_counting() -> Iterator[None]:
    """Each test starts with nothing remembered of another test's operations."""
    tally.forget()
    yield
    tally.forget()


def make_cast(database: Database) -> Cast:
    for code, country, kind in AGENCIES:
        make_agency(database, code, country, kind)
    for username, (role, agency) in USERS.items():
        make_user(database, username, role, agency)
    return actors(database)


def actors(database: Database) -> Cast:
    with database.reading() as session:
        return {u.username: actor_for(u) for u in session.execute(select(User)).scalars()}


@pytest.fixture
def cast(database: Database) -> Cast:
    return make_cast(database)


@pytest.fixture
def tokens(database: Database, cast: Cast) -> dict[str, dict[str, str]]:
    """Bearer headers (read and write scopes) of every user, by username."""
    return {u: bearer(make_token(database, u, Scope.READ, Scope.WRITE)) for u in USERS}


def plan(**overrides: Any) -> OperationCreate:
    """A running operation (it began an hour ago, it ends in two days) by default."""
    now = utcnow()
    body: dict[str, Any] = {
        "name": "Theseus", "description": "Action days against migrant smuggling",
        "crime_areas": ["migrant_smuggling", "document_fraud"],
        "period_start": (now - timedelta(hours=1)).isoformat(),
        "period_end": (now + timedelta(days=2)).isoformat(), "timezone": "Europe/Sofia",
        "focus": {"categories": ["wanted_for_arrest"]}, "participants": ["RO-POLICE", "RS-NCB"],
    }  # fmt: skip
    body.update(overrides)
    return OperationCreate.model_validate(body)


def create(database: Database, cast: Cast, **overrides: Any) -> str:
    with database.transaction() as session:
        return operations.create_operation(session, cast["coord.bg"], plan(**overrides)).id


def accept(database: Database, cast: Cast, operation_id: str, username: str) -> None:
    with database.transaction() as session:
        operations.accept(session, cast[username], operation_id)


def add_post(
    database: Database, cast: Cast, operation_id: str, agency: str, name: str,
    code: str | None = None, kind: str = "border_crossing",
) -> str:  # fmt: skip
    data = PostIn(agency=agency, name=name, code=code, kind=kind)  # type: ignore[arg-type]
    with database.transaction() as session:
        return operations.add_post(session, cast["coord.bg"], operation_id, data).id


def period(hours_from_now: float, hours: float) -> dict[str, str]:
    start = utcnow() + timedelta(hours=hours_from_now)
    return {"period_start": start.isoformat(),
            "period_end": (start + timedelta(hours=hours)).isoformat()}  # fmt: skip


def keeper(database: Database) -> IndexKeeper:
    kept = IndexKeeper()
    with database.reading() as session:
        kept.build(session)
    return kept


def record(database: Database, cast: Cast, body: dict[str, Any]) -> int:
    with database.transaction() as session:
        return store.create_record(session, cast["dm.at"], NEW.validate_python(body)).id


def check(
    database: Database, kept: IndexKeeper, actor: Actor, body: dict[str, Any]
) -> CheckResponse:
    with database.transaction() as session:
        return checks.check(session, actor, kept, CheckRequest.model_validate(body))


def tallies(database: Database, operation_id: str | None = None) -> dict[tuple[str, ...], int]:
    """Every counter row, as (operation, agency, post name or "-", kind) -> count."""
    from clew.operations.models import Operation

    with database.reading() as session:
        codes = dict(session.execute(select(Agency.id, Agency.code)).all())
        posts = dict(session.execute(select(OperationPost.id, OperationPost.name)).all())
        ops = dict(session.execute(select(Operation.id, Operation.public_id)).all())
        found: dict[tuple[str, ...], int] = {}
        for row in session.execute(select(OperationTally)).scalars():
            if operation_id is not None and ops[row.operation_id] != operation_id:
                continue
            key = (ops[row.operation_id], codes[row.agency_id], posts.get(row.post_id, "-"),
                   row.kind)  # fmt: skip
            found[key] = found.get(key, 0) + row.count
        return {k: n for k, n in found.items() if n}


def moment(hours: float) -> datetime:
    return utcnow() + timedelta(hours=hours)
