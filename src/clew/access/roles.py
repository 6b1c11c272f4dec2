"""Roles, permissions and token scopes: who may do what, in one table.

A user's role grants permissions; an API token's scopes narrow them further. Services ask
``actor.require(Permission.X)``; no route or template decides access on its own.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ROLE_PERMISSIONS",
    "SCOPE_PERMISSIONS",
    "OrganisationType",
    "Permission",
    "Role",
    "Scope",
    "role_scopes",
]


class Role(StrEnum):
    OFFICER = "officer"
    ANALYST = "analyst"
    LIAISON_OFFICER = "liaison_officer"
    COORDINATOR = "coordinator"
    DATA_MANAGER = "data_manager"
    ADMINISTRATOR = "administrator"
    AUDITOR = "auditor"

    @property
    def needs_second_factor(self) -> bool:
        """Administrators and auditors always log in with a TOTP second factor."""
        return self in (Role.ADMINISTRATOR, Role.AUDITOR)


class OrganisationType(StrEnum):
    NATIONAL_CENTRAL_BUREAU = "national_central_bureau"
    POLICE = "police"
    BORDER_GUARD = "border_guard"
    CUSTOMS = "customs"
    FINANCIAL_INTELLIGENCE_UNIT = "financial_intelligence_unit"
    LIAISON_OFFICE = "liaison_office"
    INTERNATIONAL_BODY = "international_body"


class Permission(StrEnum):
    VIEW_DIRECTORY = "directory:view"
    MANAGE_OWN_TOKENS = "tokens:own"
    MANAGE_USERS = "users:manage"
    MANAGE_AGENCIES = "agencies:manage"
    READ_AUDIT = "audit:read"
    READ_RECORDS = "records:read"
    WRITE_RECORDS = "records:write"
    CHECK = "screening:check"
    READ_INTEL = "intel:read"
    WRITE_INTEL = "intel:write"
    MANAGE_REFERENCE = "reference:manage"
    WRITE_TRACES = "traces:write"  # open, answer, refuse and comment on firearm traces
    READ_EXCHANGE = "exchange:read"  # read the cases and messages addressed to one's agency
    WRITE_EXCHANGE = "exchange:write"  # open cases, send messages and requests, answer them
    COORDINATE_OPERATIONS = "operations:coordinate"  # plan, run and publish joint operations
    REPORT_RESULTS = "operations:report"  # report arrests, seizures... in an operation


_EVERYONE = {Permission.VIEW_DIRECTORY, Permission.MANAGE_OWN_TOKENS}
_OPERATIONAL = _EVERYONE | {Permission.READ_RECORDS, Permission.CHECK}
_ANALYTICAL = _OPERATIONAL | {Permission.READ_INTEL, Permission.WRITE_INTEL}

# Traces are read by whoever reads records in an addressed or requesting agency; opened and
# answered by the investigators and the registers' keepers (officers, analysts, data managers).
# The liaison exchange is the liaison officers' (and the SPOC desks'); analysts and coordinators
# take part in cases too, and read what was exchanged for their files.
_EXCHANGE = {Permission.READ_EXCHANGE, Permission.WRITE_EXCHANGE}
# Joint operations are planned by coordinators; every operational role reports field results.
_REPORT = {Permission.REPORT_RESULTS}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(_OPERATIONAL | {Permission.WRITE_TRACES} | _REPORT),
    Role.ANALYST: frozenset(_ANALYTICAL | {Permission.WRITE_TRACES} | _EXCHANGE | _REPORT),
    Role.LIAISON_OFFICER: frozenset(_OPERATIONAL | _EXCHANGE | _REPORT),
    Role.COORDINATOR: frozenset(
        _ANALYTICAL | _EXCHANGE | _REPORT | {Permission.COORDINATE_OPERATIONS}
    ),
    Role.DATA_MANAGER: frozenset(
        _OPERATIONAL | {Permission.WRITE_RECORDS, Permission.WRITE_TRACES} | _REPORT
    ),
    Role.ADMINISTRATOR: frozenset(
        _EVERYONE
        | {Permission.MANAGE_USERS, Permission.MANAGE_AGENCIES, Permission.MANAGE_REFERENCE}
    ),
    Role.AUDITOR: frozenset(_EVERYONE | {Permission.READ_AUDIT}),
}


class Scope(StrEnum):
    """What an API token may be used for, on top of what its owner's role allows."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"
    AUDIT = "audit"


SCOPE_PERMISSIONS: dict[Scope, frozenset[Permission]] = {
    Scope.READ: frozenset(
        {
            Permission.VIEW_DIRECTORY,
            Permission.READ_RECORDS,
            Permission.CHECK,
            Permission.READ_INTEL,
            Permission.READ_EXCHANGE,
        }
    ),
    Scope.WRITE: frozenset(
        {
            Permission.WRITE_RECORDS,
            Permission.WRITE_INTEL,
            Permission.WRITE_TRACES,
            Permission.WRITE_EXCHANGE,
            Permission.COORDINATE_OPERATIONS,
            Permission.REPORT_RESULTS,
        }
    ),
    Scope.ADMIN: frozenset(
        {Permission.MANAGE_USERS, Permission.MANAGE_AGENCIES, Permission.MANAGE_REFERENCE}
    ),
    Scope.AUDIT: frozenset({Permission.READ_AUDIT}),
}


def role_scopes(role: Role) -> frozenset[Scope]:
    """The scopes a user of ``role`` may put on a token: those that grant the role something.

    ``read`` is open to every role (it carries the directory); ``write``, ``admin`` and ``audit``
    only to roles holding one of their permissions, so an officer's ``admin`` token, which
    could do nothing, is refused rather than issued.
    """
    permissions = ROLE_PERMISSIONS[role]
    return frozenset(s for s in Scope if SCOPE_PERMISSIONS[s] & permissions)
