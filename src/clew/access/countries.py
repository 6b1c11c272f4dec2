"""Country codes: ISO 3166-1 alpha-2, plus ``XX`` for international bodies."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError

from clew.errors import ValidationError

__all__ = ["INTERNATIONAL", "country_code", "country_name", "normalise_country"]

INTERNATIONAL = "XX"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    names = {c.alpha_2: c.name for c in pycountry.countries}
    names[INTERNATIONAL] = "International"
    return names


def country_code(value: str) -> str:
    """Upper-cased alpha-2 code, or ``ValueError`` (for pydantic validators)."""
    code = value.strip().upper()
    if code not in _names():
        raise ValueError(f"'{value[:10]}' is not an ISO 3166 alpha-2 country code")
    return code


def normalise_country(value: str, field: str = "country") -> str:
    """Upper-case and check an alpha-2 code. Empty, unknown or three-letter codes are refused."""
    code = value.strip().upper()
    if code not in _names():
        raise ValidationError.field(
            field, f"'{value[:10]}' is not an ISO 3166 alpha-2 country code"
        )
    return code


def country_name(code: str, language: str = "en") -> str:
    """The country's name in ``language`` (CLDR names via Babel), English as a fallback."""
    if code == INTERNATIONAL:
        return _names()[INTERNATIONAL]
    try:
        localised = Locale.parse(language).territories.get(code)
    except (ValueError, UnknownLocaleError):
        localised = None
    return localised or _names().get(code, code)
