"""API tokens: created by a user for themselves, scoped, revocable, stored only as a hash.

A token looks like ``clew_<8 chars>_<43 chars>``; the first part is a display prefix, the whole
string is hashed with SHA-256 (the secret is 256 random bits, so a slow hash adds nothing).

A new token's scopes stay within what its creator holds: the scopes the owner's role may use
(``roles.role_scopes``) and, when a token creates it, that token's own scopes. A user sees and
revokes only their own tokens; the operator at the console sees and revokes everyone's.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor, Channel
from clew.access.models import Agency, ApiToken, User
from clew.access.roles import Permission, Role, Scope, role_scopes
from clew.access.schemas import TokenCreate
from clew.errors import AuthenticationError, NotFoundError, ValidationError
from clew.storage import utcnow
from clew.storage.database import after_read

__all__ = [
    "TokenStatus",
    "authenticate",
    "create_token",
    "list_tokens",
    "revoke_token",
    "status",
    "token_hash",
]

PREFIX = "clew_"
#: A token's last use is written at most once a minute: a read stays a read.
LAST_USED_GRAIN = timedelta(minutes=1)


class TokenStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def status(token: ApiToken) -> TokenStatus:
    if token.revoked_at is not None:
        return TokenStatus.REVOKED
    return TokenStatus.EXPIRED if token.expires_at <= utcnow() else TokenStatus.ACTIVE


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _check_scopes(actor: Actor, wanted: list[Scope]) -> None:
    """Refuse, by name, every scope beyond the actor's role or the token it acts with."""
    held = role_scopes(actor.role)
    if actor.scopes is not None:
        held &= actor.scopes
    refused = sorted({s.value for s in wanted} - {s.value for s in held})
    if refused:
        raise ValidationError.field(
            "scopes", f"beyond your role or the token you use: {', '.join(refused)}"
        )


def create_token(session: Session, actor: Actor, data: TokenCreate) -> tuple[ApiToken, str]:
    actor.require(Permission.MANAGE_OWN_TOKENS)
    if actor.user_id is None:
        raise NotFoundError("Tokens belong to users; the system operator has none.")
    _check_scopes(actor, data.scopes)
    prefix = secrets.token_hex(4)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user_id=actor.user_id,
        name=data.name,
        prefix=f"{PREFIX}{prefix}",
        token_hash=token_hash(secret),
        scopes=" ".join(sorted({s.value for s in data.scopes})),
        expires_at=utcnow() + timedelta(days=data.expires_in_days),
    )
    session.add(token)
    session.flush()
    audit.record(
        session, actor, "token.create", target=f"token:{token.id}",
        query={"name": data.name, "scopes": token.scopes, "days": data.expires_in_days},
        result_ids=[token.id],
    )  # fmt: skip
    return token, secret


def _reach(actor: Actor) -> Select[ApiToken]:
    """The tokens the actor manages: their own, or every one for the console operator."""
    actor.require(Permission.MANAGE_OWN_TOKENS)
    stmt = select(ApiToken)
    if actor.user_id is not None or actor.agency_id is not None:
        stmt = stmt.where(ApiToken.user_id == actor.user_id)
    return stmt


def list_tokens(session: Session, actor: Actor, *, user_id: int | None = None) -> list[ApiToken]:
    """Newest first; ``user_id`` narrows the operator's list to one user."""
    stmt = _reach(actor)
    if user_id is not None:
        stmt = stmt.where(ApiToken.user_id == user_id)
    return list(session.execute(stmt.order_by(ApiToken.id.desc())).scalars())


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    token = session.execute(_reach(actor).where(ApiToken.id == token_id)).scalar_one_or_none()
    if token is None:
        raise NotFoundError("Token not found.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    audit.record(session, actor, "token.revoke", target=f"token:{token.id}", result_ids=[token.id])
    return token


def _mark_used(session: Session, token_id: int, at: datetime) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=at))


#: The token and who it speaks for, in one plain read (no ORM objects): every API request
#: pays it.
_BEARER = (
    select(ApiToken.id, ApiToken.scopes, ApiToken.expires_at, ApiToken.revoked_at,
           ApiToken.last_used_at, User.id.label("user_id"), User.username, User.role,
           User.active, User.agency_id, Agency.code, Agency.country,
           Agency.is_international.label("international"),
           Agency.active.label("agency_active"))
    .join(User, User.id == ApiToken.user_id)
    .join(Agency, Agency.id == User.agency_id)
    .where(ApiToken.token_hash == bindparam("hash"))
)  # fmt: skip


def authenticate(session: Session, secret: str) -> Actor:
    """The actor a bearer token speaks for. Any failure is the same 401."""
    invalid = AuthenticationError("Invalid or expired token.")
    if not secret.startswith(PREFIX) or len(secret) > 200:
        raise invalid
    row = session.execute(_BEARER, {"hash": token_hash(secret)}).first()
    now = utcnow()
    if (
        row is None
        or row.revoked_at is not None
        or row.expires_at <= now
        or not row.active
        or not row.agency_active
    ):
        raise invalid
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_GRAIN:
        token_id = row.id
        after_read(session, lambda writer: _mark_used(writer, token_id, now))
    return Actor.for_user(
        user_id=row.user_id, username=row.username, role=Role(row.role),
        agency_id=row.agency_id, agency_code=row.code, country=row.country,
        international=bool(row.international), channel=Channel.API,
        scopes=frozenset(Scope(s) for s in row.scopes.split()),
    )  # fmt: skip
