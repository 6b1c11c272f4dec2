"""Who is acting: the user, their agency, and what they may do, carried by every service call."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from clew.access.roles import ROLE_PERMISSIONS, SCOPE_PERMISSIONS, Permission, Role, Scope
from clew.errors import ForbiddenError

__all__ = ["Actor", "Channel"]


class Channel(StrEnum):
    WEB = "web"
    API = "api"
    CLI = "cli"


@dataclass(frozen=True, slots=True)
class Actor:
    """The acting identity of one request or command.

    ``agency_id`` is ``None`` only for the local system operator (the CLI run on the server),
    who acts with platform-wide administrator rights. ``scopes`` are those of the API token the
    request came with, or ``None`` for a web session or the console (bounded by the role only).
    """

    user_id: int | None
    username: str
    role: Role
    agency_id: int | None
    agency_code: str | None
    country: str | None
    international: bool
    channel: Channel
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    scopes: frozenset[Scope] | None = None

    @classmethod
    def for_user(
        cls,
        *,
        user_id: int,
        username: str,
        role: Role,
        agency_id: int,
        agency_code: str,
        country: str,
        international: bool,
        channel: Channel,
        scopes: frozenset[Scope] | None = None,
    ) -> Actor:
        permissions = ROLE_PERMISSIONS[role]
        if scopes is not None:
            allowed: set[Permission] = {Permission.MANAGE_OWN_TOKENS}
            for scope in scopes:
                allowed |= SCOPE_PERMISSIONS[scope]
            permissions = permissions & frozenset(allowed)
        return cls(
            user_id=user_id,
            username=username,
            role=role,
            agency_id=agency_id,
            agency_code=agency_code,
            country=country,
            international=international,
            channel=channel,
            permissions=permissions,
            scopes=scopes,
        )

    @classmethod
    def system(cls) -> Actor:
        """The operator at the server's console (``clew ...``)."""
        return cls(
            user_id=None,
            username="system",
            role=Role.ADMINISTRATOR,
            agency_id=None,
            agency_code=None,
            country=None,
            international=True,
            channel=Channel.CLI,
            permissions=frozenset(Permission),
        )

    @classmethod
    def operator_for(
        cls, *, agency_id: int, agency_code: str, country: str, international: bool
    ) -> Actor:
        """The operator at the console acting for one agency (imports, the synthetic world)."""
        return cls(
            user_id=None,
            username="system",
            role=Role.DATA_MANAGER,
            agency_id=agency_id,
            agency_code=agency_code,
            country=country,
            international=international,
            channel=Channel.CLI,
            permissions=frozenset(Permission),
        )

    @property
    def platform_wide(self) -> bool:
        """Administrators and auditors of the international body see across agencies."""
        return self.agency_id is None or self.international

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if permission not in self.permissions:
            raise ForbiddenError("You are not allowed to do this.")
