"""Input and output models of the access domain (API and service edges).

Inputs forbid unknown fields and bound every string, so a typo or an oversized value gets a
clear validation error instead of being silently dropped or stored.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from clew.access.roles import OrganisationType, Role, Scope

__all__ = [
    "AgencyCreate",
    "AgencyPublic",
    "AgencyUpdate",
    "AuditEntryPublic",
    "Input",
    "Page",
    "TokenCreate",
    "TokenCreated",
    "TokenPublic",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
]

_USERNAME = re.compile(r"[a-z0-9._-]{3,64}")
_AGENCY_CODE = re.compile(r"[A-Z0-9-]{2,32}")


def _username(value: str) -> str:
    value = value.strip().lower()
    if not _USERNAME.fullmatch(value):
        raise ValueError("use 3 to 64 letters a-z, digits, dots, dashes or underscores")
    return value


def _agency_code(value: str) -> str:
    value = value.strip().upper()
    if not _AGENCY_CODE.fullmatch(value):
        raise ValueError("use 2 to 32 letters A-Z, digits or dashes")
    return value


Username = Annotated[str, StringConstraints(max_length=100), AfterValidator(_username)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
AgencyCode = Annotated[str, StringConstraints(max_length=100), AfterValidator(_agency_code)]
Country = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=2)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]
Locale = Literal["en", "vi", "lv", "bg"]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
]


class Input(BaseModel):
    """Base of every input model in Clew: an unknown field is an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class AgencyCreate(Input):
    code: AgencyCode
    name: Name
    country: Country
    kind: OrganisationType


class AgencyUpdate(Input):
    name: Name | None = None
    kind: OrganisationType | None = None
    active: bool | None = None


class AgencyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    country: str
    kind: OrganisationType
    active: bool


class UserCreate(Input):
    username: Username
    full_name: Name
    agency_code: AgencyCode
    role: Role
    password: Password
    email: Email | None = None
    locale: Locale = "en"
    totp_required: bool = False


class UserUpdate(Input):
    full_name: Name | None = None
    email: Email | None = None
    role: Role | None = None
    active: bool | None = None
    totp_required: bool | None = None
    locale: Locale | None = None
    password: Password | None = None


class UserPublic(BaseModel):
    id: int
    username: str
    full_name: str
    email: str | None
    agency_code: str
    role: Role
    active: bool
    second_factor_required: bool
    second_factor_enrolled: bool
    locale: str
    created_at: datetime


class TokenCreate(Input):
    name: Name
    scopes: list[Scope] = Field(min_length=1, max_length=len(Scope))
    expires_in_days: int = Field(default=90, ge=1, le=365)


class TokenPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    scopes: list[Scope]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="The secret. Shown once; Clew stores only its hash.")


class AuditEntryPublic(BaseModel):
    seq: int
    at: str
    username: str
    agency_code: str | None
    channel: str
    action: str
    target: str | None
    query: dict[str, object]
    result_ids: list[str]
    outcome: str
    prev_hash: str
    hash: str


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
