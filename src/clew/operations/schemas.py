"""What a coordinator plans, what an officer reports from the field, and what Clew answers.

Input models are strict (``Input``: unknown fields refused) and check what one body can tell
on its own: an aware period of at most :data:`MAX_PERIOD`, a real IANA time zone, both
coordinates or neither. What needs the operation or the clock (a field result inside the
period, not in the future, in a unit its kind allows) is checked by the services, which name
the field at fault (:mod:`clew.operations.results`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    Field,
    StringConstraints,
    model_validator,
)

from clew.access.schemas import Input
from clew.exchange.kinds import CrimeArea
from clew.operations.kinds import (
    ArrestBasis,
    CheckKind,
    FieldKind,
    OperationState,
    PostKind,
    SeizureKind,
    Unit,
)
from clew.records.kinds import AlertCategory, HandlingCode
from clew.screening.models import PUBLIC_ID_PATTERN

__all__ = [
    "MAX_PERIOD",
    "AcceptIn",
    "ArrestFigures",
    "FieldResultIn",
    "FieldResultPublic",
    "Focus",
    "MinuteCounts",
    "OperationCreate",
    "OperationPublic",
    "OperationRef",
    "OperationSummary",
    "OperationUpdate",
    "ParticipantPublic",
    "ParticipantsIn",
    "PersonsFigures",
    "PostCounts",
    "PostIn",
    "PostPublic",
    "Results",
    "SeizureFigure",
    "TallyTotals",
    "TargetIn",
    "TargetPublic",
    "period_problem",
]

MAX_PERIOD = timedelta(days=31)
"""The longest operation: a month of action days (Theseus ran eight)."""

OperationRef = Annotated[
    str, StringConstraints(min_length=1, max_length=40, pattern=PUBLIC_ID_PATTERN)
]
"""An operation's, post's, target's or result's public id as a caller gives it."""
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Briefing = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Item = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Username = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
AgencyCodeText = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9-]{2,32}$")
]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
MAX_AGENCIES = 100


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not a time zone (use an IANA name, e.g. Europe/Sofia)"
        ) from None
    return name


TimeZone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64),
                     AfterValidator(_zone)]  # fmt: skip


def period_problem(start: datetime, end: datetime) -> str | None:
    """Why a period is not one, or None: it ends after it starts and lasts at most a month."""
    if end <= start:
        return "the period must end after it starts"
    if end - start > MAX_PERIOD:
        return f"an operation lasts at most {MAX_PERIOD.days} days"
    return None


def _coordinates(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise ValueError("give both latitude and longitude, or neither")


# --- planning: input --------------------------------------------------------------------------


class Focus(Input):
    """What the participants look out for: alert categories, and records to prioritise (only
    those the reader may see are shown to it)."""

    categories: list[AlertCategory] = Field(default_factory=list, max_length=10)
    record_ids: list[int] = Field(default_factory=list, max_length=500)


class OperationCreate(Input):
    name: Name
    description: Briefing = ""
    crime_areas: list[CrimeArea] = Field(default_factory=list, max_length=len(CrimeArea))
    period_start: AwareDatetime = Field(description="The first action day begins")
    period_end: AwareDatetime = Field(description="The last action day ends (exclusive)")
    timezone: TimeZone = Field(default="UTC", description="Shown in (IANA name)")
    handling_code: HandlingCode = HandlingCode.H0
    focus: Focus = Field(default_factory=Focus)
    participants: list[AgencyCodeText] = Field(default_factory=list, max_length=MAX_AGENCIES)

    @model_validator(mode="after")
    def _period(self) -> Self:
        if problem := period_problem(self.period_start, self.period_end):
            raise ValueError(problem)
        return self


class OperationUpdate(Input):
    """Planning fields to change (those left out stay as they are)."""

    name: Name | None = None
    description: Briefing | None = None
    crime_areas: list[CrimeArea] | None = Field(default=None, max_length=len(CrimeArea))
    period_start: AwareDatetime | None = None
    period_end: AwareDatetime | None = None
    timezone: TimeZone | None = None
    handling_code: HandlingCode | None = None
    focus: Focus | None = None


class ParticipantsIn(Input):
    participants: list[AgencyCodeText] = Field(min_length=1, max_length=MAX_AGENCIES)


class AcceptIn(Input):
    """The participant's team for the operation: users of its agency, by user name."""

    national_coordinator: Username | None = None
    liaison_officer: Username | None = None


class PostIn(Input):
    agency: AgencyCodeText = Field(description="The participating agency the post belongs to")
    name: Name
    code: Code | None = Field(default=None, description="e.g. the airport's IATA code")
    kind: PostKind
    latitude: Latitude | None = None
    longitude: Longitude | None = None

    @model_validator(mode="after")
    def _both(self) -> Self:
        _coordinates(self.latitude, self.longitude)
        return self


class TargetIn(Input):
    """A target pulled from an analysis file's entity, or from a watchlist record."""

    file_id: int | None = None
    entity_id: int | None = None
    record_id: int | None = None
    note: Note | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        from_file = self.file_id is not None or self.entity_id is not None
        if from_file and (self.file_id is None or self.entity_id is None):
            raise ValueError("give both file_id and entity_id for a target from a file")
        if from_file == (self.record_id is not None):
            raise ValueError("give an analysis file's entity or a record, not both")
        return self


