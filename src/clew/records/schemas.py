"""Input and output models of watchlist records and alerts.

A record is created as one of four kinds (``kind`` discriminates), with a visibility rule and,
usually, an alert. Every string is bounded and every code checked, so an import or an API call
with a bad value gets a field-named error and writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    model_validator,
)

from clew.access.countries import country_code, member_country
from clew.access.schemas import Input
from clew.identifiers import (
    normalise_document_number,
    normalise_plate,
    normalise_serial,
    normalise_vin,
    parse_birth_date,
)
from clew.records.kinds import (
    AlertCategory,
    AlertStatus,
    DocumentStatus,
    DocumentType,
    FirearmStatus,
    FirearmType,
    Gender,
    HandlingCode,
    IdentifierType,
    NameKind,
    RecordKind,
    RecordStatus,
    VehicleKind,
    VisibilityMode,
)

__all__ = [
    "AlertExtend",
    "AlertIn",
    "AlertPublic",
    "ChangePublic",
    "ClearIn",
    "DocumentCreate",
    "DocumentFields",
    "FirearmCreate",
    "FirearmFields",
    "IdentifierIn",
    "ImportMark",
    "Located",
    "NameIn",
    "PersonCreate",
    "PersonFields",
    "RecordCreate",
    "RecordFields",
    "RecordPublic",
    "RecordUpdate",
    "VehicleCreate",
    "VehicleFields",
    "Visibility",
]


def _strip(max_length: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


Text100 = Annotated[str, _strip(100)]
Text200 = Annotated[str, _strip(200)]
Text1000 = Annotated[str, _strip(1000)]
# Where a person or a thing comes from (travel-document codes too); a member country (alpha-2).
Country = Annotated[str, StringConstraints(max_length=10), AfterValidator(country_code)]
MemberCountry = Annotated[str, StringConstraints(max_length=10), AfterValidator(member_country)]
BirthDateText = Annotated[
    str, StringConstraints(max_length=20), AfterValidator(lambda v: str(parse_birth_date(v)))
]
DocumentNumber = Annotated[
    str, StringConstraints(max_length=60), AfterValidator(normalise_document_number)
]
Vin = Annotated[str, StringConstraints(max_length=40), AfterValidator(normalise_vin)]
Plate = Annotated[str, StringConstraints(max_length=30), AfterValidator(normalise_plate)]
Serial = Annotated[str, StringConstraints(max_length=60), AfterValidator(normalise_serial)]
Year = Annotated[int, Field(ge=1850, le=2100)]


# --- persons ----------------------------------------------------------------------------------


class NameIn(Input):
    """One name of a person: as written in any script, or its parts, or both.

    ``full`` is filled from ``given`` and ``family`` when left out.
    """

    full: Text200 | None = None
    given: Text100 | None = None
    family: Text100 | None = None
    kind: NameKind = NameKind.PRIMARY

    @model_validator(mode="after")
    def _full(self) -> Self:
        if not self.full:
            parts = [p for p in (self.given, self.family) if p]
            if not parts:
                raise ValueError("a name needs a full form, a given name or a family name")
            self.full = " ".join(parts)
        return self


class IdentifierIn(Input):
    type: IdentifierType = IdentifierType.PASSPORT
    number: DocumentNumber
    country: Country | None = None


class PersonFields(Input):
    kind: Literal["person"] = "person"
    names: list[NameIn] = Field(min_length=1, max_length=20)
    date_of_birth: BirthDateText | None = None
    dob_uncertain: bool = False
    gender: Gender = Gender.UNKNOWN
    nationalities: list[Country] = Field(default_factory=list, max_length=5)
    place_of_birth: Text200 | None = None
    country_of_birth: Country | None = None
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=10)
    photo_ref: Text200 | None = None
    distinguishing_marks: Text1000 | None = None


# --- objects ----------------------------------------------------------------------------------


class DocumentFields(Input):
    kind: Literal["document"] = "document"
    document_type: DocumentType = DocumentType.PASSPORT
    number: DocumentNumber
    issuing_country: Country
    issued_on: date | None = None
    expires_on: date | None = None
    status: DocumentStatus
    holder_name: Text200 | None = None

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValueError("expires_on is before issued_on")
        return self


class VehicleFields(Input):
    kind: Literal["vehicle"] = "vehicle"
    vin: Vin | None = None
    plate: Plate | None = None
    plate_country: Country | None = None
    make: Text100 | None = None
    model: Text100 | None = None
    colour: Text100 | None = None
    year: Year | None = None
    vehicle_type: VehicleKind = VehicleKind.CAR

    @model_validator(mode="after")
    def _identified(self) -> Self:
        if not self.vin and not self.plate:
            raise ValueError("a vehicle needs a VIN or a plate")
        return self


def _restored(text: str) -> str:
    """What could be read of an obliterated serial: letters and digits, ``?`` for each character
    that could not be restored (``AB1?45``); anything else is dropped, as in a serial."""
    value = "".join(c for c in text if c == "?" or (c.isascii() and c.isalnum())).upper()
    if not value.strip("?"):
        raise ValueError("has no letters or digits")
    return value


RestoredSerial = Annotated[str, StringConstraints(max_length=60), AfterValidator(_restored)]


class ImportMark(Input):
    """An import marking (International Tracing Instrument, para. 8(b)): the country of import
    and, where known, the year."""

    country: Country
    year: Year | None = None


class Located(Input):
    """A locate transaction: the firearm was found (when, where, by which agency) and is now
    recovered or seized; the record stays on the watchlist until it is cleared."""

    on: date
    place: Text200
    agency: Text100
    status: Literal[FirearmStatus.RECOVERED, FirearmStatus.SEIZED] = FirearmStatus.SEIZED


class FirearmFields(Input):
    """A firearm and its markings as the International Tracing Instrument describes them: the
    maker, the country and year of manufacture, the serial, import marks and other markings;
    of an obliterated serial, what could be restored (``serial_restored``)."""

    kind: Literal["firearm"] = "firearm"
    serial_number: Serial
    make: Text100 | None = None
    model: Text100 | None = None
    firearm_type: FirearmType = FirearmType.OTHER
    calibre: Annotated[str, _strip(40)] | None = None
    country_of_manufacture: Country | None = None
    year: Year | None = None
    status: FirearmStatus
    import_marks: list[ImportMark] = Field(default_factory=list, max_length=10)
    other_markings: Text1000 | None = None
    serial_obliterated: bool = False
    serial_restored: RestoredSerial | None = None
    located: Located | None = None


RecordFields = Annotated[
    PersonFields | DocumentFields | VehicleFields | FirearmFields, Field(discriminator="kind")
]


# --- visibility and alerts --------------------------------------------------------------------


class Visibility(Input):
    """Which member countries may see the record. The owner's own country always may."""

    mode: VisibilityMode = VisibilityMode.ALL
    countries: list[MemberCountry] = Field(default_factory=list, max_length=300)

    @model_validator(mode="after")
    def _countries(self) -> Self:
        self.countries = sorted(set(self.countries))
        if self.mode is VisibilityMode.ALL and self.countries:
            raise ValueError("countries must be empty when every country may see the record")
        if self.mode is not VisibilityMode.ALL and not self.countries:
            raise ValueError(f"list the countries for visibility '{self.mode.value}'")
        return self


