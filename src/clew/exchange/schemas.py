"""What a liaison officer sends (cases, messages, graded items, the entities a message names)
and what Clew answers. Input models are strict (``Input``: unknown fields refused)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, Field, StringConstraints, model_validator

from clew.access.schemas import Input
from clew.exchange.kinds import (
    CaseState,
    CrimeArea,
    EntityKind,
    HandlingCode,
    Information,
    MessageKind,
    PermissionState,
    RecipientRole,
    Reliability,
)
from clew.screening.models import PUBLIC_ID_PATTERN
from clew.screening.schemas import DocumentQuery, FirearmQuery, PersonQuery, VehicleQuery

__all__ = [
    "AgencyCodeText",
    "AttachmentPublic",
    "Box",
    "CaseCreate",
    "CasePublic",
    "CaseSummary",
    "EntityIn",
    "EntityPublic",
    "ForwardIn",
    "InboxCounts",
    "ItemIn",
    "ItemPublic",
    "Language",
    "MessageCreate",
    "MessagePublic",
    "MessageSummary",
    "MessageText",
    "Note",
    "ParticipantPublic",
    "ParticipantsIn",
    "PermissionAsk",
    "PermissionDecision",
    "PermissionPublic",
    "Receipt",
    "Ref",
    "Subject",
    "ThreadMessage",
]

Subject = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
MessageText = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
"""The language a message is written in (BCP 47 primary tag): messages are never machine
translated, the reader's interface around them is in the reader's language."""

ItemText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class ItemIn(Input):
    """One piece of information with its 4x4 evaluation."""

    text: ItemText
    source: Reliability = Field(description="How reliable the source is: A, B, C or X")
    information: Information = Field(description="How sure the information is: 1 to 4")


class EntityIn(Input):
    """A person, document, vehicle or firearm the message names, in a structured field: it is
    cross-checked against the watchlists and against the other messages the reader may see."""

    kind: EntityKind
    person: PersonQuery | None = None
    document: DocumentQuery | None = None
    vehicle: VehicleQuery | None = None
    firearm: FirearmQuery | None = None
    source: Reliability = Reliability.X
    information: Information = Information.FOUR

    @model_validator(mode="after")
    def _one_of_its_kind(self) -> Self:
        given = {k for k in EntityKind if getattr(self, k.value) is not None}
        if given != {self.kind}:
            raise ValueError(f"give the {self.kind.value} (and only it) for an entity of that kind")
        return self


# --- cases and messages: input --------------------------------------------------------------

Ref = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=PUBLIC_ID_PATTERN)]
"""A case's, message's or permission's public id as a caller gives it."""
AgencyCodeText = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9-]{2,32}$")
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
MAX_AGENCIES = 50


class CaseCreate(Input):
    """A case: its subject, crime area, handling code and the agencies taking part (the
    opening agency owns it and is not listed)."""

    subject: Subject
    crime_area: CrimeArea
    handling_code: HandlingCode = HandlingCode.H0
    handling_note: Note | None = Field(default=None, description="The restrictions (H3 needs it)")
    participants: list[AgencyCodeText] = Field(default_factory=list, max_length=MAX_AGENCIES)

    @model_validator(mode="after")
    def _h3_note(self) -> Self:
        if self.handling_code is HandlingCode.H3 and not self.handling_note:
            raise ValueError("H3 needs the restrictions, in a note (handling_note)")
        return self


class ParticipantsIn(Input):
    participants: list[AgencyCodeText] = Field(min_length=1, max_length=MAX_AGENCIES)


class MessageCreate(Input):
    subject: Subject
    body: MessageText
    language: Language = Field(description="The language the message is written in (BCP 47)")
    handling_code: HandlingCode = HandlingCode.H0
    handling_note: Note | None = None
    to: list[AgencyCodeText] = Field(
        default_factory=list, max_length=MAX_AGENCIES,
        description="Addressed agencies (default: every other participant; for a reply, the "
        "agency that wrote the message replied to)",
    )  # fmt: skip
    in_reply_to: Ref | None = Field(default=None, description="A message of the same case")
    items: list[ItemIn] = Field(default_factory=list, max_length=100)
    entities: list[EntityIn] = Field(default_factory=list, max_length=200)


