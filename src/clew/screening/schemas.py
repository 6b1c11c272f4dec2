"""What an officer asks (a check) and what Clew answers (ranked hits with explanations)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from clew.access.countries import country_code
from clew.access.schemas import Input
from clew.identifiers import parse_birth_date
from clew.records.kinds import Gender
from clew.screening.models import PUBLIC_ID_PATTERN

__all__ = [
    "CheckRequest",
    "CheckResponse",
    "CheckResult",
    "DocumentQuery",
    "Explanation",
    "FirearmQuery",
    "HitDecision",
    "HitPublic",
    "HitRef",
    "PersonQuery",
    "VehicleQuery",
]

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Country = Annotated[str, StringConstraints(max_length=10), AfterValidator(country_code)]
HitRef = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=PUBLIC_ID_PATTERN)]
"""A hit's public id as a caller gives it (in a URL)."""
BirthDateText = Annotated[
    str, StringConstraints(max_length=20), AfterValidator(lambda v: str(parse_birth_date(v)))
]


class PersonQuery(Input):
    """A traveller as typed or as read from a passport's machine-readable zone.

    ``names``: each item one written form of the whole name, parts in any order
    (``HUNG NGUYEN VAN``). ``family_name`` and ``given_names``: the name with its parts apart,
    as a passport or a booking gives it (checked beside ``names``). ``mrz``: the 2 lines of a
    passport (TD3) or 3 of an ID card (TD1); what it carries fills the fields left empty.
    """

    names: list[Text200] = Field(default_factory=list, max_length=5)
    family_name: Text200 | None = None
    given_names: Text200 | None = None
    date_of_birth: BirthDateText | None = None
    gender: Gender | None = None
    nationality: Country | None = None
    mrz: Annotated[str, StringConstraints(max_length=200)] | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.names and not self.mrz and not (self.family_name or self.given_names):
            raise ValueError("give at least one name or the machine-readable zone")
        return self


class DocumentQuery(Input):
    number: Short
    country: Country | None = None


class VehicleQuery(Input):
    vin: Short | None = None
    plate: Short | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.vin and not self.plate:
            raise ValueError("give a VIN or a plate")
        return self


class FirearmQuery(Input):
    serial_number: Short
    make: Short | None = None
    model: Short | None = None
    calibre: Short | None = None


class CheckRequest(Input):
    # The schema says what the validator below checks: at least one thing to check.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": [k]} for k in ("person", "document", "vehicle", "firearm")]
        }
    )

    person: PersonQuery | None = None
    document: DocumentQuery | None = None
    vehicle: VehicleQuery | None = None
    firearm: FirearmQuery | None = None
    place: Text200 | None = Field(default=None, description="Border post or place of the check")

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not (self.person or self.document or self.vehicle or self.firearm):
            raise ValueError("give a person, a document, a vehicle or a firearm to check")
        return self


class Explanation(BaseModel):
    field: str
    verdict: str
    detail: str


class CheckResult(BaseModel):
    hit_id: str = Field(description="The stored hit's public id (random text, in no order)")
    record_id: int
    kind: str
    label: str
    owner: str
    category: str
    action: str
    handling_code: str
    score: float
    band: Literal["hit", "possible"]
    explanation: list[Explanation]
    text: str = Field(description="The explanation in plain words, in the caller's language")


class CheckResponse(BaseModel):
    checked_at: datetime
    results: list[CheckResult]


class HitPublic(BaseModel):
    id: str = Field(description="The hit's public id (random text, in no order)")
    record_id: int
    label: str
    at: datetime = Field(description="When the first check of the encounter found the record")
    last_at: datetime = Field(description="When the last check of the encounter found it")
    checks: int = Field(1, description="Checks of one encounter counted on this hit")
    owner: str | None = Field(None, description="The code of the agency that owns the record")
    score: float
    band: str
    silent: bool
    checking_agency: str | None
    checking_country: str | None
    place: str | None
    decision: Literal["pending", "confirmed", "rejected"]
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    explanation: list[Explanation]


class HitDecision(Input):
    decision: Literal["confirmed", "rejected"]
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None