class AlertIn(Input):
    category: AlertCategory
    action: Text1000 = Field(description="What to do on a hit")
    reason: Text1000 | None = Field(default=None, description="The offence or the reason")
    handling_code: HandlingCode = HandlingCode.H0
    handling_note: Text1000 | None = None
    expires_on: date | None = Field(
        default=None, description="Default: 5 years for persons, 10 for objects"
    )

    @model_validator(mode="after")
    def _note(self) -> Self:
        if self.handling_code is HandlingCode.H3 and not self.handling_note:
            raise ValueError("handling code H3 needs a handling note stating the restrictions")
        return self


class ClearIn(Input):
    """A clear transaction: the object is back with its owner (or the reason for the record is
    gone); the record leaves the watchlist and its alerts are cancelled."""

    reason: Text1000
    on: date | None = Field(default=None, description="Default: today")


class AlertExtend(Input):
    reason: Text1000
    expires_on: date | None = None


class _Owned(Input):
    external_id: Text100 | None = Field(default=None, description="The owner's own reference")
    visibility: Visibility = Field(default_factory=Visibility)
    alert: AlertIn | None = None


class PersonCreate(PersonFields, _Owned):
    pass


class DocumentCreate(DocumentFields, _Owned):
    pass


class VehicleCreate(VehicleFields, _Owned):
    pass


class FirearmCreate(FirearmFields, _Owned):
    pass


RecordCreate = Annotated[
    PersonCreate | DocumentCreate | VehicleCreate | FirearmCreate, Field(discriminator="kind")
]


class RecordUpdate(Input):
    """Replace a record's data (same kind) and, optionally, its visibility."""

    data: RecordFields
    visibility: Visibility | None = None
    external_id: Text100 | None = None


# --- output -----------------------------------------------------------------------------------


class AlertPublic(BaseModel):
    id: int
    category: AlertCategory
    action: str
    reason: str | None
    handling_code: HandlingCode
    handling_note: str | None
    status: AlertStatus
    review_on: date
    expires_on: date
    created_at: datetime


class RecordPublic(BaseModel):
    id: int
    kind: RecordKind
    owner: str = Field(description="Code of the owning agency")
    owner_country: str
    external_id: str | None
    status: RecordStatus
    label: str
    version: int
    created_at: datetime
    updated_at: datetime
    data: RecordFields
    alerts: list[AlertPublic]
    visibility: Visibility | None = Field(
        default=None, description="Shown to the owning agency only"
    )


class ChangePublic(BaseModel):
    seq: int
    at: datetime
    username: str
    agency_code: str | None
    action: str
    changes: dict[str, object]
