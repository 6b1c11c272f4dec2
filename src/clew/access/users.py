"""Users: created and managed by administrators, within their agency unless platform-wide.

A user outside an administrator's reach behaves as if it did not exist (not found), and so
does a username: see :func:`qualified_username`.
"""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from clew.access import audit, passwords
from clew.access.actor import Actor
from clew.access.agencies import get_agency_by_code
from clew.access.models import Agency, User, WebSession
from clew.access.roles import Permission, Role
from clew.access.schemas import UserCreate, UserPublic, UserUpdate
from clew.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from clew.storage import utcnow

__all__ = [
    "create_user",
    "get_user",
    "list_users",
    "public",
    "qualified_username",
    "update_user",
]


def public(user: User) -> UserPublic:
    return UserPublic(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        email=user.email,
        agency_code=user.agency.code,
        role=Role(user.role),
        active=user.active,
        second_factor_required=user.needs_second_factor,
        second_factor_enrolled=user.totp_confirmed,
        locale=user.locale,
        created_at=user.created_at,
    )


def _visible(actor: Actor) -> Select[User]:
    actor.require(Permission.MANAGE_USERS)
    stmt = select(User)
    if not actor.platform_wide:
        stmt = stmt.where(User.agency_id == actor.agency_id)
    return stmt


def _check_reach(actor: Actor, agency_id: int) -> None:
    if actor.platform_wide:
        return
    if agency_id != actor.agency_id:
        raise ForbiddenError("You can only manage users of your own agency.")


def qualified_username(actor: Actor, agency: Agency, username: str) -> str:
    """The username a new user of ``agency`` gets when ``actor`` asks for ``username``.

    - A username may end with ``@`` and an agency's code in lower case; it must then be the
      new user's own agency (``petrov@bg-ncb`` is a BG-NCB user), whoever creates it.
    - An administrator who is not platform-wide always creates qualified names: the suffix is
      added when absent. So "taken" can only name a user of their own agency, whom they can
      list anyway, never one of another agency.
    - A platform-wide administrator (and the console) may also create unqualified names; the
      names made before qualification, the demo's among them, keep working unchanged.
    - The whole name stays within 64 characters.
    """
    suffix = f"@{agency.code.lower()}"
    local, at, qualifier = username.partition("@")
    if at and qualifier != agency.code.lower():
        raise ValidationError.field("username", f"must end with {suffix}, the user's agency")
    if not at and not actor.platform_wide:
        username = local + suffix
    if len(username) > 64:
        raise ValidationError.field(
            "username", f"at most 64 characters with {suffix}: shorten the name"
        )
    return username


def create_user(session: Session, actor: Actor, data: UserCreate) -> User:
    actor.require(Permission.MANAGE_USERS)
    agency = get_agency_by_code(session, data.agency_code)
    _check_reach(actor, agency.id)
    username = qualified_username(actor, agency, data.username)
    passwords.check_rule(data.password)
    if session.execute(select(User.id).where(User.username == username)).first():
        raise ConflictError(f"The username {username} is taken.")
    user = User(
        username=username,
        full_name=data.full_name,
        email=data.email,
        agency_id=agency.id,
        role=data.role,
        password_hash=passwords.hash_password(data.password),
        totp_required=data.totp_required,
        locale=data.locale,
        active=True,
    )
    session.add(user)
    session.flush()
    audit.record(
        session, actor, "user.create", target=f"user:{user.id}",
        query=data.model_dump(mode="json", exclude={"password"}), result_ids=[user.id],
    )  # fmt: skip
    return user


def list_users(
    session: Session,
    actor: Actor,
    *,
    limit: int,
    offset: int,
    text: str | None = None,
    agency_code: str | None = None,
    role: Role | None = None,
) -> tuple[list[User], int]:
    stmt = _visible(actor)
    if text:
        like = f"%{text.strip().lower()}%"
        stmt = stmt.where(or_(User.username.like(like), func.lower(User.full_name).like(like)))
    if agency_code:
        stmt = stmt.where(User.agency_id == get_agency_by_code(session, agency_code).id)
    if role:
        stmt = stmt.where(User.role == role)
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = list(session.execute(stmt.order_by(User.username).limit(limit).offset(offset)).scalars())
    audit.record(
        session, actor, "user.search",
        query={"text": text, "agency_code": agency_code, "role": role, "offset": offset},
        result_ids=[u.id for u in rows],
    )  # fmt: skip
    return rows, total


def get_user(session: Session, actor: Actor, user_id: int) -> User:
    user = session.execute(_visible(actor).where(User.id == user_id)).scalar_one_or_none()
    if user is None:
        raise NotFoundError("User not found.")
    audit.record(session, actor, "user.view", target=f"user:{user.id}", result_ids=[user.id])
    return user


def update_user(session: Session, actor: Actor, user_id: int, data: UserUpdate) -> User:
    user = session.execute(_visible(actor).where(User.id == user_id)).scalar_one_or_none()
    if user is None:
        raise NotFoundError("User not found.")
    changes = data.model_dump(exclude_unset=True, mode="json")
    _check_reach(actor, user.agency_id)
    if user.id == actor.user_id and changes.get("active") is False:
        raise ForbiddenError("You cannot deactivate your own account.")
    password = changes.pop("password", None)
    if password is not None:
        passwords.check_rule(password)
        user.password_hash = passwords.hash_password(password)
        user.password_changed_at = utcnow()
    for key, value in changes.items():
        if value is not None or key == "email":
            setattr(user, key, value)
    if password is not None or changes.get("active") is False:
        # A new password or a deactivation ends every open web session of that user.
        session.query(WebSession).filter(WebSession.user_id == user.id).delete()
    session.flush()
    logged = dict(changes) | ({"password": "(changed)"} if password is not None else {})
    audit.record(
        session, actor, "user.update", target=f"user:{user.id}", query=logged,
        result_ids=[user.id],
    )  # fmt: skip
    return user
