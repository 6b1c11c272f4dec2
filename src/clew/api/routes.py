"""Routes of ``/api/v1``. Each parses, calls one service function and shapes the answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field
from sqlalchemy import text

from clew import __version__
from clew.access import agencies, anchors, audit, tokens, users
from clew.access.models import ApiToken
from clew.access.roles import Role, Scope
from clew.access.schemas import (
    AgencyCreate,
    AgencyPublic,
    AgencyUpdate,
    AuditEntryPublic,
    Page,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from clew.api.deps import ActorDep, Id, Limit, Offset, SessionDep
from clew.api.downloads import MEDIA_TYPES, attachment
from clew.api.errors import RETRY_AFTER_SECONDS
from clew.screening.sync import IndexKeeper
from clew.storage import Database

__all__ = ["router"]

router = APIRouter(prefix="/api/v1")

Text = Annotated[str | None, Query(max_length=200)]


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"]
    version: str
    database: Literal["ok", "unreachable"]
    index: Literal["built", "building"]


class Me(BaseModel):
    username: str
    agency_code: str | None
    country: str | None
    role: Role
    permissions: list[str]


class AuditVerification(BaseModel):
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None
    problem: str | None
    message: str
    anchors: int = Field(description="Signed anchors checked against the chain")


@router.get("/health/live", tags=["system"])
def live() -> Health:
    """Liveness: the process is up and answering. Says nothing of the database."""
    return Health(status="ok", version=__version__)


def _database_answers(database: Database) -> bool:
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure to answer means not ready; the probe must not raise
        return False
    return True


_NOT_READY: dict[int | str, dict[str, Any]] = {
    503: {"model": Readiness, "description": "Not ready: see `database` and `index`"}
}


@router.get("/health/ready", tags=["system"], response_model=Readiness, responses=_NOT_READY)
def ready(request: Request) -> Readiness | JSONResponse:
    """Readiness: the database answers and the screening index is built. Otherwise 503 with
    ``Retry-After``: send no traffic here yet."""
    database: Database = request.app.state.database
    keeper: IndexKeeper = request.app.state.index
    answer = Readiness(
        status="ok", version=__version__,
        database="ok" if _database_answers(database) else "unreachable",
        index="built" if keeper.built else "building",
    )  # fmt: skip
    if answer.database == "ok" and answer.index == "built":
        return answer
    answer.status = "unavailable"
    return JSONResponse(
        answer.model_dump(), status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


@router.get("/health", tags=["system"], response_model=Readiness, responses=_NOT_READY)
def health(request: Request) -> Readiness | JSONResponse:
    """The same as ``/health/ready`` (kept for existing probes): 200 only when Clew can serve
    checks. Use ``/health/live`` to ask only whether the process is up."""
    return ready(request)


@router.get("/me", tags=["access"])
def me(actor: ActorDep) -> Me:
    return Me(
        username=actor.username,
        agency_code=actor.agency_code,
        country=actor.country,
        role=actor.role,
        permissions=sorted(actor.permissions),
    )


@router.get("/agencies", tags=["access"])
def list_agencies(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    country: Annotated[str | None, Query(max_length=2)] = None,
) -> Page[AgencyPublic]:  # fmt: skip
    rows, total = agencies.list_agencies(
        session, actor, limit=limit, offset=offset, country=country
    )
    items = [AgencyPublic.model_validate(a) for a in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/agencies", status_code=201, tags=["access"])
def create_agency(session: SessionDep, actor: ActorDep, data: AgencyCreate) -> AgencyPublic:
    return AgencyPublic.model_validate(agencies.create_agency(session, actor, data))


@router.get("/agencies/{agency_id}", tags=["access"])
def get_agency(session: SessionDep, actor: ActorDep, agency_id: Id) -> AgencyPublic:
    return AgencyPublic.model_validate(agencies.get_agency(session, actor, agency_id))


@router.patch("/agencies/{agency_id}", tags=["access"])
def update_agency(
    session: SessionDep, actor: ActorDep, agency_id: Id, data: AgencyUpdate
) -> AgencyPublic:
    return AgencyPublic.model_validate(agencies.update_agency(session, actor, agency_id, data))


@router.get("/users", tags=["access"])
def list_users(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    q: Text = None, agency: Annotated[str | None, Query(max_length=32)] = None,
    role: Role | None = None,
) -> Page[UserPublic]:  # fmt: skip
    rows, total = users.list_users(
        session, actor, limit=limit, offset=offset, text=q, agency_code=agency, role=role
    )
    return Page(items=[users.public(u) for u in rows], total=total, limit=limit, offset=offset)


@router.post("/users", status_code=201, tags=["access"])
def create_user(session: SessionDep, actor: ActorDep, data: UserCreate) -> UserPublic:
    return users.public(users.create_user(session, actor, data))


@router.get("/users/{user_id}", tags=["access"])
def get_user(session: SessionDep, actor: ActorDep, user_id: Id) -> UserPublic:
    return users.public(users.get_user(session, actor, user_id))


@router.patch("/users/{user_id}", tags=["access"])
def update_user(session: SessionDep, actor: ActorDep, user_id: Id, data: UserUpdate) -> UserPublic:
    return users.public(users.update_user(session, actor, user_id, data))


@router.get("/tokens", tags=["tokens"])
def list_tokens(session: SessionDep, actor: ActorDep) -> list[TokenPublic]:
    return [_public_token(t) for t in tokens.list_tokens(session, actor)]


@router.post("/tokens", status_code=201, tags=["tokens"])
def create_token(session: SessionDep, actor: ActorDep, data: TokenCreate) -> TokenCreated:
    token, secret = tokens.create_token(session, actor, data)
    return TokenCreated(**_public_token(token).model_dump(), token=secret)


@router.delete("/tokens/{token_id}", status_code=204, tags=["tokens"])
def revoke_token(session: SessionDep, actor: ActorDep, token_id: Id) -> Response:
    tokens.revoke_token(session, actor, token_id)
    return Response(status_code=204)


def _public_token(token: ApiToken) -> TokenPublic:
    return TokenPublic(
        id=token.id, name=token.name, prefix=token.prefix,
        scopes=[Scope(s) for s in token.scopes.split()], created_at=token.created_at,
        expires_at=token.expires_at, last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )  # fmt: skip


def _audit_filter(
    username: str | None, agency: str | None, action: str | None,
    since: datetime | None, until: datetime | None, q: str | None,
) -> audit.AuditFilter:  # fmt: skip
    return audit.AuditFilter(
        username=username, agency_code=agency, action=action, since=since, until=until, text=q
    )


@router.get("/audit", tags=["audit"])
def list_audit(
    session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
    username: Text = None, agency: Text = None, action: Text = None,
    since: datetime | None = None, until: datetime | None = None, q: Text = None,
) -> Page[AuditEntryPublic]:  # fmt: skip
    flt = _audit_filter(username, agency, action, since, until, q)
    rows, total = audit.list_entries(session, actor, flt, limit=limit, offset=offset)
    items = [AuditEntryPublic(**audit.entry_row(r)) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/audit/export", tags=["audit"], response_class=PlainTextResponse,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
)  # fmt: skip
def export_audit(
    session: SessionDep, actor: ActorDep, format: Literal["csv", "jsonl"] = "csv",
    username: Text = None, agency: Text = None, action: Text = None,
    since: datetime | None = None, until: datetime | None = None, q: Text = None,
) -> Response:  # fmt: skip
    flt = _audit_filter(username, agency, action, since, until, q)
    body = audit.export(session, actor, flt, format)
    return attachment(body, MEDIA_TYPES[format], f"clew-audit.{format}")


@router.post("/audit/verify", tags=["audit"])
def verify_audit(request: Request, session: SessionDep, actor: ActorDep) -> AuditVerification:
    """Walk the chain and check it against the signed anchors (the verification is audited)."""
    settings = request.app.state.settings
    evidence = anchors.evidence(settings.audit_key_file, settings.audit_anchor_file)
    result = audit.verify_recorded(session, actor, **evidence)
    return AuditVerification(
        ok=result.ok, checked=result.checked, head_seq=result.head_seq,
        head_hash=result.head_hash, first_bad_seq=result.first_bad_seq,
        problem=result.problem, message=result.message, anchors=result.anchors,
    )  # fmt: skip
