"""What an administrator and a liaison officer send (offices, pairs, incident reports) and what
Clew answers. Input models are strict (``Input``: unknown fields refused) and say what is wrong
field by field: a zero or negative amount, a unit that is not one of :class:`Unit`, a latitude
without its longitude. A date in the future is refused by the service (it knows the office's
zone and the time)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from clew.access.schemas import AgencyCode, Input
from clew.exchange.schemas import Language
from clew.liaison.kinds import IncidentKind, PersonRole, Unit
from clew.records.kinds import HandlingCode
from clew.screening.models import PUBLIC_ID_PATTERN
from clew.screening.schemas import DocumentQuery, FirearmQuery, PersonQuery, VehicleQuery

__all__ = [
    "CountRow",
    "IncidentCreate",
    "IncidentPublic",
    "IncidentSummary",
    "JointReportPublic",
    "Match",
    "MonthRow",
    "OfficeCreate",
    "OfficePublic",
    "OfficeRef",
    "PairCreate",
    "PairPublic",
    "PersonIn",
    "Quantity",
    "QuantityTotal",
    "Ref",
]

Ref = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=PUBLIC_ID_PATTERN)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Item = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=100)
]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Narrative = Annotated[str, StringConstraints(max_length=20_000)]


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("not a time zone (use an IANA name such as Asia/Ho_Chi_Minh)") from None
    return value


Zone = Annotated[str, StringConstraints(max_length=64), AfterValidator(_zone)]


class _Located(Input):
    latitude: Latitude | None = None
    # validated even when left out, so a latitude without it is refused under its own name
    longitude: Longitude | None = Field(default=None, validate_default=True)

    @field_validator("longitude")
    @classmethod
    def _both_or_neither(cls, value: float | None, info: ValidationInfo) -> float | None:
        if "latitude" in info.data and (info.data["latitude"] is None) != (value is None):
            raise ValueError("give both latitude and longitude, or neither")
        return value


class OfficeCreate(_Located):
    """An office of ``agency`` (its country is the agency's) at a border crossing."""

    name: Name
    agency: AgencyCode
    place: Name
    zone: Zone | None = Field(
        default=None, description="IANA time zone; the country's when left out (else UTC)"
    )


class OfficePublic(BaseModel):
    id: str
    name: str
    agency: str
    country: str
    place: str
    latitude: float | None
    longitude: float | None
    zone: str
    active: bool


class OfficeRef(BaseModel):
    id: str
    name: str
    agency: str
    country: str


class PairCreate(Input):
    office_a: Ref = Field(description="Id of one office")
    office_b: Ref = Field(description="Id of the office facing it across the border")
    border: Name = Field(description='The crossing, as people call it ("Moc Bai – Bavet")')


class PairPublic(BaseModel):
    id: str
    border: str
    office_a: OfficePublic
    office_b: OfficePublic
    created_at: datetime


class Quantity(Input):
    """An amount of one item: ``{"item": "methamphetamine", "unit": "kg", "amount": 12.5}``."""

    item: Item
    unit: Unit
    amount: Decimal = Field(gt=0, max_digits=15, decimal_places=3)


class PersonIn(PersonQuery):
    """A person as the exchange's entities name one, with the part they played."""

    role: PersonRole


class IncidentCreate(_Located):
    """An incident report. ``occurred_at`` without a zone is the office's local time."""

    office: Ref | None = Field(
        default=None, description="Your office in the pair (needed only if you have both)"
    )
    kind: IncidentKind
    occurred_at: datetime
    place: Name
    quantities: list[Quantity] = Field(default_factory=list, max_length=50)
    persons: list[PersonIn] = Field(default_factory=list, max_length=100)
    vehicles: list[VehicleQuery] = Field(default_factory=list, max_length=50)
    documents: list[DocumentQuery] = Field(default_factory=list, max_length=100)
    firearms: list[FirearmQuery] = Field(default_factory=list, max_length=100)
    narrative: Narrative = ""
    language: Language = "en"
    handling_code: HandlingCode = HandlingCode.H0
    handling_note: Annotated[str, StringConstraints(max_length=1000)] | None = Field(
        default=None, validate_default=True
    )

    @field_validator("handling_note")
    @classmethod
    def _h3_note(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("handling_code") is HandlingCode.H3 and not (value or "").strip():
            raise ValueError("an H3 report needs a handling note stating its restrictions")
        return value


class Match(BaseModel):
    """A watchlist match of an entity the report names, on a record the reader may see."""

    entity: str = Field(description="The entity of the report, as shown")
    record: str = Field(description="The watchlist record it matched")
    text: str = Field(description="Whose watchlist, in the reader's language")
    band: str


class IncidentSummary(BaseModel):
    id: str
    kind: IncidentKind
    occurred_on: date
    office: OfficeRef
    place: str
    located: bool
    quantities: list[Quantity]
    persons: int
    handling_code: HandlingCode


class IncidentPublic(BaseModel):
    id: str
    pair: str
    border: str
    office: OfficeRef
    kind: IncidentKind
    occurred_at: datetime = Field(description="UTC")
    occurred_local: datetime = Field(description="In the office's zone")
    occurred_on: date = Field(description="The day in the office's zone")
    zone: str
    place: str
    latitude: float | None
    longitude: float | None
    quantities: list[Quantity]
    persons: list[PersonIn]
    vehicles: list[VehicleQuery]
    documents: list[DocumentQuery]
    firearms: list[FirearmQuery]
    narrative: str
    language: str
    handling_code: HandlingCode
    handling_note: str | None
    matches: list[Match] = Field(description="On records the reader's country may see")
    created_by: str
    created_at: datetime


class CountRow(BaseModel):
    key: str
    count: int


class QuantityTotal(BaseModel):
    item: str
    unit: Unit
    amount: float
    incidents: int


class MonthRow(BaseModel):
    month: str
    counts: dict[str, int]


class JointReportPublic(BaseModel):
    pair: PairPublic
    period_from: date
    period_to: date
    incidents: int
    located: int
    by_kind: list[CountRow]
    by_office: list[CountRow]
    quantities: list[QuantityTotal]
    persons: list[CountRow]
    months: list[MonthRow]
    items: list[IncidentSummary]

    @classmethod
    def of(cls, report: Any) -> JointReportPublic:
        f = report.figures
        return cls(
            pair=report.pair, period_from=report.period.start, period_to=report.period.end,
            incidents=f.incidents, located=len(f.points),
            by_kind=[CountRow(key=k, count=n) for k, n in f.by_kind],
            by_office=[CountRow(key=k, count=n) for k, n in f.by_office],
            quantities=[QuantityTotal(item=i, unit=u, amount=float(a), incidents=n)
                        for i, u, a, n in f.quantities],
            persons=[CountRow(key=k, count=n) for k, n in f.persons],
            months=[MonthRow(month=m, counts=c) for m, c in f.months],
            items=report.items,
        )  # fmt: skip