class ForwardIn(Input):
    to: list[AgencyCodeText] = Field(min_length=1, max_length=MAX_AGENCIES)
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] | None = None


class PermissionAsk(Input):
    """Ask an H2 message's owner to let it be passed on to one agency."""

    to: AgencyCodeText = Field(description="The agency the message would be passed on to")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    language: Language = "en"


class PermissionDecision(Input):
    grant: bool
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] | None = None
    language: Language = "en"


# --- cases and messages: output -------------------------------------------------------------


class ParticipantPublic(BaseModel):
    code: str
    name: str
    country: str
    owner: bool = Field(description="The agency that opened the case")


class CaseSummary(BaseModel):
    id: str = Field(description="The case's public id (random text, in no order)")
    subject: str
    crime_area: CrimeArea
    handling_code: HandlingCode
    state: CaseState
    owner: str = Field(description="Code of the agency that opened the case")
    created_at: datetime
    updated_at: datetime
    messages: int = Field(description="Messages of the case your agency may see")
    unread: int = Field(description="Of those, how many your agency has not read")


class CasePublic(CaseSummary):
    created_by: str
    participants: list[ParticipantPublic]


class ItemPublic(BaseModel):
    text: str
    source: Reliability
    information: Information


class EntityPublic(BaseModel):
    kind: EntityKind
    label: str
    fields: dict[str, Any]
    source: Reliability
    information: Information
    annotations: list[Any] = Field(
        default_factory=list, description="What the clearing house found about it"
    )


class AttachmentPublic(BaseModel):
    id: str
    filename: str
    media_type: str
    size: int


class Receipt(BaseModel):
    """One holding agency's receipts: the author sees every holder's, a holder its own."""

    agency: str
    role: RecipientRole
    read_at: datetime | None
    read_by: str | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


class MessageSummary(BaseModel):
    """A message in the inbox: enough to choose it (no body)."""

    id: str
    case: str
    case_subject: str
    kind: MessageKind
    subject: str
    author_agency: str
    author_country: str
    language: str
    handling_code: HandlingCode
    created_at: datetime
    read_at: datetime | None = Field(description="When your agency read it (None: unread)")
    request_due_at: datetime | None = Field(
        default=None, description="A request addressed to your agency: when it is due"
    )
    request_overdue: bool = False


class ThreadMessage(BaseModel):
    id: str
    kind: MessageKind
    subject: str
    author_agency: str
    author_username: str
    language: str
    handling_code: HandlingCode
    created_at: datetime
    read_at: datetime | None
    parent: str | None = Field(description="The message it replies to, if you may see it")
    depth: int


class PermissionPublic(BaseModel):
    id: str
    message: str
    asking_agency: str
    target_agency: str
    state: PermissionState
    asked_by: str
    asked_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    request_message: str | None
    decision_message: str | None


class MessagePublic(BaseModel):
    id: str
    case: str
    case_subject: str
    kind: MessageKind
    subject: str
    body: str
    language: str
    handling_code: HandlingCode
    handling_note: str | None
    author_agency: str
    author_country: str
    author_username: str
    created_at: datetime
    to: list[str]
    copies: list[str]
    in_reply_to: str | None
    forwarded_from: str | None
    request: str | None = Field(description="For a request: its id (the message's)")
    items: list[ItemPublic]
    entities: list[EntityPublic]
    annotations: list[Any] = Field(default_factory=list)
    attachments: list[AttachmentPublic]
    receipts: list[Receipt]
    permissions: list[PermissionPublic] = Field(
        description="Permissions to pass it on asked about it (or by it, for a permission "
        "request) that your agency asked or decides"
    )


class InboxCounts(BaseModel):
    unread: int
    overdue_incoming: int = Field(description="Requests to your agency past their deadline")
    overdue_outgoing: int = Field(description="Your agency's requests others are late with")


Box = Literal["in", "sent"]
