"""Country codes: the one reading of every country Clew is given, and their names.

Two questions, one table:

* **Where a person or a document comes from** (a nationality, an issuing country, a country of
  birth, a plate's country): :func:`read_country` and its validator :func:`country_code`
  accept what travel documents carry. The stored form is ISO 3166-1 alpha-2 wherever there is
  one, and the ICAO 9303 code where there is none.
* **Which member a country is** (an agency's country, a record's visibility list): an alpha-2
  code only, :func:`member_country` and :func:`normalise_country`.

Edge cases of :func:`read_country`:

* Case, surrounding space and MRZ fillers (``<``) are ignored: ``d<<`` is ``DE``.
* ISO alpha-2 codes are kept, with ``XK`` (Kosovo, a user-assigned code every issuer uses) and
  ``XX`` (international bodies, Clew's own).
* ISO alpha-3 codes become alpha-2 (``BGR`` is ``BG``); so do ICAO's own spellings of a
  country: ``D`` (Germany), and ``RKS`` and ``XKX`` (Kosovo).
* The ICAO codes that name no country (:data:`TRAVEL_CODES`: the British nationality classes
  ``GBD GBN GBO GBP GBS``, the United Nations ``UNO UNA UNK``, stateless and refugee persons
  ``XXA XXB XXC``, unspecified ``XXX``, the European Union ``EUE``) are kept as written.
* Anything else (empty text, ``QQ``, ``ZZZ``, four letters) is ``None``.

Comparing two codes: :func:`same_country` counts the British nationality classes as ``GB``,
so a traveller whose passport says ``GBD`` agrees with a record that says ``GB``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import pycountry
from babel import Locale, UnknownLocaleError

from clew.errors import ValidationError
from clew.i18n import translations

__all__ = [
    "INTERNATIONAL",
    "KOSOVO",
    "TRAVEL_CODES",
    "country_code",
    "country_key",
    "country_name",
    "member_country",
    "normalise_country",
    "read_country",
    "same_country",
]

INTERNATIONAL: Final = "XX"
KOSOVO: Final = "XK"


def N_(message: str) -> str:  # the conventional name of a gettext marker
    """Marks a message for the catalogues; :func:`country_name` translates it when shown."""
    return message


#: ICAO Doc 9303 Part 3 codes that name no ISO 3166 country, with their English names.
TRAVEL_CODES: Final[dict[str, str]] = {
    "GBD": N_("British Overseas Territories citizen"),
    "GBN": N_("British National (Overseas)"),
    "GBO": N_("British Overseas citizen"),
    "GBP": N_("British protected person"),
    "GBS": N_("British subject"),
    "UNO": N_("United Nations official"),
    "UNA": N_("Official of a United Nations specialised agency"),
    "UNK": N_("Kosovo resident (UNMIK travel document)"),
    "XXA": N_("Stateless person"),
    "XXB": N_("Refugee (1951 Convention)"),
    "XXC": N_("Refugee (other)"),
    "XXX": N_("Unspecified nationality"),
    "EUE": N_("European Union"),
}
#: Other spellings of a country on travel documents and in data files.
_SPELLINGS: Final = {"D": "DE", "RKS": KOSOVO, "XKX": KOSOVO}
#: Codes compared as another: the British nationality classes are British.
_COMPARED_AS: Final = {"GBD": "GB", "GBN": "GB", "GBO": "GB", "GBP": "GB", "GBS": "GB"}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every alpha-2 code Clew accepts, with its English name."""
    names = {c.alpha_2: c.name for c in pycountry.countries}
    names[KOSOVO] = "Kosovo"
    names[INTERNATIONAL] = N_("International")
    return names


@lru_cache(maxsize=1)
def _readings() -> dict[str, str]:
    """Every accepted written form, upper-cased, to its stored code."""
    readings = {code: code for code in _names()}
    readings.update({c.alpha_3: c.alpha_2 for c in pycountry.countries})
    readings.update(_SPELLINGS)
    readings.update({code: code for code in TRAVEL_CODES})
    return readings


def read_country(value: str | None) -> str | None:
    """The stored code of a written country, or ``None`` (see the module docstring)."""
    if not value:
        return None
    return _readings().get(value.replace("<", "").strip().upper())


def country_code(value: str) -> str:
    """:func:`read_country` for pydantic validators: ``ValueError`` when it names nothing."""
    code = read_country(value)
    if code is None:
        raise ValueError(
            f"'{value[:10]}' is not an ISO 3166 alpha-2 country code or a travel-document code"
        )
    return code


def member_country(value: str) -> str:
    """An upper-cased alpha-2 code of a country (``XK`` and ``XX`` included), or
    ``ValueError``: three-letter and travel-document codes are not member countries."""
    code = value.strip().upper()
    if code not in _names():
        raise ValueError(f"'{value[:10]}' is not an ISO 3166 alpha-2 country code")
    return code


def normalise_country(value: str, field: str = "country") -> str:
    """:func:`member_country`, refusing with a ``ValidationError`` naming ``field``."""
    try:
        return member_country(value)
    except ValueError as exc:
        raise ValidationError.field(field, str(exc)) from None


def country_key(code: str) -> str:
    """The code under which ``code`` is compared: a British nationality class is ``GB``; a code
    that :func:`read_country` does not know is compared as written, upper-cased."""
    read = read_country(code) or code.upper()
    return _COMPARED_AS.get(read, read)


def same_country(a: str, b: str) -> bool:
    """Whether two written codes name the same country (``BGR`` and ``BG``, ``GBD`` and ``GB``)."""
    return country_key(a) == country_key(b)


def country_name(code: str, language: str = "en") -> str:
    """The name of a stored code in ``language``: CLDR names via Babel for countries, Clew's
    catalogues for :data:`TRAVEL_CODES` and ``XX``; English, then the code, as fallbacks."""
    english = TRAVEL_CODES.get(code) or (_names()[INTERNATIONAL] if code == INTERNATIONAL else None)
    if english is not None:
        return translations(language).ugettext(english)
    try:
        localised = Locale.parse(language).territories.get(code)
    except (ValueError, UnknownLocaleError):
        localised = None
    return localised or _names().get(code, code)
