"""Input and output models of trace requests (API, web forms and CLI share them).

Inputs forbid unknown fields and bound every string. ``TraceCreate`` refuses an urgent trace
without a justification; ``EventIn.occurred_on`` takes a partial date (``2019``, ``2019-05``,
``2019-05-17``, or the European day-first spelling) and keeps its ISO text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, model_validator

from clew.access.countries import country_code, member_country
from clew.access.schemas import Input
from clew.firearms.trace_kinds import (
    CrimeType,
    EventKind,
    IllicitReason,
    Origin,
    Priority,
    RecipientStatus,
    RefusalReason,
    TraceState,
)
from clew.identifiers import parse_birth_date
from clew.identifiers.dates import parse_partial_date
from clew.intel.vocabulary import Information, Reliability
from clew.records.kinds import FirearmType, HandlingCode
from clew.screening.models import PUBLIC_ID_PATTERN

__all__ = [
    "AnswerIn",
    "CommentIn",
    "CommentPublic",
    "EventIn",
    "EventPublic",
    "ImportMark",
    "Markings",
    "MoreInfoIn",
    "Possessor",
    "RecipientPublic",
    "Recovery",
    "RefusalIn",
    "TraceClose",
    "TraceCreate",
    "TracePublic",
    "TraceRef",
    "TraceSummary",
]

TraceRef = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=PUBLIC_ID_PATTERN)]
"""A trace's public id as a caller gives it (in a URL)."""


Text40 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Text60 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text1000 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
AgencyCodeText = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9-]{2,32}$")
]
Member = Annotated[str, StringConstraints(max_length=10), AfterValidator(member_country)]
"""A country as a member code (alpha-2): where a weapon was made, imported, recovered."""
Nationality = Annotated[str, StringConstraints(max_length=10), AfterValidator(country_code)]
Year = Annotated[int, Field(ge=1800, le=2200)]


def _partial(value: str) -> str:
    return str(parse_partial_date(value))


PartialDateText = Annotated[str, StringConstraints(max_length=20), AfterValidator(_partial)]
BirthDateText = Annotated[
    str, StringConstraints(max_length=20), AfterValidator(lambda v: str(parse_birth_date(v)))
]


class ImportMark(Input):
    country: Member
    year: Year | None = None


class Markings(Input):
    """What is written on the weapon (International Tracing Instrument, art. 8)."""

    make: Text100 | None = None
    model: Text100 | None = None
    firearm_type: FirearmType = FirearmType.OTHER
    calibre: Text40 | None = None
    serial_number: Text60 | None = None
    country_of_manufacture: Member | None = None
    year: Year | None = None
    import_marks: list[ImportMark] = Field(default_factory=list, max_length=10)
    other_markings: Text1000 | None = None
    serial_obliterated: bool = False
    serial_restored: Text100 | None = Field(
        default=None, description="What could be restored of an obliterated serial"
    )


class Recovery(Input):
    country: Member
    place: Text200 | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    recovered_on: date


class Possessor(Input):
    """Who held the weapon: as typed, optionally a watchlist person record the requester may
    see, and whether to screen the person against the watchlists when the trace is opened."""

    name: Text200 | None = None
    date_of_birth: BirthDateText | None = None
    nationality: Nationality | None = None
    record_id: Annotated[int, Field(ge=1, le=2_147_483_647)] | None = None
    screen: bool = False


class TraceCreate(Input):
    record_id: Annotated[int, Field(ge=1, le=2_147_483_647)] | None = Field(
        default=None, description="A watchlist firearm record to describe the weapon from"
    )
    hit_id: TraceRef | None = Field(
        default=None, description="A hit of the agency's check on a firearm record"
    )
    illicit_reason: IllicitReason
    illicit_note: Text1000 | None = None
    markings: Markings = Field(default_factory=Markings)
    recovery: Recovery
    possessor: Possessor = Field(default_factory=Possessor)
    crime_type: CrimeType
    priority: Priority = Priority.ROUTINE
    urgency_justification: Text1000 | None = None
    handling_code: HandlingCode = HandlingCode.H0
    handling_note: Text1000 | None = None
    addressed: list[AgencyCodeText] = Field(
        min_length=1, max_length=50, description="Codes of the agencies asked to trace"
    )

    @model_validator(mode="after")
    def _checked(self) -> Self:
        if self.priority is Priority.URGENT and not self.urgency_justification:
            raise ValueError("an urgent trace needs a justification (urgency_justification)")
        if self.record_id is not None and self.hit_id is not None:
            raise ValueError("give a record or a hit to start from, not both")
        return self


class EventIn(Input):
    occurred_on: PartialDateText | None = None
    kind: EventKind
    country: Member | None = None
    place: Text200 | None = None
    actor: Text200 | None = Field(default=None, description="Who acted (maker, seller, owner)")
    counterpart: Text200 | None = Field(default=None, description="To or from whom")
    note: Text1000 | None = None
    source_grade: Reliability = Reliability.X
    info_grade: Information = Information.FOUR


class AnswerIn(Input):
    events: list[EventIn] = Field(min_length=1, max_length=200)
    comment: Body | None = None


class RefusalIn(Input):
    reason: RefusalReason
    note: Text1000 | None = None


class MoreInfoIn(Input):
    question: Body


class CommentIn(Input):
    body: Body
    to: AgencyCodeText | None = Field(
        default=None, description="Requester only: one addressed agency (default: all of them)"
    )


class TraceClose(Input):
    note: Text1000 | None = None


# --- output -----------------------------------------------------------------------------------


class RecipientPublic(BaseModel):
    agency: str
    country: str
    status: RecipientStatus
    sent_at: datetime
    due_at: datetime
    overdue: bool
    acknowledged_at: datetime | None
    answered_at: datetime | None
    refused_at: datetime | None
    refusal_reason: RefusalReason | None
    refusal_note: str | None


class EventPublic(BaseModel):
    agency: str
    occurred_on: str | None
    kind: EventKind
    country: str | None
    place: str | None
    actor: str | None
    counterpart: str | None
    note: str | None
    source_grade: str
    info_grade: str
    created_at: datetime


class CommentPublic(BaseModel):
    agency: str
    username: str
    to: str | None
    kind: str
    body: str
    created_at: datetime


class TraceSummary(BaseModel):
    """A trace in a list: enough to choose it."""

    id: str = Field(description="The trace's public id (random text, in no order)")
    requesting_agency: str
    state: TraceState
    priority: Priority
    handling_code: HandlingCode
    label: str
    recovery_country: str
    recovered_on: date
    crime_type: CrimeType
    created_at: datetime
    recipients: list[RecipientPublic]
    overdue: bool


class TracePublic(TraceSummary):
    origin: Origin
    requesting_username: str
    source_record_id: int | None
    source_hit_id: str | None
    illicit_reason: IllicitReason
    illicit_note: str | None
    markings: Markings
    recovery_place: str | None
    latitude: float | None
    longitude: float | None
    possessor_name: str | None
    possessor_birth: str | None
    possessor_nationality: str | None
    possessor_record_id: int | None = Field(description="Shown to the requesting agency only")
    possessor_hits: list[str] | None = Field(
        description="The possessor's check: hit ids the requester was shown (requester only)"
    )
    urgency_justification: str | None
    handling_note: str | None
    closed_at: datetime | None
    close_note: str | None
    events: list[EventPublic]
    comments: list[CommentPublic]
