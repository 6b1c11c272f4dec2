"""Input and output models of requests for information and Single Points of Contact (API, CLI
and web share them).

Inputs forbid unknown fields and bound every string. ``RequestCreate`` names an existing case
*or* a new one (exactly one), refuses an urgent request without its reason and a broadcast to
more than :data:`MAX_ADDRESSED` agencies; ``RefusalIn`` needs a note when the reason is
*other*.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, ValidationInfo, field_validator

from clew.access.schemas import Input
from clew.exchange.kinds import (
    CrimeArea,
    HandlingCode,
    MessageKind,
    RefusalReason,
    RequestStatus,
    Urgency,
)
from clew.exchange.schemas import EntityIn, ItemIn, Language, MessageText, Subject
from clew.screening.models import PUBLIC_ID_PATTERN

__all__ = [
    "MAX_ADDRESSED",
    "AgencyCode",
    "AnswerIn",
    "NewCase",
    "RecipientPublic",
    "RefusalIn",
    "ReminderIn",
    "ReplyRef",
    "RequestCreate",
    "RequestPublic",
    "RequestRef",
    "RequestSummary",
    "RoutingIn",
    "SpocPublic",
    "SpocSet",
]

MAX_ADDRESSED = 40
"""Agencies one request may be broadcast to at once."""

RequestRef = Annotated[
    str, StringConstraints(min_length=1, max_length=40, pattern=PUBLIC_ID_PATTERN)
]
"""A request's public id (the public id of its request message) as a caller gives it."""

AgencyCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9-]{2,32}$")
]
Text500 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Text1000 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]
Desk = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class NewCase(Input):
    """A case opened by the request itself."""

    subject: Subject
    crime_area: CrimeArea


class RequestCreate(Input):
    """A request for information to one or several agencies (a broadcast), in a case."""

    case: RequestRef | None = Field(default=None, description="An existing case's public id")
    new_case: NewCase | None = Field(
        default=None, validate_default=True, description="Or a new case to open for it"
    )
    to: list[AgencyCode] = Field(
        min_length=1, max_length=MAX_ADDRESSED, description="Codes of the agencies asked"
    )
    question: Question = Field(description="What is asked")
    about: Text500 = Field(description="About whom or what")
    legal_basis: Text500
    purpose: Text1000 | None = None
    urgency: Urgency = Urgency.NON_URGENT
    directly_accessible: bool = Field(
        default=False, description="The asked agency reaches the data directly in its databases"
    )
    urgency_reason: Text1000 | None = Field(
        default=None, validate_default=True, description="Required when urgent"
    )
    subject: Subject
    body: MessageText | None = Field(default=None, description="Free text beside the question")
    language: Language = Field(description="The language the request is written in")
    handling_code: HandlingCode = HandlingCode.H0
    handling_note: Text1000 | None = None
    items: list[ItemIn] = Field(default_factory=list, max_length=200)
    entities: list[EntityIn] = Field(default_factory=list, max_length=500)

    @field_validator("new_case")
    @classmethod
    def _one_case(cls, value: NewCase | None, info: ValidationInfo) -> NewCase | None:
        if "case" in info.data and (info.data["case"] is None) == (value is None):
            raise ValueError("give the case (an existing case's id) or new_case, exactly one")
        return value

    @field_validator("urgency_reason")
    @classmethod
    def _reason_when_urgent(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("urgency") is Urgency.URGENT and not value:
            raise ValueError("an urgent request needs its reason")
        return value


class RoutingIn(Input):
    """The receiving agency gives the request to a desk, optionally of another agency of its
    country (which then holds the request and may answer it)."""

    desk: Desk
    agency: AgencyCode | None = Field(default=None, description="An agency of the same country")


class AnswerIn(Input):
    kind: Literal[MessageKind.ANSWER, MessageKind.PARTIAL_ANSWER] = MessageKind.ANSWER
    subject: Subject | None = Field(default=None, description="Default: Re: the request's")
    body: MessageText
    language: Language
    handling_code: HandlingCode = HandlingCode.H0
    handling_note: Text1000 | None = None
    items: list[ItemIn] = Field(default_factory=list, max_length=200)
    entities: list[EntityIn] = Field(default_factory=list, max_length=500)


class RefusalIn(Input):
    reason: RefusalReason
    note: Text1000 | None = Field(
        default=None, validate_default=True, description="Required when the reason is other"
    )
    language: Language = "en"

    @field_validator("note")
    @classmethod
    def _note_for_other(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("reason") is RefusalReason.OTHER and not value:
            raise ValueError("a refusal for another reason needs a note saying which")
        return value


class ReminderIn(Input):
    agencies: list[AgencyCode] = Field(
        default_factory=list, max_length=MAX_ADDRESSED,
        description="Addressed agencies to remind (default: every one that still owes)",
    )  # fmt: skip
    note: MessageText | None = None
    language: Language = "en"


# --- output -----------------------------------------------------------------------------------


class RecipientPublic(BaseModel):
    """One addressed agency of a request: where it stands and when it is due."""

    agency: str
    country: str
    status: RequestStatus
    sent_at: datetime
    due_at: datetime
    overdue: bool = Field(description="Past due and neither answered in full nor refused")
    desk: str | None
    routed_to: str | None = Field(description="The agency it was routed to, if another")
    routed_at: datetime | None
    answered_at: datetime | None
    refusal_reason: RefusalReason | None
    reminded_at: datetime | None


class ReplyRef(BaseModel):
    """An answer, partial answer, refusal or reminder of the request (read it as a message)."""

    id: str
    kind: MessageKind
    agency: str
    created_at: datetime


class RequestSummary(BaseModel):
    """A request in a list: enough to choose it."""

    id: str = Field(description="The request message's public id")
    case: str
    subject: str
    requesting_agency: str
    requesting_country: str
    urgency: Urgency
    directly_accessible: bool
    handling_code: HandlingCode
    created_at: datetime
    recipients: list[RecipientPublic] = Field(
        description="Every addressed agency for the requester; its own row for an addressed one"
    )
    overdue: bool


class RequestPublic(RequestSummary):
    author: str
    question: str
    about: str
    legal_basis: str
    purpose: str | None
    urgency_reason: str | None
    body: str
    language: str
    handling_note: str | None
    replies: list[ReplyRef]


class SpocSet(Input):
    agency: AgencyCode


class SpocPublic(BaseModel):
    country: str
    agency: str
    agency_name: str
