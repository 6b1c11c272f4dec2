"""Hypothesis strategies for valid records, built from simple field strategies.

Names are generated in the shape a spreadsheet row carries: at most one primary name (with any
of its full form, given and family names), then Latin forms and aliases as full names only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from clew.identifiers import PartialDate
from clew.records.kinds import (
    AlertCategory,
    DocumentStatus,
    DocumentType,
    FirearmStatus,
    FirearmType,
    Gender,
    HandlingCode,
    IdentifierType,
    VehicleKind,
    VisibilityMode,
)
from clew.records.schemas import (
    AlertIn,
    DocumentCreate,
    FirearmCreate,
    NameIn,
    PersonCreate,
    RecordCreate,
    VehicleCreate,
    Visibility,
)

COUNTRIES = ("AT", "BG", "DE", "FR", "KH", "LV", "RS", "US", "VN", "XK", "XX")
# What a nationality or an issuing country may also be: ICAO codes that name no country.
TRAVEL_COUNTRIES = (*COUNTRIES, "GBD", "UNK", "XXA", "XXB", "EUE")
# Letters of several scripts, and what spreadsheets and CSV treat specially.
_CHARS = "abcXYZ Ивнحمد李明' \"=-+@;,.:/#"

countries = st.sampled_from(COUNTRIES)
travel_countries = st.sampled_from(TRAVEL_COUNTRIES)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2045, 12, 31))


def words(max_size: int = 24, extra: str = "") -> st.SearchStrategy[str]:
    """Non-empty text with no space at either end (the schemas strip it)."""
    return (
        st.text(alphabet=_CHARS + extra, min_size=1, max_size=max_size).map(str.strip).filter(bool)
    )


prose = words(120, extra="\n|")  # free text: may hold line breaks and the list separator
codes = st.from_regex(r"[A-Z0-9]{1,12}", fullmatch=True)


@st.composite
def partial_dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    precision = draw(st.sampled_from(("year", "month", "day")))
    month = None if precision == "year" else day.month
    return str(PartialDate(day.year, month, day.day if precision == "day" else None))


@st.composite
def name_lists(draw: st.DrawFn, *, primary_required: bool = False) -> list[NameIn]:
    names: list[NameIn] = []
    if primary_required or draw(st.booleans()):
        parts = draw(
            st.fixed_dictionaries(
                {}, optional={"full": words(), "given": words(), "family": words()}
            ).filter(bool)
        )
        names.append(NameIn(**parts))
    names += [NameIn(full=f, kind="latin") for f in draw(st.lists(words(), max_size=3))]
    names += [NameIn(full=f, kind="alias") for f in draw(st.lists(words(), max_size=3))]
    if not names:
        names.append(NameIn(full=draw(words()), kind="alias"))
    return names


visibilities = st.one_of(
    st.just(Visibility()),
    st.builds(
        Visibility,
        mode=st.sampled_from([VisibilityMode.ONLY, VisibilityMode.EXCEPT]),
        countries=st.lists(countries, min_size=1, max_size=4),
    ),
)


@st.composite
def alerts(draw: st.DrawFn, *, category: AlertCategory | None = None) -> AlertIn:
    code = draw(st.sampled_from(HandlingCode))
    note = draw(prose) if code is HandlingCode.H3 else draw(st.none() | prose)
    return AlertIn(
        category=category or draw(st.sampled_from(AlertCategory)),
        action=draw(prose),
        reason=draw(st.none() | prose),
        handling_code=code,
        handling_note=note,
        expires_on=draw(st.none() | dates),
    )


def _owned(alert: st.SearchStrategy[AlertIn | None] | None = None) -> dict[str, Any]:
    return {
        "external_id": st.none() | words(),
        "visibility": visibilities,
        "alert": alert if alert is not None else st.none() | alerts(),
    }


identifiers = st.fixed_dictionaries(
    {"type": st.sampled_from(IdentifierType), "number": codes},
    optional={"country": travel_countries},
)


def persons(
    *, names: st.SearchStrategy[list[NameIn]] | None = None, **owned: Any
) -> st.SearchStrategy[PersonCreate]:
    return st.builds(
        PersonCreate,
        names=names if names is not None else name_lists(),
        date_of_birth=st.none() | partial_dates(),
        dob_uncertain=st.booleans(),
        gender=st.sampled_from(Gender),
        nationalities=st.lists(travel_countries, max_size=5),
        place_of_birth=st.none() | words(),
        country_of_birth=st.none() | countries,
        identifiers=st.lists(identifiers, max_size=4),
        photo_ref=st.none() | words(),
        distinguishing_marks=st.none() | prose,
        **(_owned() | owned),
    )


@st.composite
def documents(draw: st.DrawFn) -> DocumentCreate:
    issued, expires = draw(st.none() | dates), draw(st.none() | dates)
    if issued and expires and expires < issued:
        issued, expires = expires, issued
    return draw(
        st.builds(
            DocumentCreate,
            document_type=st.sampled_from(DocumentType),
            number=codes,
            issuing_country=travel_countries,
            issued_on=st.just(issued),
            expires_on=st.just(expires),
            status=st.sampled_from(DocumentStatus),
            holder_name=st.none() | words(),
            **_owned(),
        )
    )


vins = st.from_regex(r"[A-HJ-NPR-Z0-9]{17}", fullmatch=True)
plates = st.from_regex(r"[A-Z0-9]{2,10}", fullmatch=True)
years = st.none() | st.integers(min_value=1850, max_value=2100)

vehicles = st.builds(
    VehicleCreate,
    # a VIN, a plate, or both
    vin=st.none() | vins,
    plate=plates,
    plate_country=st.none() | countries,
    make=st.none() | words(),
    model=st.none() | words(),
    colour=st.none() | words(),
    year=years,
    vehicle_type=st.sampled_from(VehicleKind),
    **_owned(),
) | st.builds(VehicleCreate, vin=vins, **_owned())

firearms = st.builds(
    FirearmCreate,
    serial_number=codes,
    make=st.none() | words(),
    model=st.none() | words(),
    firearm_type=st.sampled_from(FirearmType),
    calibre=st.none() | words(12),
    country_of_manufacture=st.none() | countries,
    year=years,
    status=st.sampled_from(FirearmStatus),
    **_owned(),
)


def records() -> st.SearchStrategy[RecordCreate]:
    return st.one_of(persons(), documents(), vehicles, firearms)
