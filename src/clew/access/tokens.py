"""API tokens: created by a user for themselves, scoped, revocable, stored only as a hash.

A token looks like ``clew_<8 chars>_<43 chars>``; the first part is a display prefix, the whole
string is hashed with SHA-256 (the secret is 256 random bits, so a slow hash adds nothing).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor, Channel
from clew.access.models import ApiToken
from clew.access.roles import Permission, Scope
from clew.access.schemas import TokenCreate
from clew.errors import AuthenticationError, NotFoundError
from clew.storage import utcnow

__all__ = ["authenticate", "create_token", "list_tokens", "revoke_token", "token_hash"]

PREFIX = "clew_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(session: Session, actor: Actor, data: TokenCreate) -> tuple[ApiToken, str]:
    actor.require(Permission.MANAGE_OWN_TOKENS)
    if actor.user_id is None:
        raise NotFoundError("Tokens belong to users; the system operator has none.")
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


def list_tokens(session: Session, actor: Actor) -> list[ApiToken]:
    actor.require(Permission.MANAGE_OWN_TOKENS)
    return list(
        session.execute(
            select(ApiToken).where(ApiToken.user_id == actor.user_id).order_by(ApiToken.id.desc())
        ).scalars()
    )


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    actor.require(Permission.MANAGE_OWN_TOKENS)
    token = session.execute(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == actor.user_id)
    ).scalar_one_or_none()
    if token is None:
        raise NotFoundError("Token not found.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    audit.record(session, actor, "token.revoke", target=f"token:{token.id}", result_ids=[token.id])
    return token


def authenticate(session: Session, secret: str) -> Actor:
    """The actor a bearer token speaks for. Any failure is the same 401."""
    invalid = AuthenticationError("Invalid or expired token.")
    if not secret.startswith(PREFIX) or len(secret) > 200:
        raise invalid
    token = session.execute(
        select(ApiToken).where(ApiToken.token_hash == token_hash(secret))
    ).scalar_one_or_none()
    now = utcnow()
    if (
        token is None
        or token.revoked_at is not None
        or token.expires_at <= now
        or not token.user.active
        or not token.user.agency.active
    ):
        raise invalid
    token.last_used_at = now
    return token.user.actor(Channel.API, frozenset(Scope(s) for s in token.scopes.split()))