# --- field results: input ---------------------------------------------------------------------


class FieldResultIn(Input):
    """One report from the field. Which fields a kind takes:

    - ``arrest``: ``crime_area``, ``basis``, ``persons`` (default 1);
    - ``seizure``: ``category``, ``item`` (the substance; the currency's ISO 4217 code for
      cash), ``unit`` (one of those the category allows), ``amount``;
    - ``victim``, ``migrant``: ``count`` and ``minors`` among them;
    - ``investigation``: ``count``;
    - ``event``: ``title`` (and a ``note``).

    Every kind: ``occurred_at`` (inside the operation's period, give or take a day; not in the
    future), the ``post`` (its id; one of the reporting agency's), a ``note``, coordinates.
    """

    kind: FieldKind
    occurred_at: AwareDatetime
    crime_area: CrimeArea | None = None
    basis: ArrestBasis | None = None
    persons: int | None = Field(default=None, gt=0, le=10_000)
    category: SeizureKind | None = None
    item: Item | None = None
    unit: Unit | None = None
    amount: float | None = Field(default=None, gt=0, le=1e12)
    count: int | None = Field(default=None, gt=0, le=1_000_000)
    minors: int | None = Field(default=None, ge=0, le=1_000_000)
    title: Name | None = None
    post: OperationRef | None = None
    note: Note | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None

    @model_validator(mode="after")
    def _both(self) -> Self:
        _coordinates(self.latitude, self.longitude)
        return self


# --- answers ----------------------------------------------------------------------------------


class ParticipantPublic(BaseModel):
    agency: str
    country: str
    coordinating: bool
    invited_at: datetime
    accepted: bool
    accepted_at: datetime | None
    accepted_by: str | None
    national_coordinator: str | None
    liaison_officer: str | None


class PostPublic(BaseModel):
    id: str
    agency: str
    name: str
    code: str | None
    kind: PostKind
    latitude: float | None
    longitude: float | None


class TargetPublic(BaseModel):
    id: int
    kind: str
    label: str
    source: str
    note: str | None
    added_by: str
    added_at: datetime


class OperationSummary(BaseModel):
    id: str
    name: str
    coordinator: str = Field(description="The coordinating agency's code")
    state: OperationState
    period_start: datetime
    period_end: datetime
    timezone: str
    crime_areas: list[CrimeArea]
    handling_code: HandlingCode
    participant_count: int
    coordinating: bool = Field(description="Your agency coordinates the operation")
    accepted: bool = Field(description="Your agency has accepted (its checks are counted)")
    published_at: datetime | None


class OperationPublic(OperationSummary):
    description: str
    focus: Focus
    created_by: str
    created_at: datetime
    exchange_case: str | None = Field(description="The exchange case of the operation's messages")
    participants: list[ParticipantPublic]
    posts: list[PostPublic]
    targets: list[TargetPublic]


class FieldResultPublic(BaseModel):
    id: str
    kind: FieldKind
    agency: str
    post: str | None
    post_name: str | None
    occurred_at: datetime
    crime_area: CrimeArea | None = None
    basis: ArrestBasis | None = None
    category: SeizureKind | None = None
    item: str | None = None
    unit: Unit | None = None
    amount: float
    minors: int
    title: str | None = None
    note: str | None
    latitude: float | None
    longitude: float | None
    reported_by: str
    reported_at: datetime
    withdrawn_at: datetime | None


# --- counts -----------------------------------------------------------------------------------


class PostCounts(BaseModel):
    """What one agency counted at one post (``post`` None: at no post of the operation)."""

    agency: str
    post: str | None
    name: str | None
    latitude: float | None = None
    longitude: float | None = None
    counts: dict[CheckKind, int]


class MinuteCounts(BaseModel):
    minute: datetime
    counts: dict[CheckKind, int]


class TallyTotals(BaseModel):
    """The live counters of an operation, summed by kind, by agency, by post and by minute
    (only minutes from ``since`` on when given; the sums are then of those minutes too)."""

    operation: str
    since: datetime | None
    kinds: dict[CheckKind, int]
    agencies: dict[str, dict[CheckKind, int]]
    posts: list[PostCounts]
    series: list[MinuteCounts]
    last_minute: datetime | None


class ArrestFigures(BaseModel):
    total: int
    by_crime_area: dict[str, int]
    by_basis: dict[str, int]


class SeizureFigure(BaseModel):
    """The sum of one (category, item, unit): kilograms are never added to units."""

    category: SeizureKind
    item: str | None
    unit: Unit
    amount: float
    reports: int


class PersonsFigures(BaseModel):
    total: int
    minors: int


class Results(BaseModel):
    """The field results of an operation in the categories press releases use (withdrawn
    reports left out)."""

    arrests: ArrestFigures
    seizures: list[SeizureFigure]
    victims: PersonsFigures
    migrants: PersonsFigures
    investigations: int
    events: int
    reports: int
