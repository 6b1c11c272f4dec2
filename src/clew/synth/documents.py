"""Travel documents: number formats per country, the passport MRZ, and document records.

Number formats follow what each country prints (a plausible shape, not a registry of real
series): Bulgaria, Serbia, Russia and the UK nine digits; Germany nine characters of its own
alphabet with an authority letter first; France ``99AA99999``; Spain ``AAA999999``; Austria
``P`` or ``U`` and seven digits; Turkey ``U`` and eight digits; the Netherlands two letters, six
letters or digits without ``O``, and a digit. Every number fits the MRZ's nine characters.

``mrz_td3`` builds the two 44-character lines of a passport's machine-readable zone (ICAO
Doc 9303 Part 4) with every check digit, from a ``Passport``. It reproduces ICAO's specimen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import pycountry

from clew.identifiers import mrz_check_digit, normalise_document_number, parse_partial_date
from clew.names.icao import mrz_name
from clew.records.kinds import DocumentStatus, DocumentType, Gender
from clew.synth.dice import Dice, Weighted

__all__ = [
    "DOCUMENT_STATUSES",
    "DOCUMENT_TYPES",
    "Passport",
    "document_data",
    "mrz_country",
    "mrz_td3",
    "passport_number",
]

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GERMAN = "CFGHJKLMNPRTVWXYZ0123456789"  # no vowels, no B D Q S: they read as digits
_DUTCH = "ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789"  # no O

# '#' a digit, '@' a letter; several templates mean several series in circulation.
_PASSPORT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "AL": ("BA#######", "BB#######", "BJ#######"),
    "AT": ("P#######", "U#######"),
    "BA": ("A#######", "B#######"),
    "BG": ("#########",),
    "ES": ("@@@######",),
    "FR": ("##@@#####",),
    "GB": ("#########",),
    "GR": ("@@#######",),
    "IQ": ("A########",),
    "KH": ("N#######",),
    "LV": ("LV#######", "PA#######"),
    "MD": ("AB#######", "AC#######"),
    "MK": ("M#######", "A#######"),
    "RO": ("########", "05######"),
    "RS": ("#########",),
    "RU": ("#########",),
    "SY": ("N########", "00#######"),
    "TR": ("U########", "S########"),
    "UA": ("F@######", "E@######"),
    "VN": ("C#######", "B#######", "P#######"),
}


def passport_number(dice: Dice, country: str) -> str:
    """A passport number in the shape ``country`` prints (any two letters and seven digits
    for a country without a listed format)."""
    if country == "DE":
        return dice.letters(1, "CFGHJK") + dice.letters(8, _GERMAN)
    if country == "NL":
        return dice.letters(2, _LETTERS.replace("O", "")) + dice.letters(6, _DUTCH) + dice.digits(1)
    templates = _PASSPORT_TEMPLATES.get(country, ("@@#######",))
    return dice.pattern(dice.pick(templates))


DOCUMENT_TYPES: Weighted[DocumentType] = Weighted(
    [
        (DocumentType.PASSPORT, 55),
        (DocumentType.ID_CARD, 30),
        (DocumentType.RESIDENCE_PERMIT, 5),
        (DocumentType.VISA, 4),
        (DocumentType.DRIVING_LICENCE, 4),
        (DocumentType.OTHER, 2),
    ]
)
DOCUMENT_STATUSES: Weighted[DocumentStatus] = Weighted(
    [
        (DocumentStatus.STOLEN, 40),
        (DocumentStatus.LOST, 35),
        (DocumentStatus.REVOKED, 8),
        (DocumentStatus.INVALIDATED, 7),
        (DocumentStatus.COUNTERFEIT, 5),
        (DocumentStatus.BLANK_STOLEN, 5),
    ]
)


def document_data(
    dice: Dice,
    *,
    country: str,
    today: date,
    holder: str | None,
    number: str | None = None,
    document_type: DocumentType | None = None,
    status: DocumentStatus | None = None,
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> dict[str, Any]:
    """The record fields of one document (``kind`` ``document``), shaped as ``DocumentCreate``
    takes them. A blank stolen document has no holder and no dates. Without ``issued_on`` the
    document was issued in the last ten years; without ``expires_on`` it is valid ten years
    (five for a visa or a residence permit)."""
    kind = document_type or dice.draw(DOCUMENT_TYPES)
    state = status or dice.draw(DOCUMENT_STATUSES)
    data: dict[str, Any] = {
        "kind": "document",
        "document_type": kind.value,
        "number": number or passport_number(dice, country),
        "issuing_country": country,
        "status": state.value,
    }
    if state is DocumentStatus.BLANK_STOLEN:
        return data
    issued = issued_on or today - timedelta(days=dice.between(30, 3650))
    years = 5 if kind in (DocumentType.VISA, DocumentType.RESIDENCE_PERMIT) else 10
    data["issued_on"] = issued.isoformat()
    data["expires_on"] = (expires_on or _add_years(issued, years)).isoformat()
    if holder:
        data["holder_name"] = holder
    return data


def _add_years(day: date, years: int) -> date:
    """The same day ``years`` later, minus one (29 February becomes 27 February)."""
    return day.replace(year=day.year + years, day=min(day.day, 28)) - timedelta(days=1)


# --- the machine-readable zone ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Passport:
    """What a passport's MRZ carries. Countries are ISO alpha-2 (``BG``) or an ICAO code of
    one to three letters (``UTO``, ``D``); names may be in any script (transliterated with the
    issuing country's scheme); ``date_of_birth`` is a partial ISO date (``1985``, ``1985-03``
    or ``1985-03-07``)."""

    number: str
    issuing_country: str
    family: str
    given: str
    nationality: str
    date_of_birth: str
    sex: Gender
    expires_on: date
    personal_number: str = ""
    document_code: str = "P"


_MRZ_OVERRIDES = {"DE": "D", "XX": "XXX"}


@cache
def mrz_country(country: str) -> str:
    """The three-character MRZ code of ``country``: ``BG`` is ``BGR``, Germany is ``D<<``;
    a code that is not alpha-2 (``UTO``) is kept. ``ValueError`` for an unknown alpha-2."""
    code = _MRZ_OVERRIDES.get(country, country)
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code)
        if found is None:
            raise ValueError(f"'{country}' is not an ISO 3166 alpha-2 country code")
        code = str(found.alpha_3)
    return _fit(code, 3)


def _fit(text: str, width: int) -> str:
    return text[:width].ljust(width, "<")


def _mrz_date(value: str | date) -> str:
    """``YYMMDD``; an unknown month or day is filled with ``<`` (ICAO Doc 9303 Part 3)."""
    if isinstance(value, date):
        return value.strftime("%y%m%d")
    partial = parse_partial_date(value)
    month = f"{partial.month:02d}" if partial.month else "<<"
    day = f"{partial.day:02d}" if partial.day else "<<"
    return f"{partial.year % 100:02d}{month}{day}"


def _with_check(field: str) -> str:
    return field + str(mrz_check_digit(field))


_SEX = {Gender.MALE: "M", Gender.FEMALE: "F", Gender.UNKNOWN: "<"}


def mrz_td3(passport: Passport) -> tuple[str, str]:
    """The two 44-character lines of a passport (TD3) machine-readable zone.

    The name field is ``mrz_name`` cut to 39 characters (a longer name simply loses its end:
    ICAO's finer truncation rules are not applied). A document number longer than nine
    characters continues in the optional data field, as ICAO prescribes: the first nine,
    ``<`` in place of the check digit, then the rest and the check digit of the whole number.
    The personal number's check digit is ``<`` when the field is empty. ``ValueError`` when
    the number or the date of birth cannot be read.
    """
    issuing = passport.issuing_country
    line1 = (
        _fit(passport.document_code, 2)
        + mrz_country(issuing)
        + _fit(mrz_name(passport.family, passport.given, country=issuing), 39)
    )
    number = normalise_document_number(passport.number)
    personal = passport.personal_number
    optional = normalise_document_number(personal) if personal.strip() else ""
    if len(number) <= 9:
        number_field = _with_check(_fit(number, 9))
    else:
        number_field = number[:9] + "<"
        optional = f"{number[9:]}{mrz_check_digit(number)}<{optional}"
    optional_field = _fit(optional, 14)
    optional_field += str(mrz_check_digit(optional_field)) if optional else "<"
    birth = _with_check(_mrz_date(passport.date_of_birth))
    expiry = _with_check(_mrz_date(passport.expires_on))
    composite = mrz_check_digit(number_field + birth + expiry + optional_field)
    line2 = (
        number_field + mrz_country(passport.nationality) + birth + _SEX[passport.sex]
        + expiry + optional_field + str(composite)
    )  # fmt: skip
    return line1, line2
