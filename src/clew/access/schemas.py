"""Input and output models of the access domain (API and service edges).

Inputs forbid unknown fields and bound every string, so a typo or an oversized value gets a
clear validation error instead of being silently dropped or stored.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from clew.access.roles import OrganisationType, Role, Scope

__all__ = [
    "AgencyCreate",
    "AgencyPublic",
    "AgencyUpdate",
    "AuditEntryPublic",
    "Input",
    "NotNull",
    "Page",
    "TokenCreate",
    "TokenCreated",
    "TokenPublic",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
]

#: A sign-in name, optionally qualified with its agency's code: ``petrov`` or ``petrov@bg-ncb``
#: (see ``users.qualified_username``); 64 characters at most in all.
_USERNAME = re.compile(r"[a-z0-9._-]{3,64}(@[a-z0-9-]{2,32})?")
_AGENCY_CODE = re.compile(r"[A-Z0-9-]{2,32}")


def _username(value: str) -> str:
    value = value.strip().lower()
    if not _USERNAME.fullmatch(value) or len(value) > 64:
        raise ValueError(
            "use 3 to 64 letters a-z, digits, dots, dashes or underscores, "
            "optionally followed by @ and the agency's code"
        )
    return value


def _agency_code(value: str) -> str:
    value = value.strip().upper()
    if not _AGENCY_CODE.fullmatch(value):
        raise ValueError("use 2 to 32 letters A-Z, digits or dashes")
    return value


# The schema patterns say what the validators accept (before they strip and fold case), so the
# OpenAPI document and the answers agree.
Username = Annotated[
    str,
    StringConstraints(
        max_length=100, pattern=r"^\s*[A-Za-z0-9._-]{3,64}(@[A-Za-z0-9-]{2,32})?\s*$"
    ),
    AfterValidator(_username),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
AgencyCode = Annotated[
    str,
    StringConstraints(max_length=100, pattern=r"^\s*[A-Za-z0-9-]{2,32}\s*$"),
    AfterValidator(_agency_code),
]
Country = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\s*[A-Za-z]{2}\s*$"),
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]
Locale = Literal["en", "vi", "lv", "bg"]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
]

Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40, pattern=r"^\+?[0-9 ()./-]{3,40}$")
]
Desk = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("may be left out but not null")
    return value


class _NotNull(AfterValidator):
    """An update field that may be left out but not set to null: its column has no empty value.

    The schema drops ``null`` from the field's ``anyOf`` so the OpenAPI document says so too.
    """

    def __init__(self) -> None:
        super().__init__(_refuse_null)

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        branches = [b for b in schema.get("anyOf", []) if b.get("type") != "null"]
        if len(branches) == 1:
            rest = {k: v for k, v in schema.items() if k != "anyOf"}
            return {**branches[0], **rest}
        return schema


#: Marks ``field: Annotated[T | None, NotNull] = None`` in an update model.
NotNull = _NotNull()


class Input(BaseModel):
    """Base of every input model in Clew: an unknown field is an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class AgencyCreate(Input):
    code: AgencyCode
    name: Name
    country: Country
    kind: OrganisationType
    desk: Desk | None = Field(None, description="The 24/7 desk a checking officer calls")
    phone: Phone | None = None
    email: Email | None = None


class AgencyUpdate(Input):
    name: Annotated[Name | None, NotNull] = None
    kind: Annotated[OrganisationType | None, NotNull] = None
    active: Annotated[bool | None, NotNull] = None
    desk: Desk | None = None
    phone: Phone | None = None
    email: Email | None = None


class AgencyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    country: str
    kind: OrganisationType
    active: bool
    desk: str | None = None
    phone: str | None = None
    email: str | None = None


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
